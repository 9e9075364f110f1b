import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { createNewsServices } from '../../src/news/services.js';
import type { RebuildResult } from '../../src/news/search/search.indexer.js';
import { systemClock } from '../../src/news/shared/clock.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/connection.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import type { Database } from '../../src/platform/db/schema.js';
import { DomainEventBus } from '../../src/news/events.js';
import { createSigner } from '../../src/platform/security/signer.js';
import { seededRandom } from '../../src/platform/seeded-random.js';
import { afterCommentsInserted, insertComments } from './dataset-comments.js';
import { aliasSampler, zipfWeights } from './zipf.js';

/**
 * A synthetic news archive of any size for benchmarks: deterministic (same N, same articles), with realistic shapes:
 * headlines of 6–14 words, standfirsts of 20–40, bodies of 300–1,500 in paragraphs; 20 sections (nested), 2,000
 * tags, 300 authors; publication times spread over the ten years before 2026-01-01; reader comments, threaded and
 * spread unevenly, with one story of 5,000 (dataset-comments.ts).
 *
 * Words follow a Zipf-like distribution over a 30,000-word vocabulary (English function words first, then news words
 * and common two-word phrases, then invented words for the long tail), so a word's rank says how many articles hold
 * it: rank ~80 is in most articles, rank ~15,000 in a few hundred. Benchmarks pick their query words by rank
 * (`vocabulary`, `COMMON_WORD` and friends), so they hit realistic posting-list sizes.
 *
 * Bump DATASET_VERSION whenever the output changes: cached datasets are keyed by it.
 */
export const DATASET_VERSION = 2;
const SEED = 20260101;
const END = Date.UTC(2026, 0, 1);
const SPAN_MS = 10 * 365.25 * 24 * 3600 * 1000;
const VOCABULARY_SIZE = 30_000;

const FUNCTION_WORDS = (
  'the of to and a in that is for on was with said as it at by from he his be have are has its were but an not which ' +
  'they this their who after been had also would will more one there or about than when two up out new first into ' +
  'all over last year other over some could she her can people them time were only years we just most because no ' +
  'what before while so any if do'
)
  .split(' ')
  .filter((w, i, all) => all.indexOf(w) === i);

// News vocabulary, most frequent first (roughly). Query words for the benchmark come from here and from the tail.
const NEWS_WORDS = (
  'government police president minister country state week told percent million market officials billion company ' +
  'public report health city court party security election rates bank prices economy military support workers ' +
  'police plan law power money week group national former international early children women political energy ' +
  'system water months policy increase trade business service house deal talks city council budget forces ' +
  'investors shares growth companies industry countries leaders spokesman statement decision issue crisis vote ' +
  'campaign region border war peace troops attack emergency hospital schools students teachers research science ' +
  'technology data software network internet online users platform climate weather storm flooding drought ' +
  'farmers food fuel oil gas electricity nuclear solar wind carbon emissions inflation interest lending loans ' +
  'debt taxes spending deficit jobs unemployment wages strike union protest rally demonstrators opposition ' +
  'parliament senate congress lawmakers bill legislation reform regulators regulation inquiry investigation ' +
  'charges trial judge jury prison sentence lawyers evidence witnesses victims suspects arrest officers ' +
  'ministry agency department committee commission board director executive chairman chief founder analyst ' +
  'analysts economist economists forecast quarter profit revenue earnings sales exports imports tariffs ' +
  'sanctions currency dollar euro markets stocks bonds yields traders futures commodities copper gold wheat ' +
  'shipping ports airline airport railway transport traffic housing rents mortgage construction property ' +
  'football match season league players coach tournament final championship victory defeat goals team fans ' +
  'film music festival artist museum book novel author theatre television series audience award prize ' +
  'elections electoral elected electorate electric electricity electronic election'
)
  .split(' ')
  .filter((w, i, all) => all.indexOf(w) === i && !FUNCTION_WORDS.includes(w));

// Common collocations: treated as one vocabulary item, so exact phrases match realistic numbers of articles.
const PHRASES = [
  'prime minister',
  'central bank',
  'interest rates',
  'climate change',
  'supply chain',
  'white house',
  'human rights',
  'foreign minister',
  'finance minister',
  'stock market',
  'health care',
  'real estate',
  'middle east',
  'united nations',
  'european union',
  'world cup',
  'artificial intelligence',
  'power grid',
  'oil prices',
  'trade war',
  'cease fire',
  'polling stations',
  'election day',
  'press conference',
];

