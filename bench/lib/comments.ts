import { percentile } from './latency.js';
import { leadArticlePath } from './scenarios.js';
import type { BenchSite } from './site.js';

/**
 * The comment-posting scenario: many readers post through the real form at once, and afterwards every comment the
 * site acknowledged is looked up in the database.
 *
 * Each commenter is one reader with their own address (an X-Forwarded-For value; the site runs with TRUST_PROXY so
 * flood control applies per reader as it does behind a proxy), email, name, text and cookies. All of them first open
 * the article page (which gives each a CSRF cookie and token and a signed form token), then everyone waits a little
 * over the pipeline's minimum time to post (so nobody is filed as a too-fast bot), then they post with at most
 * `concurrency` requests in flight. Every fourth commenter replies to a comment acknowledged earlier in the run.
 */

export interface CommentScenarioOptions {
  commenters: number;
  /** Posts (and page loads) in flight at once. */
  concurrency: number;
  /** Real time between the last page load and the first post; must exceed the pipeline's 3 s minimum. */
  waitMs?: number;
}

export interface CommentScenarioResult {
  articlePath: string;
  commenters: number;
  concurrency: number;
  waitMs: number;
  /** Commenters whose article page did not load (they post nothing). */
  pageErrors: number;
  /** Seconds the page loads took, all commenters together. */
  pageLoadSeconds: number;
  posts: number;
  /** 2xx or 3xx: the site said the comment was taken. */
  acknowledged: number;
  /** Acknowledged posts that were replies (sent with a parent_id). */
  acknowledgedReplies: number;
  /** 4xx, by status. */
  rejected: Record<string, number>;
  /** The message the site gave for each kind of rejection, with counts. */
  rejectedReasons: Record<string, number>;
  /** Posts answered 5xx or failed on the network. */
  errors: number;
  /** A few of the page-load and post failures, for the notes. */
  errorSamples: string[];
  durationSeconds: number;
  postsPerSecond: number;
  latencyMs: { average: number; p50: number; p99: number; max: number };
  /** How the acknowledged comments were stored (approved, pending, spam), from the database. */
  storedAs: Record<string, number>;
  /** Acknowledged but not in the database as sent (missing, different, or no comment id in the answer). */
  lost: number;
  lostDetails: string[];
}

interface Commenter {
  index: number;
  ip: string;
  name: string;
  email: string;
  body: string;
  cookie: string;
  fields: { article_id: string; form_token: string; _csrf: string } | null;
}

interface Acknowledged {
  commenter: Commenter;
  id: number | null;
  parentId: number | null;
  location: string;
}

const TOPICS = [
  'the council budget',
  'the new bus timetable',
  'the school catchment change',
  'the river clean-up',
  'the library opening hours',
  'the housing figures',
  'the planning decision',
  'the hospital waiting times',
];
const OPENINGS = [
  'I read this twice before commenting.',
  'Good reporting, though I would have liked one more voice in it.',
  'This matches what we have seen on our street.',
  'I am not sure the numbers tell the whole story here.',
  'My neighbours and I were talking about this only yesterday.',
];

/**
 * A distinct, plain, already-normalised comment per reader, so the stored body must equal it exactly. Worded like a
 * real reader's so the learned spam filter (which still runs) scores it well below its threshold.
 */
function commentText(index: number, runTag: string): string {
  const topic = TOPICS[index % TOPICS.length]!;
  const opening = OPENINGS[Math.floor(index / TOPICS.length) % OPENINGS.length]!;
  return `${opening} Did anyone ask the people affected by ${topic} what they think?\n\n(reader ${index + 1}, ${runTag})`;
}

