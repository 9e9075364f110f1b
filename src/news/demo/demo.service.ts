import type { Kysely } from 'kysely';
import { isConcurrentWriteFailure } from '../../platform/db/dialect.js';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import { sanitizeArticleBody } from '../articles/body-sanitizer.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MediaService } from '../media/media.service.js';
import type { SearchIndexer } from '../search/search.indexer.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';
import { slugify } from '../shared/slug.js';
import { DEMO_ITEM_KINDS, type DemoItemKind } from '../vocabulary.js';
import { demoContent } from './demo-content.js';
import type { DemoContent } from './demo-content.types.js';
import { libraryFilename, preLibraryKey, tagNameFromSlug } from './demo-names.js';
import {
  namedRowsWhere,
  type NamedTable,
  type ArticleExample,
  type ArticleLinkSlugs,
  type DemoIds,
  type DemoMark,
  type Examples,
  articlesWhere,
  articlesWithStaffNotes,
  commentsWhere,
  deleteAllMarks,
  deleteDemoRows,
  demoMarks,
  hasOtherContent,
  insertMarks,
  linkSlugs,
  logoMediaId,
  mediaWhere,
  otherArticlesLinked,
  otherCommentCounts,
  otherContentMentioning,
  otherSectionsUnder,
  pagesWhere,
  rowStates,
  staffWithBylines,
} from './demo.repository.js';

/** How many rows of each kind the demo holds (or held: what a removal deleted). */
export type DemoCounts = Record<DemoItemKind, number>;

/** Why removing the demo would touch something that is not the demo's. */
export const DEMO_REFUSAL_REASONS = [
  /** An article outside the demo is filed in one of the demo's sections. */
  'article-in-demo-section',
  /** An article outside the demo has one of the demo's tags. */
  'article-with-demo-tag',
  /** An article outside the demo has one of the demo's people in its byline. */
  'article-by-demo-person',
  /** A section outside the demo sits under one of the demo's. */
  'section-under-demo-section',
  /** A demo article has comments the seed did not add (readers' comments, staff replies). */
  'comments-on-demo-article',
  /** A demo article or page was changed after the seed, or staff added corrections or notes to it. */
  'demo-content-changed',
  /** A demo image is used outside the demo: in an article or page, or as the site's logo. */
  'demo-image-used',
  /** A staff account writes under one of the demo's bylines. */
  'staff-byline',
] as const;
export type DemoRefusalReason = (typeof DEMO_REFUSAL_REASONS)[number];

export interface DemoRefusal {
  reason: DemoRefusalReason;
  /** One sentence naming what and why, for people (the CLI prints it; nothing should parse it). */
  message: string;
}

export interface DemoPlan {
  /** What remove() would delete, per kind (all zero when the site holds no demo). */
  counts: DemoCounts;
  /** Why remove() would refuse; empty when it would go ahead. */
  refusals: DemoRefusal[];
  /** The site has content and all of it is the demo, removable as it is: what an import may treat as an empty site. */
  demoOnly: boolean;
}

export interface DemoRemoval {
  removed: DemoCounts;
  /** Stored files deleted after the commit (the images' originals and WebP variants). */
  files: number;
  /** Keys of files that could not be deleted (the rows are gone; the files are orphans to clean up by hand). */
  filesNotDeleted: string[];
}

/** remove() was refused: nothing was deleted. `refusals` says what and why. */
export class DemoRemovalRefused extends DomainError {
  constructor(readonly refusals: DemoRefusal[]) {
    super(`The demo was not removed, and nothing was deleted: ${refusals.map((r) => r.message).join(' ')}`, 'conflict');
    this.name = 'DemoRemovalRefused';
  }
}

/** Who removes the demo, for the audit log (null: the command line, or an import run by the system). */
export interface DemoActor {
  userId: number | null;
  ip?: string | null;
}

export interface DemoServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditService;
  media: MediaService;
  searchIndexer: Pick<SearchIndexer, 'removeArticles'>;
  /** What an older demo (seeded before the seed recorded its rows) looked like; the shipped demo by default. */
  content?: DemoContent;
}

