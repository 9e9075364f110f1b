import { describe, expect, it } from 'vitest';
import { SLUG_MAX_ENCODED_LENGTH, SLUG_MAX_LENGTH, encodeSlug, encodedLength, isValidSlug, slugProblem, slugify } from './slug.js';

describe('slugify', () => {
  it('folds accents, lowercases and joins words with hyphens', () => {
    expect(slugify('Nicolás Maduro’s “pebbles” — and rocks!')).toBe('nicolas-maduros-pebbles-and-rocks');
  });

  it('folds Latin text to ASCII, as WordPress’s remove_accents does', () => {
    expect(slugify('Straße nach Ærø')).toBe('strasse-nach-aero');
    expect(slugify('Tiếng Việt')).toBe('tieng-viet');
    expect(slugify('İstanbul’da Łódź')).toBe('istanbulda-lodz');
    expect(slugify('ﬁnal score ²')).toBe('final-score-2');
  });

  it.each([
    ['日本の政治、新しい時代へ', '日本の政治-新しい時代へ'],
    ['Επίπεδο 2 - Second Greek level', 'επίπεδο-2-second-greek-level'],
    ['Новости дня', 'новости-дня'],
    ['الأخبار العاجلة', 'الأخبار-العاجلة'],
    ['हिन्दी समाचार', 'हिन्दी-समाचार'],
    ['한국어 뉴스', '한국어-뉴스'],
    ['ภาษาไทย', 'ภาษาไทย'],
    // Half-width katakana become full-width; the voicing mark stays on its letter.
    ['ｶﾞｲﾄﾞ', 'ガイド'],
    // Zero-width joiners and non-joiners are not word breaks.
    ['می‌خواهم', 'میخواهم'],
  ])('keeps other scripts with their marks: %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(isValidSlug(slugify(title))).toBe(true);
  });

  it('gives NFC whatever form the text is in', () => {
    const decomposed = 'Επι\u0301πεδο';
    expect(slugify(decomposed)).toBe('επίπεδο'.normalize('NFC'));
    expect(slugify(decomposed)).toBe(slugify(decomposed.normalize('NFC')));
  });

  it('cuts long slugs at a word boundary', () => {
    const slug = slugify('word '.repeat(40), 30);
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug.endsWith('word')).toBe(true);
  });

  it('cuts by encoded length too, at a character, never inside one', () => {
    // 200 encoded characters, as WordPress's sanitize_title: 22 CJK characters (9 encoded each).
    expect(slugify('日'.repeat(100))).toBe('日'.repeat(22));
    expect(slugify('日本'.repeat(30) + ' 𠀋')).toBe('日本'.repeat(11));
    // A word boundary in the second half is where it cuts.
    expect(slugify('日本'.repeat(8) + ' ' + '日本'.repeat(8))).toBe('日本'.repeat(8));
    expect(slugify('𠀋'.repeat(100))).toBe('𠀋'.repeat(16));
    expect(slugify('Ελληνικά νέα '.repeat(20)).length).toBeLessThanOrEqual(80);
    expect(encodedLength(slugify('Ελληνικά νέα '.repeat(20)))).toBeLessThanOrEqual(200);
  });

  it('returns an empty slug for text with no letters or digits', () => {
    expect(slugify('!!! ???')).toBe('');
    expect(slugify('🎉 🎉')).toBe('');
    expect(slugify('\u0301\u0301')).toBe('');
  });

  it('always gives a valid slug or none, and the same slug again for its own output (generated texts)', () => {
    const pieces = ['a', 'É', 'ß', ' ', '-', '—', '’', '日', 'ά', 'Я', 'ي', 'ि', 'क', '\u0301', '\u200d', '9', '٣', '²', '🎉', '𠀋', '_', '.', 'İ', 'ﬁ', '한'];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let run = 0; run < 2000; run++) {
      const text = Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join('');
      const slug = slugify(text);
      expect(slug === '' || isValidSlug(slug), JSON.stringify(text)).toBe(true);
      expect(slugify(slug), JSON.stringify(text)).toBe(slug);
      expect(Array.from(slug).length).toBeLessThanOrEqual(80);
      expect(encodeSlug(slug).length).toBeLessThanOrEqual(200);
    }
  });
});

describe('isValidSlug', () => {
  it.each(['world', 'bitcoin-trading', 'a1-b2', '日本', 'επίπεδο-2', 'новости', 'الأخبار', 'हिन्दी', 'café', '٣-أيام'])('accepts %s', (slug) =>
    expect(isValidSlug(slug)).toBe(true),
  );
  it.each(['', 'World', 'Ελλάδα', 'two--hyphens', '-lead', 'trail-', 'spa ce', 'x/y', 'a_b', '%e6%97%a5', '\u0301a', 'cafe\u0301', '🎉'])(
    'rejects %j',
    (slug) => expect(isValidSlug(slug)).toBe(false),
  );

  it('caps characters and the percent-encoded length', () => {
    expect(isValidSlug('a'.repeat(SLUG_MAX_LENGTH))).toBe(true);
    expect(isValidSlug('a'.repeat(SLUG_MAX_LENGTH + 1))).toBe(false);
    // 100 Greek letters are 600 encoded characters; 101 are too many, though far fewer than 200 characters.
    expect(encodeSlug('α'.repeat(100)).length).toBe(SLUG_MAX_ENCODED_LENGTH);
    expect(isValidSlug('α'.repeat(100))).toBe(true);
    expect(isValidSlug('α'.repeat(101))).toBe(false);
    expect(slugProblem('α'.repeat(101))).toMatch(/^Shorten the slug/);
    expect(slugProblem('World')).toMatch(/^Use lowercase letters \(of any alphabet\)/);
    expect(slugProblem('日本')).toBeNull();
  });
});

describe('encodeSlug', () => {
  it('percent-encodes UTF-8 with upper-case hex and leaves ASCII slugs alone', () => {
    expect(encodeSlug('日本')).toBe('%E6%97%A5%E6%9C%AC');
    expect(encodeSlug('world-news')).toBe('world-news');
    expect(decodeURIComponent(encodeSlug('επίπεδο-2'))).toBe('επίπεδο-2');
  });

  it('counts the encoded length without encoding', () => {
    for (const slug of ['world', '日本', 'επίπεδο-2', '𠀋-x', 'a.b~c']) expect(encodedLength(slug)).toBe(encodeURIComponent(slug).length);
  });
});
