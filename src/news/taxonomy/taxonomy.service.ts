import type { Kysely } from 'kysely';
import type { Database, SectionRow, TagRow } from '../../platform/db/schema.js';
import { COMMENT_POLICIES, type CommentPolicy } from '../vocabulary.js';
import type { Db } from '../../platform/db/types.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RedirectService } from '../redirects/redirect.service.js';
import type { SearchIndexer } from '../search/search.indexer.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import { type Page, offsetFor, pageOf } from '../shared/pagination.js';
import { ShortCache } from '../shared/short-cache.js';
import { sectionPath, tagPath } from '../shared/paths.js';
import { normalizeSlug, slugProblem, slugify } from '../shared/slug.js';
import {
  articleCountsBySection,
  deleteSectionRow,
  findSectionById,
  findSectionBySlug,
  insertSection,
  listSections,
  lockSectionTree,
  articleIdsInSection,
  moveSectionArticles,
  updateSectionRow,
} from './section.repository.js';
import { type SectionNode, ancestry, buildSectionTree, flattenTree, flattenWithDepth } from './section-tree.js';
import {
  articleIdsWithTag,
  countArticlesWithTag,
  deleteTagRow,
  findTagById,
  findTagByName,
  findTagBySlug,
  findTagMove,
  insertTag,
  lockTags,
  moveTagArticles,
  recordTagMove,
  searchTags,
  updateTagRow,
} from './tag.repository.js';

export interface SectionInput {
  name: string;
  /** Empty or absent: made from the name. */
  slug?: string;
  description?: string;
  parentId?: number | null;
  /** Place among its siblings (smaller first, ties by name). 'last': after its siblings. Absent: 0 for a new section, unchanged for an existing one. */
  sortOrder?: number | 'last';
  commentPolicy?: CommentPolicy;
}

/** A section as the newsroom lists it: in tree order, with its depth, article count and place among its siblings. */
export interface SectionListItem {
  id: number;
  name: string;
  slug: string;
  description: string;
  parentId: number | null;
  sortOrder: number;
  commentPolicy: CommentPolicy;
  depth: number;
  articleCount: number;
  hasChildren: boolean;
  firstAmongSiblings: boolean;
  lastAmongSiblings: boolean;
}

export interface TagSummary {
  id: number;
  name: string;
  slug: string;
  description: string;
  articleCount: number;
}

/** Who is acting, for the audit log; the command line and the seed pass none. */
export interface TaxonomyActor {
  userId: number | null;
  ip?: string | null;
}

const SYSTEM: TaxonomyActor = { userId: null };
const LIMITS = { name: 100, description: 2000, sortOrder: 1_000_000 } as const;

/** An `invalid` error whose details name the fields, for forms to show next to each. */
function fieldErrors(what: string, errors: Record<string, string>): DomainError {
  return invalid(`The ${what} was not saved: ${Object.values(errors).join(' ')}`, errors);
}

/**
 * A unique-slug violation from a save that raced another one becomes the field error the check would have given;
 * anything else is returned as it was.
 */
async function slugRaceOr(
  error: unknown,
  taken: () => Promise<{ id: number } | undefined>,
  id: number | null,
  what: string,
  message: string,
): Promise<unknown> {
  if (error instanceof DomainError) return error;
  const other = await taken();
  return other && other.id !== id ? fieldErrors(what, { slug: message }) : error;
}

function checkName(name: string, errors: Record<string, string>): string {
  const trimmed = name.trim();
  if (!trimmed) errors.name = 'Enter a name.';
  else if (trimmed.length > LIMITS.name) errors.name = `Keep the name to ${LIMITS.name} characters.`;
  return trimmed;
}

function checkSlug(slug: string | undefined, name: string, errors: Record<string, string>): string {
  const value = normalizeSlug(slug?.trim() ?? '') || slugify(name);
  const problem = slugProblem(value);
  if (problem) errors.slug = `${problem}, e.g. “world-news”.`;
  return value;
}

export interface TaxonomyServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditService;
  redirects: RedirectService;
  searchIndexer: Pick<SearchIndexer, 'syncArticles'>;
}

