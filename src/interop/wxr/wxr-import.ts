import type { ImportAdjustment, ImportTarget } from '../../news/imports/import.service.js';
import type { ImportedArticle, ImportedComment, ImportedLink, ImportedPage, ImportOutcome } from '../../news/imports/import.types.js';
import type { NewsServices } from '../../news/services.js';
import type { ImportedKind } from '../../news/vocabulary.js';
import { archiveLink, categoryPath, personFrom, sectionFrom, sourceKey, tagFrom } from './wxr-mapping.js';
import { generatePassword } from '../../platform/security/passwords.js';
import { invalid } from '../../news/shared/errors.js';
import { importMedia, oldSite, uploadsFolder, type MediaSource } from './wxr-media.js';
import type { SafeFetchOptions } from '../../platform/http/safe-fetch.js';
import type { PrepareContext, PreparedItem, ReportNote } from './wxr-prepare.js';
import { preparedBatches } from './wxr-prepare-thread.js';
import { ownCopy, scanWxr, type WxrInput, type WxrProgress, type WxrSummary } from './wxr-reader.js';
import type { WxrCategory } from './wxr.types.js';

export type { ReportNote } from './wxr-prepare.js';

/** What the report counts per kind of record. */
export interface KindCounts {
  imported: number;
  updated: number;
  unchanged: number;
  skipped: number;
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
  /** A copy of the old site's wp-content/uploads: attachments and inline images are taken from it. */
  mediaDir?: string | null;
  /**
   * Without mediaDir: download attachments from their old URLs (https only, public addresses only, each at most the
   * media library's size; see platform/http/safe-fetch.ts). An object sets the fetcher's options (tests: a resolver,
   * an address policy and a CA for their local server).
   */
  fetchMedia?: boolean | Partial<SafeFetchOptions>;
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
/**
 * Imports a WordPress export: a first pass reads the whole file (a bad one fails here, with its line and column,
 * before anything is written), then a second pass writes it in batches through ImportService, so a re-run changes
 * nothing and completes an interrupted one. Memory stays bounded: one batch of items at a time.
 */
export async function importWxr(services: NewsServices, input: () => WxrInput, options: WxrImportOptions = {}): Promise<ImportReport> {
  const started = performance.now();
  if (options.mediaDir && options.fetchMedia)
    throw invalid('Take attachments from a copy of the uploads (--media-dir) or download them (--fetch-media), not both.', { fetchMedia: 'conflicts' });
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
  for (const term of summary.undeclaredTerms) {
    const what = term.domain === 'category' ? 'category' : 'tag';
    report.notes.push({
      kind: term.domain === 'category' ? 'section' : 'tag',
      wordpressId: null,
      action: 'altered',
      reason: `the ${what} "${term.slug}" is used by items but not in the export's list of ${what === 'category' ? 'categories' : 'tags'}: created (WordPress does the same)`,
    });
  }
  const terms = termIds(summary);
  const writer = new Batches(services, target, report, options);
  await services.imports.duringImport(async () => {
    if (!options.dryRun) {
      await writer.terms(summary, terms);
      const media = mediaSource(services, summary, options);
      if (media) await writer.media(summary, media);
    }
    let items = 0;
    let comments = 0;
    const context: PrepareContext = { summary, ids: terms, idMode: target.ids, mediaUrls: writer.mediaUrls, mediaImported: writer.mediaImported };
    progress('importing', { bytesRead: 0, totalBytes: summary.bytesRead, line: 0 }, 0, 0);
    for await (const batch of preparedBatches(input(), context)) {
      for (const prepared of batch.items) {
        items++;
        comments += prepared.commentCount;
        await writer.item(prepared);
      }
      progress('importing', batch.progress, items, comments);
    }
    await writer.flush();
    if (!options.dryRun) {
      await writer.finishIndexing();
      await writer.pageParents();
      await services.imports.finish(target);
    }
  });
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}

/** Where the media pass takes attachments' files from, or null when they keep their old URLs. */
function mediaSource(services: NewsServices, summary: WxrSummary, options: WxrImportOptions): MediaSource | null {
  if (options.mediaDir) return uploadsFolder(options.mediaDir);
  if (!options.fetchMedia) return null;
  const custom = options.fetchMedia === true ? {} : options.fetchMedia;
  return oldSite({ maxBytes: services.media.maxBytes, userAgent: 'Dateline (WordPress import)', ...custom }, summary.site.link);
}

/**
 * Without a copy of the uploads or a download, attachments keep their old URLs; when the old site's host is this site's,
 * pointing DNS at Dateline would break every one of them, so the import refuses before writing anything.
 */
function refuseOldUrlsOnThisHost(summary: WxrSummary, options: WxrImportOptions): void {
  if (options.mediaDir || options.fetchMedia || !options.siteUrl || !summary.attachments.size) return;
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
      `The export's ${summary.attachments.size} attachments would keep their URLs on ${here}, which is this site's own address (SITE_URL): once DNS points here they would all break. Give a copy of the old site's wp-content/uploads with --media-dir, or download the files from the old site (while it still answers) with --fetch-media. Nothing was imported.`,
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
  mediaUrls: Map<string, string> = new Map();
  mediaImported = false;
  private indexing: Promise<void> = Promise.resolve();
  private indexingFailure: unknown = null;

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

  async media(summary: WxrSummary, source: MediaSource): Promise<void> {
    const counts = this.report.counts.attachments;
    const result = await importMedia(this.services, this.target, summary, source, {
      outcome: (outcome) => counts[outcome]++,
      skip: (id, reason) => this.skip('media', id, reason),
    });
    this.mediaUrls = result.urls;
    this.mediaImported = true;
    this.links.push(...result.links);
  }

  async item(prepared: PreparedItem): Promise<void> {
    for (const note of prepared.notes) {
      if (note.action === 'skipped') this.skip(note.kind, note.wordpressId!, note.reason);
      else this.alter(note.kind, note.wordpressId!, note.reason);
    }
    if (prepared.article) this.articles.push(prepared.article);
    if (prepared.page) {
      this.pages.push(prepared.page);
      this.parents.push({ oldId: prepared.page.oldId, parentOldId: prepared.page.parentOldId });
    }
    this.comments.push(...prepared.comments);
    this.links.push(...prepared.links);
    if (this.articles.length + this.pages.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const { imports } = this.services;
    if (!this.options.dryRun) {
      const stories = await imports.articles(this.target, this.articles);
      this.count('article', stories);
      // The previous batch's stories are indexed on another connection while this one is written (PostgreSQL): at
      // most one behind.
      await this.indexed();
      this.indexing = imports.indexArticles(stories.toIndex).catch((error: unknown) => {
        this.indexingFailure = error;
      });
      if (!imports.indexesAlongside) await this.indexed();
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

  /** Waits for the batch being indexed; a failure there fails the import (a re-run completes it). */
  private async indexed(): Promise<void> {
    await this.indexing;
    if (this.indexingFailure !== null) throw this.indexingFailure;
  }

  /** The last batch's search documents, then any an interrupted run left out of step. */
  async finishIndexing(): Promise<void> {
    await this.indexed();
    await this.services.imports.indexOutdated(this.target);
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

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
