import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { ArticleService } from '../articles/article.service.js';
import type { MediaService } from '../media/media.service.js';
import { ANONYMOUS_READER } from '../articles/article.types.js';
import { encodedPath } from '../shared/paths.js';
import type { ImportedKind } from '../vocabulary.js';
import { findLegacyLink, newIdFor, publicPathOf } from './import.repository.js';

export interface LegacyLinkServiceDeps {
  db: Kysely<Database>;
  articles: ArticleService;
  media: MediaService;
}

/**
 * Old addresses from a site that moved here (legacy_links, written by imports) and old ids in query strings
 * (`?page_id=`, `?cat=`), answered with the item's address of the moment: resolved on every request, so they follow
 * later slug changes, and null (a 404) once the item is not public.
 */
export class LegacyLinkService {
  constructor(private readonly deps: LegacyLinkServiceDeps) {}

  /**
   * Where an old path leads now (`…/page/2/` and `…/feed/` under an old archive address lead under the new one).
   * `path` is decoded, as imports keep old addresses (`/日本語/`); the answer is encoded, ready for a Location header.
   */
  async target(path: string): Promise<string | null> {
    const link = await findLegacyLink(this.deps.db, path);
    if (!link) return null;
    const current = await this.pathOf(link.kind, link.id);
    return current && current + encodedPath(link.rest);
  }

  /** Where a source's old id leads now (`/?page_id=12`), whichever import brought it. */
  async targetForOldId(kind: ImportedKind, oldId: number): Promise<string | null> {
    const id = await newIdFor(this.deps.db, kind, oldId);
    return id === null ? null : this.pathOf(kind, id);
  }

  private async pathOf(kind: ImportedKind, id: number): Promise<string | null> {
    // As an anonymous reader sees it: the answer is public (and cacheable), so a private story is not there.
    if (kind === 'article') return (await this.deps.articles.forReader({ id }, ANONYMOUS_READER))?.path ?? null;
    if (kind === 'media') return (await this.deps.media.get(id).catch(() => null))?.url ?? null;
    if (kind === 'page' || kind === 'section' || kind === 'tag' || kind === 'person') return publicPathOf(this.deps.db, kind, id);
    return null;
  }
}
