import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelayMs } from './backoff.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

describe('webhook retry schedule', () => {
  it('waits 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, 24 h, then gives up after 8 attempts', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, none))).toEqual([30 * S, 2 * MIN, 10 * MIN, 1 * H, 6 * H, 12 * H, 24 * H]);
    expect(retryDelayMs(8, none)).toBeNull();
    expect(retryDelayMs(9, none)).toBeNull();
    expect(retryDelayMs(0, none)).toBeNull();
  });

  it('adds up to 10% jitter, never less than the base delay', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(31_500);
    expect(retryDelayMs(1, () => 0.999_999)).toBe(32_999);
    expect(retryDelayMs(4, () => 1)).toBe(H + 6 * MIN);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(2)!;
      expect(delay).toBeGreaterThanOrEqual(2 * MIN);
      expect(delay).toBeLessThan(2 * MIN * 1.1);
    }
  });

  it('grows every time', () => {
    for (let i = 1; i < RETRY_DELAYS_MS.length; i++) expect(RETRY_DELAYS_MS[i]!).toBeGreaterThan(RETRY_DELAYS_MS[i - 1]!);
  });
});
