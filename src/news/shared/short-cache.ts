import type { Clock } from './clock.js';

/**
 * Holds one value for a few seconds. For data read on every page that changes rarely (settings, sections, static
 * pages): the instance that changes it calls clear() at once; other app instances see the change within `ttlMs`.
 */
export class ShortCache<T> {
  private entry: { value: Promise<T>; at: number } | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  get(load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    if (this.entry && now - this.entry.at < this.ttlMs) return this.entry.value;
    const value = load();
    this.entry = { value, at: now };
    // A failed load is not kept: the next call tries again.
    value.catch(() => {
      if (this.entry?.value === value) this.entry = null;
    });
    return value;
  }

  clear(): void {
    this.entry = null;
  }
}
