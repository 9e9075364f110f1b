import { Type } from 'typebox';

export const SlugParam = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 200 });
export const PageNumber = Type.Integer({ minimum: 1, maximum: 100_000 });

export const ArchiveParams = Type.Object({ slug: SlugParam });
export const ArchivePageParams = Type.Object({ slug: SlugParam, page: PageNumber });

export const ArticleParams = Type.Object({
  year: Type.String({ pattern: '^\\d{4}$' }),
  month: Type.String({ pattern: '^\\d{2}$' }),
  day: Type.String({ pattern: '^\\d{2}$' }),
  slug: SlugParam,
});

export const SearchQuery = Type.Object({
  // Free text: the search service checks q, the section and the dates and explains what is wrong on the page.
  q: Type.Optional(Type.String()),
  section: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  page: Type.Optional(PageNumber),
});

export const ArticleQuery = Type.Object({
  /** Comment page. */
  cpage: Type.Optional(PageNumber),
  /** Land on the page holding this comment. */
  c: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Reply to this comment (the no-JavaScript reply link). */
  replytocom: Type.Optional(Type.Integer({ minimum: 1 })),
});

/** The password form of a protected story (views/components/PasswordForm.tsx). */
export const UnlockBody = Type.Object({ password: Type.Optional(Type.String({ maxLength: 1024 })) });
