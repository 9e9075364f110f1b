import { describe, expect, it } from 'vitest';
import { isValidSlug, slugify } from './slug.js';

describe('slugify', () => {
  it('folds accents, lowercases and joins words with hyphens', () => {
    expect(slugify('Nicolás Maduro’s “pebbles” — and rocks!')).toBe('nicolas-maduros-pebbles-and-rocks');
  });

  it('cuts long slugs at a word boundary', () => {
    const slug = slugify('word '.repeat(40), 30);
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug.endsWith('word')).toBe(true);
  });

  it('returns an empty slug for text with no letters or digits', () => {
    expect(slugify('!!! ???')).toBe('');
  });
});

describe('isValidSlug', () => {
  it.each(['world', 'bitcoin-trading', 'a1-b2'])('accepts %s', (slug) => expect(isValidSlug(slug)).toBe(true));
  it.each(['', 'World', 'two--hyphens', '-lead', 'trail-', 'spa ce', 'x/y'])('rejects %j', (slug) => expect(isValidSlug(slug)).toBe(false));
});
