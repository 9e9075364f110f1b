import { describe, expect, it } from 'vitest';
import { type Shortcode, doShortcodes, findShortcodes, parseShortcodeAttrs } from './shortcodes.js';

/** WordPress's test shortcodes (tests/phpunit/tests/shortcode.php): footag, bartag, baztag. */
function testHandler(sc: Shortcode): string | null {
  if (sc.tag === 'footag') return `foo = ${sc.attrs.named.foo ?? ''}`;
  if (sc.tag === 'bartag') return `foo = ${sc.attrs.named.foo ?? 'no foo'}`;
  if (sc.tag === 'baztag') return `content = ${doShortcodes(sc.content ?? '', testHandler)}`;
  return null;
}

const attrsOf = (text: string) => findShortcodes(text)[0]!.attrs;

describe('parseShortcodeAttrs (WordPress test cases)', () => {
  it('reads named attributes, with hyphens (#9405)', () => {
    expect(attrsOf('[test-shortcode-tag foo="asdf" bar="bing" /]').named).toEqual({ foo: 'asdf', bar: 'bing' });
    expect(attrsOf('[test-shortcode-tag foo="foo" foo-bar="foo-bar" -foo-bar="-foo-bar" foo--bar="foo--bar" /]').named).toEqual({
      foo: 'foo',
      'foo-bar': 'foo-bar',
      '-foo-bar': '-foo-bar',
      'foo--bar': 'foo--bar',
    });
  });

  it('reads positional attributes: numbers, URLs, quoted and mixed', () => {
    expect(attrsOf('[test-shortcode-tag 123]').positional).toEqual(['123']);
    expect(attrsOf('[test-shortcode-tag http://www.youtube.com/watch?v=eBGIQ7ZuuiU]').positional).toEqual(['http://www.youtube.com/watch?v=eBGIQ7ZuuiU']);
    expect(attrsOf('[test-shortcode-tag "something in quotes" "something else"]').positional).toEqual(['something in quotes', 'something else']);
    expect(attrsOf('[test-shortcode-tag 123 https://wordpress.org/ 0 "foo" bar]').positional).toEqual(['123', 'https://wordpress.org/', '0', 'foo', 'bar']);
    expect(attrsOf('[test-shortcode-tag 123 url=https://wordpress.org/ foo bar="baz"]')).toEqual({
      named: { url: 'https://wordpress.org/', bar: 'baz' },
      positional: ['123', 'foo'],
    });
  });

  it('treats a no-break or zero-width space as a separator (#6562)', () => {
    expect(attrsOf('[test-shortcode-tag foo="bar" \u00a0baz="123"]').named).toEqual({ foo: 'bar', baz: '123' });
    expect(attrsOf('[test-shortcode-tag foo="bar" \u200babc="def"]').named).toEqual({ foo: 'bar', abc: 'def' });
  });

  it('lower-cases names, reads single quotes, and refuses a value holding an unclosed tag', () => {
    expect(parseShortcodeAttrs(` ID='5' Title="<b>x</b>" bad="<div" `).named).toEqual({ id: '5', title: '<b>x</b>', bad: '' });
  });
});

describe('doShortcodes', () => {
  it('finds enclosing, self-closing and bare shortcodes', () => {
    const found = findShortcodes('[a-b]content[/a-b] [c-d /] [e-f x="1"]');
    expect(found.map((s) => [s.tag, s.content])).toEqual([
      ['a-b', 'content'],
      ['c-d', null],
      ['e-f', null],
    ]);
  });

  it('unescapes [[tag]] (#6518)', () => {
    expect(doShortcodes('[[footag]] [[bartag foo="bar"]]', testHandler)).toBe('[footag] [bartag foo="bar"]');
    expect(doShortcodes('[[footag /]] [[bartag foo="bar" /]]', testHandler)).toBe('[footag /] [bartag foo="bar" /]');
    expect(doShortcodes('[[baztag foo="bar"]the content[/baztag]]', testHandler)).toBe('[baztag foo="bar"]the content[/baztag]');
    expect(doShortcodes('[[[footag]]] [[[bartag foo="bar"]]]', testHandler)).toBe('[[footag]] [[bartag foo="bar"]]');
  });

  it('expands shortcodes that only look escaped', () => {
    expect(doShortcodes('[[footag] [bartag foo="bar"]]', testHandler)).toBe('[foo =  foo = bar]');
    expect(doShortcodes('[[footag /] [bartag foo="bar" /]]', testHandler)).toBe('[foo =  foo = bar]');
    expect(doShortcodes('[[baztag foo="bar"]the content[/baztag]', testHandler)).toBe('[content = the content');
    expect(doShortcodes('[[[footag] [bartag foo="bar"]]]', testHandler)).toBe('[[foo =  foo = bar]]');
  });

  it('expands nested shortcodes through the handler', () => {
    expect(doShortcodes('[baztag][footag foo="x"][/baztag]', testHandler)).toBe('content = foo = x');
  });

  it('keeps a shortcode the handler does not know as written, and still expands what it encloses', () => {
    expect(doShortcodes('a [unknown-tag x=1]b [footag foo="y"][/unknown-tag] c', testHandler)).toBe('a [unknown-tag x=1]b foo = y[/unknown-tag] c');
  });

  it('never looks inside tags or comments', () => {
    expect(doShortcodes('<!--[if lt IE 7]>', testHandler)).toBe('<!--[if lt IE 7]>');
    expect(doShortcodes('1 <a noise="[footag]"> 2 <a noise=" [footag] " >', testHandler)).toBe('1 <a noise="[footag]"> 2 <a noise=" [footag] " >');
    expect(doShortcodes('<div style="selector:url([[footag]])">', testHandler)).toBe('<div style="selector:url([[footag]])">');
    expect(doShortcodes('<img alt="[footag]"> [footag]', testHandler)).toBe('<img alt="[footag]"> foo = ');
  });

  it('leaves text in brackets that is not a shortcode name alone', () => {
    expect(doShortcodes('see [1] and [2], [ note ]', () => 'X')).toBe('see [1] and [2], [ note ]');
  });
});
