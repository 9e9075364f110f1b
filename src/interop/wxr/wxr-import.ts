import type { ImportAdjustment, ImportTarget } from '../../news/imports/import.service.js';
import type { ImportedArticle, ImportedComment, ImportedLink, ImportedPage, ImportOutcome } from '../../news/imports/import.types.js';
import type { NewsServices } from '../../news/services.js';
import type { ImportedKind } from '../../news/vocabulary.js';
import { articleFrom, type ContentConverter } from './wxr-articles.js';
import { archiveLink, categoryPath, commentFrom, oldPath, pageFrom, personFrom, sectionFrom, slugFor, sourceKey, tagFrom } from './wxr-mapping.js';
import { generatePassword } from '../../platform/security/passwords.js';
import { invalid } from '../../news/shared/errors.js';
import { importMediaFromDir } from './wxr-media.js';
import { ownCopy, readWxr, scanWxr, type WxrInput, type WxrProgress, type WxrSummary } from './wxr-reader.js';
import type { WxrCategory, WxrItem } from './wxr.types.js';

/** What the report counts per kind of record. */
export interface KindCounts {
  imported: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

/** One record the import left out or changed on the way in, by its WordPress id. */
export interface ReportNote {
  kind: string;
  wordpressId: number | null;
  action: 'skipped' | 'altered';
  reason: string;
}

export interface ImportReport {
  site: { title: string; link: string; wxrVersion: string };
  /** 'keep': WordPress's ids kept (an empty site); 'remap': new ids, the old ones remembered. */
  ids: ImportTarget['ids'];
  dryRun: boolean;
  counts: Record<'articles' | 'pages' | 'attachments' | 'sections' | 'tags' | 'people' | 'staff' | 'comments' | 'redirects', KindCounts>;
  /** Imported comments by their Dateline status. */
  commentsByStatus: Record<string, number>;
  notes: ReportNote[];
  /** Characters XML forbids that the file carried (pasted from Word), removed. */
  strippedCharacters: number;
  milliseconds: number;
}

export interface ImportProgress {
  phase: 'checking' | 'importing';
  bytesRead: number;
  totalBytes: number | null;
  items: number;
  comments: number;
}

export interface WxrImportOptions {
  dryRun?: boolean;
  /** Records per transaction (200): small enough never to hold the site's own writes up for long. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** WordPress content -> a Dateline body, with notes of what changed. */
  convert: ContentConverter;
  /** A copy of the old site's wp-content/uploads: attachments and inline images are taken from it. */
  mediaDir?: string | null;
  /** This site's address (SITE_URL): files may not stay at old URLs on the same host, which will soon be this site. */
  siteUrl?: string;
}

const emptyCounts = (): KindCounts => ({ imported: 0, updated: 0, unchanged: 0, skipped: 0 });
const REPORT_KIND: Record<ImportedKind, keyof ImportReport['counts']> = {
  article: 'articles',
  page: 'pages',
  media: 'attachments',
  section: 'sections',
  tag: 'tags',
  person: 'people',
  comment: 'comments',
};
/** Post types that are not content of their own, and why they are not imported as such. */
const NOT_IMPORTED: Record<string, string> = {
  nav_menu_item: 'navigation menus are not in Dateline yet (they come with the editors’ screens)',
  wp_block: 'a reusable block: expanded into the posts that use it',
  attachment: 'no copy of the uploads folder was given (--media-dir, or the newsroom’s uploads zip; a dry run reads none): the file keeps its old URL',
  revision: 'an old revision',
  customize_changeset: 'theme settings',
  custom_css: 'theme settings',
  wp_global_styles: 'theme settings',
  wp_template: 'theme settings',
  wp_template_part: 'theme settings',
  wp_navigation: 'navigation menus are not in Dateline yet (they come with the editors’ screens)',
  oembed_cache: 'a cached embed',
};

/**
 * Imports a WordPress export: a first pass reads the whole file (a bad one fails here, with its line and column,
 * before anything is written), then a second pass writes it in batches through ImportService, so a re-run changes
 * nothing and completes an interrupted one. Memory stays bounded: one batch of items at a time.
 */
export async function importWxr(services: NewsServices, input: () => WxrInput, options: WxrImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const progress = (phase: ImportProgress['phase'], state: WxrProgress, items: number, comments: number) =>
    options.onProgress?.({ phase, bytesRead: state.bytesRead, totalBytes: state.totalBytes, items, comments });
  let scanned = 0;
  const summary = await scanWxr(input(), { onProgress: (state) => progress('checking', state, scanned, 0) });
  scanned = summary.items;
  refuseOldUrlsOnThisHost(summary, options);
  const source = sourceKey(summary.site.baseBlogUrl ?? summary.site.link);
  // A site whose only content is the demo counts as empty: the demo goes first, so WordPress's ids can be kept.
  const demoRemoved = !options.dryRun && (await services.demo.isDemoOnly()) ? await services.demo.remove() : null;
  const target: ImportTarget = { source, ids: await services.imports.idModeFor(source) };
  const report: ImportReport = {
    site: { title: summary.site.title, link: summary.site.link, wxrVersion: summary.site.wxrVersion },
    ids: target.ids,
    dryRun: Boolean(options.dryRun),
    counts: {
      articles: emptyCounts(),
      pages: emptyCounts(),
      attachments: emptyCounts(),
      sections: emptyCounts(),
      tags: emptyCounts(),
      people: emptyCounts(),
      staff: emptyCounts(),
      comments: emptyCounts(),
      redirects: emptyCounts(),
    },
    commentsByStatus: {},
    notes: [],
    strippedCharacters: summary.stripped.count,
    milliseconds: 0,
  };
  if (demoRemoved) {
    const removed = Object.entries(demoRemoved.removed)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind}`);
    report.notes.push({ kind: 'site', wordpressId: null, action: 'altered', reason: `the demo site was removed first (${removed.join(', ')})` });
  }
  if (summary.stripped.count) {
    const where = summary.stripped.first.map((c) => `line ${c.line}`).slice(0, 5);
    report.notes.push({
      kind: 'file',
      wordpressId: null,
      action: 'altered',
      reason: `${summary.stripped.count} control characters XML forbids were removed (${where.join(', ')}${summary.stripped.count > 5 ? ', …' : ''})`,
    });
  }
  const terms = termIds(summary);
  const writer = new Batches(services, target, report, options);
  if (!options.dryRun) {
    await writer.terms(summary, terms);
    if (options.mediaDir) await writer.media(summary, options.mediaDir);
  }

  let items = 0;
  let comments = 0;
  const reader = readWxr(input(), { onProgress: (state) => progress('importing', state, items, comments) });
  for await (const entry of reader) {
    if (entry.kind !== 'item') continue;
    items++;
    comments += entry.item.comments.length;
    await writer.item(entry.item, summary, terms);
  }
  await writer.flush();
  if (!options.dryRun) {
    await writer.pageParents();
    await services.imports.finish();
  }
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}

/**
 * Without a copy of the uploads, attachments keep their old URLs; when the old site's host is this site's, pointing DNS
 * at Dateline would break every one of them, so the import refuses before writing anything.
 */
function refuseOldUrlsOnThisHost(summary: WxrSummary, options: WxrImportOptions): void {
  if (options.mediaDir || !options.siteUrl || !summary.attachments.size) return;
  const host = (url: string) => {
    try {
      return new URL(url).host.toLowerCase();
    } catch {
      return null;
    }
  };
  const here = host(options.siteUrl);
  if (here && [summary.site.link, summary.site.baseBlogUrl ?? ''].some((url) => host(url) === here)) {
    throw invalid(
      `The export's ${summary.attachments.size} attachments would keep their URLs on ${here}, which is this site's own address (SITE_URL): once DNS points here they would all break. Give a copy of the old site's wp-content/uploads with --media-dir. Nothing was imported.`,
      { mediaDir: 'needed' },
    );
  }
}

