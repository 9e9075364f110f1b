import autocannon from 'autocannon';

export interface MeasureOptions {
  /** Seconds of measured load. */
  duration: number;
  connections: number;
  /** Seconds of load sent first and discarded, so JIT, caches and pools are warm. */
  warmup: number;
  headers?: Record<string, string>;
}

export interface Measurement {
  requestsPerSecond: number;
  latencyMs: { average: number; p50: number; p99: number; max: number };
  requests: number;
  durationSeconds: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

function run(url: string, duration: number, options: MeasureOptions): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    // One worker thread: the load generator gets its own event loop instead of sharing the server's. (In workers
    // mode, autocannon's hooks such as setupRequest must be given as file paths, not functions.)
    const settings = { url, duration, connections: options.connections, headers: options.headers ?? {}, workers: 1 };
    autocannon(settings, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Loads one URL with autocannon: a discarded warm-up run, then the measured run. */
export async function measure(url: string, options: MeasureOptions): Promise<Measurement> {
  if (options.warmup > 0) await run(url, options.warmup, options);
  const result = await run(url, options.duration, options);
  return {
    // Completed responses over the run's wall time (autocannon's per-second average drops the partial last second).
    requestsPerSecond: result.requests.total / result.duration,
    latencyMs: { average: result.latency.average, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    durationSeconds: result.duration,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}