const SYLLABLES = [
  'ba',
  'be',
  'bi',
  'bo',
  'da',
  'de',
  'di',
  'do',
  'fa',
  'fe',
  'ga',
  'go',
  'ka',
  'ke',
  'ki',
  'ko',
  'la',
  'le',
  'li',
  'lo',
  'lu',
  'ma',
  'me',
  'mi',
  'mo',
  'na',
  'ne',
  'ni',
  'no',
  'pa',
  'pe',
  'pi',
  'po',
  'ra',
  're',
  'ri',
  'ro',
  'ru',
  'sa',
  'se',
  'si',
  'so',
  'ta',
  'te',
  'ti',
  'to',
  'va',
  've',
  'vi',
  'vo',
  'za',
  'ze',
  'zo',
  'tra',
  'dre',
  'sto',
  'mar',
  'len',
  'dor',
  'vin',
  'kel',
  'ron',
  'sul',
  'ber',
  'tin',
  'gan',
  'wex',
  'pol',
  'nim',
  'hal',
];

/** The vocabulary in rank order (index 0 is the most frequent item). Deterministic. */
export const vocabulary: readonly string[] = (() => {
  const random = seededRandom(SEED ^ 0x5eed);
  const words: string[] = [...FUNCTION_WORDS];
  words.push(...NEWS_WORDS);
  // Phrases at ranks 800–1,500: each in some 5–10% of articles, as "prime minister" is in a general news archive.
  const phrases = [...PHRASES];
  const seen = new Set(words);
  while (words.length < VOCABULARY_SIZE) {
    if (phrases.length && words.length >= 800 && words.length % 30 === 0) {
      words.push(phrases.shift()!);
      continue;
    }
    const count = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < count; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)]!;
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
})();

/** Query words by rank, for benchmarks (see the search scenario). */
export const rankOf = (word: string) => vocabulary.indexOf(word);

const SECTIONS: Array<{ slug: string; name: string; parent?: string }> = [
  { slug: 'world', name: 'World' },
  { slug: 'americas', name: 'Americas', parent: 'world' },
  { slug: 'europe', name: 'Europe', parent: 'world' },
  { slug: 'asia', name: 'Asia', parent: 'world' },
  { slug: 'africa', name: 'Africa', parent: 'world' },
  { slug: 'middle-east', name: 'Middle East', parent: 'world' },
  { slug: 'politics', name: 'Politics' },
  { slug: 'elections', name: 'Elections', parent: 'politics' },
  { slug: 'business', name: 'Business' },
  { slug: 'markets', name: 'Markets', parent: 'business' },
  { slug: 'economy', name: 'Economy', parent: 'business' },
  { slug: 'companies', name: 'Companies', parent: 'business' },
  { slug: 'technology', name: 'Technology' },
  { slug: 'science', name: 'Science' },
  { slug: 'climate', name: 'Climate', parent: 'science' },
  { slug: 'sport', name: 'Sport' },
  { slug: 'football', name: 'Football', parent: 'sport' },
  { slug: 'culture', name: 'Culture' },
  { slug: 'books', name: 'Books', parent: 'culture' },
  { slug: 'opinion', name: 'Opinion' },
];
const TAG_COUNT = 2000;
const AUTHOR_COUNT = 300;
const FIRST_NAMES =
  'Ana Ben Chloé Dmitri Emeka Fatima Greta Hiro Inés Jonas Kemal Lucía Mateo Nadia Olu Priya Quinn Rosa Sven Tomás Uma Viktor Wen Ximena Yusuf Zoë Amira Bruno Clara Diego'.split(
    ' ',
  );
const LAST_NAMES =
  'Abara Becker Castillo Dubois Eriksen Fernández Gallagher Haddad Ivanova Jensen Kowalski Lindqvist Moreau Nakamura Okafor Petrov Quiroga Ruiz Schmidt Tanaka Umarov Varga Walsh Xu Yilmaz Zielinski Novak Rossi Costa Müller'.split(
    ' ',
  );

