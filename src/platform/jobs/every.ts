/**
 * Runs a job now and then every `intervalMs`, one run at a time, logging failures instead of crashing. The timer
 * does not keep the process alive; call the returned function to stop it on shutdown.
 */
export function every(intervalMs: number, name: string, job: () => Promise<void>, log: { error(obj: object, msg: string): void }): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await job();
    } catch (error) {
      log.error({ err: error, job: name }, `job ${name} failed`);
    } finally {
      running = false;
    }
  };
  void run();
  // run() catches its own failures, so nothing is lost by not awaiting it.
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
