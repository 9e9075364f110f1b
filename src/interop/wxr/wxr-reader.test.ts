import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readWxr, scanWxr, type WxrInput, type WxrReadOptions } from './wxr-reader.js';
import { WxrError, type WxrEntry, type WxrItem } from './wxr.types.js';

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url));
const testdata = (name: string) => join(TESTDATA, name);
const FIXTURE = resolve(process.cwd(), '../shared/fixtures/wxr/themeunittestdata.wordpress.xml');
const haveFixture = existsSync(FIXTURE);
if (!haveFixture) console.log(`[dateline] WXR reader tests on the Theme Unit Test export SKIPPED: ${FIXTURE} is absent (../shared is not checked out)`);

const scratch = mkdtempSync(join(tmpdir(), 'dateline-wxr-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function entries(input: WxrInput, options?: WxrReadOptions): Promise<WxrEntry[]> {
  const out: WxrEntry[] = [];
  for await (const entry of readWxr(input, options)) out.push(entry);
  return out;
}

async function items(input: WxrInput, options?: WxrReadOptions): Promise<Map<number, WxrItem>> {
  const out = new Map<number, WxrItem>();
  for (const entry of await entries(input, options)) if (entry.kind === 'item') out.set(entry.item.id, entry.item);
  return out;
}

async function failure(input: WxrInput, options?: WxrReadOptions): Promise<WxrError> {
  try {
    await scanWxr(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(WxrError);
    return error as WxrError;
  }
  throw new Error('expected a WxrError, and the file was read');
}

/** A Readable that hands `bytes` over in pieces of 1 to `max` bytes (a seeded sequence), splitting characters anywhere. */
function trickle(bytes: Buffer, max: number): Readable {
  let seed = 12345;
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length;) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const size = 1 + (seed % max);
        yield bytes.subarray(at, at + size);
        at += size;
      }
    })(),
  );
}

const xml = (text: string) => Buffer.from(text, 'utf8');
const WXR_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" ' +
  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n' +
  '<title>Generated</title>\n<link>https://generated.example</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n';
const WXR_FOOT = '</channel>\n</rss>\n';
const generatedItem = (id: number) =>
  `<item><title>Story ${id}: ünïcödé ☃</title><dc:creator>gen</dc:creator><content:encoded><![CDATA[<p>Body of story ${id}.</p>]]></content:encoded>` +
  `<wp:post_id>${id}</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>` +
  `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_content>Nice, ${id}</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment></item>\n`;