/**
 * Sections (nested) and tags: what the site shows (a cached section tree) and the newsroom's management of both.
 * Every change is one transaction with its audit entry, its redirects (a changed address keeps answering with a 301)
 * and, for tags, the search documents of the articles concerned (their tag names are indexed).
 */
export class TaxonomyService {
  // Every page shows the sections; they change rarely.
  private readonly tree: ShortCache<SectionNode[]>;

  constructor(private readonly deps: TaxonomyServiceDeps) {
    this.tree = new ShortCache(deps.clock, 5_000);
  }

  async sectionTree(): Promise<SectionNode[]> {
    return this.tree.get(async () => buildSectionTree(await listSections(this.deps.db)));
  }

  async findSection(slug: string): Promise<{ section: SectionNode; trail: SectionNode[] } | null> {
    const tree = await this.sectionTree();
    const section = flattenTree(tree).find((node) => node.slug === slug);
    return section ? { section, trail: ancestry(tree, section.id) } : null;
  }

  // ---- Sections ----

  /** Every section in tree order, uncached (the newsroom must see its own change at once). */
  async sectionList(): Promise<SectionListItem[]> {
    const [rows, counts] = await Promise.all([listSections(this.deps.db), articleCountsBySection(this.deps.db)]);
    const siblingsOf = (node: SectionNode, roots: SectionNode[], nodes: SectionNode[]) =>
      node.parentId === null ? roots : (nodes.find((n) => n.id === node.parentId)?.children ?? roots);
    const roots = buildSectionTree(rows);
    const nodes = flattenTree(roots);
    return flattenWithDepth(roots).map(({ node, depth }) => {
      const siblings = siblingsOf(node, roots, nodes);
      return {
        id: node.id,
        name: node.name,
        slug: node.slug,
        description: node.description,
        parentId: node.parentId,
        sortOrder: node.sortOrder,
        commentPolicy: node.commentPolicy,
        depth,
        articleCount: counts.get(node.id) ?? 0,
        hasChildren: node.children.length > 0,
        firstAmongSiblings: siblings[0] === node,
        lastAmongSiblings: siblings.at(-1) === node,
      };
    });
  }

  async getSection(id: number): Promise<SectionRow> {
    const row = await findSectionById(this.deps.db, id);
    if (!row) throw notFound('Section');
    return row;
  }

  async createSection(input: SectionInput, actor: TaxonomyActor = SYSTEM): Promise<number> {
    const id = await this.saveSection(null, input, async (trx, fields) => {
      const row = { ...fields, sort_order: fields.sort_order ?? 0, created_at: isoNow(this.deps.clock) };
      const id = await insertSection(trx, row);
      await this.deps.audit.record(
        { actorId: actor.userId, action: 'section.created', subjectType: 'section', subjectId: id, after: row, ip: actor.ip ?? null },
        trx,
      );
      return id;
    });
    return id;
  }

