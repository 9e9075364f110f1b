import type { Db } from '../../platform/db/types.js';
import { publishedFor } from '../articles/article.repository.js';

export async function insertCorrection(db: Db, row: { articleId: number; body: string; createdAt: string; userId: number | null }): Promise<number> {
  const { id } = await db
    .insertInto('corrections')
    .values({ article_id: row.articleId, body: row.body, created_at: row.createdAt, user_id: row.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** One article's corrections, oldest first (the order they are read in at the foot of the article). */
export async function correctionsOf(db: Db, articleId: number) {
  return db
    .selectFrom('corrections')
    .leftJoin('users', 'users.id', 'corrections.user_id')
    .select(['corrections.id', 'corrections.article_id', 'corrections.body', 'corrections.created_at', 'users.display_name as author_name'])
    .where('corrections.article_id', '=', articleId)
    .orderBy('corrections.created_at')
    .orderBy('corrections.id')
    .execute();
}

/**
 * Corrections to published public articles (a correction quotes its story: none of a private or protected one),
 * newest first, with the article's address parts.
 */
export async function publishedCorrections(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('corrections')
    .innerJoin('articles', 'articles.id', 'corrections.article_id')
    .select([
      'corrections.id',
      'corrections.article_id',
      'corrections.body',
      'corrections.created_at',
      'articles.title',
      'articles.slug',
      'articles.published_at',
      'articles.created_at as article_created_at',
    ])
    .where(publishedFor('open'))
    .orderBy('corrections.created_at', 'desc')
    .orderBy('corrections.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countPublishedCorrections(db: Db): Promise<number> {
  const row = await db
    .selectFrom('corrections')
    .innerJoin('articles', 'articles.id', 'corrections.article_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(publishedFor('open'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
