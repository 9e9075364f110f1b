import { describe, expect, it } from 'vitest';
import type { SearchResults } from '../../news/search/search.service.js';
import { resultsHeading } from './SearchPage.js';

const results = (total: number, extra: Partial<SearchResults> = {}): SearchResults => ({
  items: [],
  page: 1,
  perPage: 10,
  total,
  pageCount: Math.max(1, Math.ceil(total / 10)),
  moreThanTotal: false,
  approximate: false,
  ...extra,
});

describe('resultsHeading', () => {
  it('counts exactly, says when there are more than it ranks, and says "about" for an estimate', () => {
    expect(resultsHeading(results(0), 'zinc')).toBe('No stories match “zinc”.');
    expect(resultsHeading(results(1), 'zinc')).toBe('1 story matches “zinc”');
    expect(resultsHeading(results(1234), 'zinc')).toBe('1,234 stories match “zinc”');
    expect(resultsHeading(results(1000, { moreThanTotal: true }), 'zinc')).toBe('More than 1,000 stories match “zinc”; the best 1,000 are shown.');
    expect(resultsHeading(results(721, { approximate: true }), '"interest rates"')).toBe('About 720 stories match “"interest rates"”');
    expect(resultsHeading(results(1000, { approximate: true, moreThanTotal: true }), 'x')).toBe(
      'More than 1,000 stories probably match “x”; the best 1,000 are shown.',
    );
  });
});
