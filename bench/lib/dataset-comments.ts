import type { Insertable, Kysely } from 'kysely';
import type { CommentStatus } from '../../src/news/vocabulary.js';
import type { CommentsTable, Database } from '../../src/platform/db/schema.js';
import { seededRandom } from '../../src/platform/seeded-random.js';
import { recountComments } from '../../src/news/comments/comment.repository.js';
import { aliasSampler, zipfWeights } from './zipf.js';

/**
 * Reader comments for the generated archive (see dataset.ts), deterministic from their own seed.
 *
 * Spread unevenly: every story but one draws comments from a Zipf-like distribution (exponent 0.5 over the stories
 * in a shuffled order), so at 100,000 stories and 1,000,000 comments the median story has about 7, the top hundred
 * several hundred each, and a few have none. The one story VIRAL_ARTICLE_ID has exactly VIRAL_COMMENTS approved
 * comments (fewer only when --comments is smaller), for the "story that goes viral" case.
 *
 * Threaded: about one in five is a reply to an earlier approved comment on the same story; half of those answer the
 * comment just before it, and a reply to the one before is followed by another with probability one half, so some
 * chains run several deep. Statuses: 90% approved, 6% pending, 4% spam (the viral story's are all approved).
 * Comments come within three days of their story, in id order.
 */
export const VIRAL_ARTICLE_ID = 1;
export const VIRAL_COMMENTS = 5000;
const SEED = 20260101 ^ 0xc0de;
const SPREAD_EXPONENT = 0.5;
const READERS = 50_000;
const WINDOW_MS = 3 * 24 * 3600 * 1000;
const ROWS_PER_INSERT = 1000;
const INSERTS_PER_TRANSACTION = 10;

const FIRST = 'Alex Sam Jo Kim Lee Max Noor Pat Ravi Sol Tess Uri Val Wim Yan Zia Ade Bea Cai Dov'.split(' ');
const LAST = 'ABCDEFGHJKLMNPRSTVWZ'.split('');

export interface CommentsPlan {
  /** Comments in all, the viral story's included. */
  total: number;
  /** Publication time (ms) of each article, indexed by id (index 0 unused). */
  publishedAt: Float64Array;
  /** Words for the comment texts, most frequent first (the dataset's vocabulary). */
  words: readonly string[];
}

type CommentRow = Insertable<CommentsTable>;

/** How many comments each article gets (index = article id); the counts sum to plan.total. */
function commentCounts(articles: number, total: number, random: () => number): Int32Array {
  const counts = new Int32Array(articles + 1);
  const viral = Math.min(VIRAL_COMMENTS, total);
  counts[VIRAL_ARTICLE_ID] = viral;
  const others = Array.from({ length: articles }, (_, i) => i + 1).filter((id) => id !== VIRAL_ARTICLE_ID);
  if (!others.length) return counts;
  // Which stories are popular is random, not their ids: shuffle, then rank.
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [others[i], others[j]] = [others[j]!, others[i]!];
  }
  const rank = aliasSampler(zipfWeights(others.length, SPREAD_EXPONENT), random);
  for (let left = total - viral; left > 0; left--) counts[others[rank()]!]!++;
  return counts;
}