interface GeneratedArticle {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  publishedAt: string;
  primarySectionId: number;
  sectionIds: number[];
  tagIds: number[];
  authorIds: number[];
}

/** Generates articles 1..n in order, lazily: the whole archive never has to be in memory at once. */
export function* generateArticles(n: number): Generator<GeneratedArticle> {
  const random = seededRandom(SEED);
  const word = aliasSampler(zipfWeights(vocabulary.length), random);
  // Headlines and standfirsts lean on content words: skip the function words.
  const contentOffset = FUNCTION_WORDS.length;
  const contentWord = aliasSampler(zipfWeights(vocabulary.length - contentOffset), random);
  const tag = aliasSampler(zipfWeights(TAG_COUNT), random);
  const section = aliasSampler(
    zipfWeights(SECTIONS.length).map((w, i) => (SECTIONS[i]!.parent ? w : w * 2)),
    random,
  );
  const author = aliasSampler(
    zipfWeights(AUTHOR_COUNT).map((w) => Math.sqrt(w)),
    random,
  );
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const words = (count: number, pick: () => number, offset = 0) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(vocabulary[pick() + offset]!);
    return out.join(' ');
  };
  for (let id = 1; id <= n; id++) {
    const title = capitalise(words(between(6, 14), contentWord, contentOffset));
    const standfirst = `${capitalise(words(between(20, 40), word))}.`;
    // Bodies: 300–1,500 words, most of them short (two uniforms summed lean the middle), in paragraphs of sentences.
    let remaining = Math.round(300 + ((random() + random()) / 2) * 1200);
    const paragraphs: string[] = [];
    while (remaining > 0) {
      const sentences: string[] = [];
      for (let s = between(2, 5); s > 0 && remaining > 0; s--) {
        const length = Math.min(remaining, between(8, 28));
        remaining -= length;
        sentences.push(`${capitalise(words(length, word))}.`);
      }
      paragraphs.push(`<p>${sentences.join(' ')}</p>`);
    }
    const primary = section() + 1;
    const extra = random() < 0.1 ? section() + 1 : primary;
    const tagIds = new Set<number>();
    for (let t = between(0, 5); t > 0; t--) tagIds.add(tag() + 1);
    const authorIds = new Set<number>([author() + 1]);
    if (random() < 0.2) authorIds.add(author() + 1);
    const publishedAt = new Date(END - random() * SPAN_MS).toISOString();
    const slugWords = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .split('-')
      .slice(0, 8)
      .join('-');
    yield {
      id,
      slug: `${slugWords || 'story'}-${id}`,
      title,
      standfirst,
      body: paragraphs.join('\n'),
      publishedAt,
      primarySectionId: primary,
      sectionIds: [...new Set([primary, extra])],
      tagIds: [...tagIds],
      authorIds: [...authorIds],
    };
  }
}

const CREATED_AT = new Date(END - SPAN_MS - 86400_000).toISOString();
const slugOf = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Writes the archive straight into a migrated, empty database through Kysely (no services: a service call per
 * article would take hours), in transactions of `batch` articles. Calls `onProgress` after each batch. Returns each
 * article's publication time (ms, indexed by id), which its comments follow.
 */