/** WordPress's term and author ids, with negative stand-ins where an export has none (WXR 1.0, WordPress.com authors). */
interface TermIds {
  categoryByNicename: Map<string, number>;
  tagBySlug: Map<string, number>;
  personByLogin: Map<string, number>;
}

function termIds(summary: WxrSummary): TermIds {
  let standIn = 0;
  const idOf = (id: number | null) => id ?? --standIn;
  const categoryByNicename = new Map(summary.categories.map((category) => [category.nicename, idOf(category.termId)]));
  const tagBySlug = new Map(summary.tags.map((tag) => [tag.slug, idOf(tag.termId)]));
  const personByLogin = new Map(summary.authors.map((author) => [author.login, idOf(author.id)]));
  for (const creator of summary.creators) if (!personByLogin.has(creator)) personByLogin.set(creator, --standIn);
  return { categoryByNicename, tagBySlug, personByLogin };
}

/** Collects the second pass's records and writes them a batch at a time, counting what happened in the report. */
class Batches {
  private articles: ImportedArticle[] = [];
  private pages: ImportedPage[] = [];
  private comments: ImportedComment[] = [];
  private links: ImportedLink[] = [];
  private readonly parents: Pick<ImportedPage, 'oldId' | 'parentOldId'>[] = [];
  private readonly batchSize: number;
  /** What the media pass brought in: old upload key -> library URL. */
  private mediaUrls: Map<string, string> = new Map();
  private mediaImported = false;

