import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { Commenter } from '../../../test/helpers/commenter.js';
import { describeEachDialect } from '../../../test/helpers/database.js';

describeEachDialect('reader comments', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let path: string;
  let n = 0;

  beforeAll(async () => {
    clock = new ManualClock('2026-02-09T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    const id = await makeArticle(t.app.services, { title: `Comment target ${++n}` });
    path = (await t.app.services.articles.findPublishedById(id))!.path;
    await t.app.services.settings.update({ commentsRequirePriorApproval: true });
  });
  const reader = () => new Commenter(t.app, clock);
  const valid = (extra: Record<string, string> = {}) => ({
    comment: 'I was in Caracas that week.\n\nIt felt different.',
    author: 'Ana Reader',
    email: `ana${n}-${Math.random().toString(36).slice(2)}@example.com`,
    ...extra,
  });

  it('answers an empty form with the three messages, 422, and everything typed kept', async () => {
    const res = await reader().post(path, { comment: '   ', author: '', email: 'nope', url: 'https://kept.example' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Please enter your comment!');
    expect(res.body).toContain('Please enter your name here');
    expect(res.body).toContain('You have entered an incorrect email address!');
    expect(res.body).toContain(
      '<textarea id="comment" name="comment" rows="7" maxlength="6000" required aria-invalid="true" aria-describedby="comment-body-error">',
    );
    expect(res.body).toMatch(/id="email"[^>]*value="nope"/);
    expect(res.body).toMatch(/id="url"[^>]*value="https:\/\/kept.example"/);
    expect(res.body).toContain('role="alert"');
  });

  it('holds a first-time commenter’s comment: shown to its author as awaiting moderation, to nobody else', async () => {
    const ana = reader();
    const res = await ana.post(path, valid());
    expect(res.statusCode).toBe(303);
    const id = Number(res.headers.location!.match(/#comment-(\d+)$/)![1]);
    const own = await ana.open(res.headers.location!.replace(/#.*/, ''));
    expect(own.body).toContain(`id="comment-${id}"`);
    expect(own.body).toContain('Your comment is awaiting moderation.');
    const other = await reader().open(path);
    expect(other.body).not.toContain(`id="comment-${id}"`);
    expect(other.body).toContain('No comments yet');
  });

  it('publishes a returning commenter’s comment at once, for everyone, with its count', async () => {
    await t.app.services.settings.update({ commentsRequirePriorApproval: false });
    const res = await reader().post(path, valid({ url: 'https://ana.example' }));
    const id = res.headers.location!.match(/#comment-(\d+)$/)![1];
    const page = await reader().open(path);
    expect(page.body).toContain(`id="comment-${id}"`);
    expect(page.body).toContain('<h2 id="comments-heading">1 comment</h2>');
    expect(page.body).toContain('<a href="https://ana.example" rel="nofollow ugc noopener" class="comment-author">Ana Reader</a>');
    expect(page.body).toContain('<p>I was in Caracas that week.</p><p>It felt different.</p>');
    expect(page.body).not.toContain('awaiting moderation');
  });

  it('nests a reply under its parent, with and without JavaScript', async () => {
    await t.app.services.settings.update({ commentsRequirePriorApproval: false });
    const first = await reader().post(path, valid());
    const parentId = first.headers.location!.match(/#comment-(\d+)$/)![1]!;
    const bob = reader();
    const replyForm = await bob.open(`${path}?replytocom=${parentId}`);
    expect(replyForm.body).toContain('Reply to Ana Reader');
    expect(replyForm.body).toContain(`name="parent_id" value="${parentId}"`);
    const reply = await bob.post(`${path}?replytocom=${parentId}`, valid({ author: 'Bob', comment: 'Me too.' }));
    const replyId = reply.headers.location!.match(/#comment-(\d+)$/)![1];
    const page = (await reader().open(path)).body;
    const parentBlock = page.slice(page.indexOf(`id="comment-${parentId}"`));
    expect(parentBlock.indexOf('<ol class="comment-replies">')).toBeLessThan(parentBlock.indexOf(`id="comment-${replyId}"`));
  });

  it('keeps the no-JavaScript Reply link working on a 422 page', async () => {
    await t.app.services.settings.update({ commentsRequirePriorApproval: false });
    const first = await reader().post(path, valid());
    const parentId = first.headers.location!.match(/#comment-(\d+)$/)![1];
    const bounced = await reader().post(path, { comment: '' });
    expect(bounced.statusCode).toBe(422);
    expect(bounced.body).toContain(`href="${path}?replytocom=${parentId}#respond"`);
  });

  it('shows hostile markup as text: no script, no event handler, no javascript: link', async () => {
    await t.app.services.settings.update({ commentsRequirePriorApproval: false });
    await reader().post(
      path,
      valid({ comment: '<script>alert(1)</script> <img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>', author: '<b>Mallory</b>' }),
    );
    const page = (await reader().open(path)).body;
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;b>Mallory&lt;/b>');
  });

  it('refuses a post without a CSRF token, storing nothing', async () => {
    const res = await reader().post(path, valid(), { omitCsrf: true });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired');
  });

  it('sends a honeypot-filled or too-fast comment to spam: its author sees it held, nobody else sees it', async () => {
    const bot = reader();
    const res = await bot.post(path, valid({ contact_me: 'http://spam.example' }));
    expect(res.statusCode).toBe(303);
    const id = Number(res.headers.location!.match(/#comment-(\d+)$/)![1]);
    expect((await bot.open(path)).body).toContain('awaiting moderation');
    expect((await reader().open(path)).body).not.toContain(`comment-${id}`);
    const fast = await reader().post(path, valid(), { typingMs: 1000 });
    const fastId = Number(fast.headers.location!.match(/#comment-(\d+)$/)![1]);
    const { items } = await t.app.services.moderation.queue({ status: 'spam' }, { all: true });
    expect(items.map((c) => c.id)).toEqual(expect.arrayContaining([id, fastId]));
  });

  it('rejects flooding and duplicates with a message, keeping the text', async () => {
    const ana = reader();
    const fields = valid();
    await ana.post(path, fields);
    const again = await ana.post(path, { ...fields, comment: 'A different second comment' }, { typingMs: 5_000 });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('You are posting comments too quickly');
    expect(again.body).toContain('A different second comment');
    const duplicate = await ana.post(path, fields, { typingMs: 30_000 });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.body).toContain('Duplicate comment detected');
  });

  it('offers no form where comments are closed and refuses posts there', async () => {
    const courts = await makeSection(t.app.services, { name: 'Closed desk' });
    const id = await makeArticle(t.app.services, { title: `Closed ${n}`, primarySectionId: courts.id, commentsOpen: false });
    const closedPath = (await t.app.services.articles.findPublishedById(id))!.path;
    const page = await reader().open(closedPath);
    expect(page.body).toContain('Comments are closed on this article.');
    expect(page.body).not.toContain('action="/comments"');
  });

  it('lets readers edit their own comment for 10 minutes, and not after', async () => {
    const ana = reader();
    const res = await ana.post(path, valid());
    const id = res.headers.location!.match(/#comment-(\d+)$/)![1];
    const edit = await ana.open(`/comments/${id}/edit`);
    expect(edit.statusCode).toBe(200);
    expect((await reader().open(`/comments/${id}/edit`)).statusCode).toBe(404);
    clock.advance(11 * 60_000);
    expect((await ana.open(`/comments/${id}/edit`)).statusCode).toBe(403);
  });

  it('remembers name, email and website when asked', async () => {
    const ana = reader();
    await ana.post(path, valid({ save_details: 'yes', url: 'https://ana.example' }));
    const page = await ana.open(path);
    expect(page.body).toMatch(/id="author"[^>]*value="Ana Reader"/);
    expect(page.body).toMatch(/id="url"[^>]*value="https:\/\/ana.example"/);
  });
});