/** Inserts the comments through plain multi-row inserts, story by story, ids 1..total in order. */
export async function insertComments(db: Kysely<Database>, plan: CommentsPlan, onProgress?: (done: number) => void): Promise<void> {
  const random = seededRandom(SEED);
  const articles = plan.publishedAt.length - 1;
  const counts = commentCounts(articles, plan.total, random);
  const word = aliasSampler(zipfWeights(plan.words.length), random);
  const reader = aliasSampler(
    zipfWeights(READERS).map((w) => Math.sqrt(w)),
    random,
  );
  let nextId = 1;
  let rows: CommentRow[] = [];
  let batch: CommentRow[][] = [];
  const flush = async (force: boolean) => {
    if (rows.length >= ROWS_PER_INSERT || (force && rows.length)) {
      batch.push(rows);
      rows = [];
    }
    if (batch.length >= INSERTS_PER_TRANSACTION || (force && batch.length)) {
      const inserts = batch;
      batch = [];
      await db.transaction().execute(async (trx) => {
        for (const values of inserts) await trx.insertInto('comments').values(values).execute();
      });
      onProgress?.(nextId - 1);
    }
  };

  for (let articleId = 1; articleId <= articles; articleId++) {
    const count = counts[articleId]!;
    if (!count) continue;
    // Times: uniform over the window after publication, then sorted so ids and times agree within a story.
    const times = Array.from({ length: count }, () => plan.publishedAt[articleId]! + 60_000 + random() * WINDOW_MS).sort((a, b) => a - b);
    const approved: number[] = [];
    let answeringPrevious = false;
    for (const time of times) {
      const id = nextId++;
      const status: CommentStatus = articleId === VIRAL_ARTICLE_ID ? 'approved' : pickStatus(random());
      let parentId: number | null = null;
      const chance = random();
      if (approved.length && (answeringPrevious ? chance < 0.5 : chance < 0.1)) {
        parentId = approved.at(-1)!;
        answeringPrevious = true;
      } else {
        answeringPrevious = false;
        if (approved.length && chance < 0.2) parentId = approved[Math.floor(random() * approved.length)]!;
      }
      const text = sentence(word, plan.words, 8 + Math.floor(random() * 60));
      const person = reader();
      const at = new Date(time).toISOString();
      rows.push({
        id,
        article_id: articleId,
        parent_id: parentId,
        status,
        body: text,
        // Vocabulary words are lower-case letters and spaces: nothing to escape.
        body_html: `<p>${text}</p>`,
        author_name: `${FIRST[person % FIRST.length]} ${LAST[Math.floor(person / FIRST.length) % LAST.length]}.`,
        author_email: `reader${person}@example.test`,
        author_ip: `10.${(person >> 16) & 255}.${(person >> 8) & 255}.${person & 255}`,
        user_id: null,
        is_staff: false,
        notify_replies: false,
        spam_score: status === 'spam' ? 0.9 + random() * 0.1 : status === 'pending' ? 0.4 + random() * 0.3 : random() * 0.3,
        reasons: status === 'approved' ? '[]' : JSON.stringify([{ phase: status === 'spam' ? 'spam' : 'hold', reason: REASONS[status] }]),
        created_at: at,
        updated_at: at,
        edited_at: null,
        status_changed_at: at,
      });
      if (status === 'approved') approved.push(id);
      await flush(false);
    }
  }
  await flush(true);
}

const REASONS: Record<Exclude<CommentStatus, 'approved'>, string> = {
  pending: 'held for review',
  spam: 'the spam filter scored it high',
  trash: 'moved to the trash',
};

/** 90% approved, 6% pending, 4% spam. */
function pickStatus(roll: number): CommentStatus {
  return roll < 0.9 ? 'approved' : roll < 0.96 ? 'pending' : 'spam';
}

function sentence(word: () => number, words: readonly string[], length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(words[word()]!);
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * The counts the app keeps about comments (each thread's root and size, each story's comment and thread counts) are
 * kept by the services that write comments; the bulk insert bypasses them, so they are recounted here, as the
 * WordPress import does, a slice of stories at a time.
 */
export async function afterCommentsInserted(db: Kysely<Database>): Promise<void> {
  const ids = (await db.selectFrom('articles').select('id').orderBy('id').execute()).map((row) => row.id);
  for (let i = 0; i < ids.length; i += RECOUNT_SLICE) {
    const slice = ids.slice(i, i + RECOUNT_SLICE);
    await db.transaction().execute((trx) => recountComments(trx, slice));
  }
}

/** Stories per recount: a slice's comments are read at once (the 5,000-comment story makes one slice big). */
const RECOUNT_SLICE = 500;
