import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DiscussionComment, makeArticle, makeDiscussion } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { INLINE_REPLY_BUDGET, MAX_THREADS_PER_PAGE, REPLIES_PER_THREAD_PAGE } from '../../news/comments/comment-page.js';

/** The comment ids a page renders, in document order. */
const renderedIds = (html: string) => [...html.matchAll(/<li id="comment-(\d+)"/g)].map((m) => Number(m[1]));
const moreLinks = (html: string) => [...html.matchAll(/<a href="(\?thread=\d+)#comment-\d+">Show ([\d,]+) (?:more )?repl/g)];
/** How deep the comment lists nest: 1 for comments with no replies shown. */
const nesting = (html: string) => {
  let depth = 0;
  let deepest = 0;
  for (const [tag] of html.slice(html.indexOf('<ol class="comment-list">')).matchAll(/<ol class="comment-(?:list|replies)">|<\/ol>/g)) {
    depth += tag === '</ol>' ? -1 : 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
};

describeEachDialect('comment pages at any size', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  async function discussion(comments: DiscussionComment[]) {
    const id = await makeArticle(t.app.services, { title: `Discussion of ${comments.length}` });
    const ids = await makeDiscussion(t.database.db, id, comments);
    return { path: (await t.app.services.articles.findPublishedById(id))!.path, ids };
  }
  const get = async (url: string) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const bounded = (html: string) => {
    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
    expect(renderedIds(html).length).toBeLessThanOrEqual(MAX_THREADS_PER_PAGE + INLINE_REPLY_BUDGET);
  };

  it('serves a page of a 5,000-comment article bounded in comments and bytes, and pages its threads', async () => {
    // 1,000 threads: a comment, two replies to it, a reply to the first reply, and one more to the comment.
    const shape: DiscussionComment[] = [];
    for (let i = 0; i < 1000; i++) {
      const root = shape.length;
      shape.push({}, { parent: root }, { parent: root }, { parent: root + 1 }, { parent: root });
    }
    const { path, ids } = await discussion(shape);
    const html = await get(path);
    bounded(html);
    expect(html).toContain('5,000 comments');
    const pages = Math.ceil(1000 / MAX_THREADS_PER_PAGE);
    expect(html).toContain(`Comments page 1 of ${pages}`);
    // The first thread: its comment and first three replies in their tree; the fourth is behind the link.
    expect(renderedIds(html).slice(0, 4)).toEqual([ids[0], ids[1], ids[3], ids[2]]);
    expect(moreLinks(html)[0]?.[2]).toBe('1');
    const last = await get(`${path}?cpage=${pages}`);
    bounded(last);
    expect(renderedIds(last)).toContain(ids[4995]);
  });

  it('keeps the fullest first page under 100 KB with comments of 500 characters, without repeating the path per comment', async () => {
    // 1,250 threads of a comment and three replies: every thread has replies, so the page holds all it may.
    const body = 'A reader who has plenty to say about this story, and says it at length. '.repeat(7).slice(0, 500);
    const shape: DiscussionComment[] = [];
    for (let i = 0; i < 1250; i++) shape.push({ body }, ...Array.from({ length: 3 }, () => ({ parent: i * 4, body })));
    const { path, ids } = await discussion(shape);
    const html = await get(path);
    expect(renderedIds(html)).toHaveLength(MAX_THREADS_PER_PAGE + INLINE_REPLY_BUDGET);
    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
    // Permalinks, Reply and "Show more" links are a query alone on the article's own address.
    expect(html).not.toContain(`${path}?c=`);
    expect(html).not.toContain(`${path}?replytocom=`);
    expect(html).toContain(`href="?c=${ids[0]}#comment-${ids[0]}"`);
    expect(html).toContain('href="?replytocom=');
  });

  it('collapses a 5,000-reply thread behind a link that works without JavaScript, paged and permalinked', async () => {
    const { path, ids } = await discussion([{}, ...Array.from({ length: 5000 }, () => ({ parent: 0 }))]);
    const html = await get(path);
    bounded(html);
    expect(renderedIds(html)).toEqual(ids.slice(0, 4));
    const [link] = moreLinks(html);
    expect(link?.[2]).toBe('4,997');
    const thread = await get(`${path}${link![1]}`);
    bounded(thread);
    expect(renderedIds(thread)).toEqual(ids.slice(0, REPLIES_PER_THREAD_PAGE + 1));
    expect(thread).toContain(`Replies page 1 of ${Math.ceil(5000 / REPLIES_PER_THREAD_PAGE)}`);
    // A permalink to a reply deep inside the collapsed part lands on the thread's page that holds it.
    const deep = ids[4321]!;
    const landing = await get(`${path}?c=${deep}`);
    expect(renderedIds(landing)).toContain(deep);
    expect(landing).toContain(`Replies page ${Math.floor(4320 / REPLIES_PER_THREAD_PAGE) + 1} of 100`);
    expect(landing).toContain(`href="${path}?c=${ids[0]}#comment-${ids[0]}">← All comments`);
  });

  it('collapses a 200-deep reply chain, and shows the rest of it on its own page', async () => {
    const { path, ids } = await discussion(Array.from({ length: 201 }, (_, i) => (i === 0 ? {} : { parent: i - 1 })));
    const html = await get(path);
    bounded(html);
    expect(renderedIds(html)).toEqual(ids.slice(0, 4));
    expect(moreLinks(html)[0]?.[2]).toBe('197');
    const rest = await get(`${path}?thread=${ids[0]}&tpage=4`);
    expect(renderedIds(rest)).toEqual([ids[0], ...ids.slice(151, 201)]);
    expect(rest).toContain('Replies page 4 of 4');
    // Depth stays at the site's limit however long the chain.
    expect(nesting(rest)).toBe((await t.app.services.settings.get()).commentsThreadDepth);
  });

  it('lands a permalink on the page of threads that holds its comment', async () => {
    const { path, ids } = await discussion(Array.from({ length: 120 }, (_, i) => (i % 2 ? { parent: i - 1 } : {})));
    // 60 threads of two; thread 55 (comment index 110) is on page 2.
    const html = await get(`${path}?c=${ids[111]}`);
    expect(html).toContain('Comments page 2 of 2');
    expect(renderedIds(html)).toContain(ids[111]);
  });

  it('shows a small discussion exactly as before: every approved comment, in thread order, paged by thread', async () => {
    await t.app.services.settings.update({ commentsPerPage: 5 });
    const shape: DiscussionComment[] = [
      {},
      { parent: 0 },
      {},
      { parent: 1 },
      { status: 'pending' },
      { parent: 2 },
      {},
      {},
      { parent: 0, status: 'spam' },
      {},
      {},
      { parent: 9 },
    ];
    const { path, ids } = await discussion(shape);
    // The old reading: approved comments oldest first; top-level ones paged, each followed by its replies in tree order.
    const approved = shape.map((c, i) => ({ ...c, i })).filter((c) => (c.status ?? 'approved') === 'approved');
    const walk = (parent: number | undefined): number[] => approved.filter((c) => c.parent === parent).flatMap((c) => [ids[c.i]!, ...walk(c.i)]);
    const tops = approved.filter((c) => c.parent === undefined);
    const pages = [tops.slice(0, 5), tops.slice(5)].map((page) => page.flatMap((c) => [ids[c.i]!, ...walk(c.i)]));
    expect(renderedIds(await get(path))).toEqual(pages[0]);
    expect(renderedIds(await get(`${path}?cpage=2`))).toEqual(pages[1]);
    expect(await get(path)).toContain(`${approved.length} comments`);
    await t.app.services.settings.update({ commentsPerPage: 50 });
  });

  it('answers 404 for a thread that is not on the article', async () => {
    const { path } = await discussion([{}]);
    const other = await discussion([{}, { parent: 0 }]);
    expect((await t.app.inject(`${path}?thread=${other.ids[0]}`)).statusCode).toBe(404);
    expect((await t.app.inject(`${path}?thread=${other.ids[1]}`)).statusCode).toBe(404);
    expect((await t.app.inject(`${path}?thread=abc`)).statusCode).toBe(400);
  });
});