(haveFixture ? describe : describe.skip)('the Theme Unit Test export (../shared/fixtures/wxr)', () => {
  it('has exactly the counts its README gives', async () => {
    const summary = await scanWxr(FIXTURE);
    expect(summary.site).toEqual({
      title: 'Theme Unit Test Data',
      link: 'https://wpthemetestdata.wordpress.com',
      description: 'Just another WordPress website with a purposefully really long description',
      language: 'en',
      wxrVersion: '1.2',
      baseSiteUrl: 'https://wordpress.com/',
      baseBlogUrl: 'https://wpthemetestdata.wordpress.com',
    });
    expect(summary.items).toBe(186);
    expect(Object.keys(summary.postTypes).sort()).toEqual(['attachment', 'nav_menu_item', 'page', 'post']);
    const { post, page, attachment, nav_menu_item } = summary.postTypes;
    expect(post).toMatchObject({ total: 58, byStatus: { publish: 56, draft: 1, future: 1 }, passwordProtected: 1, sticky: 1 });
    expect(page).toMatchObject({ total: 21, withParent: 13, passwordProtected: 0, sticky: 0 });
    expect(attachment!.total).toBe(37);
    expect(nav_menu_item!.total).toBe(70);
    expect(summary.comments.total).toBe(33);
    expect({ ...summary.comments.byApproved }).toEqual({ '1': 30, '0': 3 });
    expect(summary.comments.byType.pingback).toBe(2);
    expect(summary.comments.byType.trackback).toBe(2);
    expect(summary.comments.threaded).toBeGreaterThan(0);
    // Several authors: two in <wp:author>, and the items' dc:creator as WordPress.com wrote them (two with a stray '>').
    expect(summary.authors.map((author) => author.login)).toEqual(['themedemos', 'themereviewteam']);
    expect(summary.creators.sort()).toEqual(['>themereviewteam', 'themedemos', 'themereviewteam', 'themereviewteam>']);
    // Nested categories: parent > child-1 > child-2.
    const byNicename = new Map(summary.categories.map((category) => [category.nicename, category]));
    expect(byNicename.get('child-2')!.parent).toBe('child-1');
    expect(byNicename.get('child-1')!.parent).toBe('parent');
    expect(byNicename.get('parent')!.parent).toBeNull();
    expect(summary.categories).toHaveLength(68);
    // 110 tags in the file's list, and 4 that only posts name (WordPress creates those on import).
    expect(summary.tags).toHaveLength(114);
    expect(summary.undeclaredTerms.map((term) => `${term.domain} ${term.slug}`).sort()).toEqual([
      'post_tag columns',
      'post_tag content',
      'post_tag sample',
      'post_tag test-tag',
    ]);
    expect(summary.terms).toHaveLength(7);
    expect(summary.attachments.size).toBe(37);
    expect(summary.reusableBlocks.size).toBe(0);
    // WordPress.com lists a menu item once per menu it is in: 18 nav_menu_item ids appear twice, with other menus.
    expect(summary.duplicateItemIds).toHaveLength(18);
    expect(summary.stripped).toEqual({ count: 0, first: [] });
    expect(summary.gzipped).toBe(false);
    expect(summary.bytesRead).toBe(statSync(FIXTURE).size);
    expect(summary.lines).toBe(readFileSync(FIXTURE, 'utf8').split('\n').length);
  });

  it('reads the fields of particular items as WordPress wrote them', async () => {
    const list = (await entries(FIXTURE)).flatMap((entry) => (entry.kind === 'item' ? [entry.item] : []));
    expect(list).toHaveLength(186);
    const all = new Map(list.map((item) => [item.id, item]));
    // The ids that appear twice are menu items listed in two menus.
    expect(all.size).toBe(186 - 18);
    const twice = list.filter((item, index) => list.findIndex((other) => other.id === item.id) !== index);
    expect(new Set(twice.map((item) => item.postType))).toEqual(new Set(['nav_menu_item']));
    const locked = all.get(1168)!;
    expect(locked).toMatchObject({
      title: 'Template: Password Protected (the password is "enter")',
      link: 'https://wpthemetestdata.wordpress.com/2012/01/04/template-password-protected/',
      guid: 'https://wpthemetestdata.wordpress.com/2007/09/04/test-with-secret-password/',
      guidIsPermaLink: false,
      creator: 'themedemos',
      content: 'This content, comments, pingbacks, and trackbacks should not be visible until the password is entered.',
      excerpt: '',
      postDate: '2012-01-04 09:38:05',
      postDateGmt: '2012-01-04 16:38:05',
      postModified: null,
      commentStatus: 'closed',
      postName: 'template-password-protected',
      status: 'publish',
      postType: 'post',
      postPassword: 'enter',
      isSticky: false,
      attachmentUrl: null,
    });
    expect(locked.terms).toContainEqual({ domain: 'post_tag', nicename: 'password-2', name: 'password' });
    expect(locked.terms).toContainEqual({ domain: 'category', nicename: 'template-2', name: 'Template' });
    expect(locked.comments).toEqual([
      {
        id: 926,
        author: 'Jane Doe',
        authorEmail: 'example@example.org',
        authorUrl: 'http://example.org/',
        authorIp: '',
        date: '2013-03-14 11:56:08',
        dateGmt: '2013-03-14 18:56:08',
        content: 'This comment should not be visible until the password is entered.',
        approved: '1',
        type: '',
        parent: 0,
        userId: 0,
        meta: [],
      },
    ]);
    expect(all.get(1241)).toMatchObject({ title: 'Template: Sticky', isSticky: true });
    expect(all.get(1153)).toMatchObject({ status: 'future', postDateGmt: '2030-01-01 19:00:18' });
    expect(all.get(1164)!.status).toBe('draft');
    expect(all.get(1169)!.title).toBe('');
    expect(all.get(1813)).toMatchObject({ postType: 'page', title: 'Επίπεδο 3', postParent: 1811 });
    expect(all.get(611)).toMatchObject({
      postType: 'attachment',
      status: 'inherit',
      postParent: 555,
      attachmentUrl: 'https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg',
    });
    expect(all.get(611)!.meta).toContainEqual({ key: '_wp_attachment_image_alt', value: 'canola' });
    // Threads and pings.
    const thread = all.get(1148)!.comments;
    expect(thread.find((comment) => comment.id === 906)).toMatchObject({ parent: 905, author: 'Fred Bloggs', approved: '1' });
    const pings = all.get(1149)!.comments;
    expect(pings.map((comment) => [comment.id, comment.type])).toEqual([
      [921, 'trackback'],
      [922, 'trackback'],
      [923, 'pingback'],
      [924, 'pingback'],
      [925, ''],
    ]);
    // Entities inside CDATA are the HTML's own: kept as written.
    expect(pings[0]!.author).toBe('Ping 1 &laquo; What&#8217;s a tellyworth?');
    // Content keeps its text exactly, block markup and all, with the white space after the CDATA section (as
    // WordPress's own SimpleXML parser reads it).
    expect(all.get(163)!.content).toMatch(/^<!-- wp:paragraph -->\n<p>This test post was generated/);
    expect(all.get(163)!.content.endsWith('<!-- /wp:paragraph -->\n\t')).toBe(true);
    const menuItem = [...all.values()].find((item) => item.postType === 'nav_menu_item')!;
    expect(menuItem.meta.map((meta) => meta.key)).toContain('_menu_item_type');
  });

  it('reads the same file gzipped (told by its bytes, whatever its name) exactly as the plain one', async () => {
    const gzipped = join(scratch, 'export.xml');
    writeFileSync(gzipped, gzipSync(readFileSync(FIXTURE)));
    const [plain, compressed] = await Promise.all([entries(FIXTURE), entries(gzipped)]);
    expect(compressed).toEqual(plain);
    const summary = await scanWxr(gzipped);
    expect(summary.gzipped).toBe(true);
    expect(summary.bytesRead).toBe(statSync(gzipped).size);
    expect(summary.items).toBe(186);
  });

  it('gives the same entries however the bytes are split (characters cut across chunks)', async () => {
    const bytes = readFileSync(FIXTURE);
    expect(await entries(trickle(bytes, 300))).toEqual(await entries(FIXTURE));
  });

  it('reports its progress in bytes, up to the size of the file', async () => {
    const seen: number[] = [];
    const reader = readWxr(FIXTURE, { onProgress: ({ bytesRead, totalBytes }) => (seen.push(bytesRead), expect(totalBytes).toBe(609142)) });
    let count = 0;
    for await (const _entry of reader) count++;
    expect(count).toBe(1 + 2 + 68 + 110 + 7 + 186);
    expect(seen.length).toBeGreaterThan(5);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen[seen.length - 1]).toBe(609142);
    expect(reader.bytesRead).toBe(reader.totalBytes);
  });
});

