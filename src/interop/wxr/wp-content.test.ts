import { describe, expect, it } from 'vitest';
import { sanitizeArticleBody } from '../../news/articles/body-sanitizer.js';
import { type ContentContext, type WpAttachment, convertWordPressContent, standfirstFromWordPress, titleFromWordPress } from './wp-content.js';

const OLD = 'https://old.example/wp-content/uploads';
const NEW = 'https://news.example/media';

/** A media library holding photo.jpg and shot.png (the originals), and three attachments. */
function context(overrides: Partial<ContentContext> = {}): ContentContext & { asked: string[] } {
  const library: Record<string, string> = {
    [`${OLD}/2019/03/photo.jpg`]: `${NEW}/photo.jpg`,
    [`${OLD}/2019/03/shot.png`]: `${NEW}/shot.png`,
    [`${OLD}/2019/04/big-scaled.jpg`]: `${NEW}/big.jpg`,
  };
  const attachments: Record<number, WpAttachment> = {
    11: { url: `${OLD}/2019/03/photo.jpg`, alt: 'A photo', caption: 'The <em>photo</em>' },
    12: { url: `${OLD}/2019/03/shot.png`, alt: '', title: 'Shot' },
    13: { url: `${OLD}/2019/03/notes.pdf`, title: 'Notes' },
  };
  const asked: string[] = [];
  return {
    asked,
    reusableBlock: () => undefined,
    mediaUrl: (url) => {
      asked.push(url);
      return library[url] ?? null;
    },
    attachment: (id) => attachments[id],
    attachmentsOf: (postId) => (postId === 100 ? [12, 11, 13] : []),
    ...overrides,
  };
}

const convert = (content: string, ctx: ContentContext = context(), postId?: number) =>
  convertWordPressContent(content, ctx, postId === undefined ? {} : { postId });
const kinds = (result: { notes: { kind: string }[] }) => result.notes.map((n) => n.kind);

describe('classic content', () => {
  it("gets WordPress's automatic paragraphs and line breaks", () => {
    expect(convert('First line\nsecond line\n\nNext paragraph').html).toBe('<p>First line<br />\nsecond line</p><p>Next paragraph</p>');
  });

  it('keeps <pre> as written and puts no paragraph around blocks', () => {
    expect(convert('Code:\n\n<pre>a\n\nb</pre><h2>Title</h2>\nText').html).toBe('<p>Code:</p><pre>a\n\nb</pre><h2>Title</h2><p>Text</p>');
  });

  it('joins the pages of a paginated post, saying so', () => {
    const result = convert('One\n\n<!--nextpage-->\n\nTwo');
    expect(result.html).toBe('<p>One</p><p>Two</p>');
    expect(result.notes).toEqual([{ kind: 'page-break', detail: '2 pages (<!--nextpage-->) joined into one body' }]);
  });

  it("gives Dateline's nearest tags for those it lacks", () => {
    expect(
      convert('<h1>A</h1><h5>B</h5><p><del>c</del> <ins>d</ins> <tt>e</tt> <acronym title="f">F</acronym></p><dl><dt>Term</dt><dd>Def</dd></dl>').html,
    ).toBe('<h2>A</h2><h4>B</h4><p><s>c</s> <u>d</u> <code>e</code> <abbr title="f">F</abbr></p><p><strong>Term</strong></p><p>Def</p>');
  });
});

