import { describe, expect, it } from 'vitest';
import { categoryPath, commentFrom, commentText, oldPath, plainText, slugFor, sourceKey, wpDateToIso } from './wxr-mapping.js';
import type { WxrCategory, WxrComment } from './wxr.types.js';

const comment = (overrides: Partial<WxrComment>): WxrComment => ({
  id: 9,
  author: 'Ana &amp; Bo',
  authorEmail: ' ana@example.com ',
  authorUrl: 'javascript:alert(1)',
  authorIp: '192.0.2.4',
  date: '2020-01-02 03:04:05',
  dateGmt: '2020-01-02 01:04:05',
  content: '<p>First line<br />second</p><p>Next &ldquo;para&rdquo;</p>',
  approved: '1',
  type: '',
  parent: 0,
  userId: 0,
  meta: [],
  ...overrides,
});

describe('WordPress to Dateline mapping', () => {
  it('reads WordPress dates as UTC and treats zero dates as none', () => {
    expect(wpDateToIso('2015-01-27 14:56:57')).toBe('2015-01-27T14:56:57.000Z');
    expect(wpDateToIso('0000-00-00 00:00:00')).toBeNull();
    expect(wpDateToIso('yesterday')).toBeNull();
  });

  it('keeps slugs in any script, decoded, and makes one of those it cannot keep', () => {
    expect(slugFor('hello-world', 'x', 'post-1')).toEqual({ slug: 'hello-world', altered: false });
    expect(slugFor('%e6%97%a5%e6%9c%ac', 'Japan story', 'post-1')).toEqual({ slug: '日本', altered: false });
    expect(slugFor('%E6%97%A5%E6%9C%AC-2', 'Japan story', 'post-1')).toEqual({ slug: '日本-2', altered: false });
    expect(slugFor('%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2', 'x', 'page-1')).toEqual({ slug: 'επίπεδο-2', altered: false });
    // WordPress folds accents before it stores a slug; one with them anyway (a plugin's) keeps its address too.
    expect(slugFor('caf%c3%a9-au-lait', 'x', 'post-1')).toEqual({ slug: 'café-au-lait', altered: false });
    // A decomposed accent is composed (NFC): the same text, so not an alteration.
    expect(slugFor(encodeURIComponent('cafe\u0301'), 'x', 'post-1')).toEqual({ slug: 'café', altered: false });
    expect(slugFor('my_old_post', 'x', 'post-1')).toEqual({ slug: 'my-old-post', altered: true });
    expect(slugFor('%f0%9f%8e%89', '日本', 'post-7')).toEqual({ slug: '日本', altered: true });
    expect(slugFor('%f0%9f%8e%89', '🎉', 'post-7')).toEqual({ slug: 'post-7', altered: true });
    expect(slugFor('100%-sure', '', 'post-2').slug).toBe('100-sure');
    expect(slugFor('', 'A draft', 'post-3')).toEqual({ slug: 'a-draft', altered: false });
  });

  it('takes old paths only from the old site, with their query', () => {
    expect(oldPath('https://old.example.com/2020/01/hello/', 'https://old.example.com')).toBe('/2020/01/hello/');
    expect(oldPath('https://old.example.com/?p=12', 'https://old.example.com/')).toBe('/?p=12');
    expect(oldPath('https://elsewhere.example/x/', 'https://old.example.com')).toBeNull();
    expect(oldPath('not a url', 'https://old.example.com')).toBeNull();
    expect(sourceKey('https://Old.Example.com/')).toBe('https://old.example.com');
  });

  it('builds a nested category archive path from the ancestors', () => {
    const parent: WxrCategory = { termId: 1, nicename: 'news', parent: null, name: 'News', description: '', meta: [] };
    const child: WxrCategory = { termId: 2, nicename: 'world', parent: 'news', name: 'World', description: '', meta: [] };
    expect(categoryPath(child, new Map([['news', parent]]))).toBe('/category/news/world/');
  });

  it('maps comment statuses and kinds, keeps text and drops unsafe author links', () => {
    const approved = commentFrom(comment({}), 5);
    expect(approved).toMatchObject({
      status: 'approved',
      kind: 'comment',
      authorName: 'Ana & Bo',
      authorEmail: 'ana@example.com',
      authorUrl: '',
      createdAt: '2020-01-02T01:04:05.000Z',
    });
    expect('body' in approved && approved.body).toBe('First line\nsecond\n\nNext “para”');
    expect(commentFrom(comment({ approved: '0' }), 5)).toMatchObject({ status: 'pending' });
    expect(commentFrom(comment({ approved: 'spam' }), 5)).toMatchObject({ status: 'spam' });
    expect(commentFrom(comment({ approved: 'trash' }), 5)).toMatchObject({ status: 'trash' });
    expect(commentFrom(comment({ type: 'pingback' }), 5)).toMatchObject({ kind: 'pingback' });
    expect(commentFrom(comment({ type: 'woocommerce_order_note' }), 5)).toEqual({ skip: 'it is a "woocommerce_order_note", a plugin\'s own kind of comment' });
    expect(commentFrom(comment({ parent: 4 }), 5)).toMatchObject({ parentOldId: 4 });
  });

  it('turns titles and comments into plain text', () => {
    expect(plainText('Title with <em>markup</em> &amp; &#8220;quotes&#8221;')).toBe('Title with markup & “quotes”');
    expect(plainText('Ping 1 &laquo; What&#8217;s a tellyworth? &hellip;')).toBe('Ping 1 « What’s a tellyworth? …');
    expect(plainText('AT&T &notanentity')).toBe('AT&T &notanentity');
    expect(commentText('a\r\n\r\n\r\nb')).toBe('a\n\nb');
  });
});