/** The demo's rows found in the database, with what the checks need to name them. */
interface FoundDemo {
  articles: Map<number, string>;
  pages: Map<number, string>;
  sections: Map<number, string>;
  tags: Map<number, string>;
  people: Map<number, string>;
  /** Each image's library file name and the folder its original and variants share (how content refers to it). */
  media: Map<number, { name: string; folder: string }>;
  comments: Set<number>;
  /** Storage keys of pre-library demo images (media/demo/*.svg) that demo articles show, with their URLs. */
  preLibraryFiles: Map<string, string>;
  /** Demo articles and pages changed since the seed. */
  changed: DemoRefusal[];
}

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const quoted = (names: string[]) => names.map((name) => `“${name}”`).join(', ');

/** An article or page body as text: figures (whose images and srcsets differ per seed) and tags dropped, entities read. */
function bodyText(html: string): string {
  return html
    .replace(/<figure\b[\s\S]*?<\/figure>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => {
      const e = entity.toLowerCase();
      if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[e] ?? '';
    })
    .replace(/\s+/g, ' ')
    .trim();
}

const sameLinks = (a: ArticleLinkSlugs | undefined, b: ArticleLinkSlugs) =>
  a !== undefined &&
  a.primary === b.primary &&
  JSON.stringify(sorted(a.sections)) === JSON.stringify(b.sections) &&
  JSON.stringify(sorted(a.tags)) === JSON.stringify(b.tags) &&
  JSON.stringify(a.authors) === JSON.stringify(b.authors);

/**
 * The demo site as data: what the seed created (recorded in demo_items as it goes, or, for a demo seeded before that
 * table, recognised by the demo's slugs and text), whether the site holds anything else, and its removal.
 *
 * Removal deletes exactly the demo's articles, pages, sections, tags, people, images and comments, in one transaction
 * with their search documents and an audit entry, then the images' files. It keeps staff accounts, settings, the audit
 * log and everything else, and refuses (DemoRemovalRefused, nothing deleted) when it would touch anything that is not
 * the demo's: see DEMO_REFUSAL_REASONS.
 */
export class DemoService {
  constructor(private readonly deps: DemoServiceDeps) {}

  /** Records rows the seed just created as the demo's (with their creation time and, for content, a fingerprint). */
  async record(kind: DemoItemKind, ids: readonly number[]): Promise<void> {
    const states = await rowStates(this.deps.db, kind, ids);
    const marks: DemoMark[] = [...states].map(([id, state]) => ({ kind, item_id: id, item_created_at: state.createdAt, fingerprint: state.fingerprint }));
    await insertMarks(this.deps.db, marks, isoNow(this.deps.clock));
  }

  /** What remove() would delete, whether it would refuse and why, and whether the demo is all the site holds. */
  async plan(): Promise<DemoPlan> {
    const found = await this.find(this.deps.db);
    const counts = countsOf(found);
    const refusals = await this.refusals(this.deps.db, found);
    const any = Object.values(counts).some((n) => n > 0);
    const demoOnly = any && !refusals.length && !(await hasOtherContent(this.deps.db, idsOf(found)));
    return { counts, refusals, demoOnly };
  }

  /**
   * Whether the site has content and all of it is the demo, which remove() would delete without refusing: what an
   * import treats as an empty site (it then calls remove() first). False for an empty site, and for a demo that staff
   * have built on (a real story in a demo section, a reader's comment, an edited demo story).
   */
  async isDemoOnly(): Promise<boolean> {
    const found = await this.find(this.deps.db);
    if (!Object.values(countsOf(found)).some((n) => n > 0)) return false;
    if (await hasOtherContent(this.deps.db, idsOf(found))) return false;
    return (await this.refusals(this.deps.db, found)).length === 0;
  }