describe('block content', () => {
  it('gets no automatic paragraphs (WordPress skips wpautop when blocks are present)', () => {
    expect(convert('<!-- wp:paragraph -->\n<p>One\ntwo</p><!-- /wp:paragraph -->').html).toBe('<p>One\ntwo</p>');
  });

  it('gathers what layout blocks leave (buttons, columns) into paragraphs', () => {
    const content =
      '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column --><div class="wp-block-column"><!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div><!-- /wp:column --></div><!-- /wp:columns -->' +
      '<!-- wp:buttons --><div class="wp-block-buttons"><!-- wp:button --><div class="wp-block-button"><a class="wp-block-button__link" href="https://e.example/">Go</a></div><!-- /wp:button --></div><!-- /wp:buttons -->';
    expect(convert(content)).toEqual({ html: '<p>Left</p><p><a href="https://e.example/">Go</a></p>', notes: [] });
  });

  it('makes a pull quote block a pull quote, and an image block an image figure', () => {
    const content =
      '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>Said.</p><cite>Her</cite></blockquote></figure><!-- /wp:pullquote -->' +
      `<!-- wp:image {"id":11} --><figure class="wp-block-image size-large"><img src="${OLD}/2019/03/photo-1024x683.jpg" alt="A photo" class="wp-image-11"/><figcaption>Caption</figcaption></figure><!-- /wp:image -->`;
    expect(convert(content).html).toBe(
      `<blockquote class="pullquote"><p>Said.</p><p><cite>Her</cite></p></blockquote><figure class="image"><img src="${NEW}/photo.jpg" alt="A photo" /><figcaption>Caption</figcaption></figure>`,
    );
  });

  it('expands reusable blocks and reports dynamic ones', () => {
    const ctx = context({ reusableBlock: (id) => (id === 7 ? '<!-- wp:paragraph --><p>Boilerplate</p><!-- /wp:paragraph -->' : undefined) });
    const result = convert('<!-- wp:block {"ref":7} /--><!-- wp:latest-posts {"postsToShow":3} /--><!-- wp:block {"ref":8} /-->', ctx);
    expect(result.html).toBe('<p>Boilerplate</p>');
    expect(kinds(result)).toEqual(['dynamic-block', 'reusable-block']);
  });
});

describe('[caption]', () => {
  it('becomes an image figure with its caption, the image taken through the media library', () => {
    const result = convert(
      `[caption id="attachment_11" align="alignright" width="300"]<a href="${OLD}/2019/03/photo.jpg"><img class="size-medium wp-image-11" src="${OLD}/2019/03/photo-300x200.jpg" alt="A photo" width="300" height="200" /></a> The <strong>caption</strong>[/caption]\n\nText after.`,
    );
    expect(result).toEqual({
      html: `<figure class="image"><img src="${NEW}/photo.jpg" alt="A photo" width="300" height="200" /><figcaption>The <strong>caption</strong></figcaption></figure><p>Text after.</p>`,
      notes: [],
    });
  });

  it('reads the old caption="" form, and gives only the image when the width or caption is missing (as WordPress does)', () => {
    expect(convert(`[caption width="300" caption="Old style"]<img src="${OLD}/2019/03/photo.jpg" alt="x" />[/caption]`).html).toBe(
      `<figure class="image"><img src="${NEW}/photo.jpg" alt="x" /><figcaption>Old style</figcaption></figure>`,
    );
    expect(convert(`[caption width="0"]<img src="${OLD}/2019/03/photo.jpg" alt="x" /> Lost[/caption]`).html).toBe(
      `<figure class="image"><img src="${NEW}/photo.jpg" alt="x" /></figure>`,
    );
  });

  it('sits between paragraphs when written inside one', () => {
    expect(convert(`Before [caption width="10"]<img src="${OLD}/2019/03/photo.jpg" alt="" /> Cap[/caption] after`).html).toBe(
      `<p>Before</p><figure class="image"><img src="${NEW}/photo.jpg" alt="" /><figcaption>Cap</figcaption></figure><p>after</p>`,
    );
  });
});

describe('[gallery]', () => {
  it('gives an image figure per attachment of ids="", in that order, with their captions and alt text', () => {
    const result = convert('[gallery ids="12,11,99" columns="2"]');
    expect(result.html).toBe(
      `<figure class="image"><img src="${NEW}/shot.png" alt="" /></figure><figure class="image"><img src="${NEW}/photo.jpg" alt="A photo" /><figcaption>The <em>photo</em></figcaption></figure>`,
    );
    expect(result.notes).toEqual([{ kind: 'media-not-found', detail: 'attachment 99 (in a [gallery]) is not in the export; left out' }]);
  });

  it("without ids shows the post's attached images (not its other files), in reverse with order=DESC", () => {
    expect(convert('[gallery]', context(), 100).html).toBe(
      `<figure class="image"><img src="${NEW}/shot.png" alt="" /></figure><figure class="image"><img src="${NEW}/photo.jpg" alt="A photo" /><figcaption>The <em>photo</em></figcaption></figure>`,
    );
    expect(convert('[gallery order="DESC" exclude="12"]', context(), 100).html).toBe(
      `<figure class="image"><img src="${NEW}/photo.jpg" alt="A photo" /><figcaption>The <em>photo</em></figcaption></figure>`,
    );
    expect(convert('[gallery]', context(), 5)).toEqual({
      html: '',
      notes: [{ kind: 'media-not-found', detail: '[gallery] of post 5: no attached images in the export; dropped' }],
    });
  });
});