export async function insertDataset(db: Kysely<Database>, n: number, onProgress?: (done: number) => void, batch = 500): Promise<Float64Array> {
  const random = seededRandom(SEED ^ 0x7a65);
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    for (const [i, s] of SECTIONS.entries()) {
      ids.set(s.slug, i + 1);
      await trx
        .insertInto('sections')
        .values({
          id: i + 1,
          slug: s.slug,
          name: s.name,
          description: `${s.name} news.`,
          parent_id: s.parent ? ids.get(s.parent)! : null,
          sort_order: i,
          comment_policy: 'open',
          created_at: CREATED_AT,
        })
        .execute();
    }
    const people = Array.from({ length: AUTHOR_COUNT }, (_, i) => {
      const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;
      return {
        id: i + 1,
        slug: `${slugOf(name)}-${i + 1}`,
        display_name: name,
        bio: `Reports for the desk since ${2000 + (i % 25)}.`,
        avatar_url: null,
        created_at: CREATED_AT,
      };
    });
    for (let i = 0; i < people.length; i += 100)
      await trx
        .insertInto('people')
        .values(people.slice(i, i + 100))
        .execute();
    const tags = Array.from({ length: TAG_COUNT }, (_, i) => {
      // Tag names: two vocabulary words from the news and invented ranks (as topic names are).
      const name = `${vocabulary[FUNCTION_WORDS.length + Math.floor(random() * 3000)]} ${vocabulary[FUNCTION_WORDS.length + Math.floor(random() * 20000)]}`;
      const label = name.charAt(0).toUpperCase() + name.slice(1);
      return { id: i + 1, slug: `${slugOf(label)}-${i + 1}`, name: label, description: '', created_at: CREATED_AT };
    });
    for (let i = 0; i < tags.length; i += 200)
      await trx
        .insertInto('tags')
        .values(tags.slice(i, i + 200))
        .execute();
  });

  let pending: GeneratedArticle[] = [];
  let done = 0;
  const flush = async () => {
    if (!pending.length) return;
    const articles = pending;
    pending = [];
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('articles')
        .values(
          articles.map((a) => ({
            id: a.id,
            slug: a.slug,
            title: a.title,
            standfirst: a.standfirst,
            body: a.body,
            status: 'published' as const,
            created_at: a.publishedAt,
            updated_at: a.publishedAt,
            published_at: a.publishedAt,
            primary_section_id: a.primarySectionId,
            featured_image_url: null,
            featured_image_alt: '',
            featured_image_caption: '',
            featured_image_credit: '',
            featured_image_width: null,
            featured_image_height: null,
            comments_open: true,
            seo_title: '',
            seo_description: '',
            version: 1,
          })),
        )
        .execute();
      const sections = articles.flatMap((a) => a.sectionIds.map((section_id) => ({ article_id: a.id, section_id })));
      const tagLinks = articles.flatMap((a) => a.tagIds.map((tag_id) => ({ article_id: a.id, tag_id })));
      const authors = articles.flatMap((a) => a.authorIds.map((person_id, position) => ({ article_id: a.id, person_id, position })));
      if (sections.length) await trx.insertInto('article_sections').values(sections).execute();
      if (tagLinks.length) await trx.insertInto('article_tags').values(tagLinks).execute();
      if (authors.length) await trx.insertInto('article_authors').values(authors).execute();
    });
    done += articles.length;
    onProgress?.(done);
  };
  const publishedAt = new Float64Array(n + 1);
  for (const article of generateArticles(n)) {
    publishedAt[article.id] = Date.parse(article.publishedAt);
    pending.push(article);
    if (pending.length >= batch) await flush();
  }
  await flush();
  return publishedAt;
}