  /**
   * Removes the demo: in one transaction (serializable, so a story filed in a demo section meanwhile makes it fail
   * rather than lose its link) its rows, their search documents and the marks, with a `demo.removed` audit entry;
   * then its images' files. Refuses with DemoRemovalRefused, deleting nothing, when that would touch anything else.
   * With no demo in the site it removes nothing (all counts zero) and writes no audit entry.
   */
  async remove(actor: DemoActor = { userId: null }): Promise<DemoRemoval> {
    const { removed, files } = await this.deps.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => {
        const found = await this.find(trx);
        const refusals = await this.refusals(trx, found);
        if (refusals.length) throw new DemoRemovalRefused(refusals);
        const ids = idsOf(found);
        const counts = countsOf(found);
        await this.deps.searchIndexer.removeArticles(trx, ids.articles);
        await deleteDemoRows(trx, ids);
        const files = [...(await this.deps.media.deleteRowsIn(trx, ids.media)), ...found.preLibraryFiles.keys()];
        const marks = await deleteAllMarks(trx);
        if (Object.values(counts).some((n) => n > 0) || marks > 0) {
          await this.deps.audit.record(
            { actorId: actor.userId, action: 'demo.removed', subjectType: 'site', after: { ...counts, files: files.length }, ip: actor.ip ?? null },
            trx,
          );
        }
        return { removed: counts, files };
      })
      .catch((error: unknown) => {
        if (isConcurrentWriteFailure(error)) {
          throw new DomainError('The site changed while the demo was being removed, so nothing was removed. Try again.', 'conflict');
        }
        throw error;
      });
    const filesNotDeleted = files.length ? await this.deps.media.deleteFiles(files) : [];
    return { removed, files: files.length - filesNotDeleted.length, filesNotDeleted };
  }

  /**
   * Whether the demo was removed from this site before (a `demo.removed` entry in the audit log): the server's start
   * then does not seed it into the emptied database again; `dateline seed` still does when asked.
   */
  async wasRemoved(): Promise<boolean> {
    return (await this.deps.audit.list({ action: 'demo.removed', limit: 1 })).length > 0;
  }

  /** The demo's rows: those the seed recorded that are still the rows it made, and an older demo's by slug and text. */
  private async find(db: Db): Promise<FoundDemo> {
    const content = this.deps.content ?? demoContent;
    const found: FoundDemo = {
      articles: new Map(),
      pages: new Map(),
      sections: new Map(),
      tags: new Map(),
      people: new Map(),
      media: new Map(),
      comments: new Set(),
      preLibraryFiles: new Map(),
      changed: [],
    };

    // 1. Recorded rows. A mark whose row is gone, or whose id now belongs to a row created at another time, is stale.
    const marks = await demoMarks(db);
    const marked = new Map<DemoItemKind, Map<number, DemoMark>>(DEMO_ITEM_KINDS.map((kind) => [kind, new Map()]));
    const edited = new Set<string>();
    for (const kind of DEMO_ITEM_KINDS) {
      const ofKind = marks.filter((mark) => mark.kind === kind);
      const states = await rowStates(
        db,
        kind,
        ofKind.map((mark) => mark.item_id),
      );
      for (const mark of ofKind) {
        const state = states.get(mark.item_id);
        if (!state || !sameInstant(state.createdAt, mark.item_created_at)) continue;
        marked.get(kind)!.set(mark.item_id, mark);
        if (mark.fingerprint !== null && mark.fingerprint !== state.fingerprint) edited.add(`${kind}:${mark.item_id}`);
      }
    }
    const markedIds = (kind: DemoItemKind) => [...marked.get(kind)!.keys()];
    const unmarked = <T extends { id: number }>(kind: DemoItemKind, rows: T[]) => rows.filter((row) => !marked.get(kind)!.has(row.id));

    // 2. Articles: recorded ones, and an older demo's (same slug and headline: the demo's story, not a real one
    // that happens to share a slug). Those are compared with the demo's text and links, as the seed left them.
    const recordedArticles = await articlesWhere(db, { ids: markedIds('article') });
    for (const article of recordedArticles) {
      found.articles.set(article.id, article.title);
      if (edited.has(`article:${article.id}`))
        found.changed.push(changedRefusal(`The demo article “${article.title}” (article ${article.id}) was edited after the demo was seeded`));
    }
    const demoArticles = new Map(content.articles.map((article) => [article.slug, article]));
    const older = unmarked('article', await articlesWhere(db, { slugs: [...demoArticles.keys()] })).filter(
      (row) => demoArticles.get(row.slug)!.title === row.title,
    );
    const olderLinks = await linkSlugs(
      db,
      older.map((row) => row.id),
    );
    for (const row of older) {
      const demo = demoArticles.get(row.slug)!;
      found.articles.set(row.id, row.title);
      const expected: ArticleLinkSlugs = {
        primary: demo.section,
        sections: sorted([demo.section, ...(demo.otherSections ?? [])]),
        tags: sorted(demo.tags.map((tag) => slugify(tagNameFromSlug(tag)))),
        authors: demo.authors,
      };
      const same =
        row.standfirst === demo.standfirst &&
        bodyText(row.body) === bodyText(sanitizeArticleBody(demo.bodyHtml)) &&
        sameLinks(olderLinks.get(row.id), expected);
      if (!same) found.changed.push(changedRefusal(`The demo article “${row.title}” (article ${row.id}) was edited after the demo was seeded`));
    }
    const articleIds = [...found.articles.keys()];
    for (const id of await articlesWithStaffNotes(db, articleIds)) {
      found.changed.push(changedRefusal(`The demo article “${found.articles.get(id)}” (article ${id}) has corrections or notes written by staff`));
    }
    // The images the seed copied to media/demo/ before they went into the library (no media rows): their files.
    const preLibrary = new Map(content.articles.map(({ image }) => [preLibraryKey(image.file), image.file]));
    for (const article of [...recordedArticles, ...older]) {
      const key = article.featuredImageUrl ? this.deps.media.keyOf(article.featuredImageUrl) : null;
      if (key && preLibrary.has(key)) found.preLibraryFiles.set(key, article.featuredImageUrl!);
    }

    // 3. Pages, likewise (slug and title; an older demo's body compared as text).
    for (const page of await pagesWhere(db, { ids: markedIds('page') })) {
      found.pages.set(page.id, page.title);
      if (edited.has(`page:${page.id}`))
        found.changed.push(changedRefusal(`The demo page “${page.title}” (page ${page.id}) was edited after the demo was seeded`));
    }
    const demoPages = new Map(content.pages.map((page) => [page.slug, page]));
    for (const page of unmarked('page', await pagesWhere(db, { slugs: [...demoPages.keys()] }))) {
      const demo = demoPages.get(page.slug)!;
      if (demo.title !== page.title) continue;
      found.pages.set(page.id, page.title);
      if (bodyText(page.body) !== bodyText(sanitizeArticleBody(demo.bodyHtml))) {
        found.changed.push(changedRefusal(`The demo page “${page.title}” (page ${page.id}) was edited after the demo was seeded`));
      }
    }

    // 4. Sections, tags and people: recorded ones, and an older demo's by slug and name.
    const named = async (kind: 'section' | 'tag' | 'person', table: NamedTable, into: Map<number, string>, demo: Map<string, string>): Promise<void> => {
      for (const row of await namedRowsWhere(db, table, { ids: markedIds(kind) })) into.set(row.id, row.name);
      for (const row of unmarked(kind, await namedRowsWhere(db, table, { slugs: [...demo.keys()] })))
        if (demo.get(row.slug) === row.name) into.set(row.id, row.name);
    };
    await named('section', 'sections', found.sections, new Map(content.sections.map((s) => [s.slug, s.name])));
    const tagNames = content.articles.flatMap((a) => a.tags).map(tagNameFromSlug);
    await named('tag', 'tags', found.tags, new Map(tagNames.map((name) => [slugify(name), name])));
    await named('person', 'people', found.people, new Map(content.authors.map((a) => [a.slug, a.displayName])));

    // 5. Images: recorded ones, and an older demo's (the demo's file name and alt text, uploaded by nobody).
    const images = new Map(content.articles.map(({ image }) => [libraryFilename(image.file), image]));
    const media = [
      ...(await mediaWhere(db, { ids: markedIds('media') })),
      ...unmarked('media', await mediaWhere(db, { filenames: [...images.keys()] })).filter(
        (row) => row.uploadedBy === null && images.get(row.originalFilename)?.alt === row.alt,
      ),
    ];
    for (const item of media) {
      const url = this.deps.media.urlOf(item.storageKey);
      found.media.set(item.id, { name: item.originalFilename, folder: url.slice(0, url.lastIndexOf('/') + 1) });
    }

    // 6. Comments: only recorded ones (the shipped demo has none yet; any other comment on a demo story is refused).
    for (const comment of await commentsWhere(db, markedIds('comment'))) {
      found.comments.add(comment.id);
      if (edited.has(`comment:${comment.id}`)) found.changed.push(changedRefusal(`The demo comment ${comment.id} was edited after the demo was seeded`));
    }
    return found;
  }

  /** Everything removing `found` would touch that is not the demo's, as sentences; empty when removal may go ahead. */
  private async refusals(db: Db, found: FoundDemo): Promise<DemoRefusal[]> {
    const ids = idsOf(found);
    const refusals: DemoRefusal[] = [];
    const linked = (
      reason: DemoRefusalReason,
      examples: Examples<ArticleExample>,
      names: Map<number, string>,
      text: (names: string, many: boolean) => string,
      rest: string,
    ) => {
      for (const row of examples.rows) {
        const via = row.via.map((id) => names.get(id) ?? String(id));
        refusals.push({ reason, message: `“${row.title}” (article ${row.id}) ${text(quoted(via), via.length > 1)}.` });
      }
      const more = examples.total - examples.rows.length;
      if (more > 0) refusals.push({ reason, message: `And ${plural(more, 'more article')} outside the demo ${rest}.` });
    };
    linked(
      'article-in-demo-section',
      await otherArticlesLinked(db, 'section', ids.sections, ids.articles),
      found.sections,
      (names, many) => `is not the demo’s and is filed in the demo section${many ? 's' : ''} ${names}`,
      'are filed in demo sections',
    );
    linked(
      'article-with-demo-tag',
      await otherArticlesLinked(db, 'tag', ids.tags, ids.articles),
      found.tags,
      (names, many) => `is not the demo’s and has the demo tag${many ? 's' : ''} ${names}`,
      'have demo tags',
    );
    linked(
      'article-by-demo-person',
      await otherArticlesLinked(db, 'person', ids.people, ids.articles),
      found.people,
      (names, many) => `is not the demo’s and has the demo byline${many ? 's' : ''} ${names}`,
      'have demo bylines',
    );
    for (const section of await otherSectionsUnder(db, ids.sections)) {
      refusals.push({
        reason: 'section-under-demo-section',
        message: `The section “${section.name}” (section ${section.id}) is not the demo’s and is under the demo section “${found.sections.get(section.parentId)}”.`,
      });
    }
    for (const [articleId, count] of await otherCommentCounts(db, ids.articles, ids.comments)) {
      refusals.push({
        reason: 'comments-on-demo-article',
        message: `The demo article “${found.articles.get(articleId)}” (article ${articleId}) has ${plural(count, 'comment')} the demo did not add (a reader’s, or a staff reply).`,
      });
    }
    refusals.push(...found.changed);

    const imageNames = new Map<string, string>([
      ...[...found.media.values()].map(({ folder, name }) => [folder, name] as const),
      ...[...found.preLibraryFiles.values()].map((url) => [url, url.slice(url.lastIndexOf('/') + 1)] as const),
    ]);
    const uses = await otherContentMentioning(db, [...imageNames.keys()], { articles: ids.articles, pages: ids.pages });
    for (const use of uses.articles) {
      refusals.push({
        reason: 'demo-image-used',
        message: `The demo image ${imageNames.get(use.text)} is used by “${use.title}” (article ${use.id}), which is not the demo’s.`,
      });
    }
    for (const use of uses.pages) {
      refusals.push({
        reason: 'demo-image-used',
        message: `The demo image ${imageNames.get(use.text)} is used by the page “${use.title}” (page ${use.id}), which is not the demo’s.`,
      });
    }
    const logo = await logoMediaId(db);
    if (logo !== null && found.media.has(logo)) {
      refusals.push({ reason: 'demo-image-used', message: `The demo image ${found.media.get(logo)!.name} is the site’s logo (choose another in Settings).` });
    }
    for (const user of await staffWithBylines(db, ids.people)) {
      refusals.push({
        reason: 'staff-byline',
        message: `The staff account ${user.displayName} <${user.email}> writes under the demo byline “${found.people.get(user.personId)}”.`,
      });
    }
    return refusals;
  }
}

function changedRefusal(what: string): DemoRefusal {
  return { reason: 'demo-content-changed', message: `${what}: removing it would lose staff’s work.` };
}

function idsOf(found: FoundDemo): DemoIds {
  return {
    articles: [...found.articles.keys()],
    pages: [...found.pages.keys()],
    sections: [...found.sections.keys()],
    tags: [...found.tags.keys()],
    people: [...found.people.keys()],
    media: [...found.media.keys()],
    comments: [...found.comments],
  };
}

function countsOf(found: FoundDemo): DemoCounts {
  return {
    article: found.articles.size,
    page: found.pages.size,
    section: found.sections.size,
    tag: found.tags.size,
    person: found.people.size,
    media: found.media.size,
    comment: found.comments.size,
  };
}