describe('embeds', () => {
  it('turns an oEmbed URL alone on its line into a link card, and leaves other bare URLs as text', () => {
    const result = convert('Watch:\n\nhttps://www.youtube.com/watch?v=SQEQr7c0-dw\n\nhttps://example.com/page\n\nSee https://vimeo.com/1 inline.');
    expect(result.html).toBe(
      '<p>Watch:</p><figure class="embed"><p><a href="https://www.youtube.com/watch?v=SQEQr7c0-dw">https://www.youtube.com/watch?v=SQEQr7c0-dw</a></p><figcaption>youtube.com</figcaption></figure><p>https://example.com/page</p><p>See https://vimeo.com/1 inline.</p>',
    );
    expect(result.notes).toEqual([{ kind: 'embed', detail: 'https://www.youtube.com/watch?v=SQEQr7c0-dw became a link card' }]);
  });

  it('makes [embed] a link card for any http(s) address, and Jetpack’s [youtube] too', () => {
    expect(convert('[embed width="500"]https://example.com/story[/embed]').html).toBe(
      '<figure class="embed"><p><a href="https://example.com/story">https://example.com/story</a></p><figcaption>example.com</figcaption></figure>',
    );
    expect(convert('[youtube https://youtu.be/abc]').html).toContain('<a href="https://youtu.be/abc">');
    expect(convert('[vimeo 12345]').html).toContain('<a href="https://vimeo.com/12345">');
  });

  it("turns a player's iframe into a link card, and drops any other iframe with a note", () => {
    const result = convert(
      '<iframe src="https://www.youtube.com/embed/abcdefghijk?rel=0" width="560"></iframe>\n\n<iframe src="https://ads.example/frame">fallback</iframe>',
    );
    expect(result.html).toBe(
      '<figure class="embed"><p><a href="https://www.youtube.com/watch?v=abcdefghijk">https://www.youtube.com/watch?v=abcdefghijk</a></p><figcaption>youtube.com</figcaption></figure>',
    );
    expect(result.notes).toEqual([
      { kind: 'embed', detail: 'https://www.youtube.com/watch?v=abcdefghijk (an embedded player) became a link card' },
      { kind: 'sanitizer-dropped', detail: '<iframe src="https://ads.example/frame"> dropped' },
    ]);
  });

  it('makes [audio], [video] and <video> links to their files', () => {
    const result = convert(`[audio mp3="${OLD}/2019/03/talk.mp3"]\n\n<video controls src="https://cdn.example/clip.mp4">no video</video>`);
    expect(result.html).toBe(`<p><a href="${OLD}/2019/03/talk.mp3">talk.mp3</a></p><p><a href="https://cdn.example/clip.mp4">clip.mp4</a></p>`);
    expect(kinds(result).sort()).toEqual(['media-not-found', 'media-player', 'media-player']);
  });
});

describe('shortcodes Dateline does not have', () => {
  it('are kept as text and reported, once per name', () => {
    const result = convert('[contact-form-7 id="1" title="Contact"]\n\n[foo]inner[/foo] and [foo]again[/foo]\n\nA [1] footnote and [sic].');
    expect(result.html).toBe('<p>[contact-form-7 id="1" title="Contact"]</p><p>[foo]inner[/foo] and [foo]again[/foo]</p><p>A [1] footnote and [sic].</p>');
    expect(result.notes).toEqual([
      { kind: 'unknown-shortcode', detail: '[contact-form-7] kept as text: [contact-form-7 id="1" title="Contact"]' },
      { kind: 'unknown-shortcode', detail: '[foo] kept as text: [foo]inner[/foo] (×2)' },
    ]);
  });

  it('escaped as [[tag]] show as [tag], as in WordPress, without a note', () => {
    expect(convert('Write [[gallery]] to show a gallery.')).toEqual({ html: '<p>Write [gallery] to show a gallery.</p>', notes: [] });
  });
});

