import { describe, expect, it } from 'vitest';
import { bodyText, sanitizeArticleBody } from './body-sanitizer.js';

describe('sanitizeArticleBody', () => {
  it('keeps the editorial markup a story needs', () => {
    const html =
      '<h2>Sub</h2><p>A <strong>bold</strong> <em>claim</em> with <a href="https://example.com/x" title="t">a link</a>.</p>' +
      '<blockquote class="pullquote"><p>Quote</p></blockquote><ul><li>one</li></ul>';
    expect(sanitizeArticleBody(html)).toBe(html);
  });

  it('removes scripts, event handlers, styles and dangerous URLs', () => {
    const dirty =
      '<p onclick="steal()">Hi<script>alert(1)</script></p><img src="x" onerror="alert(1)">' +
      '<a href="javascript:alert(1)">click</a><p style="color:red">styled</p><iframe src="https://evil"></iframe>';
    const clean = sanitizeArticleBody(dirty);
    expect(clean).not.toMatch(/script|onerror|onclick|javascript:|style=|iframe/i);
    expect(clean).toContain('<p>Hi</p>');
    expect(clean).toContain('<a>click</a>');
    expect(clean).toContain('<p>styled</p>');
  });

  it('demotes h1 to h2 (the headline is the page h1) and drops empty paragraphs', () => {
    expect(sanitizeArticleBody('<h1>Title</h1><p> </p><p>Text</p>')).toBe('<h2>Title</h2><p>Text</p>');
  });

  it('drops classes outside the allowlist', () => {
    expect(sanitizeArticleBody('<blockquote class="pullquote evil"><p>q</p></blockquote>')).toBe('<blockquote class="pullquote"><p>q</p></blockquote>');
  });
});

describe('bodyText', () => {
  it('gives readable plain text with entities decoded and block boundaries spaced', () => {
    expect(bodyText('<p>Fish &amp; chips</p><p>Tom&#39;s &lt;b&gt;</p><ul><li>a</li><li>b</li></ul>')).toBe("Fish & chips Tom's <b> a b");
  });

  it('spaces line breaks, folds non-breaking spaces and decodes every named entity', () => {
    expect(bodyText('<p>one<br>two<br/>three&nbsp;&nbsp;four&hellip;</p><h2>Five</h2>six')).toBe('one two three four\u2026 Five six');
  });

  it('leaves out what a reader never sees as text', () => {
    expect(bodyText('<p>shown</p><script>var hidden = 1;</script><style>p{}</style><p>also shown</p>')).toBe('shown also shown');
  });
});
