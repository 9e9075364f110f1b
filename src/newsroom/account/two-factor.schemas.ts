import { Type } from 'typebox';

export const NoticeQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

export const CsrfOnlyBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 500 })) });

/** Confirming set-up, new recovery codes, turning off: the current password and a code. */
export const PasswordAndCodeBody = Type.Object({
  currentPassword: Type.Optional(Type.String({ maxLength: 1024 })),
  code: Type.Optional(Type.String({ maxLength: 100 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});

export const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** An administrator turning it off for someone; `next` is where to go afterwards (a local path, e.g. the user's page). */
export const AdminDisableBody = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});
