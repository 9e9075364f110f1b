import type { Kysely } from 'kysely';
import type { ArticleInput } from '../src/news/articles/article.types.js';
import { recountComments } from '../src/news/comments/comment.repository.js';
import { moveIdentityPastMaxId } from '../src/platform/db/dialect.js';
import type { CommentStatus } from '../src/news/vocabulary.js';
import type { Database } from '../src/platform/db/schema.js';
import type { NewsServices } from '../src/news/services.js';

let counter = 0;
const next = () => ++counter;

/** Test data with sensible defaults; every factory goes through the real services. */
export async function makeSection(services: NewsServices, overrides: { name?: string; slug?: string; parentId?: number | null } = {}) {
  const n = next();
  const name = overrides.name ?? `Section ${n}`;
  const id = await services.taxonomy.createSection({ name, slug: overrides.slug ?? `section-${n}`, parentId: overrides.parentId ?? null });
  return { id, name, slug: overrides.slug ?? `section-${n}` };
}

export async function makePerson(services: NewsServices, overrides: { displayName?: string; slug?: string } = {}) {
  const n = next();
  const displayName = overrides.displayName ?? `Reporter ${n}`;
  const slug = overrides.slug ?? `reporter-${n}`;
  const id = await services.people.create({ displayName, slug, bio: `Covers beat ${n}.` });
  return { id, displayName, slug };
}

/** Creates an article and, unless `publishedAt: null`, publishes it (at the given time, or now). */
export async function makeArticle(services: NewsServices, overrides: Partial<ArticleInput> & { publishedAt?: string | null } = {}) {
  const n = next();
  const { publishedAt, ...input } = overrides;
  const id = await services.articles.create({
    title: `Story number ${n}`,
    standfirst: `The standfirst of story ${n}.`,
    body: `<p>Body paragraph of story ${n}.</p>`,
    ...input,
  });
  if (publishedAt !== null) await services.articles.publish(id, publishedAt ? { at: publishedAt } : {});
  return id;
}

export interface DiscussionComment {
  /** Index (in this list) of the comment it replies to; each comes after its parent. */
  parent?: number;
  status?: CommentStatus;
  /** Plain text, without markup. */
  body?: string;
}

/**
 * A discussion of any size on an article, one second apart from `start`, oldest first; returns the ids in list order.
 * Thousands of comments through the posting pipeline would take minutes, so the rows are written in bulk and then
 * threaded and counted the way the WordPress import does it (recountComments).
 */
export async function makeDiscussion(db: Kysely<Database>, articleId: number, comments: DiscussionComment[], start = '2026-01-05T08:00:00.000Z') {
  const base = new Date(start).getTime();
  // Ids given here, so that a reply names its parent in the same statement; the identity moves past them after.
  const { max } = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  const ids = comments.map((_, n) => Number(max ?? 0) + 1 + n);
  for (let i = 0; i < comments.length; i += 500) {
    const rows = comments.slice(i, i + 500).map((comment, j) => {
      const n = i + j;
      const at = new Date(base + n * 1000).toISOString();
      const body =
        comment.body ?? `Comment ${n} on the story: a reader's view, long enough to look like the real thing, with a second sentence that says a little more.`;
      return {
        id: ids[n],
        article_id: articleId,
        parent_id: comment.parent === undefined ? null : ids[comment.parent]!,
        status: comment.status ?? ('approved' as const),
        body,
        body_html: `<p>${body}</p>`,
        author_name: `Reader ${n}`,
        author_email: `reader${n}@example.com`,
        reasons: '[]',
        created_at: at,
        updated_at: at,
        status_changed_at: at,
      };
    });
    await db.insertInto('comments').values(rows).execute();
  }
  await moveIdentityPastMaxId(db, 'comments');
  await recountComments(db, [articleId]);
  return ids;
}