  /** Changes every field of the section; a new slug leaves a redirect from the old address (and everything under it). */
  async updateSection(id: number, input: SectionInput, actor: TaxonomyActor = SYSTEM): Promise<void> {
    await this.saveSection(id, input, async (trx, fields, before) => {
      const changed = { ...fields, sort_order: fields.sort_order ?? before!.sort_order };
      const keys = (Object.keys(changed) as (keyof typeof changed)[]).filter((key) => changed[key] !== before![key]);
      if (!keys.length) return id;
      await updateSectionRow(trx, id, changed);
      if (changed.slug !== before!.slug) await this.deps.redirects.moved(trx, sectionPath(before!.slug), sectionPath(changed.slug));
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'section.updated',
          subjectType: 'section',
          subjectId: id,
          before: Object.fromEntries(keys.map((key) => [key, before![key]])),
          after: Object.fromEntries(keys.map((key) => [key, changed[key]])),
          ip: actor.ip ?? null,
        },
        trx,
      );
      return id;
    });
  }

  /** Swaps the section with its previous ('up') or next ('down') sibling; at either end it stays where it is. */
  async moveSection(id: number, direction: 'up' | 'down', actor: TaxonomyActor = SYSTEM): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await lockSectionTree(trx);
      const rows = await listSections(trx);
      const section = rows.find((row) => row.id === id);
      if (!section) throw notFound('Section');
      const siblings = rows.filter((row) => row.parent_id === section.parent_id);
      const index = siblings.indexOf(section);
      const other = direction === 'up' ? index - 1 : index + 1;
      if (other < 0 || other >= siblings.length) return;
      [siblings[index], siblings[other]] = [siblings[other]!, siblings[index]!];
      // Numbered afresh 1, 2, 3…: equal sort orders (ties broken by name) could not be swapped.
      for (const [position, row] of siblings.entries()) {
        if (row.sort_order !== position + 1) await updateSectionRow(trx, row.id, { sort_order: position + 1 });
      }
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'section.updated',
          subjectType: 'section',
          subjectId: id,
          before: { sort_order: section.sort_order },
          after: { sort_order: other + 1 },
          ip: actor.ip ?? null,
        },
        trx,
      );
    });
    this.tree.clear();
  }

  /**
   * Deletes a section that has no subsections. With `moveArticlesTo`, its articles get that section instead (as
   * primary where it was theirs) and its address redirects there; without, they simply lose it.
   */
  async deleteSection(id: number, options: { moveArticlesTo: number | null }, actor: TaxonomyActor = SYSTEM): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await lockSectionTree(trx);
      const section = await findSectionById(trx, id);
      if (!section) throw notFound('Section');
      const rows = await listSections(trx);
      if (rows.some((row) => row.parent_id === id)) {
        throw invalid('This section has subsections: move them elsewhere or delete them first.', { section: 'It has subsections.' });
      }
      const target = options.moveArticlesTo === null ? null : rows.find((row) => row.id === options.moveArticlesTo && row.id !== id);
      if (target === undefined) throw invalid('Choose another section to move the articles to.', { moveTo: 'Choose another section from the list.' });
      // Their search documents carry their sections (the section filter reads them): rebuilt in this transaction.
      const affected = await articleIdsInSection(trx, id);
      if (target) await moveSectionArticles(trx, id, target.id);
      if (target) await this.deps.redirects.moved(trx, sectionPath(section.slug), sectionPath(target.slug));
      await deleteSectionRow(trx, id);
      await this.reindex(trx, affected);
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'section.deleted',
          subjectType: 'section',
          subjectId: id,
          before: section,
          after: { articlesMovedTo: target ? { id: target.id, slug: target.slug } : null, articlesMoved: target ? affected.length : 0 },
          ip: actor.ip ?? null,
        },
        trx,
      );
    });
    this.tree.clear();
  }

  /**
   * Checks the input (field errors for the form), then runs `write` in a transaction that holds the tree, so a
   * concurrent move cannot make a cycle. A slug taken meanwhile by someone else is a field error too, not a failure.
   */
  private async saveSection(
    id: number | null,
    input: SectionInput,
    write: (
      trx: Db,
      fields: Omit<SectionRow, 'id' | 'created_at' | 'sort_order'> & { sort_order: number | undefined },
      before: SectionRow | null,
    ) => Promise<number>,
  ): Promise<number> {
    const errors: Record<string, string> = {};
    const name = checkName(input.name, errors);
    const slug = checkSlug(input.slug, name, errors);
    const description = (input.description ?? '').trim();
    if (description.length > LIMITS.description) errors.description = `Keep the description to ${LIMITS.description} characters.`;
    const commentPolicy = input.commentPolicy ?? 'open';
    if (!COMMENT_POLICIES.includes(commentPolicy)) errors.commentPolicy = 'Choose open, premoderated or closed.';
    const sortOrder = input.sortOrder;
    if (sortOrder !== undefined && sortOrder !== 'last' && !(Number.isInteger(sortOrder) && Math.abs(sortOrder) <= LIMITS.sortOrder)) {
      errors.sortOrder = 'Enter a whole number (smaller numbers come first), or leave it empty.';
    }
    const parentId = input.parentId ?? null;
    try {
      const saved = await this.deps.db.transaction().execute(async (trx) => {
        await lockSectionTree(trx);
        const rows = await listSections(trx);
        const before = id === null ? null : (rows.find((row) => row.id === id) ?? null);
        if (id !== null && !before) throw notFound('Section');
        if (rows.some((row) => row.slug === slug && row.id !== id)) errors.slug = 'Another section already has this slug.';
        if (parentId !== null) {
          const tree = buildSectionTree(rows);
          if (!rows.some((row) => row.id === parentId)) errors.parentId = 'Choose a parent from the list.';
          else if (id !== null && ancestry(tree, parentId).some((node) => node.id === id)) {
            errors.parentId = 'A section cannot go inside itself or one of its own subsections.';
          }
        }
        if (Object.keys(errors).length) throw fieldErrors('section', errors);
        // After every other section under the same parent.
        const last = Math.max(0, ...rows.filter((row) => row.parent_id === parentId && row.id !== id).map((row) => row.sort_order + 1));
        const fields = { name, slug, description, parent_id: parentId, comment_policy: commentPolicy, sort_order: sortOrder === 'last' ? last : sortOrder };
        return write(trx, fields, before);
      });
      this.tree.clear();
      return saved;
    } catch (error) {
      throw await slugRaceOr(error, () => findSectionBySlug(this.deps.db, slug), id, 'section', 'Another section already has this slug.');
    }
  }

  // ---- Tags ----

  async findTag(slug: string): Promise<TagRow | null> {
    return (await findTagBySlug(this.deps.db, slug)) ?? null;
  }

  /** Finds a tag by name (any case) or by the slug its name makes, creating it if new: writers type tags freely. */
  async ensureTag(name: string): Promise<number> {
    const slug = slugify(name);
    if (!slug) throw invalid(`"${name}" cannot be used as a tag`);
    const existing = (await findTagByName(this.deps.db, name.trim())) ?? (await findTagBySlug(this.deps.db, slug));
    if (existing) return existing.id;
    return insertTag(this.deps.db, { slug, name: name.trim(), description: '', created_at: isoNow(this.deps.clock) });
  }

  /**
   * What became of the tag that had this id: the id itself while the tag exists (whatever it is called now), the
   * tag a merge or a delete moved its articles into (followed through later merges), null when it was deleted
   * without one, undefined when it never was a tag.
   */
  async tagNow(id: number): Promise<number | null | undefined> {
    if (await findTagById(this.deps.db, id)) return id;
    const move = await findTagMove(this.deps.db, id);
    if (!move) return undefined;
    return move.toId === null ? null : this.tagNow(move.toId);
  }

  /** Tags by name, `perPage` at a time, with their article counts; `q` narrows to names or slugs containing it. */
  async listTags(options: { q?: string; page?: number; perPage?: number } = {}): Promise<Page<TagSummary>> {
    const perPage = options.perPage ?? 50;
    const page = Math.max(1, options.page ?? 1);
    const { rows, total } = await searchTags(this.deps.db, (options.q ?? '').trim().slice(0, 100), perPage, offsetFor(page, perPage));
    return pageOf(
      rows.map((row) => ({ id: row.id, name: row.name, slug: row.slug, description: row.description, articleCount: row.article_count })),
      page,
      perPage,
      total,
    );
  }

  /** The tag someone typed: by slug, by name (any case), or by the slug the text makes. */
  async findTagByNameOrSlug(text: string): Promise<TagRow | null> {
    const trimmed = text.trim();
    if (!trimmed) return null;
    return (
      (await findTagBySlug(this.deps.db, trimmed)) ??
      (await findTagByName(this.deps.db, trimmed)) ??
      (await findTagBySlug(this.deps.db, slugify(trimmed))) ??
      null
    );
  }

  async getTag(id: number): Promise<TagRow> {
    const row = await findTagById(this.deps.db, id);
    if (!row) throw notFound('Tag');
    return row;
  }

  /** Articles with this tag (any status). */
  async tagArticleCount(id: number): Promise<number> {
    return countArticlesWithTag(this.deps.db, id);
  }

  /** New name and slug; a new slug leaves a redirect from the old address. Tagged articles are reindexed. */
  async renameTag(id: number, input: { name: string; slug?: string }, actor: TaxonomyActor = SYSTEM): Promise<void> {
    const errors: Record<string, string> = {};
    const name = checkName(input.name, errors);
    const slug = checkSlug(input.slug, name, errors);
    await this.deps.db
      .transaction()
      .execute(async (trx) => {
        await lockTags(trx, [id]);
        const tag = await findTagById(trx, id);
        if (!tag) throw notFound('Tag');
        const taken = errors.slug ? undefined : await findTagBySlug(trx, slug);
        if (taken && taken.id !== id) errors.slug = `“${taken.name}” already has this slug: merge this tag into it instead.`;
        if (Object.keys(errors).length) throw fieldErrors('tag', errors);
        if (tag.name === name && tag.slug === slug) return;
        await updateTagRow(trx, id, { name, slug });
        if (tag.slug !== slug) await this.deps.redirects.moved(trx, tagPath(tag.slug), tagPath(slug));
        await this.reindex(trx, await articleIdsWithTag(trx, id));
        await this.deps.audit.record(
          {
            actorId: actor.userId,
            action: 'tag.renamed',
            subjectType: 'tag',
            subjectId: id,
            before: { name: tag.name, slug: tag.slug },
            after: { name, slug },
            ip: actor.ip ?? null,
          },
          trx,
        );
      })
      .catch(async (error: unknown) => {
        throw await slugRaceOr(error, () => findTagBySlug(this.deps.db, slug), id, 'tag', 'Another tag already has this slug.');
      });
  }

  /** Tag `fromId`'s articles get `intoId` instead (once each), `fromId` is deleted and its address redirects. */
  async mergeTags(fromId: number, intoId: number, actor: TaxonomyActor = SYSTEM): Promise<void> {
    await this.retag(fromId, intoId, 'tag.merged', actor);
  }

  /** Deletes the tag; its articles get `reassignTo` instead (as in a merge), or just lose it. */
  async deleteTag(id: number, options: { reassignTo: number | null }, actor: TaxonomyActor = SYSTEM): Promise<void> {
    await this.retag(id, options.reassignTo, 'tag.deleted', actor);
  }

  private async retag(fromId: number, intoId: number | null, action: 'tag.merged' | 'tag.deleted', actor: TaxonomyActor): Promise<void> {
    if (intoId === fromId) throw invalid('Choose a different tag.', { into: 'Choose a different tag.' });
    await this.deps.db.transaction().execute(async (trx) => {
      await lockTags(trx, intoId === null ? [fromId] : [fromId, intoId]);
      const tag = await findTagById(trx, fromId);
      if (!tag) throw notFound('Tag');
      const into = intoId === null ? null : await findTagById(trx, intoId);
      if (into === undefined) throw invalid('Choose a tag from the list.', { into: 'Choose a tag from the list.' });
      const articleIds = await articleIdsWithTag(trx, fromId);
      if (into) {
        await moveTagArticles(trx, fromId, into.id);
        await this.deps.redirects.moved(trx, tagPath(tag.slug), tagPath(into.slug));
      }
      await deleteTagRow(trx, fromId);
      await recordTagMove(trx, fromId, into ? into.id : null, isoNow(this.deps.clock));
      await this.reindex(trx, articleIds);
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action,
          subjectType: 'tag',
          subjectId: fromId,
          before: { name: tag.name, slug: tag.slug, articles: articleIds.length },
          after: { into: into ? { id: into.id, name: into.name, slug: into.slug } : null },
          ip: actor.ip ?? null,
        },
        trx,
      );
    });
  }

  /** Their search documents carry tag names and sections: rebuilt in the same transaction, as publishing does. */
  private async reindex(trx: Db, articleIds: number[]): Promise<void> {
    await this.deps.searchIndexer.syncArticles(trx, articleIds);
  }
}
