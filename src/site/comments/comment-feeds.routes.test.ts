import { parseFeed } from '@rowanmanning/feed-parser';
import { parseJsonFeed } from 'feedsmith';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { createTestApp, type TestApp, TEST_SITE_URL } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { Commenter } from '../../../test/helpers/commenter.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createStaffUser } from '../../../test/helpers/staff.js';

describeEachDialect('comment feeds', (dialect) => {
  let t: TestApp;
  let path: string;
  let articleId: number;
  let otherPath: string;

  beforeAll(async () => {
    const clock = new ManualClock('2026-02-09T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    await t.app.services.settings.update({ commentsRequirePriorApproval: false });
    articleId = await makeArticle(t.app.services, { title: 'Feeds & <things>' });
    path = (await t.app.services.articles.findPublishedById(articleId))!.path;
    otherPath = (await t.app.services.articles.findPublishedById(await makeArticle(t.app.services, { title: 'Other story' })))!.path;
    // A first comment with a link scores as spam; a moderator's approval (as in real life) publishes it.
    const first = await new Commenter(t.app, clock).post(path, { comment: 'First <b>bold</b> & https://example.com', author: 'Ana', email: 'ana@example.com' });
    const firstId = Number(first.headers.location!.match(/#comment-(\d+)$/)![1]);
    const editor = await createStaffUser(t.app, 'editor');
    await t.app.services.moderation.act([firstId], 'not-spam', { userId: editor.id, scope: { all: true } });
    await new Commenter(t.app, clock).post(otherPath, { comment: 'Elsewhere', author: 'Bob', email: 'bob@example.com' });
    await new Commenter(t.app, clock).post(path, { comment: 'Held one', author: 'Cy', email: 'cy@example.com', contact_me: 'bot' });
  });
  afterAll(async () => t.close());

  it('publishes approved comments of one article, parseable by a real feed reader, with absolute links', async () => {
    const res = await t.app.inject(`${path}comments/feed/`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const feed = parseFeed(res.body);
    expect(feed.title).toBe('Comments on “Feeds & <things>”');
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item!.url).toMatch(new RegExp(`^${TEST_SITE_URL}${path}#comment-\\d+$`));
    // The GUID is WordPress's comment GUID (the article's ?p= address plus the comment), not the permalink.
    const commentId = item!.url!.split('#comment-')[1];
    expect(item!.id).toBe(`${TEST_SITE_URL}/?p=${articleId}#comment-${commentId}`);
    // The reader's markup stays text: escaped in the comment's HTML, and that HTML escaped again into the XML.
    expect(res.body).toContain('First &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;');
    expect(item!.content).toContain('<a href="https://example.com" rel="nofollow ugc noopener">');
    expect(item!.published?.toISOString()).toBe('2026-02-09T12:00:20.000Z');
    expect(item!.title).toBe('Comment on “Feeds & <things>” by Ana');
    expect(item!.authors[0]?.name).toBe('Ana');
  });

  it('publishes the whole site’s approved comments, never held or spam ones', async () => {
    const feed = parseFeed((await t.app.inject('/comments/feed/')).body);
    expect(feed.items.map((i) => i.authors[0]?.name).sort()).toEqual(['Ana', 'Bob']);
    expect(feed.self).toBe(`${TEST_SITE_URL}/comments/feed/`);
  });

  it('offers the same comments as Atom and JSON Feed, with the same ids', async () => {
    const rss = parseFeed((await t.app.inject(`${path}comments/feed/`)).body);
    const atomResponse = await t.app.inject(`${path}comments/feed/atom/`);
    expect(atomResponse.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const atom = parseFeed(atomResponse.body);
    expect(atom.meta.type).toBe('atom');
    expect(atom.items.map((i) => i.id)).toEqual(rss.items.map((i) => i.id));
    expect(atom.self).toBe(`${TEST_SITE_URL}${path}comments/feed/atom/`);
    const jsonResponse = await t.app.inject('/comments/feed/json/');
    expect(jsonResponse.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const json = parseJsonFeed(JSON.parse(jsonResponse.body));
    expect(json.items?.map((i) => i.authors?.[0]?.name).sort()).toEqual(['Ana', 'Bob']);
  });

  it('redirects a comment feed at an outdated article address', async () => {
    const res = await t.app.inject(`/2001/01/01/${path.split('/')[4]}/comments/feed/atom/`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`${path}comments/feed/atom/`);
  });

  it('404s the feed of an unknown article', async () => {
    expect((await t.app.inject('/2026/01/01/nope/comments/feed/')).statusCode).toBe(404);
  });
});