  constructor(
    private readonly services: NewsServices,
    private readonly target: ImportTarget,
    private readonly report: ImportReport,
    private readonly options: WxrImportOptions,
  ) {
    this.batchSize = options.batchSize ?? 200;
  }

  async terms(summary: WxrSummary, ids: TermIds): Promise<void> {
    const { imports } = this.services;
    const byNicename = new Map(summary.categories.map((category) => [category.nicename, category]));
    const people = summary.authors.map((author) => personFrom({ ...author, id: ids.personByLogin.get(author.login)! }, 0));
    for (const login of summary.creators) {
      if (!summary.authors.some((author) => author.login === login)) {
        people.push(personFrom({ id: ids.personByLogin.get(login)!, login, email: '', displayName: login, firstName: '', lastName: '' }, 0));
      }
    }
    this.count('person', await imports.people(this.target, people));
    await this.staffAccounts(summary, ids);
    const sections = summary.categories.map((category) =>
      sectionFrom({ ...category, termId: ids.categoryByNicename.get(category.nicename)! }, ids.categoryByNicename),
    );
    this.count('section', await imports.sections(this.target, sections));
    this.count(
      'tag',
      await imports.tags(
        this.target,
        summary.tags.map((tag) => tagFrom({ ...tag, termId: ids.tagBySlug.get(tag.slug)! })),
      ),
    );
    const archives: ImportedLink[] = [
      ...summary.categories.map((category: WxrCategory) =>
        archiveLink(categoryPath(category, byNicename), 'section', ids.categoryByNicename.get(category.nicename)!),
      ),
      ...summary.tags.map((tag) => archiveLink(`/tag/${safeDecode(tag.slug)}/`, 'tag', ids.tagBySlug.get(tag.slug)!)),
      ...[...ids.personByLogin].map(([login, id]) => archiveLink(`/author/${safeDecode(login)}/`, 'person', id)),
    ];
    this.report.counts.redirects.imported += await imports.links(this.target, archives);
  }

