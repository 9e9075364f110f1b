import type { Kysely } from 'kysely';
import type { CommentPolicy, Database, TagRow } from '../../platform/db/schema.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid } from '../shared/errors.js';
import { ShortCache } from '../shared/short-cache.js';
import { isValidSlug, slugify } from '../shared/slug.js';
import { insertSection, listSections } from './section.repository.js';
import { type SectionNode, ancestry, buildSectionTree, flattenTree } from './section-tree.js';
import { findTagBySlug, insertTag } from './tag.repository.js';

export interface SectionInput {
  name: string;
  slug?: string;
  description?: string;
  parentId?: number | null;
  sortOrder?: number;
  commentPolicy?: CommentPolicy;
}

/** Sections (nested) and tags. */
export class TaxonomyService {
  // Every page shows the sections; they change rarely.
  private readonly tree: ShortCache<SectionNode[]>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {
    this.tree = new ShortCache(clock, 5_000);
  }

  async sectionTree(): Promise<SectionNode[]> {
    return this.tree.get(async () => buildSectionTree(await listSections(this.db)));
  }

  async findSection(slug: string): Promise<{ section: SectionNode; trail: SectionNode[] } | null> {
    const tree = await this.sectionTree();
    const section = flattenTree(tree).find((node) => node.slug === slug);
    return section ? { section, trail: ancestry(tree, section.id) } : null;
  }

  async createSection(input: SectionInput): Promise<number> {
    const name = input.name.trim();
    const slug = input.slug ?? slugify(name);
    if (!name) throw invalid('A section needs a name');
    if (!isValidSlug(slug)) throw invalid(`"${slug}" is not a valid slug: use lowercase letters, digits and hyphens`);
    const id = await insertSection(this.db, {
      name,
      slug,
      description: input.description ?? '',
      parent_id: input.parentId ?? null,
      sort_order: input.sortOrder ?? 0,
      comment_policy: input.commentPolicy ?? 'open',
      created_at: isoNow(this.clock),
    });
    this.tree.clear();
    return id;
  }

  async findTag(slug: string): Promise<TagRow | null> {
    return (await findTagBySlug(this.db, slug)) ?? null;
  }

  /** Finds a tag by name, creating it if new: writers type tags freely. */
  async ensureTag(name: string): Promise<number> {
    const slug = slugify(name);
    if (!slug) throw invalid(`"${name}" cannot be used as a tag`);
    const existing = await findTagBySlug(this.db, slug);
    if (existing) return existing.id;
    return insertTag(this.db, { slug, name: name.trim(), description: '', created_at: isoNow(this.clock) });
  }
}
