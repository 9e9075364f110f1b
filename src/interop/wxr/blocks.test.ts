import { describe, expect, it } from 'vitest';
import { type ParsedBlock, MAX_NESTING, MAX_REUSABLE_DEPTH, hasBlocks, parseBlocks, renderBlocks } from './blocks.js';
import { NoteCollector } from './content-notes.js';

function render(content: string, reusable: Record<number, string> = {}) {
  const notes = new NoteCollector();
  const html = renderBlocks(content, { reusableBlock: (id) => reusable[id], notes });
  return { html, notes: notes.list() };
}

describe('parseBlocks', () => {
  it('reads openers, closers, void blocks, attributes and namespaces as WP_Block_Parser does', () => {
    const parsed = parseBlocks('<!-- wp:paragraph {"align":"right"} -->\n<p>x</p>\n<!-- /wp:paragraph -->free<!-- wp:jetpack/map /-->');
    expect(parsed).toHaveLength(3);
    const [paragraph, free, map] = parsed as [ParsedBlock, string, ParsedBlock];
    expect(paragraph).toMatchObject({ name: 'core/paragraph', attrs: { align: 'right' }, void: false, inner: ['\n<p>x</p>\n'] });
    expect(free).toBe('free');
    expect(map).toMatchObject({ name: 'jetpack/map', void: true, inner: [] });
  });

  it('nests inner blocks and reads attributes holding braces and "-->"-like text', () => {
    const [group] = parseBlocks('<!-- wp:group --><div><!-- wp:html {"x":"}} a --> b"} --><i>h</i><!-- /wp:html --></div><!-- /wp:group -->') as [ParsedBlock];
    expect(group.name).toBe('core/group');
    const inner = group.inner[1] as ParsedBlock;
    expect(inner).toMatchObject({ name: 'core/html', attrs: { x: '}} a --> b' } });
  });

  it('gives a block with broken JSON no attributes, and survives a closer without opener', () => {
    expect(parseBlocks('<!-- wp:image {"id": } --><img><!-- /wp:image -->')[0]).toMatchObject({ name: 'core/image', attrs: {} });
    expect(parseBlocks('a<!-- /wp:paragraph -->b')).toEqual(['a', 'b']);
  });

  it('reads blocks nested past MAX_NESTING as empty, their HTML going to the block around them', () => {
    const html = render('<!-- wp:group --><div>x'.repeat(MAX_NESTING + 10)).html;
    expect(html.match(/x/g)).toHaveLength(MAX_NESTING + 10);
  });

  it('knows block content by its comments, as has_blocks() does', () => {
    expect(hasBlocks('<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->')).toBe(true);
    expect(hasBlocks('<p>x</p><!-- more -->')).toBe(false);
  });
});

describe('renderBlocks', () => {
  it('removes the comments and keeps the saved HTML', () => {
    expect(
      render('<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator -->\n<hr class="wp-block-separator"/>\n<!-- /wp:separator -->')
        .html,
    ).toBe('\n<p>One</p>\n\n\n\n<hr class="wp-block-separator"/>\n');
  });

  it('drops dynamic blocks, with a note naming each, inner template blocks and all', () => {
    const { html, notes } = render(
      '<p>a</p><!-- wp:latest-posts /--><!-- wp:query {"queryId":1} --><div><!-- wp:post-template --><!-- wp:post-title /--><!-- /wp:post-template --></div><!-- /wp:query --><!-- wp:search {"label":"Search"} /--><!-- wp:search /--><p>b</p>',
    );
    expect(html).toBe('<p>a</p><p>b</p>');
    expect(notes.map((n) => n.detail)).toEqual([
      'wp:latest-posts: built by WordPress on each page view, no content saved; dropped',
      'wp:query: built by WordPress on each page view, no content saved; dropped',
      'wp:search: built by WordPress on each page view, no content saved; dropped (×2)',
    ]);
    expect(notes.every((n) => n.kind === 'dynamic-block')).toBe(true);
  });

  it("reports a plugin's block that saved nothing", () => {
    expect(render('<!-- wp:jetpack/contact-form /-->').notes).toEqual([
      { kind: 'dynamic-block', detail: 'wp:jetpack/contact-form: no content saved in the post; dropped' },
    ]);
  });

  it('expands reusable blocks from their wp_block items, recursively', () => {
    const reusable = { 5: '<!-- wp:paragraph --><p>Five <!-- wp:block {"ref":6} /--></p><!-- /wp:paragraph -->', 6: '<em>six</em>' };
    expect(render('<!-- wp:block {"ref":5} /-->', reusable)).toEqual({ html: '<p>Five <em>six</em></p>', notes: [] });
  });

  it('reports a missing reusable block, one that includes itself, and nesting past the limit', () => {
    expect(render('<!-- wp:block {"ref":9} /-->').notes[0]).toEqual({
      kind: 'reusable-block',
      detail: 'wp:block ref 9: no such reusable block (wp_block item) in the export; dropped',
    });
    const cycle = render('<!-- wp:block {"ref":1} /-->', { 1: 'one <!-- wp:block {"ref":2} /-->', 2: 'two <!-- wp:block {"ref":1} /-->' });
    expect(cycle.html).toBe('one two ');
    expect(cycle.notes).toEqual([{ kind: 'reusable-block', detail: 'wp:block ref 1 includes itself; the repeat is dropped' }]);
    const deep = Object.fromEntries(Array.from({ length: MAX_REUSABLE_DEPTH + 2 }, (_, i) => [i, `${i} <!-- wp:block {"ref":${i + 1}} /-->`]));
    const nested = render('<!-- wp:block {"ref":0} /-->', deep);
    expect(nested.html.trim().split(/\s+/)).toHaveLength(MAX_REUSABLE_DEPTH);
    expect(nested.notes[0]?.detail).toMatch(/nested more than 10 deep/);
  });

  it('turns embed blocks, old and new, into link cards and keeps their caption as a paragraph', () => {
    const { html, notes } = render(
      '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","providerNameSlug":"youtube"} --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abc\n</div><figcaption>A <em>film</em></figcaption></figure><!-- /wp:embed -->' +
        '<!-- wp:core-embed/twitter --><figure><div>\nhttps://twitter.com/a/status/1\n</div></figure><!-- /wp:core-embed/twitter -->',
    );
    expect(html).toBe(
      '<figure class="embed"><p><a href="https://www.youtube.com/watch?v=abc">https://www.youtube.com/watch?v=abc</a></p><figcaption>youtube.com</figcaption></figure><p>A <em>film</em></p>' +
        '<figure class="embed"><p><a href="https://twitter.com/a/status/1">https://twitter.com/a/status/1</a></p><figcaption>twitter.com</figcaption></figure>',
    );
    expect(notes.map((n) => n.kind)).toEqual(['embed', 'embed']);
  });

  it('gives social links their addresses, and the shortcode block its paragraphs', () => {
    expect(
      render(
        '<!-- wp:social-links --><ul class="wp-block-social-links"><!-- wp:social-link {"url":"https://wordpress.org","service":"wordpress"} /--></ul><!-- /wp:social-links -->',
      ).html,
    ).toBe('<ul class="wp-block-social-links"><li><a href="https://wordpress.org">Wordpress</a></li></ul>');
    expect(render('<!-- wp:shortcode -->\n[gallery ids="1"]\n\nafter\n<!-- /wp:shortcode -->').html).toBe('<p>[gallery ids="1"]</p>\n<p>after</p>\n');
  });
});
