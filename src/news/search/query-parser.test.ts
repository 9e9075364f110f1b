import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, QUERY_MESSAGES, type QueryTerm, parseSearchQuery } from './query-parser.js';

const terms = (raw: string): QueryTerm[] => {
  const parsed = parseSearchQuery(raw);
  if (parsed.kind !== 'query') throw new Error(`expected a query for ${JSON.stringify(raw)}, got ${JSON.stringify(parsed)}`);
  return parsed.terms;
};
const word = (text: string, exclude = false): QueryTerm => ({ kind: 'word', text, exclude });
const phrase = (words: string[], exclude = false): QueryTerm => ({ kind: 'phrase', words, exclude });
const prefix = (text: string, exclude = false): QueryTerm => ({ kind: 'prefix', text, exclude });

describe('parseSearchQuery', () => {
  it('reads words, "phrases", prefix* and -excluded terms', () => {
    expect(terms('copper mine')).toEqual([word('copper'), word('mine')]);
    expect(terms('"central bank" rates')).toEqual([phrase(['central', 'bank']), word('rates')]);
    expect(terms('elect*')).toEqual([prefix('elect')]);
    expect(terms('bitcoin -options -"spot funds"')).toEqual([word('bitcoin'), word('options', true), phrase(['spot', 'funds'], true)]);
    expect(terms('-elect* copper')).toEqual([prefix('elect', true), word('copper')]);
  });

  it('keeps joined words together as a phrase of their parts, as the engines split them', () => {
    expect(terms('covid-19 o’neill u.s.')).toEqual([phrase(['covid', '19']), phrase(['o', 'neill']), phrase(['u', 's'])]);
  });

  it('gives an empty query (or only spaces) no message', () => {
    expect(parseSearchQuery('')).toEqual({ kind: 'empty' });
    expect(parseSearchQuery('  \t\n ')).toEqual({ kind: 'empty' });
  });

  it('limits length and the number of terms with clear messages', () => {
    expect(parseSearchQuery('a'.repeat(201))).toEqual({ kind: 'invalid', message: QUERY_MESSAGES.tooLong });
    expect(parseSearchQuery('x'.repeat(10_000))).toEqual({ kind: 'invalid', message: 'Search for at most 200 characters.' });
    expect(parseSearchQuery('é'.repeat(200)).kind).toBe('query');
    const many = Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `word${i}`).join(' ');
    expect(parseSearchQuery(many)).toEqual({ kind: 'invalid', message: QUERY_MESSAGES.tooManyTerms });
    expect(parseSearchQuery(Array.from({ length: MAX_QUERY_TERMS }, (_, i) => `word${i}`).join(' ')).kind).toBe('query');
  });

  it('turns operators, parentheses, column filters and stray syntax into plain words', () => {
    expect(terms('NEAR(copper mine)')).toEqual([word('NEAR'), word('copper'), word('mine')]);
    expect(terms('title:copper')).toEqual([word('title'), word('copper')]);
    expect(terms('copper OR gold')).toEqual([word('copper'), word('gold')]);
    expect(terms('^copper +gold ~mine {x} [y] <z>')).toEqual([word('copper'), word('gold'), word('mine'), word('x'), word('y'), word('z')]);
    expect(terms('copper:* gold *mine')).toEqual([word('copper'), word('gold'), word('mine')]);
    expect(terms('copper & !gold | mine <-> ore')).toEqual([word('copper'), word('gold'), word('mine'), word('ore')]);
  });

  it('reads unbalanced quotes as ordinary words', () => {
    expect(terms('"central bank')).toEqual([word('central'), word('bank')]);
    expect(terms('central" bank')).toEqual([word('central'), word('bank')]);
    expect(terms('"a b" "c')).toEqual([phrase(['a', 'b']), word('c')]);
  });

  it('explains queries with nothing to search for', () => {
    for (const raw of ['"', '*', '-', '"" *** ---', '()', ':', '- - -', '"*"']) {
      expect(parseSearchQuery(raw), raw).toEqual({ kind: 'invalid', message: QUERY_MESSAGES.noWords });
    }
    expect(parseSearchQuery('AND OR NOT')).toEqual({ kind: 'invalid', message: QUERY_MESSAGES.onlyCommon });
    expect(parseSearchQuery('the "of the" an*')).toEqual({ kind: 'invalid', message: QUERY_MESSAGES.onlyCommon });
    expect(parseSearchQuery('-copper -"gold mine"')).toEqual({ kind: 'invalid', message: QUERY_MESSAGES.onlyExcluded });
  });

  it('drops stop words but keeps them inside phrases', () => {
    expect(terms('the state of the union')).toEqual([word('state'), word('union')]);
    expect(terms('"state of the union"')).toEqual([phrase(['state', 'of', 'the', 'union'])]);
  });

  it('needs two letters before a star, and drops duplicates', () => {
    expect(terms('e* copper')).toEqual([word('e'), word('copper')]);
    expect(terms('copper COPPER Copper copper*')).toEqual([word('copper'), prefix('copper')]);
  });

  it('handles unicode: accents, other scripts, combining marks, emoji and control characters', () => {
    expect(terms('Nicolás São Paulo')).toEqual([word('Nicolás'), word('São'), word('Paulo')]);
    expect(terms('Москва 東京')).toEqual([word('Москва'), word('東京')]);
    expect(terms('Nicola\u0301s')).toEqual([word('Nicolás')]);
    expect(terms('copper 🚀 \u0000gold\u200b')).toEqual([word('copper'), word('gold')]);
  });

  it('never throws, whatever it is given', () => {
    const hostile = ['"', '*', '-', 'NEAR(', 'title:', 'AND OR NOT', '"unbalanced', '\\', "'", '%_', '\u0000', '\uE000x\uE001', '(((', ')))'];
    for (const raw of hostile) expect(() => parseSearchQuery(raw)).not.toThrow();
    const random = Array.from({ length: 200 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 95))).join('');
    expect(() => parseSearchQuery(random)).not.toThrow();
  });
});
