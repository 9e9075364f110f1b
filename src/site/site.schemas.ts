import { Type } from 'typebox';
import type { ListingCursor } from '../news/articles/article.types.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN_SOURCE, encodeSlug } from '../news/shared/slug.js';

/**
 * A slug in a path, as Fastify hands it over: decoded (`/tag/%E6%97%A5/` and `/tag/%e6%97%a5/` are both `日`). The
 * handler normalises it to NFC before looking it up (normalizeSlug); the encoded length is the service's to check.
 */
export const SlugParam = Type.String({ pattern: SLUG_PATTERN_SOURCE, maxLength: SLUG_MAX_LENGTH });
export const PageNumber = Type.Integer({ minimum: 1, maximum: 100_000 });

export const ArchiveParams = Type.Object({ slug: SlugParam });
export const ArchivePageParams = Type.Object({ slug: SlugParam, page: PageNumber });

/**
 * A keyset cursor in an archive's address (`?before=` or `?after=`): a story's publication time and id,
 * `2026-03-01T09:30:00.000Z_1234` (cursorParam writes them).
 */
const Cursor = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z_\\d{1,15}$' });
export const ArchiveQuery = Type.Object({ before: Type.Optional(Cursor), after: Type.Optional(Cursor) });

/** A cursor the schema accepted, as the service takes it; null when its time is no real instant (month 13). */
export function parseCursor(value: string): ListingCursor | null {
  const [publishedAt, id] = value.split('_') as [string, string];
  const time = new Date(publishedAt);
  return !Number.isNaN(time.getTime()) && time.toISOString() === publishedAt ? { publishedAt, id: Number(id) } : null;
}

/** The cursor of a story, as an archive's address carries it. */
export function cursorParam(cursor: ListingCursor): string {
  return `${cursor.publishedAt}_${cursor.id}`;
}

export const ArticleParams = Type.Object({
  year: Type.String({ pattern: '^\\d{4}$' }),
  month: Type.String({ pattern: '^\\d{2}$' }),
  day: Type.String({ pattern: '^\\d{2}$' }),
  slug: SlugParam,
});

/**
 * The article address these params spell, encoded as ArticleService writes `article.path`: a request by any other
 * form (lower-case percent-encoding, a decomposed accent, another date) differs from it and is redirected there.
 */
export function requestedArticlePath(params: { year: string; month: string; day: string; slug: string }): string {
  return `/${params.year}/${params.month}/${params.day}/${encodeSlug(params.slug)}/`;
}

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
  /** Show this comment thread alone (the no-JavaScript "Show N more replies" link), its replies paged by tpage. */
  thread: Type.Optional(Type.Integer({ minimum: 1 })),
  tpage: Type.Optional(PageNumber),
  /** Reply to this comment (the no-JavaScript reply link). */
  replytocom: Type.Optional(Type.Integer({ minimum: 1 })),
});

/** The password form of a protected story (views/components/PasswordForm.tsx). */
export const UnlockBody = Type.Object({ password: Type.Optional(Type.String({ maxLength: 1024 })) });
