import { describe, expect, it } from 'vitest';
import {
  charNgrams,
  DEFAULT_FEATURE_OPTIONS,
  featurize,
  findUrls,
  hashString,
  normaliseText,
  numericFeatures,
  replaceUrls,
  URL_TOKEN,
  wordTokens,
} from './features.js';

const feature = (text: string, name: string): number => new Map(numericFeatures(text)).get(name) ?? NaN;

describe('normaliseText', () => {
  it('folds case and fancy Unicode letters, and drops zero-width characters', () => {
    expect(normaliseText('ＦＲＥＥ  Gift\u200b CARD\ufeff')).toBe('free gift card');
  });

  it('turns links into their href and drops other tags', () => {
    expect(normaliseText('see <a href="https://youtu.be/abc123XYZ">here</a><br />now')).toBe('see https://youtu.be/abc123xyz here now');
  });

  it('joins obfuscated links back together', () => {
    expect(normaliseText('go to www. youtube. com/watch now')).toBe('go to www.youtube.com/watch now');
    expect(normaliseText('visit moneygq dot com')).toBe('visit moneygq.com');
  });

  it('does not glue a sentence ending to an English word that is also a domain', () => {
    expect(normaliseText('I love this song. me too')).toBe('i love this song. me too');
  });
});

describe('links and tokens', () => {
  it('finds plain, bare-domain and watch links', () => {
    expect(findUrls(normaliseText('a http://x.org/y b 4NetJobs.com c /watch?v=abcdef1'))).toEqual(['http://x.org/y', '4netjobs.com', '/watch?v=abcdef1']);
    expect(findUrls(normaliseText('no links here, just words.'))).toEqual([]);
    expect(findUrls('visit this link .....therglove.blogspot.in/2013/x.html')).toEqual(['therglove.blogspot.in/2013/x.html']);
  });

  it('stays fast on adversarial input', () => {
    const started = performance.now();
    featurize('a.'.repeat(100_000), DEFAULT_FEATURE_OPTIONS);
    featurize('x-'.repeat(100_000), DEFAULT_FEATURE_OPTIONS);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('replaces a link by a marker, its host words and its video id', () => {
    expect(replaceUrls('see https://www.youtube.com/watch?v=ab-cd12 now').replace(/\s+/g, ' ')).toBe(`see ${URL_TOKEN} youtube com xxvid_ab_cd12 now`);
  });

  it('splits words, folds apostrophes and replaces numbers', () => {
    expect(wordTokens("i'm 16 and can’t stop!!")).toEqual(['im', 'xxnum', 'and', 'cant', 'stop']);
  });

  it('takes character n-grams inside padded words, emoji as one character', () => {
    expect(charNgrams('hi 👍', 3, 3)).toEqual([' hi', 'hi ', ' 👍 ']);
    expect(charNgrams('abc', 3, 5)).toEqual([' ab', 'abc', 'bc ', ' abc', 'abc ', ' abc ']);
  });
});

describe('numericFeatures', () => {
  it('spots links, "check out", subscribe requests and "my channel"', () => {
    expect(feature('Check out my new video www. youtube. com/x', 'has_link')).toBe(1);
    expect(feature('Check out my new video', 'check_out')).toBe(1);
    expect(feature('checking if it hit 2 billion', 'check_out')).toBe(0);
    expect(feature('please subscribe', 'subscribe')).toBe(1);
    expect(feature('sub 4 sub', 'subscribe')).toBe(1);
    expect(feature('visit my channel', 'my_channel')).toBe(1);
    expect(feature('great song', 'has_link')).toBe(0);
  });

  it('measures case, digits, repeats and timestamps', () => {
    expect(feature('ABCD', 'upper_ratio')).toBe(1);
    expect(feature('ab12', 'digit_ratio')).toBe(0.5);
    expect(feature('soooo goood', 'repeats')).toBeGreaterThan(0);
    expect(feature('2:19 best part', 'timestamp')).toBe(1);
    expect(feature('best part', 'timestamp')).toBe(0);
  });
});

describe('featurize', () => {
  it('is deterministic, sorted and inside the bucket range', () => {
    const a = featurize('Check out my channel! http://spam.example.com', DEFAULT_FEATURE_OPTIONS);
    const b = featurize('Check out my channel! http://spam.example.com', DEFAULT_FEATURE_OPTIONS);
    expect(a).toEqual(b);
    expect(a.indices.length).toBe(a.values.length);
    expect(a.indices.length).toBeGreaterThan(20);
    for (let i = 1; i < a.indices.length; i++) expect(a.indices[i]!).toBeGreaterThan(a.indices[i - 1]!);
    for (const i of a.indices) expect(i).toBeLessThan(DEFAULT_FEATURE_OPTIONS.buckets);
  });

  it('gives each block unit length when scaled by 1', () => {
    const words = featurize('great song', { ...DEFAULT_FEATURE_OPTIONS, charWeight: 0, numericWeight: 0 });
    const norm = Math.hypot(...words.values);
    expect(norm).toBeCloseTo(1, 2); // collisions aside
  });

  it('rejects a bucket count that is not a power of two', () => {
    expect(() => featurize('x', { ...DEFAULT_FEATURE_OPTIONS, buckets: 1000 })).toThrow(/power of two/);
  });

  it('hashes to unsigned 32-bit values that differ for near strings', () => {
    expect(hashString('w:spam')).not.toBe(hashString('w:spa'));
    expect(hashString('')).toBeGreaterThanOrEqual(0);
    expect(hashString('abc')).toBeLessThan(2 ** 32);
  });
});
