import { Type } from 'typebox';

export const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const NoticeQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** The invitation form. Loose on purpose: the service checks the values and the form shows its messages. */
export const InviteBody = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 1000 })),
  displayName: Type.Optional(Type.String({ maxLength: 1000 })),
  role: Type.Optional(Type.String({ maxLength: 50 })),
  /** A byline person's id, or '' for a new byline with the display name. */
  personId: Type.Optional(Type.String({ maxLength: 20 })),
  sendEmail: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});

export const UserBody = Type.Object({
  displayName: Type.Optional(Type.String({ maxLength: 1000 })),
  role: Type.Optional(Type.String({ maxLength: 50 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});

export const ResetLinkBody = Type.Object({
  sendEmail: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});

export const CsrfOnlyBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 500 })) });

/** The token is checked by its hash; the schema only stops absurd lengths before any work. */
export const ResetTokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

export const ResetPasswordBody = Type.Object({
  password: Type.Optional(Type.String({ maxLength: 2048 })),
  confirmPassword: Type.Optional(Type.String({ maxLength: 2048 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});
