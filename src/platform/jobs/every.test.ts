import { afterEach, describe, expect, it, vi } from 'vitest';
import { every } from './every.js';

describe('every', () => {
  afterEach(() => vi.useRealTimers());

  it('runs at once and then on each interval until stopped, logging failures', async () => {
    vi.useFakeTimers();
    const log = { error: vi.fn() };
    let runs = 0;
    const stop = every(
      1000,
      'test',
      async () => {
        runs++;
        if (runs === 2) throw new Error('boom');
      },
      log,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toBe(3);
    expect(log.error).toHaveBeenCalledOnce();
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(3);
  });
});
