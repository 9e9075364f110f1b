import { describe, expect, it } from 'vitest';
import { robotsDirectives, wpSeoOf } from './wp-seo.js';

const meta = (entries: Record<string, string>) => Object.entries(entries).map(([key, value]) => ({ key, value }));
const OWN = 'https://old.example/2024/06/01/story/';

describe("the SEO plugins' canonical and noindex", () => {
  it('reads Yoast’s canonical and noindex flag (1 noindex, 2 index, 0 or absent the default, index)', () => {
    expect(wpSeoOf(meta({ _yoast_wpseo_canonical: 'https://partner.example/a', '_yoast_wpseo_meta-robots-noindex': '1' }), OWN)).toEqual({
      canonical: 'https://partner.example/a',
      noindex: true,
      notes: [],
    });
    expect(wpSeoOf(meta({ '_yoast_wpseo_meta-robots-noindex': '2' }), OWN).noindex).toBe(false);
    expect(wpSeoOf(meta({ '_yoast_wpseo_meta-robots-noindex': '0' }), OWN).noindex).toBe(false);
    expect(wpSeoOf([], OWN)).toEqual({ canonical: '', noindex: false, notes: [] });
  });

  it('reads Rank Math’s canonical and its serialized robots array; Yoast’s flag wins when both are set', () => {
    const rankMath = { rank_math_canonical_url: 'https://partner.example/b', rank_math_robots: 'a:2:{i:0;s:7:"noindex";i:1;s:8:"nofollow";}' };
    expect(wpSeoOf(meta(rankMath), OWN)).toEqual({ canonical: 'https://partner.example/b', noindex: true, notes: [] });
    expect(wpSeoOf(meta({ rank_math_robots: 'a:1:{i:0;s:5:"index";}' }), OWN).noindex).toBe(false);
    expect(wpSeoOf(meta({ ...rankMath, '_yoast_wpseo_meta-robots-noindex': '2' }), OWN).noindex).toBe(false);
    expect(wpSeoOf(meta({ ...rankMath, _yoast_wpseo_canonical: 'https://yoast.example/' }), OWN).canonical).toBe('https://yoast.example/');
  });

  it('drops a canonical that is not an absolute http(s) URL, with a note, and one naming the post itself, silently', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' data:text/html,<script>', '/relative/', '//host.example/x', 'https://u:p@x.example/']) {
      const seo = wpSeoOf(meta({ _yoast_wpseo_canonical: bad }), OWN);
      expect([bad, seo.canonical]).toEqual([bad, '']);
      expect(seo.notes).toEqual([expect.stringMatching(/^its canonical URL ".*" is not an absolute http\(s\) address; it was dropped$/)]);
    }
    expect(wpSeoOf(meta({ rank_math_canonical_url: 'https://old.example/2024/06/01/story' }), OWN)).toEqual({ canonical: '', noindex: false, notes: [] });
  });

  it('notes a robots setting it cannot read, and indexes the story', () => {
    const seo = wpSeoOf(meta({ rank_math_robots: 'O:8:"stdClass":0:{}' }), OWN);
    expect(seo.noindex).toBe(false);
    expect(seo.notes).toEqual([expect.stringMatching(/Rank Math robots setting could not be read/)]);
  });
});

describe('robotsDirectives', () => {
  it('reads the strings of a serialized array without unserializing anything', () => {
    expect(robotsDirectives('a:1:{i:0;s:7:"noindex";}')).toEqual(['noindex']);
    expect(robotsDirectives('a:3:{i:0;s:7:"noindex";i:1;s:8:"nofollow";i:2;s:9:"noarchive";}')).toEqual(['noindex', 'nofollow', 'noarchive']);
    expect(robotsDirectives('a:1:{s:5:"first";s:7:"NoIndex";}')).toEqual(['noindex']);
    expect(robotsDirectives('a:0:{}')).toEqual([]);
    // Lengths are UTF-8 bytes, as PHP counts them.
    expect(robotsDirectives('a:1:{i:0;s:2:"é";}')).toEqual(['é']);
    expect(robotsDirectives('noindex, nofollow')).toEqual(['noindex', 'nofollow']);
  });

  it.each([
    'a:1:{i:0;s:8:"noindex";}',
    'a:2:{i:0;s:7:"noindex";}',
    'a:1:{i:0;s:7:"noindex";}trailing',
    'a:1:{i:0;O:8:"stdClass":0:{}}',
    'a:1:{i:0;s:7:"noindex"}',
    'a:1:{i:0;s:999999:"x";}',
    'b:1;',
    '<?php system("x"); ?>',
  ])('refuses %j', (value) => expect(robotsDirectives(value)).toBeNull());
});
