/**
 * When a failed delivery is tried again. Attempt n (1-based) that fails waits RETRY_DELAYS_MS[n - 1], plus up to 10%
 * jitter so that deliveries that failed together (a receiver was down) do not all come back in the same second.
 * After MAX_ATTEMPTS failures the delivery is marked failed: about 43 hours after the first try.
 */
export const RETRY_DELAYS_MS = [
  30_000, // 30 s
  2 * 60_000, // 2 min
  10 * 60_000, // 10 min
  60 * 60_000, // 1 h
  6 * 60 * 60_000, // 6 h
  12 * 60 * 60_000, // 12 h
  24 * 60 * 60_000, // 24 h
] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER = 0.1;

/** The wait after failed attempt number `attempt` (1-based), or null when it was the last one. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt >= MAX_ATTEMPTS) return null;
  const base = RETRY_DELAYS_MS[attempt - 1]!;
  const r = Math.min(Math.max(random(), 0), 1);
  return base + Math.floor(base * JITTER * r);
}
