import net from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { createTestApp, TEST_SITE_URL, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { type TestSmtpServer, startTestSmtpServer, waitFor } from '../../../test/helpers/smtp.js';
import { createStaffUser, type TestStaffUser } from '../../../test/helpers/staff.js';

let address = 0;

describeEachDialect('comment notifications by email', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let clock: ManualClock;
  let editor: TestStaffUser;
  let n = 0;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    clock = new ManualClock('2026-02-09T12:00:00.000Z');
    t = await createTestApp(dialect, { clock, env: { SMTP_URL: smtp.url } });
    editor = await createStaffUser(t.app, 'editor');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  beforeEach(async () => {
    await settled();
    smtp.messages.length = 0;
    smtp.refusing = false;
    n++;
  });

  const services = () => t.app.services;
  const moderator = () => ({ userId: editor.id, scope: { all: true as const } });
  /** Every notification started so far has been sent or has failed. */
  const settled = () => t.app.commentNotifications!.idle();

  async function newArticle(title = `Bridge story ${n}`, authorIds: number[] = []) {
    const id = await makeArticle(services(), { title, authorIds });
    return { id, title, path: (await services().articles.findPublishedById(id))!.path };
  }

  /** Posts as a reader would: the form is shown, the reader types for 20 s, the comment goes through the pipeline. */
  async function post(articleId: number, fields: { name: string; email: string; body: string; parentId?: number; notify?: boolean; honeypot?: string }) {
    const formToken = services().comments.formToken(articleId);
    clock.advance(20_000);
    address++;
    return services().comments.submit({
      articleId,
      parentId: fields.parentId ?? null,
      body: fields.body,
      name: fields.name,
      email: fields.email,
      url: '',
      honeypot: fields.honeypot ?? '',
      formToken,
      ip: `203.0.113.${address % 250}`,
      userAgent: 'vitest',
      notifyReplies: fields.notify ?? false,
    });
  }

  /** A top-level comment, approved by a moderator. */
  async function approvedComment(articleId: number, fields: { name: string; email: string; body: string; notify?: boolean }) {
    const { id, status } = await post(articleId, fields);
    if (status !== 'approved') await services().moderation.act([id], 'approve', moderator());
    return id;
  }

  const email = (who: string) => `${who}-${n}@readers.example`;

  it('emails everyone who may moderate a held comment, and only them, with escaped HTML', async () => {
    const bylineAuthor = await createStaffUser(t.app, 'author');
    const otherAuthor = await createStaffUser(t.app, 'author');
    const contributor = await createStaffUser(t.app, 'contributor');
    const retired = await createStaffUser(t.app, 'editor');
    await services().staff.setActive(retired.id, false);
    const article = await newArticle('Bridge reopens after "repairs" & delays', [bylineAuthor.personId!]);

    const { status } = await post(article.id, {
      name: 'Ana <b>Reader</b>',
      email: email('ana'),
      body: 'I was there.\n\n<script>alert(1)</script> it was loud.',
    });
    expect(status).toBe('pending');
    await waitFor(() => smtp.to(editor.email).length === 1 && smtp.to(bylineAuthor.email).length === 1, 'the moderation emails');
    await settled();

    const recipients = smtp.messages.flatMap((m) => m.to);
    expect(recipients.sort()).toEqual([editor.email, bylineAuthor.email].sort());
    for (const nobody of [otherAuthor, contributor, retired]) expect(smtp.to(nobody.email)).toEqual([]);

    const mail = smtp.to(editor.email)[0]!;
    expect(mail.subject).toBe('[Dateline] Comment awaiting moderation on "Bridge reopens after "repairs" & delays"');
    expect(mail.headers.get('from')).toBe('Dateline <no-reply@news.test>');
    expect(mail.text).toContain('From: Ana <b>Reader</b>');
    expect(mail.text).toContain('Held because: first comment from this email address');
    expect(mail.text).toContain('> I was there.');
    expect(mail.text).toContain('> <script>alert(1)</script> it was loud.');
    expect(mail.text).toContain(`${TEST_SITE_URL}/newsroom/comments?status=pending`);
    expect(mail.text).toContain(`${TEST_SITE_URL}${article.path}`);
    expect(mail.html).toContain('Ana &lt;b&gt;Reader&lt;/b&gt;');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('“Bridge reopens after &quot;repairs&quot; &amp; delays”');
    expect(mail.html).not.toMatch(/<script|<b>Reader/);
  });

  it("emails the moderators again when readers' reports send an approved comment back to moderation", async () => {
    const article = await newArticle();
    const id = await approvedComment(article.id, { name: 'Ana', email: email('ana'), body: 'A perfectly ordinary remark.' });
    await settled();
    smtp.messages.length = 0;
    const { commentsReportThreshold } = await services().settings.get();
    for (let reader = 1; reader < commentsReportThreshold; reader++) await services().comments.report(id, 'abuse', '', `reader-${n}-${reader}`);
    await settled();
    expect(smtp.to(editor.email)).toEqual([]); // below the threshold nothing changes

    await services().comments.report(id, 'abuse', '', `reader-${n}-last`);
    await waitFor(() => smtp.to(editor.email).length === 1, 'the moderation email about the reported comment');
    const mail = smtp.to(editor.email)[0]!;
    expect(mail.subject).toContain('Comment awaiting moderation');
    expect(mail.text).toContain(`reported by ${commentsReportThreshold} readers`);
    expect(mail.text).toContain('> A perfectly ordinary remark.');
  });

  it('sends nothing about spam, nor about comments published at once', async () => {
    const article = await newArticle();
    const spam = await post(article.id, { name: 'Bot', email: email('bot'), body: 'Cheap watches', honeypot: 'http://spam.example' });
    expect(spam.status).toBe('spam');
    await services().settings.update({ commentsRequirePriorApproval: false });
    try {
      const open = await post(article.id, { name: 'Ana', email: email('ana'), body: 'Published at once.' });
      expect(open.status).toBe('approved');
    } finally {
      await services().settings.update({ commentsRequirePriorApproval: true });
    }
    await settled();
    expect(smtp.messages).toEqual([]);
  });

  it('tells a subscribed commenter of an approved reply once, with a working one-click unsubscribe', async () => {
    const article = await newArticle();
    const ana = email('ana');
    const bob = email('bob');
    const parentId = await approvedComment(article.id, { name: 'Ana', email: ana, body: 'The bridge was closed for a year.', notify: true });
    const reply = await post(article.id, { name: 'Bob', email: bob, body: 'It was eleven months, actually.', parentId });
    expect(reply.status).toBe('pending');
    await settled();
    expect(smtp.to(ana)).toEqual([]); // a held reply tells nobody but the moderators

    await services().moderation.act([reply.id], 'approve', moderator());
    await waitFor(() => smtp.to(ana).length === 1, 'the reply notification');
    const mail = smtp.to(ana)[0]!;
    const unsubscribeUrl = `${TEST_SITE_URL}/comments/unsubscribe?t=${encodeURIComponent(services().comments.unsubscribeToken(parentId))}`;
    expect(mail.subject).toBe(`New reply to your comment on "${article.title}"`);
    expect(mail.headers.get('list-unsubscribe')).toBe(`<${unsubscribeUrl}>`);
    expect(mail.text).toContain('Hello Ana,');
    expect(mail.text).toContain('Bob replied to your comment');
    expect(mail.text).toContain('> It was eleven months, actually.');
    expect(mail.text).toContain(`${TEST_SITE_URL}${article.path}?c=${reply.id}#comment-${reply.id}`);
    expect(mail.text).toContain(unsubscribeUrl);
    expect(mail.html).toContain(unsubscribeUrl.replace(/&/g, '&amp;'));

    // Unapproved and approved again: still one email.
    await services().moderation.act([reply.id], 'unapprove', moderator());
    await services().moderation.act([reply.id], 'approve', moderator());
    await settled();
    expect(smtp.to(ana)).toHaveLength(1);
    // The replier hears nothing about their own reply.
    expect(smtp.to(bob)).toEqual([]);

    const page = await t.app.inject({ method: 'GET', url: unsubscribeUrl.slice(TEST_SITE_URL.length) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Unsubscribed');
    expect(Boolean((await services().comments.visibleComment(parentId)).notify_replies)).toBe(false);

    const second = await post(article.id, { name: 'Carol', email: email('carol'), body: 'And it reopened late.', parentId });
    await services().moderation.act([second.id], 'approve', moderator());
    await settled();
    expect(smtp.to(ana)).toHaveLength(1);
  });

  it('sends no reply email to someone replying to themselves, nor to a commenter who did not ask', async () => {
    const article = await newArticle();
    const ana = email('ana');
    const own = await approvedComment(article.id, { name: 'Ana', email: ana, body: 'First thought.', notify: true });
    const self = await post(article.id, { name: 'Ana', email: ana.toUpperCase(), body: 'Second thought.', parentId: own });
    expect(self.status).toBe('approved');
    const quiet = await approvedComment(article.id, { name: 'Dan', email: email('dan'), body: 'No emails please.' });
    const reply = await post(article.id, { name: 'Bob', email: email('bob'), body: 'Replying to Dan.', parentId: quiet });
    await services().moderation.act([reply.id], 'approve', moderator());
    await settled();
    expect(smtp.to(ana)).toEqual([]);
    expect(smtp.to(email('dan'))).toEqual([]);
    expect(smtp.to(email('bob'))).toEqual([]);
  });

  it('tells a subscribed commenter of a staff reply', async () => {
    const article = await newArticle();
    const ana = email('ana');
    const parentId = await approvedComment(article.id, { name: 'Ana', email: ana, body: 'Who paid for it?', notify: true });
    await services().moderation.replyAsStaff(parentId, 'The city did.', { ...moderator(), displayName: editor.displayName, email: editor.email });
    await waitFor(() => smtp.to(ana).length === 1, 'the staff reply notification');
    expect(smtp.to(ana)[0]!.text).toContain(`${editor.displayName} replied to your comment`);
  });

  it('keeps posting working while the SMTP server refuses mail, and retries the reply email on the next approval', async () => {
    const article = await newArticle();
    const ana = email('ana');
    const parentId = await approvedComment(article.id, { name: 'Ana', email: ana, body: 'Anyone else stuck in traffic?', notify: true });
    smtp.refusing = true;
    const reply = await post(article.id, { name: 'Bob', email: email('bob'), body: 'Yes, an hour.', parentId });
    expect(reply.status).toBe('pending');
    await services().moderation.act([reply.id], 'approve', moderator());
    await settled();
    // The refused reply notification never reached Ana (other mail, such as the editor's notice about her first
    // comment, may still be in flight on a loaded machine and is not what this test is about).
    expect(smtp.to(ana)).toEqual([]);

    smtp.refusing = false;
    await services().moderation.act([reply.id], 'unapprove', moderator());
    await services().moderation.act([reply.id], 'approve', moderator());
    await waitFor(() => smtp.to(ana).length === 1, 'the retried reply notification');
    await settled();
    expect(smtp.to(ana)).toHaveLength(1);
  });

  it('keeps posting working when the SMTP server cannot be reached at all', async () => {
    const port = await closedPort();
    const broken = await createTestApp(dialect, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      await createStaffUser(broken.app, 'editor');
      const id = await makeArticle(broken.app.services, { title: 'Nobody will hear of this' });
      const formToken = broken.app.services.comments.formToken(id);
      clock.advance(20_000);
      const result = await broken.app.services.comments.submit({
        articleId: id,
        parentId: null,
        body: 'Held, and the mail server is down.',
        name: 'Eve',
        email: email('eve'),
        url: '',
        honeypot: '',
        formToken,
        ip: '203.0.113.251',
        userAgent: 'vitest',
      });
      expect(result.status).toBe('pending');
      await broken.app.commentNotifications!.idle();
    } finally {
      await broken.close();
    }
  });

  it('runs without email when SMTP_URL is unset', async () => {
    const quiet = await createTestApp(dialect, { clock });
    try {
      expect(quiet.app.commentNotifications).toBeNull();
      await createStaffUser(quiet.app, 'editor');
      const id = await makeArticle(quiet.app.services, { title: 'No email here' });
      const formToken = quiet.app.services.comments.formToken(id);
      clock.advance(20_000);
      const result = await quiet.app.services.comments.submit({
        articleId: id,
        parentId: null,
        body: 'Held, with email off.',
        name: 'Fay',
        email: email('fay'),
        url: '',
        honeypot: '',
        formToken,
        ip: '203.0.113.252',
        userAgent: 'vitest',
      });
      expect(result.status).toBe('pending');
    } finally {
      await quiet.close();
    }
    expect(smtp.messages).toEqual([]);
  });
});

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