describe('small exports for what the Theme Unit Test data lacks', () => {
  it('reads the site, people and terms, trimmed, from a WordPress-style WXR 1.2 export (http:// namespaces)', async () => {
    const all = await entries(testdata('small-site.wxr.xml'));
    expect(all.map((entry) => entry.kind)).toEqual(['site', 'author', 'category', 'category', 'tag', 'term', 'item', 'item', 'item', 'item']);
    expect(all[0]).toEqual({
      kind: 'site',
      site: {
        // The channel's own <title> and <link>, not those of its <image>.
        title: 'The Harbour Gazette',
        link: 'https://gazette.example',
        description: 'News from the harbour & the hills',
        language: 'en-GB',
        wxrVersion: '1.2',
        baseSiteUrl: 'https://gazette.example',
        baseBlogUrl: 'https://gazette.example',
      },
    });
    expect(all[1]).toEqual({
      kind: 'author',
      author: { id: 7, login: 'mara', email: 'mara@gazette.example', displayName: 'Mara Quinn', firstName: 'Mara', lastName: 'Quinn' },
    });
    expect(all[2]).toEqual({ kind: 'category', category: { termId: 3, nicename: 'news', parent: null, name: 'News', description: '', meta: [] } });
    expect(all[3]).toEqual({
      kind: 'category',
      category: {
        termId: 4,
        nicename: 'harbour',
        parent: 'news',
        name: 'Harbour',
        description: 'Boats, tides and the harbour board.',
        meta: [{ key: 'rank_math_title', value: 'Harbour news %sep% %sitename%' }],
      },
    });
    expect(all[4]).toEqual({ kind: 'tag', tag: { termId: 9, slug: 'tides', name: 'Tides', description: '', meta: [] } });
    expect(all[5]).toEqual({
      kind: 'term',
      term: { termId: 12, taxonomy: 'post_format', slug: 'post-format-gallery', parent: null, name: 'Gallery', description: '', meta: [] },
    });
  });

  it('reads a private post with a percent-encoded unicode slug, its meta and its approved, held, spam and trash comments', async () => {
    const post = (await items(testdata('small-site.wxr.xml'))).get(101)!;
    expect(post).toEqual({
      id: 101,
      title: 'Tide tables & harbour dues: private notes',
      link: 'https://gazette.example/%e6%97%a5%e6%9c%ac%e8%aa%9e/',
      guid: 'https://gazette.example/?p=101',
      // RSS: a guid without isPermaLink is a permalink.
      guidIsPermaLink: true,
      creator: 'mara',
      // Content and excerpt keep their white space; escaped text reads as well as CDATA.
      content: '  First paragraph <em>escaped</em>, not CDATA.\n\nSecond paragraph.\n',
      excerpt: ' Only for staff. ',
      postDate: '2024-05-02 09:30:00',
      postDateGmt: '2024-05-02 08:30:00',
      postModified: '2024-05-03 10:00:00',
      postModifiedGmt: '2024-05-03 09:00:00',
      commentStatus: 'open',
      pingStatus: 'closed',
      postName: '%e6%97%a5%e6%9c%ac%e8%aa%9e',
      status: 'private',
      postParent: 0,
      menuOrder: 0,
      postType: 'post',
      postPassword: '',
      isSticky: false,
      attachmentUrl: null,
      terms: [
        { domain: 'category', nicename: 'harbour', name: 'Harbour' },
        { domain: 'post_tag', nicename: 'tides', name: 'Tides' },
      ],
      meta: [
        { key: '_thumbnail_id', value: '103' },
        { key: '_dateline_serialized', value: 'a:1:{s:5:"label";s:7:" padded";}' },
      ],
      comments: [
        {
          id: 501,
          author: 'Ned Pike',
          authorEmail: 'ned@example.org',
          authorUrl: 'https://ned.example.org/',
          authorIp: '192.0.2.10',
          date: '2024-05-02 10:00:00',
          dateGmt: '2024-05-02 09:00:00',
          content: 'Thanks for the tide tables.\n\nSee you at the quay.',
          approved: '1',
          type: 'comment',
          parent: 0,
          userId: 0,
          meta: [{ key: 'akismet_result', value: 'false' }],
        },
        expect.objectContaining({ id: 502, approved: '0', type: '', parent: 501, userId: 7, authorUrl: '', authorIp: '2001:db8::7' }),
        expect.objectContaining({ id: 503, approved: 'spam', author: 'Cheap Watches', content: 'Buy now!!!' }),
        expect.objectContaining({ id: 504, approved: 'trash', dateGmt: null }),
      ],
    });
  });

  it('reads empty values as WordPress means them: a draft with no GMT date, an empty parent', async () => {
    const draft = (await items(testdata('small-site.wxr.xml'))).get(102)!;
    expect(draft).toMatchObject({ status: 'draft', postDate: '2024-05-04 12:00:00', postDateGmt: null, postParent: 0, postName: '', guidIsPermaLink: false });
  });

  it('summarises the attachments and reusable blocks the importer needs before it meets them', async () => {
    const summary = await scanWxr(testdata('small-site.wxr.xml'));
    expect(summary.attachments).toEqual(
      new Map([
        [
          103,
          {
            title: 'quay-at-dawn',
            url: 'https://gazette.example/wp-content/uploads/2024/05/quay-at-dawn.jpg',
            attachedFile: '2024/05/quay-at-dawn.jpg',
            alt: 'Fishing boats tied up at the quay before sunrise',
            caption: 'The quay at dawn, from the lighthouse.',
            parent: 101,
          },
        ],
      ]),
    );
    expect(summary.reusableBlocks).toEqual(new Map([[104, '<!-- wp:paragraph -->\n<p>Get the Gazette every morning.</p>\n<!-- /wp:paragraph -->']]));
    expect(summary.postTypes.post).toMatchObject({ total: 2, byStatus: { private: 1, draft: 1 }, comments: 4 });
    expect({ ...summary.comments.byApproved }).toEqual({ '1': 1, '0': 1, spam: 1, trash: 1 });
    expect({ ...summary.comments.byType }).toEqual({ comment: 4 });
    expect(summary.comments.threaded).toBe(1);
    expect(summary.creators).toEqual(['mara']);
  });

  it('reads the https:// namespaces of the Theme Unit Test data as it reads the http:// ones', async () => {
    const http = readFileSync(testdata('small-site.wxr.xml'), 'utf8');
    const https = http.replaceAll('http://wordpress.org/export/', 'https://wordpress.org/export/');
    expect(https).not.toBe(http);
    expect(await entries(xml(https))).toEqual(await entries(testdata('small-site.wxr.xml')));
  });

  it('tells namespaces by their URI, never by their prefix', async () => {
    const original = readFileSync(testdata('small-site.wxr.xml'), 'utf8');
    const renamed = original
      .replace('xmlns:wp=', 'xmlns:wordpress=')
      .replace('xmlns:content=', 'xmlns:c=')
      .replace('xmlns:excerpt=', 'xmlns:x=')
      .replace('xmlns:dc=', 'xmlns:d=')
      .replace(/<(\/?)wp:/g, '<$1wordpress:')
      .replace(/<(\/?)content:/g, '<$1c:')
      .replace(/<(\/?)excerpt:/g, '<$1x:')
      .replace(/<(\/?)dc:/g, '<$1d:');
    expect(renamed).toContain('<wordpress:post_id>101</wordpress:post_id>');
    expect(await entries(xml(renamed))).toEqual(await entries(testdata('small-site.wxr.xml')));
    // And wp: bound to something else is not WordPress's.
    const impostor = original.replace('xmlns:wp="http://wordpress.org/export/1.2/"', 'xmlns:wp="urn:example:not-wordpress"');
    expect((await failure(xml(impostor))).message).toMatch(/^This is an RSS feed, not a WordPress export/);
  });

  it('reads WXR 1.1 (WordPress 3.1–3.5): its namespaces, author ids, a page under a page', async () => {
    const all = await entries(testdata('wxr-1.1.wxr.xml'));
    expect(all[0]).toMatchObject({ kind: 'site', site: { wxrVersion: '1.1', title: 'Old Mill Weekly' } });
    expect(all[1]).toMatchObject({ kind: 'author', author: { id: 1, login: 'editor', displayName: 'The Editor' } });
    const pages = await items(testdata('wxr-1.1.wxr.xml'));
    expect(pages.get(3)).toMatchObject({ postType: 'page', postParent: 2, menuOrder: -1, title: 'History', content: 'The mill was built in 1820.' });
  });

  it('reads WXR 1.0: no term ids, tags as domain="tag", bare category names left out as WordPress does', async () => {
    const all = await entries(testdata('wxr-1.0.wxr.xml'));
    expect(all[0]).toMatchObject({ kind: 'site', site: { wxrVersion: '1.0', description: '' } });
    expect(all[1]).toEqual({ kind: 'category', category: { termId: null, nicename: 'events', parent: null, name: 'Events', description: '', meta: [] } });
    expect(all[2]).toEqual({ kind: 'tag', tag: { termId: null, slug: 'fete', name: 'fete', description: '', meta: [] } });
    const post = (await items(testdata('wxr-1.0.wxr.xml'))).get(5)!;
    expect(post.terms).toEqual([
      { domain: 'category', nicename: 'events', name: 'Events' },
      { domain: 'post_tag', nicename: 'fete', name: 'fete' },
    ]);
    expect(post.isSticky).toBe(false);
  });

  it('refuses a WordPress export namespace of a version it does not know', async () => {
    const future = readFileSync(testdata('wxr-1.1.wxr.xml'), 'utf8').replaceAll('/export/1.1/', '/export/1.3/');
    const error = await failure(xml(future));
    expect(error.message).toMatch(
      /^This export uses the namespace http:\/\/wordpress\.org\/export\/1\.3\/excerpt\/ \(WXR 1\.3\); this reader reads WXR 1\.0, 1\.1 and 1\.2/,
    );
    expect(error.position).toEqual({ line: 3, column: 1 });
  });

  it('reads an export in the encoding its XML declaration or byte-order mark names; CR LF line ends read as LF', async () => {
    const [before, after] = WXR_HEAD.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').split('Generated');
    const latin1 = Buffer.concat([xml(`${before}Caf`), Buffer.from([0xe9]), xml(after! + WXR_FOOT)]);
    const all = await entries(latin1);
    expect(all[0]).toMatchObject({ site: { title: 'Café' } });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), xml(WXR_HEAD + generatedItem(1) + WXR_FOOT)]);
    expect((await items(bom)).get(1)!.title).toBe('Story 1: ünïcödé ☃');
    const utf16 = Buffer.from(`\ufeff${WXR_HEAD.replace('UTF-8', 'UTF-16')}${generatedItem(2)}${WXR_FOOT}`, 'utf16le');
    expect((await items(trickle(utf16, 7))).get(2)!.title).toBe('Story 2: ünïcödé ☃');
    const utf16NoBom = Buffer.from(`${WXR_HEAD.replace('UTF-8', 'UTF-16')}${generatedItem(3)}${WXR_FOOT}`, 'utf16le');
    expect((await items(utf16NoBom)).get(3)!.title).toBe('Story 3: ünïcödé ☃');
    const crlf = xml((WXR_HEAD + generatedItem(1) + WXR_FOOT).replaceAll('\n', '\r\n').replace('Body of story', 'Body\r\nof\rstory'));
    expect((await items(crlf)).get(1)!.content).toBe('<p>Body\nof\nstory 1.</p>');
  });
});

