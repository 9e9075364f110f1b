import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { ShortCache } from './short-cache.js';

describe('ShortCache', () => {
  it('loads once within the TTL, again after it or after clear(), and never keeps a failure', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const cache = new ShortCache<number>(clock, 5000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get(load)).toBe(1);
    expect(await cache.get(load)).toBe(1);
    clock.advance(5000);
    expect(await cache.get(load)).toBe(2);
    cache.clear();
    expect(await cache.get(load)).toBe(3);
    cache.clear();
    await expect(cache.get(async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get(load)).toBe(4);
  });
});
