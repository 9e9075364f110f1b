import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { Commenter } from '../../../test/helpers/commenter.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { auditSentences, expectValidHtml } from '../../../test/helpers/html.js';
import { createStaffUser, loginAs, postForm } from '../../../test/helpers/staff.js';

describeEachDialect('moderation queue', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let editorCookie: string;
  let editorName: string;
  let authorCookie: string;
  let authorName: string;
  let ownPath: string;
  let otherPath: string;

  beforeAll(async () => {
    clock = new ManualClock('2026-02-09T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    const editor = await createStaffUser(t.app, 'editor');
    const author = await createStaffUser(t.app, 'author');
    const contributor = await createStaffUser(t.app, 'contributor');
    editorCookie = await loginAs(t.app, editor.email, editor.password);
    editorName = editor.displayName;
    authorCookie = await loginAs(t.app, author.email, author.password);
    authorName = author.displayName;
    const own = await makeArticle(t.app.services, { title: 'Author’s own story', authorIds: [author.personId!] });
    const other = await makeArticle(t.app.services, { title: 'Someone else’s story' });
    ownPath = (await t.app.services.articles.findPublishedById(own))!.path;
    otherPath = (await t.app.services.articles.findPublishedById(other))!.path;
    expect(contributor.role).toBe('contributor');
  });
  afterAll(async () => t.close());

  const held = async (path: string, text: string) => {
    const res = await new Commenter(t.app, clock).post(path, { comment: text, author: 'First Timer', email: `${text.length}-${Math.random()}@example.com` });
    return Number(res.headers.location!.match(/#comment-(\d+)$/)![1]);
  };

  it('shows pending comments first, with counts, spam score and reasons; approving publishes for everyone', async () => {
    const id = await held(otherPath, 'A first comment that waits for a moderator.');
    const queue = await t.app.inject({ url: '/newsroom/comments', headers: { cookie: editorCookie } });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`id="c${id}"`);
    expect(queue.body).toMatch(/Pending <span class="nr-count">\d+<\/span>/);
    expect(queue.body).toContain('first-comment: first comment from this email address');
    expect(queue.body).toMatch(/<dt>Spam score<\/dt><dd>0\.\d\d<\/dd>/);
    expect((await t.app.inject(otherPath)).body).not.toContain(`id="comment-${id}"`);

    const res = await postForm(t.app, '/newsroom/comments/bulk', editorCookie, { one: `approve:${id}`, back: '/newsroom/comments?status=pending' });
    expect(res.statusCode).toBe(303);
    expect(new URL(res.headers.location!, 'http://x').searchParams.get('done')).toBe('1 comment approved.');
    expect((await t.app.inject(otherPath)).body).toContain(`id="comment-${id}"`);
    const history = await t.app.inject({ url: `/newsroom/comments/${id}`, headers: { cookie: editorCookie } });
    await expectValidHtml(history.body);
    expect(auditSentences(history.body)).toEqual([`${editorName} approved the comment by First Timer`]);
    expect(history.body).toMatch(/<dt>Before<\/dt><dd><pre>\{\s*&quot;status&quot;: &quot;pending&quot;\s*\}<\/pre>/);
  });

  it('leaves comments under a trashed article out of the queue and its counts, and brings them back on restore', async () => {
    const story = await makeArticle(t.app.services, { title: 'A story about to be trashed' });
    const path = (await t.app.services.articles.findPublishedById(story))!.path;
    const id = await held(path, 'Waiting under a story that goes to the trash.');
    const pendingCount = async () => (await t.app.services.moderation.counts({ all: true })).pending;
    const before = await pendingCount();
    await t.app.services.articles.transaction((tx) => tx.trash(story, { actorId: null }));
    expect(await pendingCount()).toBe(before - 1);
    expect((await t.app.inject({ url: '/newsroom/comments', headers: { cookie: editorCookie } })).body).not.toContain(`id="c${id}"`);
    await t.app.services.articles.transaction((tx) => tx.restore(story));
    expect(await pendingCount()).toBe(before);
    expect((await t.app.inject({ url: '/newsroom/comments', headers: { cookie: editorCookie } })).body).toContain(`id="c${id}"`);
  });

  it('links each comment to its place on its story, whatever the story’s visibility, or to the home page once unpublished', async () => {
    const stories = await Promise.all(
      ['Goes private', 'Gets a password', 'Stays public', 'Unpublished'].map((title) => makeArticle(t.app.services, { title })),
    );
    const paths = await Promise.all(stories.map(async (id) => (await t.app.services.articles.findPublishedById(id))!.path));
    const ids = await Promise.all(paths.map((path, n) => held(path, `Waiting under story ${n}.`)));
    await t.app.services.articles.update(stories[0]!, { visibility: 'private' });
    await t.app.services.articles.update(stories[1]!, { visibility: 'password', password: 'open sesame' });
    await t.app.services.articles.unpublish(stories[3]!);
    const queue = (await t.app.inject({ url: '/newsroom/comments', headers: { cookie: editorCookie } })).body;
    const link = (id: number) => queue.match(new RegExp(`On <a href="([^"]*#comment-${id})">`))?.[1];
    expect(ids.map(link)).toEqual([...paths.slice(0, 3), '/'].map((path, n) => `${path}#comment-${ids[n]}`));
  });

  it('applies bulk actions and teaches the spam filter', async () => {
    const a = await held(otherPath, 'Bulk one, a plain comment.');
    const b = await held(otherPath, 'Bulk two, another plain comment.');
    const res = await t.app.inject({
      method: 'POST',
      url: '/newsroom/comments/bulk',
      headers: { cookie: editorCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent((await t.app.inject({ url: '/newsroom/comments', headers: { cookie: editorCookie } })).body.match(/name="_csrf" value="([^"]+)"/)![1]!)}&ids=${a}&ids=${b}&action=spam`,
    });
    expect(res.statusCode).toBe(303);
    const spam = await t.app.services.moderation.queue({ status: 'spam' }, { all: true });
    expect(spam.items.map((c) => c.id)).toEqual(expect.arrayContaining([a, b]));
    const models = await t.app.inject({ url: '/newsroom/comments?status=spam', headers: { cookie: editorCookie } });
    expect(models.body).toContain('moderator: spam by moderator');
  });

  it('lets an editor edit a comment and reply as staff, with a badge on the site', async () => {
    const id = await held(otherPath, 'Please fix my typo teh.');
    await postForm(t.app, '/newsroom/comments/bulk', editorCookie, { one: `approve:${id}` });
    const edit = await postForm(t.app, `/newsroom/comments/${id}/edit`, editorCookie, { body: 'Please fix my typo the.' });
    expect(edit.statusCode).toBe(303);
    const empty = await postForm(t.app, `/newsroom/comments/${id}/reply`, editorCookie, { body: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Please enter your comment!');
    await postForm(t.app, `/newsroom/comments/${id}/reply`, editorCookie, { body: 'Thanks, corrected.' });
    const page = (await t.app.inject(otherPath)).body;
    expect(page).toContain('Please fix my typo the.');
    expect(page).toContain('<span class="staff-badge">Staff</span>');
    expect(page).toContain('Thanks, corrected.');
    const history = await t.app.inject({ url: `/newsroom/comments/${id}`, headers: { cookie: editorCookie } });
    await expectValidHtml(history.body);
    expect(auditSentences(history.body)).toEqual([`${editorName} edited the comment by First Timer`, `${editorName} approved the comment by First Timer`]);
    expect(history.body).toContain('&quot;body&quot;: &quot;Please fix my typo teh.&quot;');
    const replyId = Math.max(...(await t.app.services.moderation.queue({ status: 'approved' }, { all: true })).items.map((c) => c.id));
    const reply = await t.app.inject({ url: `/newsroom/comments/${replyId}`, headers: { cookie: editorCookie } });
    expect(auditSentences(reply.body)).toEqual([`${editorName} replied as staff to comment ${id}`]);

    for (const [action, words] of [
      ['unapprove', 'unapproved the comment by First Timer (back to pending)'],
      ['spam', 'marked the comment by First Timer as spam'],
      ['not-spam', 'marked the comment by First Timer as not spam and approved it'],
      ['trash', 'moved the comment by First Timer to the trash'],
      ['restore', 'restored the comment by First Timer to pending'],
    ] as const) {
      expect((await postForm(t.app, '/newsroom/comments/bulk', editorCookie, { one: `${action}:${id}` })).statusCode).toBe(303);
      const page = await t.app.inject({ url: `/newsroom/comments/${id}`, headers: { cookie: editorCookie } });
      expect(auditSentences(page.body)[0]).toBe(`${editorName} ${words}`);
    }
  });

  it('lets an author moderate only comments on their own articles', async () => {
    const mine = await held(ownPath, 'On the author’s story.');
    const theirs = await held(otherPath, 'On another story.');
    const queue = await t.app.inject({ url: '/newsroom/comments', headers: { cookie: authorCookie } });
    expect(queue.statusCode, queue.body.slice(0, 3000)).toBe(200);
    expect(queue.body).toContain(`id="c${mine}"`);
    expect(queue.body).not.toContain(`id="c${theirs}"`);
    const refused = await postForm(t.app, '/newsroom/comments/bulk', authorCookie, { one: `approve:${theirs}` });
    expect(refused.statusCode).toBe(403);
    const allowed = await postForm(t.app, '/newsroom/comments/bulk', authorCookie, { one: `approve:${mine}` });
    expect(allowed.statusCode).toBe(303);
    // The same words as everyone's, without the moderators' addresses or a way into the audit log they may not read.
    const history = await t.app.inject({ url: `/newsroom/comments/${mine}`, headers: { cookie: authorCookie } });
    await expectValidHtml(history.body);
    expect(auditSentences(history.body)).toEqual([`${authorName} approved the comment by First Timer`]);
    expect(history.body).not.toContain('<dt>Address</dt>');
    expect(history.body).not.toContain('/newsroom/audit');
  });

  it('pages a long queue by cursor links, sends an old ?page=N to where that page begins, refuses a malformed cursor', async () => {
    const article = await makeArticle(t.app.services, { title: 'A busy story' });
    const at = (n: number) => `2026-01-0${1 + Math.floor(n / 20)}T10:00:00.000Z`; // ties, 20 to a timestamp
    await t.database.db
      .insertInto('comments')
      .values(
        Array.from({ length: 60 }, (_, n) => ({
          article_id: article,
          status: 'pending' as const,
          body: `Queued ${n}`,
          body_html: `<p>Queued ${n}</p>`,
          author_name: 'Busy Reader',
          author_email: 'busy@example.test',
          parent_id: null,
          user_id: null,
          is_staff: false,
          notify_replies: false,
          spam_score: null,
          reasons: '[]',
          edited_at: null,
          created_at: at(n),
          updated_at: at(n),
          status_changed_at: at(n),
        })),
      )
      .execute();
    const url = `/newsroom/comments?status=pending&article=${article}`;
    const first = await t.app.inject({ url, headers: { cookie: editorCookie } });
    expect(first.statusCode).toBe(200);
    const next = first.body.match(/<a href="([^"]+)" rel="next">Later comments →<\/a>/)![1]!.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/newsroom\/comments\?status=pending&article=\d+&after=2026-01-03T10%3A00%3A00.000Z%7E\d+$/);
    const second = await t.app.inject({ url: next, headers: { cookie: editorCookie } });
    const ids = (html: string) => [...html.matchAll(/data-comment-id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids(first.body)).toHaveLength(50);
    expect(ids(second.body)).toHaveLength(10);
    expect(new Set([...ids(first.body), ...ids(second.body)]).size).toBe(60);
    expect(second.body).not.toContain('rel="next"');
    expect(second.body).toContain(`<a href="/newsroom/comments?status=pending&amp;article=${article}">First page</a>`);
    await expectValidHtml(second.body);

    const old = await t.app.inject({ url: `${url}&page=2`, headers: { cookie: editorCookie } });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(next);
    expect((await t.app.inject({ url: `${url}&page=9`, headers: { cookie: editorCookie } })).headers.location).toBe(url);
    expect((await t.app.inject({ url: `${url}&after=yesterday`, headers: { cookie: editorCookie } })).statusCode).toBe(400);
  });

  it('keeps contributors and strangers out', async () => {
    const contributor = await createStaffUser(t.app, 'contributor');
    const cookie = await loginAs(t.app, contributor.email, contributor.password);
    expect((await t.app.inject({ url: '/newsroom/comments', headers: { cookie } })).statusCode).toBe(403);
    expect((await t.app.inject('/newsroom/comments')).statusCode).toBe(303);
  });
});