/** PostgreSQL identity columns do not advance for explicit ids; move them past the inserted rows. */
async function resetSequences(db: Kysely<Database>): Promise<void> {
  for (const table of ['people', 'sections', 'tags', 'articles', 'comments']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest(1, (select coalesce(max(id), 0) from ${sql.table(table)})))`.execute(db);
  }
}

/** What to generate: stories, and reader comments over them (10 per story unless told). */
export interface DatasetSize {
  articles: number;
  comments: number;
}

export interface DatasetTimings {
  articles: number;
  comments: number;
  /** Articles and comments together. */
  insertSeconds: number;
  index: RebuildResult;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

function progressLogger(label: string, total: number): (done: number) => void {
  let lastTenth = -1;
  return (done) => {
    const tenth = Math.floor((done / total) * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      log(`  ${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`);
    }
  };
}

/** Fills a migrated, empty database: the articles, their comments, then the search index through the reindex code path. */
async function build(database: DatabaseHandle, size: DatasetSize): Promise<DatasetTimings> {
  const n = size.articles;
  const started = performance.now();
  const publishedAt = await insertDataset(database.db, n, progressLogger('articles inserted', n));
  await insertComments(database.db, { total: size.comments, publishedAt, words: vocabulary }, progressLogger('comments inserted', size.comments));
  await afterCommentsInserted(database.db);
  if (database.dialect === 'postgres') await resetSequences(database.db);
  const insertSeconds = (performance.now() - started) / 1000;
  log(
    `  inserted ${n.toLocaleString('en')} articles and ${size.comments.toLocaleString('en')} comments in ${insertSeconds.toFixed(1)} s; ` +
      'building the search index (dateline reindex)…',
  );
  const events = new DomainEventBus(() => {});
  const services = createNewsServices({ db: database.db, events, clock: systemClock, signer: createSigner('bench'.repeat(8)) });
  const indexLog = progressLogger('articles indexed', n);
  const index = await services.searchIndexer.rebuild({ onProgress: ({ done }) => indexLog(done) });
  log(`  indexed ${index.indexed.toLocaleString('en')} articles in ${(index.milliseconds / 1000).toFixed(1)} s`);
  return { articles: n, comments: size.comments, insertSeconds, index };
}

export interface PreparedDataset {
  /** For SQLite: a private copy of the cached file; for PostgreSQL: the schema holding the dataset. */
  sqliteFile?: string;
  postgresSchema?: string;
  /** Set when this run built the dataset (null when it reused a cached one). */
  built: DatasetTimings | null;
}

/**
 * SQLite: the dataset is built once into bench/results/datasets/articles-<N>-comments-<M>-v<version>.db (written to
 * a temporary name and renamed when complete) and each run works on a copy of it in its own DATA_DIR.
 */
export async function prepareSqliteDataset(resultsDir: string, size: DatasetSize, dataDir: string): Promise<PreparedDataset> {
  const n = size.articles;
  const dir = path.join(resultsDir, 'datasets');
  const cached = path.join(dir, `articles-${n}-comments-${size.comments}-v${DATASET_VERSION}.db`);
  let built: DatasetTimings | null = null;
  if (!fs.existsSync(cached)) {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${cached}.partial-${randomBytes(4).toString('hex')}`;
    log(`building the ${n.toLocaleString('en')}-article dataset into ${path.relative(process.cwd(), cached)} (once; later runs reuse it)…`);
    const database = openDatabase({ dialect: 'sqlite', filename: partial });
    try {
      await migrateToLatest(database.db, database.dialect);
      built = await build(database, size);
      await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
    } finally {
      await database.destroy();
    }
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
    fs.renameSync(partial, cached);
  } else {
    log(`reusing the dataset ${path.relative(process.cwd(), cached)}`);
  }
  const copy = path.join(dataDir, 'dateline.db');
  fs.copyFileSync(cached, copy);
  return { sqliteFile: copy, built };
}

/**
 * PostgreSQL: the dataset lives in the schema bench_articles_<N>_c<M>_v<version>, kept between runs (a row in its
 * bench_dataset table marks it complete; an incomplete one is dropped and rebuilt). Drop it by hand to free the
 * space: `drop schema bench_articles_100000_c1000000_v2 cascade`.
 */
export async function preparePostgresDataset(connectionString: string, size: DatasetSize): Promise<PreparedDataset> {
  const n = size.articles;
  const schema = `bench_articles_${n}_c${size.comments}_v${DATASET_VERSION}`;
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  let complete = false;
  try {
    const { rows } = await admin.query(`select 1 from information_schema.tables where table_schema = $1 and table_name = 'bench_dataset'`, [schema]);
    complete = rows.length > 0;
    if (!complete) {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.query(`create schema ${schema}`);
    }
  } finally {
    await admin.end();
  }
  if (complete) {
    log(`reusing the dataset in schema ${schema}`);
    return { postgresSchema: schema, built: null };
  }
  log(`building the ${n.toLocaleString('en')}-article dataset into schema ${schema} (once; later runs reuse it)…`);
  const database = openDatabase({ dialect: 'postgres', connectionString, schema, poolSize: 4 });
  try {
    await migrateToLatest(database.db, database.dialect);
    const built = await build(database, size);
    await sql`vacuum analyze`.execute(database.db);
    await sql`create table bench_dataset (articles integer not null, comments integer not null, version integer not null, built_at timestamptz not null default now())`.execute(
      database.db,
    );
    await sql`insert into bench_dataset (articles, comments, version) values (${n}, ${size.comments}, ${DATASET_VERSION})`.execute(database.db);
    return { postgresSchema: schema, built };
  } finally {
    await database.destroy();
  }
}
