import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DomainEventBus } from '../events.js';
import { findArticleById, updateArticleRow } from '../articles/article.repository.js';
import { articlePath } from '../articles/permalink.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import { type Page, offsetFor, pageOf } from '../shared/pagination.js';
import { countPublishedCorrections, correctionsOf, insertCorrection, publishedCorrections } from './correction.repository.js';

export const MAX_CORRECTION_LENGTH = 2_000;

/** A correction note as the article page shows it. The body is plain text: views escape it. */
export interface Correction {
  id: number;
  articleId: number;
  body: string;
  createdAt: string;
  /** The editor who added it (newsroom only); null once the account is gone. */
  authorName: string | null;
}

/** A correction on the public /corrections/ page and its feed: with the article it corrects. */
export interface CorrectionListing extends Omit<Correction, 'authorName'> {
  articleTitle: string;
  articlePath: string;
}

export interface CorrectionServiceDeps {
  db: Kysely<Database>;
  events: DomainEventBus;
  audit: AuditService;
  settings: SettingsService;
  clock: Clock;
}

/**
 * Corrections: dated notes editors append to an article. They are never edited or removed (a correction to a
 * correction is another note). Adding one audits 'article.correction_added', marks the article changed (updated_at,
 * so feeds, sitemaps and caches see it) and emits article.updated after the commit.
 */
export class CorrectionService {
  constructor(private readonly deps: CorrectionServiceDeps) {}

  async add(articleId: number, rawBody: string, actor: { userId: number | null; ip?: string | null }): Promise<number> {
    const body = rawBody
      .replace(/\r\n?/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (!body) throw invalid('Write the correction', { body: 'Write the correction' });
    if (body.length > MAX_CORRECTION_LENGTH) {
      throw invalid(`A correction can be at most ${MAX_CORRECTION_LENGTH} characters`, { body: `Shorten it to ${MAX_CORRECTION_LENGTH} characters` });
    }
    const now = isoNow(this.deps.clock);
    const { id, slug, published } = await this.deps.db.transaction().execute(async (trx) => {
      const article = await findArticleById(trx, articleId);
      if (!article) throw notFound('Article');
      const id = await insertCorrection(trx, { articleId, body, createdAt: now, userId: actor.userId });
      await updateArticleRow(trx, articleId, { updated_at: now });
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'article.correction_added',
          subjectType: 'article',
          subjectId: articleId,
          after: { correctionId: id, body },
          ip: actor.ip ?? null,
        },
        trx,
      );
      return { id, slug: article.slug, published: article.status === 'published' };
    });
    if (published) this.deps.events.emit('article.updated', { articleId, slug, actorId: actor.userId });
    return id;
  }

  /** The article a correction would go on, any status (the newsroom's form); null when there is none. */
  async article(articleId: number): Promise<{ id: number; title: string; status: string; path: string | null } | null> {
    const row = await findArticleById(this.deps.db, articleId);
    if (!row) return null;
    const { timeZone } = await this.deps.settings.get();
    const path = row.status === 'published' ? articlePath(row.slug, row.published_at ?? row.created_at, timeZone) : null;
    return { id: row.id, title: row.title, status: row.status, path };
  }

  async forArticle(articleId: number): Promise<Correction[]> {
    const rows = await correctionsOf(this.deps.db, articleId);
    return rows.map((row) => ({ id: row.id, articleId: row.article_id, body: row.body, createdAt: row.created_at, authorName: row.author_name ?? null }));
  }

  /** Corrections to published articles, newest first. */
  async listPage(page: number, perPage: number): Promise<Page<CorrectionListing>> {
    const [rows, total] = await Promise.all([publishedCorrections(this.deps.db, perPage, offsetFor(page, perPage)), countPublishedCorrections(this.deps.db)]);
    return pageOf(await this.listings(rows), page, perPage, total);
  }

  /** The newest corrections to published articles (feeds). */
  async latest(limit: number): Promise<CorrectionListing[]> {
    return this.listings(await publishedCorrections(this.deps.db, limit, 0));
  }

  private async listings(rows: Awaited<ReturnType<typeof publishedCorrections>>): Promise<CorrectionListing[]> {
    if (!rows.length) return [];
    const { timeZone } = await this.deps.settings.get();
    return rows.map((row) => ({
      id: row.id,
      articleId: row.article_id,
      body: row.body,
      createdAt: row.created_at,
      articleTitle: row.title,
      articlePath: articlePath(row.slug, row.published_at ?? row.article_created_at, timeZone),
    }));
  }
}
