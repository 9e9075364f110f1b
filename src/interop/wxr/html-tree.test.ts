import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, attr, decodeEntities, parseHtml, rawText, serializeHtml, setAttr } from './html-tree.js';

const roundTrip = (html: string) => serializeHtml(parseHtml(html));

describe('parseHtml / serializeHtml', () => {
  it('gives back well-formed HTML as it was, entities and comments included', () => {
    const html = '<p class="x">Fish &amp; chips &eacute; <a href="/a?b=1&amp;c=2">link</a></p><!-- c --><ul><li>one</li></ul>';
    expect(roundTrip(html)).toBe(html);
  });

  it('writes attributes double-quoted, bare ones bare, and void elements without an end tag', () => {
    expect(roundTrip(`<img src='a "b".jpg' alt=x hidden><br/><hr />`)).toBe('<img src="a &quot;b&quot;.jpg" alt="x" hidden><br><hr>');
  });

  it('closes a <p> when a block opens, and siblings that cannot nest', () => {
    expect(roundTrip('<p>one<div>two</div><p>three<ul><li>a<li>b</ul>')).toBe('<p>one</p><div>two</div><p>three</p><ul><li>a</li><li>b</li></ul>');
    expect(roundTrip('<table><tr><td>1<td>2<tr><td>3</table>')).toBe('<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>');
    expect(roundTrip('<dl><dt>t<dd>d<dt>u</dl>')).toBe('<dl><dt>t</dt><dd>d</dd><dt>u</dt></dl>');
  });

  it('keeps a <p> open across a table cell boundary', () => {
    expect(roundTrip('<p>a<table><tr><td><p>b<div>c</div></td></tr></table>')).toBe('<p>a</p><table><tr><td><p>b</p><div>c</div></td></tr></table>');
  });

  it('ignores stray end tags and closes what is left open', () => {
    expect(roundTrip('a</span>b<em>c<strong>d</em>e')).toBe('ab<em>c<strong>d</strong></em>e');
  });

  it('keeps comments, block markup among them, as written', () => {
    const html = '<!-- wp:image {"id":7} --><figure><img src="a.jpg"></figure><!-- /wp:image --><!--more-->';
    expect(roundTrip(html)).toBe(html);
    expect(parseHtml('<!-- wp:spacer /-->x')[0]).toEqual({ type: 'comment', raw: '<!-- wp:spacer /-->' });
  });

  it('reads script and style as text, and a lone < as text', () => {
    expect(parseHtml('<script>if (a < b && c) "</p>"</script>')[0]).toMatchObject({
      name: 'script',
      children: [{ type: 'text', raw: 'if (a < b && c) "</p>"' }],
    });
    expect(roundTrip('1 < 2 <3')).toBe('1 < 2 <3');
  });

  it('keeps the content of elements nested past MAX_DEPTH, beside them', () => {
    const html = '<b>'.repeat(MAX_DEPTH + 50) + 'deep';
    expect(rawText(parseHtml(html))).toBe('deep');
    expect(() => serializeHtml(parseHtml(html))).not.toThrow();
  });

  it('never throws on broken markup', () => {
    for (const broken of ['<', '<a', '<a href="x', '</', '<!--', '<!x', '<p <b>', '<img src=x onerror=1//>']) expect(() => roundTrip(broken)).not.toThrow();
  });
});

describe('attributes and entities', () => {
  it('decodes a value when read and encodes one when set', () => {
    const [a] = parseHtml('<a href="/x?a=1&amp;b=2&#038;c=3&#x26;d">x</a>');
    if (a?.type !== 'element') throw new Error('no element');
    expect(attr(a, 'href')).toBe('/x?a=1&b=2&c=3&d');
    setAttr(a, 'href', 'https://e.example/?q="1"&r=<2>');
    expect(serializeHtml([a])).toBe('<a href="https://e.example/?q=&quot;1&quot;&amp;r=&lt;2&gt;">x</a>');
  });

  it('decodes as a browser reads an attribute: a name without its ; before = stays, as in a query', () => {
    expect(decodeEntities('&eacute; &#038; &#x26; &quot; &nbsp;&notit; ?a=1&copy=2&reg;')).toBe('é & & " \u00a0&notit; ?a=1&copy=2®');
  });
});
