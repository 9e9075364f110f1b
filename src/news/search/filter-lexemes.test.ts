import { describe, expect, it } from 'vitest';
import { filterLexemes, monthLexemeOf } from './filter-lexemes.js';

describe('filter lexemes', () => {
  it("names a document's month and sections", () => {
    expect(filterLexemes('2025-11-03T10:00:00.000Z', [4, 12])).toEqual(['~2025-11', '~s4', '~s12']);
    expect(filterLexemes('2025-11-03T10:00:00.000Z', [])).toEqual(['~2025-11']);
  });

  it('names the UTC month of an instant', () => {
    expect(monthLexemeOf('2025-11-30T23:59:59.999Z')).toBe('~2025-11');
    expect(monthLexemeOf('2025-12-01T00:00:00.000Z')).toBe('~2025-12');
    expect(monthLexemeOf('2026-01-15T00:00:00+02:00')).toBe('~2026-01');
  });
});
