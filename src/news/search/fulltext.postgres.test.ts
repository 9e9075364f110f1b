import { describe, expect, it } from 'vitest';
import { headlineWindow } from './fulltext.postgres.js';

describe('headlineWindow', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

  it('starts a little before the first word that looks like a match, at a space, and stays short', () => {
    const body = `${filler(400)} the Électeurs elected someone ${filler(400)}`;
    const window = headlineWindow(body, [{ kind: 'prefix', text: 'elect', exclude: false }]);
    expect(window.text).toBe(body.slice(window.start, window.end));
    expect(window.start).toBeGreaterThan(0);
    expect(body[window.start - 1]).toBe(' ');
    expect(window.text).toContain('Électeurs elected');
    expect(window.text.length).toBeLessThanOrEqual(1600);
    expect(window.end).toBeLessThan(body.length);
  });

  it('takes the start of the body when nothing looks like a match', () => {
    const body = filler(1000);
    expect(headlineWindow(body, [{ kind: 'word', text: 'copper', exclude: false }]).start).toBe(0);
    expect(headlineWindow('short body', [{ kind: 'phrase', words: ['short', 'body'], exclude: false }])).toEqual({ text: 'short body', start: 0, end: 10 });
  });
});