describe('control characters (pasted from Word)', () => {
  const file = testdata('control-characters.wxr.xml');
  const raw = readFileSync(file, 'utf8');
  /** Where the forbidden characters are in the file, counted here independently of the reader. */
  const expected = [...raw.matchAll(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g)].map((match) => {
    const before = raw.slice(0, match.index).split('\n');
    return { line: before.length, column: [...before[before.length - 1]!].length + 1, codePoint: match[0].codePointAt(0)! };
  });

  it('strips them before the parser sees them, and reports each with its line, column and code point', async () => {
    expect(expected.map((place) => place.codePoint)).toEqual([0x0b, 0x0b, 0x01, 0x1f, 0x08]);
    const reader = readWxr(file);
    const all: WxrEntry[] = [];
    for await (const entry of reader) all.push(entry);
    const item = all.find((entry) => entry.kind === 'item')!;
    expect(item).toMatchObject({ item: { title: 'Café menu', content: 'Line oneline two 日 end.\nNext line.' } });
    expect(reader.stripped).toEqual({ count: 5, first: expected });
    expect(expected[0]).toEqual({ line: 9, column: 23, codePoint: 0x0b });
  });

  it('reports the same places however the text is cut, even a byte at a time', async () => {
    const summary = await scanWxr(trickle(readFileSync(file), 1));
    expect(summary.stripped).toEqual({ count: 5, first: expected });
    expect((await scanWxr(trickle(readFileSync(file), 5))).stripped).toEqual({ count: 5, first: expected });
  });

  it('does not move the line numbers of a later error', async () => {
    const broken = raw.replace('<wp:status>publish</wp:status>', '<wp:status>publish</wp:stat>');
    const line = broken.slice(0, broken.indexOf('</wp:stat>')).split('\n').length;
    const error = await failure(xml(broken));
    expect(error.message).toMatch(/^Unexpected close tag <\/wp:stat>: <wp:status>/);
    expect(error.position!.line).toBe(line);
  });

  it('strips NUL too, and keeps a bounded list of places however many there are', async () => {
    const many = xml(WXR_HEAD + `<item><wp:post_id>1</wp:post_id><title>a\u0000b${'\u000b'.repeat(1000)}c\uffffd</title></item>` + WXR_FOOT);
    const reader = readWxr(many, { chunkSize: 100 });
    const all: WxrEntry[] = [];
    for await (const entry of reader) all.push(entry);
    expect(all[1]).toMatchObject({ item: { title: 'abcd' } });
    expect(reader.stripped.count).toBe(1002);
    expect(reader.stripped.first).toHaveLength(100);
    expect(reader.stripped.first[0]).toEqual({ line: 7, column: 41, codePoint: 0 });
    expect(reader.stripped.first[99]).toEqual({ line: 7, column: 43 + 98, codePoint: 0x0b });
    expect((await scanWxr(many, { maxStrippedPositions: 3 })).stripped.first).toHaveLength(3);
  });
});

