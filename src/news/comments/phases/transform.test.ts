import { describe, expect, it } from 'vitest';
import { linkUrls, normalize } from './transform.js';
import { draft, facts, submission } from './test-fixtures.js';

describe('normalize', () => {
  it('applies NFC, strips control characters, normalises whitespace and lowercases the email', () => {
    const out = normalize.run(
      draft({ body: 'Cafe\u0301\u0000  is\u202e  open\r\n\r\n\r\n\r\nYes \u200b', name: '  Ana\tR ', email: ' ANA@Example.COM ', url: ' https://a.example ' }),
      submission(),
      facts(),
    ).draft!;
    expect(out.body).toBe('Café is open\n\nYes');
    expect(out.name).toBe('Ana R');
    expect(out.email).toBe('ana@example.com');
    expect(out.url).toBe('https://a.example');
  });
});

describe('link-urls', () => {
  it('escapes everything, keeps paragraphs and line breaks, and links URLs with nofollow ugc noopener', () => {
    const out = linkUrls.run(
      draft({ body: 'See https://example.com/a?b=1&c=2.\nAnd <script>alert(1)</script>\n\nwww.example.org' }),
      submission(),
      facts(),
    ).draft!;
    expect(out.bodyHtml).toBe(
      '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a>.<br>' +
        'And &lt;script&gt;alert(1)&lt;/script&gt;</p>' +
        '<p><a href="http://www.example.org" rel="nofollow ugc noopener">www.example.org</a></p>',
    );
  });

  it('never links javascript: or other schemes and escapes quotes in URLs', () => {
    const html = linkUrls.run(draft({ body: 'javascript:alert(1) https://x.example/"onmouseover="alert(1)' }), submission(), facts()).draft!.bodyHtml;
    expect(html).not.toContain('href="javascript');
    expect(html).not.toMatch(/"onmouseover/);
  });
});
