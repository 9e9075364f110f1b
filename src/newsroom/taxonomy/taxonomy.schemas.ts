import { Type } from 'typebox';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const NoticeQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** The section form. Loose on purpose: the service checks the values and the form shows its messages. */
export const SectionBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  slug: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  parentId: Type.Optional(Type.String({ maxLength: 20 })),
  commentPolicy: Type.Optional(Type.String({ maxLength: 20 })),
  sortOrder: Type.Optional(Type.String({ maxLength: 20 })),
});

export const MoveBody = Type.Object({ _csrf: Type.Optional(Type.String()), direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });

export const SectionDeleteBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  moveTo: Type.Optional(Type.String({ maxLength: 20 })),
  confirm: Type.Optional(Type.String({ maxLength: 10 })),
});

export const TagListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});

export const TagRenameBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  slug: Type.Optional(Type.String({ maxLength: 1000 })),
});

/** Merge and delete name the other tag as typed (its name or slug). */
export const TagTargetBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  into: Type.Optional(Type.String({ maxLength: 1000 })),
  confirm: Type.Optional(Type.String({ maxLength: 10 })),
});