describe('hostile and broken files', () => {
  it('refuses a DOCTYPE with an external entity (XXE), before any entity is read', async () => {
    const error = await failure(testdata('xxe.xml'));
    expect(error.message).toMatch(/^The file has a DOCTYPE \(<!DOCTYPE rss …>\), which is refused: WordPress never writes one/);
    expect(error.position).toEqual({ line: 2, column: 1 });
    expect(error.message).not.toContain('root:');
  });

  it('refuses the billion laughs (entity expansion) at its DOCTYPE', async () => {
    const error = await failure(testdata('billion-laughs.xml'));
    expect(error.message).toMatch(/^The file has a DOCTYPE \(<!DOCTYPE lolz …>\)/);
    expect(error.message).toContain('billion laughs');
    expect(error.position).toEqual({ line: 2, column: 1 });
  });

  it('refuses any DOCTYPE, even one that declares nothing', async () => {
    const error = await failure(
      xml(`<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "http://attacker.example/rss.dtd">\n${WXR_HEAD.slice(WXR_HEAD.indexOf('<rss'))}${WXR_FOOT}`),
    );
    expect(error.message).toMatch(/^The file has a DOCTYPE/);
    expect(error.position).toEqual({ line: 2, column: 1 });
  });

  it('makes an undefined entity an error that names it, with its place (saxes never reads external entities)', async () => {
    const error = await failure(testdata('undefined-entity.wxr.xml'));
    expect(error.message).toMatch(/^Undefined entity &xxe;: a WordPress export uses only &amp; &lt; &gt; &quot; &apos; and numeric references/);
    expect(error.position).toEqual({ line: 8, column: 23 });
  });

  it('says a truncated file may be truncated, and what was left open where', async () => {
    const error = await failure(testdata('truncated.wxr.xml'));
    expect(error.message).toMatch(
      /^The file ends before <\/rss> closes: it may be truncated; <wp:comment_type> \(opened at line 104, column 4\) is not closed/,
    );
    expect(error.position?.line).toBe(104);
  });

  it('says a gzip file cut short is damaged, and where the reading stopped', async () => {
    const gzipped = gzipSync(readFileSync(testdata('small-site.wxr.xml')));
    const error = await failure(gzipped.subarray(0, gzipped.length - 40));
    expect(error.message).toMatch(/^The gzip-compressed file is damaged or cut short \(unexpected end of file\)/);
    expect(error.position!.line).toBeGreaterThan(1);
  });

  it('names both tags of a mismatched close tag, and hands over nothing of the item left open', async () => {
    const seen: WxrEntry[] = [];
    const error = await (async () => {
      try {
        for await (const entry of readWxr(testdata('mismatched-tag.wxr.xml'))) seen.push(entry);
      } catch (caught) {
        return caught as WxrError;
      }
      throw new Error('expected a WxrError');
    })();
    expect(error).toBeInstanceOf(WxrError);
    expect(error.message).toBe('Unexpected close tag </channel>: <item> (opened at line 6, column 2) is still open (line 9, column 10)');
    expect(seen.map((entry) => entry.kind)).not.toContain('item');
  });

  it('refuses what is not XML at all: an HTML page, an image, plain text, nothing', async () => {
    const html = await failure(testdata('not-xml.html'));
    expect(html.message).toMatch(/^This is not a WordPress export: it is an HTML page/);
    expect(html.position).toEqual({ line: 1, column: 1 });
    expect((await failure(xml('<!DOCTYPE html>\n<html><body>Error 502</body></html>'))).message).toMatch(/it is an HTML page/);
    expect((await failure(xml('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'))).message).toBe(
      'This is not a WordPress export: the root element is <html> (an HTML page), expected <rss> (line 2, column 1)',
    );
    const png = await failure(testdata('png-header.png'));
    expect(png.message).toBe('This is not a WordPress export: it is a PNG image, not XML');
    const text = await failure(xml('\n  Hello, this is a text file.\n'));
    expect(text.message).toBe('This is not a WordPress export: it is not XML (it begins with "Hello, this is a text file.") (line 2, column 3)');
    const zip = await failure(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    expect(zip.message).toMatch(/it is a zip archive \(unzip it and choose the \.xml file inside\)/);
  });

  it('says an empty file is empty: 0 bytes, 0 bytes gzipped, or only white space', async () => {
    const empty = await failure(testdata('empty.xml'));
    expect(empty.message).toBe('The file is empty (0 bytes)');
    expect(empty.position).toBeNull();
    expect((await failure(gzipSync(Buffer.alloc(0)))).message).toBe('The file is empty: it is gzip-compressed, and holds 0 bytes once decompressed');
    expect((await failure(xml('  \n\n  '))).message).toMatch(/^The file holds no XML element at all: it is not a WordPress export/);
  });

  it('says an RSS feed or an Atom feed is not a WordPress export', async () => {
    expect((await failure(testdata('rss-feed.xml'))).message).toMatch(
      /^This is an RSS feed, not a WordPress export: it has no WordPress export namespace \(xmlns:wp="http:\/\/wordpress\.org\/export\/1\.2\/"\)/,
    );
    expect((await failure(xml('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'))).message).toBe(
      'This is not a WordPress export: the root element is <feed> (an Atom feed), expected <rss> (line 1, column 1)',
    );
    const noVersion = WXR_HEAD.replace('<wp:wxr_version>1.2</wp:wxr_version>\n', '') + generatedItem(1) + WXR_FOOT;
    expect((await failure(xml(noVersion))).message).toMatch(/^This is not a WordPress export: <channel> has no <wp:wxr_version> before its first/);
    expect((await failure(xml(WXR_HEAD.replace('>1.2<', '>2.0<') + WXR_FOOT))).message).toMatch(/^This export says it is WXR 2\.0/);
    expect((await failure(xml('<rss version="2.0"></rss>'))).message).toBe('This is not a WordPress export: <rss> has no <channel> (line 1, column 25)');
  });

  it('says which item has no id, or an id that is not a number', async () => {
    const noId = await failure(xml(WXR_HEAD + '<item>\n<title>No id</title>\n</item>\n' + WXR_FOOT));
    expect(noId.message).toBe('The <item> at line 7 has no <wp:post_id> (line 7, column 1)');
    const badId = await failure(xml(WXR_HEAD + generatedItem(1).replace('<wp:post_id>1<', '<wp:post_id>12a<') + WXR_FOOT));
    expect(badId.message).toMatch(/^The <item> at line 7 has <wp:post_id>12a<\/wp:post_id>, which is not a whole number/);
    const badComment = await failure(xml(WXR_HEAD + generatedItem(1).replace('<wp:comment_id>1<', '<wp:comment_id><') + WXR_FOOT));
    expect(badComment.message).toMatch(/^The <wp:comment> at line 7 has no <wp:comment_id>/);
  });

  it('says when an undeclared prefix is used, or the file goes on after </rss>', async () => {
    const undeclared = await failure(xml(WXR_HEAD.replace(' xmlns:wp="http://wordpress.org/export/1.2/"', '') + WXR_FOOT));
    expect(undeclared.message).toMatch(/^The prefix "wp:" is used but never declared with xmlns:wp="…", as a WordPress export does on <rss>/);
    const joined = await failure(xml(WXR_HEAD + WXR_FOOT + WXR_HEAD));
    expect(joined.message).toMatch(/^The file goes on after <\/rss> ends the export \(two files joined together\?\)/);
  });

  it('refuses a text, comment or CDATA section too long to hold, before it has read it all', async () => {
    const comment = xml(WXR_HEAD + `<!-- ${'x'.repeat(50_000)} -->` + WXR_FOOT);
    expect((await failure(comment, { maxNodeLength: 10_000, chunkSize: 1000 })).message).toMatch(
      /^One text, CDATA section, comment or tag runs on for more than 10000 characters from line 7/,
    );
    const cdata = xml(WXR_HEAD + `<item><content:encoded><![CDATA[${'y'.repeat(50_000)}]]></content:encoded></item>` + WXR_FOOT);
    expect((await failure(cdata, { maxNodeLength: 10_000, chunkSize: 1000 })).message).toMatch(/^One text, CDATA section, comment or tag runs on/);
    const pieces = xml(WXR_HEAD + `<item><content:encoded>${'<![CDATA[zz]]>'.repeat(10_000)}</content:encoded></item>` + WXR_FOOT);
    expect((await failure(pieces, { maxNodeLength: 10_000 })).message).toMatch(/^<content:encoded> \(from line 7\) holds more than 10000 characters/);
  });

  it('ignores elements named like the properties of every object', async () => {
    const odd =
      WXR_HEAD +
      '<constructor>x</constructor><__proto__><toString/></__proto__>' +
      generatedItem(1).replace('<title>', '<constructor/><hasOwnProperty>1</hasOwnProperty><title>') +
      WXR_FOOT;
    expect((await items(xml(odd))).get(1)!.title).toBe('Story 1: ünïcödé ☃');
    expect((await failure(xml('<constructor/>'))).message).toBe(
      'This is not a WordPress export: the root element is <constructor>, expected <rss> (line 1, column 1)',
    );
  });

  it('says a missing file or a folder cannot be read', async () => {
    expect((await failure(testdata('nothing-here.xml'))).message).toBe(`Cannot read ${testdata('nothing-here.xml')}: there is no such file`);
    expect((await failure(scratch)).message).toBe(`Cannot read ${scratch}: it is a folder, not a file`);
  });
});

describe('streaming', () => {
  it('hands over entries as a 20,000-item export arrives, never holding the file', async () => {
    const total = 20_000;
    let produced = 0;
    const source = Readable.from(
      (function* () {
        yield WXR_HEAD;
        for (let id = 1; id <= total; id++) {
          produced = id;
          yield generatedItem(id);
        }
        yield WXR_FOOT;
      })(),
    );
    let producedAtFirstItem = -1;
    let count = 0;
    let last = 0;
    for await (const entry of readWxr(source)) {
      if (entry.kind !== 'item') continue;
      if (count === 0) producedAtFirstItem = produced;
      count++;
      expect(entry.item.id).toBe(last + 1);
      last = entry.item.id;
    }
    expect(count).toBe(total);
    expect(producedAtFirstItem).toBeGreaterThan(0);
    expect(producedAtFirstItem).toBeLessThan(100);
  });

  it('reads no further ahead than a few chunks while the consumer is busy (backpressure)', async () => {
    let produced = 0;
    const source = Readable.from(
      (function* () {
        yield WXR_HEAD;
        for (let id = 1; id <= 5_000; id++) {
          produced = id;
          yield generatedItem(id);
        }
        yield WXR_FOOT;
      })(),
    );
    const busy = () => new Promise<void>((done) => setTimeout(done, 1));
    let consumed = 0;
    let furthestAhead = 0;
    for await (const entry of readWxr(source)) {
      if (entry.kind !== 'item') continue;
      consumed++;
      // An importer awaiting a database batch: the stream has every chance to run ahead, and must not.
      if (consumed <= 200 || consumed % 500 === 0) await busy();
      furthestAhead = Math.max(furthestAhead, produced - consumed);
    }
    expect(consumed).toBe(5_000);
    expect(furthestAhead).toBeLessThan(64);
  });

  it('holds a file still while the consumer is busy, and reads on when asked', async () => {
    const reader = readWxr(testdata('small-site.wxr.xml'), { chunkSize: 1024 });
    const iterator = reader[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ kind: 'site' });
    await new Promise((done) => setTimeout(done, 20));
    expect(reader.bytesRead).toBeLessThanOrEqual(3 * 1024);
    expect(reader.totalBytes).toBe(statSync(testdata('small-site.wxr.xml')).size);
    let rest = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest++;
    expect(rest).toBe(9);
    expect(reader.bytesRead).toBe(reader.totalBytes);
  });

  it('stops reading, and lets go of the stream, when the consumer stops early or the file is bad', async () => {
    const source = Readable.from(
      (function* () {
        yield WXR_HEAD;
        for (let id = 1; id <= 1_000; id++) yield generatedItem(id);
        yield WXR_FOOT;
      })(),
    );
    for await (const entry of readWxr(source)) if (entry.kind === 'item') break;
    expect(source.destroyed).toBe(true);
    const broken = Readable.from(
      (function* () {
        yield WXR_HEAD + '<item><title>Broken</titel></item>';
        for (let id = 1; id <= 1_000; id++) yield generatedItem(id);
      })(),
    );
    await expect(scanWxr(broken)).rejects.toThrow(/^Unexpected close tag <\/titel>/);
    expect(broken.destroyed).toBe(true);
    const compressed = gzipSync(xml(WXR_HEAD + '<item><title>Broken</titel></item>' + generatedItem(1).repeat(2_000)));
    const gzipped = trickle(compressed, 4096);
    await expect(scanWxr(gzipped)).rejects.toThrow(/^Unexpected close tag <\/titel>/);
    await new Promise((done) => setImmediate(done));
    expect(gzipped.destroyed).toBe(true);
  });

  it('is read once', async () => {
    const reader = readWxr(testdata('wxr-1.1.wxr.xml'));
    for await (const _entry of reader) break;
    expect(() => reader[Symbol.asyncIterator]()).toThrow('A WxrReader reads its input once');
  });
});