  /**
   * A staff account for each author with an email, on their byline, that nobody can use yet: inactive, with a random
   * password nobody sees, until an administrator reactivates it and sends a password link (the users screen). WXR
   * carries no roles, so each is an author; an account that already exists for the email is left as it is.
   */
  private async staffAccounts(summary: WxrSummary, ids: TermIds): Promise<void> {
    const people = await this.services.imports.idsOf(this.target, 'person');
    const counts = this.report.counts.staff;
    for (const author of summary.authors) {
      const email = author.email.trim();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        if (email) {
          counts.skipped++;
          this.report.notes.push({
            kind: 'staff',
            wordpressId: author.id,
            action: 'skipped',
            reason: `${author.login}'s email "${email}" is not an address; no account`,
          });
        }
        continue;
      }
      if (await this.services.staff.findByEmail(email)) {
        counts.unchanged++;
        continue;
      }
      const personId = people.get(ids.personByLogin.get(author.login)!) ?? null;
      const user = await this.services.staff.create({
        email,
        displayName: personFrom(author, 0).displayName,
        role: 'author',
        password: generatePassword(32),
        personId,
      });
      await this.services.staff.setActive(user.id, false);
      counts.imported++;
      this.report.notes.push({
        kind: 'staff',
        wordpressId: author.id,
        action: 'altered',
        reason: `${email} has an account (author, inactive): reactivate it and send a password link from Users`,
      });
    }
  }

  async media(summary: WxrSummary, dir: string): Promise<void> {
    const counts = this.report.counts.attachments;
    const result = await importMediaFromDir(this.services, this.target, summary, dir, {
      outcome: (outcome) => counts[outcome]++,
      skip: (id, reason) => this.skip('media', id, reason),
    });
    this.mediaUrls = result.urls;
    this.mediaImported = true;
    this.links.push(...result.links);
  }

  async item(item: WxrItem, summary: WxrSummary, ids: TermIds): Promise<void> {
    if (item.postType === 'attachment' && this.mediaImported) {
      // Counted in the media pass; its attachment page's old address leads to the file.
      const page = oldPath(item.link, summary.site.link);
      if (page) this.links.push({ path: page, kind: 'media', oldId: item.id, includeSubpaths: false });
      return;
    }
    const skipped = skipReason(item);
    if (skipped) {
      this.skip(item.postType === 'attachment' ? 'media' : item.postType, item.id, skipped);
      return;
    }
    const path = oldPath(item.link, summary.site.link);
    if (item.postType === 'page') {
      const { slug, altered } = slugFor(item.postName, item.title, `page-${item.id}`);
      if (altered) this.alter('page', item.id, `its slug "${item.postName}" became "${slug}"`);
      const converted = this.options.convert(item, summary, this.mediaUrls);
      for (const note of converted.notes) this.alter('page', item.id, note);
      const page = pageFrom(item, converted.html, slug);
      this.pages.push(page);
      this.parents.push({ oldId: page.oldId, parentOldId: page.parentOldId });
      for (const comment of item.comments) this.skip('comment', comment.id, 'it is on a page; Dateline has comments on stories only');
      if (path) this.links.push({ path, kind: 'page', oldId: page.oldId, includeSubpaths: false });
    } else {
      const mapped = articleFrom(item, summary, ids, this.target.ids, this.options.convert, this.mediaUrls);
      for (const note of mapped.notes) this.alter('article', item.id, note);
      this.articles.push(mapped.article);
      for (const comment of item.comments) {
        const record = commentFrom(comment, item.id);
        if ('skip' in record) this.skip('comment', comment.id, record.skip);
        else this.comments.push(record);
      }
      if (path) this.links.push({ path, kind: 'article', oldId: item.id, includeSubpaths: false });
    }
    if (this.articles.length + this.pages.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const { imports } = this.services;
    if (!this.options.dryRun) {
      this.count('article', await imports.articles(this.target, this.articles));
      this.count('page', await imports.pages(this.target, this.pages));
      const threads = await imports.comments(this.target, this.comments);
      this.count('comment', threads);
      for (const skipped of threads.skipped) this.skip('comment', skipped.oldId, skipped.reason);
      for (const record of this.comments) {
        if (threads.outcomes.has(record.oldId)) this.report.commentsByStatus[record.status] = (this.report.commentsByStatus[record.status] ?? 0) + 1;
      }
      this.report.counts.redirects.imported += await imports.links(this.target, this.links);
    } else {
      this.report.counts.articles.imported += this.articles.length;
      this.report.counts.pages.imported += this.pages.length;
      this.report.counts.comments.imported += this.comments.length;
      this.report.counts.redirects.imported += this.links.length;
    }
    this.articles = [];
    this.pages = [];
    this.comments = [];
    this.links = [];
  }

  async pageParents(): Promise<void> {
    for (const adjustment of await this.services.imports.pageParents(this.target, this.parents)) this.alter('page', adjustment.oldId, adjustment.reason);
  }

  private count(kind: ImportedKind, result: { outcomes: Map<number, ImportOutcome>; adjustments: ImportAdjustment[] }): void {
    const counts = this.report.counts[REPORT_KIND[kind]];
    for (const outcome of result.outcomes.values()) counts[outcome]++;
    for (const adjustment of result.adjustments) this.alter(adjustment.kind, adjustment.oldId, adjustment.reason);
  }

  private skip(kind: string, id: number, reason: string): void {
    const counts = this.report.counts[REPORT_KIND[kind as ImportedKind]];
    if (counts) counts.skipped++;
    // Notes live until the end of the run: copied, so that none keeps a chunk of the file alive (see ownCopy).
    this.report.notes.push({ kind, wordpressId: id, action: 'skipped', reason: ownCopy(reason) });
  }

  private alter(kind: string, id: number, reason: string): void {
    this.report.notes.push({ kind, wordpressId: id, action: 'altered', reason: ownCopy(reason) });
  }
}

/** Why an item is not imported as a story or page, or null when it is. */
function skipReason(item: WxrItem): string | null {
  if (item.postType === 'post' || item.postType === 'page') {
    if (item.status === 'auto-draft') return 'an automatic draft WordPress made and nobody wrote';
    if (item.status === 'inherit') return 'a revision';
    return null;
  }
  return NOT_IMPORTED[item.postType] ?? `a "${item.postType}" item, a type of content Dateline does not have`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