/** 10.x.y.z from a 1-based number: only a header value, never an address anything connects to. */
function address(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };
const unescapeHtml = (value: string) => value.replace(/&(?:amp|quot|#39|lt|gt);/g, (entity) => ENTITIES[entity]!);

export function hiddenField(html: string, name: string): string | null {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return value === undefined ? null : unescapeHtml(value);
}

/** Merges a response's Set-Cookie headers into a Cookie header value (later values win). */
export function mergeCookies(previous: string, response: Response): string {
  const jar = new Map<string, string>();
  for (const part of previous.split('; ')) {
    const at = part.indexOf('=');
    if (at > 0) jar.set(part.slice(0, at), part.slice(at + 1));
  }
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0]!;
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const value = pair.slice(at + 1);
    if (value === '') jar.delete(pair.slice(0, at));
    else jar.set(pair.slice(0, at), value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Runs `task` for 0..count-1 with at most `limit` running at once. */
async function pool(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) await task(index);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The message a 422 page shows: the form-wide problem, else the first field error. */
function rejectionReason(status: number, html: string): string {
  const problem = /id="comment-form-problem"[^>]*>([^<]*)</.exec(html)?.[1]?.trim();
  const field = /class="field-error"[^>]*>([^<]+)</.exec(html)?.[1]?.trim();
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim();
  const reason = (problem && !problem.startsWith('Your comment was not posted') ? problem : field) ?? problem ?? title ?? 'no message';
  return `${status} ${unescapeHtml(reason)}`;
}

export async function runCommentScenario(site: BenchSite, options: CommentScenarioOptions): Promise<CommentScenarioResult> {
  const waitMs = options.waitMs ?? 3200;
  const articlePath = await leadArticlePath(site);
  const articleUrl = `${site.url}${articlePath}`;
  // The pipeline still runs in full; this only stops every first-time commenter being held for moderation.
  await site.app.services.settings.update({ commentsRequirePriorApproval: false });

  const runTag = Date.now().toString(36);
  const commenters: Commenter[] = Array.from({ length: options.commenters }, (_, index) => ({
    index,
    ip: address(index + 1),
    name: `Bench Reader ${index + 1}`,
    email: `reader${index + 1}.${runTag}@bench.example`,
    body: commentText(index, runTag),
    cookie: '',
    fields: null,
  }));

  // 1. Everyone opens the article page: their own CSRF cookie and token, and a form token stamped with the time.
  let pageErrors = 0;
  const pageErrorSamples: string[] = [];
  const pagesStarted = performance.now();
  await pool(commenters.length, options.concurrency, async (index) => {
    const commenter = commenters[index]!;
    try {
      const response = await fetch(articleUrl, { headers: { 'x-forwarded-for': commenter.ip }, redirect: 'manual' });
      const html = await response.text();
      commenter.cookie = mergeCookies(commenter.cookie, response);
      const article_id = hiddenField(html, 'article_id');
      const form_token = hiddenField(html, 'form_token');
      const _csrf = hiddenField(html, '_csrf');
      if (response.status !== 200 || !article_id || !form_token || !_csrf) {
        throw new Error(`article page answered ${response.status}${response.status === 200 ? ' without a comment form' : ''}`);
      }
      commenter.fields = { article_id, form_token, _csrf };
    } catch (error) {
      pageErrors++;
      if (pageErrorSamples.length < 5) pageErrorSamples.push(`page load: ${(error as Error).message}`);
    }
  });
  const pageLoadSeconds = (performance.now() - pagesStarted) / 1000;

  // 2. Everyone "types" for the same real time, once, after the last form was issued.
  await new Promise((resolve) => setTimeout(resolve, waitMs));

  // 3. Everyone posts.
  const acknowledged: Acknowledged[] = [];
  const rejected: Record<string, number> = {};
  const rejectedReasons: Record<string, number> = {};
  const errorSamples: string[] = [...pageErrorSamples];
  const latencies: number[] = [];
  let posts = 0;
  let errors = 0;
  const postsStarted = performance.now();
  await pool(commenters.length, options.concurrency, async (index) => {
    const commenter = commenters[index]!;
    if (!commenter.fields) return;
    // Every fourth reader replies to a comment the site has already acknowledged in this run (spread over them).
    const parents = acknowledged.filter((a) => a.id !== null);
    const parentId = index % 4 === 3 && parents.length ? parents[(index * 7919) % parents.length]!.id : null;
    const form = new URLSearchParams({
      article_id: commenter.fields.article_id,
      form_token: commenter.fields.form_token,
      parent_id: parentId === null ? '' : String(parentId),
      comment: commenter.body,
      author: commenter.name,
      email: commenter.email,
      url: '',
      contact_me: '',
      _csrf: commenter.fields._csrf,
    });
    posts++;
    const started = performance.now();
    try {
      const response = await fetch(`${site.url}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: commenter.cookie, 'x-forwarded-for': commenter.ip },
        body: form.toString(),
        redirect: 'manual',
      });
      const html = await response.text();
      latencies.push(performance.now() - started);
      commenter.cookie = mergeCookies(commenter.cookie, response);
      const status = response.status;
      if (status >= 200 && status < 400) {
        const location = response.headers.get('location') ?? '';
        const id = /#comment-(\d+)$/.exec(location)?.[1];
        acknowledged.push({ commenter, id: id ? Number(id) : null, parentId, location });
      } else if (status >= 400 && status < 500) {
        rejected[status] = (rejected[status] ?? 0) + 1;
        const reason = rejectionReason(status, html);
        rejectedReasons[reason] = (rejectedReasons[reason] ?? 0) + 1;
      } else {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`POST answered ${status}`);
      }
    } catch (error) {
      latencies.push(performance.now() - started);
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`POST failed: ${(error as Error).message}`);
    }
  });
  const durationSeconds = (performance.now() - postsStarted) / 1000;

  // 4. Every acknowledged comment must be in the database exactly as sent.
  const { lost, lostDetails, storedAs } = await verify(site, acknowledged);

  latencies.sort((a, b) => a - b);
  return {
    articlePath,
    commenters: options.commenters,
    concurrency: options.concurrency,
    waitMs,
    pageErrors,
    pageLoadSeconds: round(pageLoadSeconds),
    posts,
    acknowledged: acknowledged.length,
    acknowledgedReplies: acknowledged.filter((a) => a.parentId !== null).length,
    rejected,
    rejectedReasons,
    errors,
    errorSamples,
    durationSeconds: round(durationSeconds),
    postsPerSecond: round(posts / durationSeconds),
    latencyMs: {
      average: round(latencies.reduce((sum, ms) => sum + ms, 0) / (latencies.length || 1)),
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
    storedAs,
    lost,
    lostDetails,
  };
}

async function verify(site: BenchSite, acknowledged: Acknowledged[]) {
  const lostDetails: string[] = [];
  const storedAs: Record<string, number> = {};
  const ids = acknowledged.flatMap((a) => (a.id === null ? [] : [a.id]));
  type Stored = { id: number; article_id: number; parent_id: number | null; author_email: string; body: string; status: string };
  const rows = new Map<number, Stored>();
  // In chunks, well under SQLite's limit on bound parameters.
  for (let i = 0; i < ids.length; i += 500) {
    const found = await site.database.db
      .selectFrom('comments')
      .select(['id', 'article_id', 'parent_id', 'author_email', 'body', 'status'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of found) rows.set(row.id, row);
  }
  let lost = 0;
  for (const ack of acknowledged) {
    const who = `${ack.commenter.email} (${ack.commenter.ip})`;
    if (ack.id === null) {
      lost++;
      lostDetails.push(`${who}: acknowledged without a comment id (Location "${ack.location}")`);
      continue;
    }
    const row = rows.get(ack.id);
    const problems: string[] = [];
    if (!row) problems.push('no such comment');
    else {
      if (row.author_email !== ack.commenter.email) problems.push(`email is "${row.author_email}"`);
      if (row.body !== ack.commenter.body) problems.push('body differs');
      if (String(row.article_id) !== ack.commenter.fields?.article_id) problems.push(`article is ${row.article_id}`);
      if (row.parent_id !== ack.parentId) problems.push(`parent is ${row.parent_id}, sent ${ack.parentId}`);
      storedAs[row.status] = (storedAs[row.status] ?? 0) + 1;
    }
    if (problems.length) {
      lost++;
      lostDetails.push(`${who}: comment ${ack.id}: ${problems.join(', ')}`);
    }
  }
  return { lost, lostDetails, storedAs };
}