describe('media URLs', () => {
  it('rewrites img src (resized variants and -scaled originals), srcset and upload links; other links stay', () => {
    const ctx = context();
    const result = convert(
      `<img src="${OLD}/2019/04/big-1024x768.jpg" srcset="${OLD}/2019/04/big-300x225.jpg 300w, ${OLD}/2019/04/big-1024x768.jpg 1024w" sizes="(max-width: 1024px) 100vw" alt="Big">\n\n<a href="${OLD}/2019/03/shot.png">the shot</a> and <a href="https://elsewhere.example/">elsewhere</a>`,
      ctx,
    );
    expect(result).toEqual({
      html: `<figure class="image"><img src="${NEW}/big.jpg" alt="Big" /></figure><p><a href="${NEW}/shot.png">the shot</a> and <a href="https://elsewhere.example/">elsewhere</a></p>`,
      notes: [],
    });
    expect(ctx.asked.slice(0, 4)).toEqual([
      `${OLD}/2019/04/big-1024x768.jpg`,
      `${OLD}/2019/04/big.jpg`,
      `${OLD}/2019/04/big-scaled.jpg`,
      `${OLD}/2019/04/big-300x225.jpg`,
    ]);
  });

  it('keeps a srcset whose sizes the library has as separate files', () => {
    const ctx = context({ mediaUrl: (url) => (url.startsWith(OLD) ? url.replace(OLD, NEW) : null) });
    expect(convert(`<img src="${OLD}/a.jpg" srcset="${OLD}/a-300x200.jpg 300w, ${OLD}/a.jpg 900w" sizes="100vw" alt="">`, ctx).html).toBe(
      `<figure class="image"><img src="${NEW}/a.jpg" alt="" srcset="${NEW}/a-300x200.jpg 300w, ${NEW}/a.jpg 900w" sizes="100vw" /></figure>`,
    );
  });

  it('falls back on the wp-image-N attachment, fills a missing alt from it, and resolves root-relative URLs', () => {
    const ctx = context({ baseUrl: 'https://old.example' });
    expect(convert('<img class="wp-image-11" src="/wp-content/uploads/2019/03/renamed.jpg">', ctx).html).toBe(
      `<figure class="image"><img src="${NEW}/photo.jpg" alt="A photo" /></figure>`,
    );
  });

  it('keeps the old URL of an upload the library lacks, with one note per URL', () => {
    const result = convert(`<img src="${OLD}/gone.jpg" alt="">\n\n<img src="${OLD}/gone.jpg" alt="">`);
    expect(result.html).toBe(
      `<figure class="image"><img src="${OLD}/gone.jpg" alt="" /></figure><figure class="image"><img src="${OLD}/gone.jpg" alt="" /></figure>`,
    );
    expect(result.notes).toEqual([{ kind: 'media-not-found', detail: `${OLD}/gone.jpg is not in the media library; the old URL is kept (×2)` }]);
  });

  it('lifts an image out of its paragraph where it stood; inside a list item it stays', () => {
    expect(
      convert(
        `Text <img src="${OLD}/2019/03/photo.jpg" alt="p"> more\n<ul><li><img src="${OLD}/2019/03/photo.jpg" alt="i"> item</li><li><p><img src="${OLD}/2019/03/photo.jpg" alt="j"> para</p></li></ul>`,
      ).html,
    ).toBe(
      `<p>Text</p><figure class="image"><img src="${NEW}/photo.jpg" alt="p" /></figure><p>more</p><ul><li><img src="${NEW}/photo.jpg" alt="i" /> item</li><li><p><img src="${NEW}/photo.jpg" alt="j" /> para</p></li></ul>`,
    );
  });

  it('takes a lazy-loaded image from its data-src, and drops an image with no address, saying so', () => {
    const result = convert(`<img src="data:image/gif;base64,R0lGOD" data-src="${OLD}/2019/03/photo.jpg" alt="lazy">\n\n<img alt="nothing">`);
    expect(result.html).toBe(`<figure class="image"><img src="${NEW}/photo.jpg" alt="lazy" /></figure>`);
    expect(result.notes).toEqual([{ kind: 'sanitizer-dropped', detail: '<img> without a src dropped' }]);
  });

  it('says so when an image linked somewhere other than itself loses its link', () => {
    const result = convert(`<a href="https://shop.example/buy"><img src="${OLD}/2019/03/photo.jpg" alt=""></a>`);
    expect(result.notes).toEqual([{ kind: 'image-link-dropped', detail: 'an image linked to https://shop.example/buy; the link is dropped' }]);
  });
});

describe('the sanitiser', () => {
  it('gets the last word, and what it drops is reported', () => {
    const result = convert(
      '<p onclick="steal()" style="color:red">Hi<script>alert(1)</script></p>\n\n<a href="javascript:alert(1)">click</a>\n\n<form><input name="q"></form>',
    );
    expect(result.html).toBe('<p>Hi</p><p><a>click</a></p>');
    expect(result.notes.map((n) => n.detail).sort()).toEqual(
      [
        '<form> dropped by the body allowlist',
        '<input> dropped by the body allowlist',
        '<script> dropped by the body allowlist',
        'href attribute (on <a>) dropped by the body allowlist, e.g. href="javascript:alert(1)"',
        'onclick attribute (on <p>) dropped by the body allowlist, e.g. onclick="steal()"',
        'style attribute (on <p>) dropped by the body allowlist, e.g. style="color:red"',
      ].sort(),
    );
    expect(result.notes.every((n) => n.kind === 'sanitizer-dropped')).toBe(true);
  });

  it('reports attributes of unwrapped layout elements, but not WordPress’s own classes and ids', () => {
    expect(convert('<div class="wp-block-group" id="g" style="padding:2em" data-x="1"><p class="has-text-color">x</p></div>').notes).toEqual([
      { kind: 'sanitizer-dropped', detail: 'style attribute (on <div>) dropped' },
    ]);
  });

  it('gives output that sanitising again leaves as it is', () => {
    const samples = [
      'a &amp; b &nbsp; c < d',
      '<table><tr><td>1<td>2</table>',
      'x<br>\n<br>y',
      '<blockquote>q\n\nr</blockquote>',
      '<ul><li>a<ul><li>b</ul></ul>',
    ];
    for (const sample of samples) {
      const { html } = convert(sample);
      expect(sanitizeArticleBody(html)).toBe(html);
    }
  });
});

describe('titles and standfirsts', () => {
  it('titles become plain text', () => {
    expect(titleFromWordPress('Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>')).toBe('Markup: Title With Markup');
    expect(titleFromWordPress('Special ~`!@#$%^&amp;*()-_=+{}[]/\\;:&#039;&quot;?,.&gt; &#8217;s &hellip;')).toBe(
      'Special ~`!@#$%^&*()-_=+{}[]/\\;:\'"?,.> ’s …',
    );
    expect(titleFromWordPress('  Two\n  lines  ')).toBe('Two lines');
  });

  it('excerpts become a plain-text standfirst, shortcodes removed and [[escapes]] kept', () => {
    expect(standfirstFromWordPress('<p>A <strong>bold</strong> &amp; short\nexcerpt.</p><p>Second.</p> before[gallery ids="1"]after [[gallery]]')).toBe(
      'A bold & short excerpt. Second. beforeafter [gallery]',
    );
  });
});

describe('hostile content', () => {
  // Patterns that make naive regular expressions (and WordPress's own, without PHP's backtracking limit) take
  // quadratic time or overflow the stack. 50 KB of each must convert quickly; quadratic would take seconds.
  const SIZE = 50_000;
  const cases: Record<string, string> = {
    'a long run of spaces': `a${' '.repeat(SIZE)}b`,
    'openers without attributes closed': '<!-- wp:x {"a":1 '.repeat(SIZE / 17),
    'block openers never closed': '<!-- wp:group --><div>x'.repeat(SIZE / 23),
    'shortcode openers never closed': '[b]'.repeat(SIZE / 3),
    'brackets never closed': '[a '.repeat(SIZE / 3),
    'paragraphs around list items on one line': '<p><li'.repeat(SIZE / 6),
    'svg never closed': '<svg>\n'.repeat(SIZE / 6),
    'elements nested deep': '<span><em>'.repeat(SIZE / 10) + 'x',
    'comments never closed': '<!--'.repeat(SIZE / 4),
    'URL lines with blank lines': 'https://youtu.be/x\n  \n'.repeat(SIZE / 22),
  };
  for (const [name, content] of Object.entries(cases)) {
    it(`converts ${name} in linear time`, () => {
      const start = performance.now();
      const { html } = convert(content);
      expect(performance.now() - start).toBeLessThan(1500);
      expect(sanitizeArticleBody(html)).toBe(html);
    });
  }
});
