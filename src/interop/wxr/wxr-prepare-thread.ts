import { Worker } from 'node:worker_threads';
import { prepareInThisThread, type PrepareContext, type PreparedBatch } from './wxr-prepare.js';
import type { WxrInput } from './wxr-reader.js';
import { WxrError, type WxrPosition } from './wxr.types.js';

export type ToPrepareWorker = { type: 'taken' };
export type FromPrepareWorker =
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'done' }
  /** A WxrError crosses as its problem and position, so that it is one again on this side; anything else as words. */
  | { type: 'failed'; name: string; message: string; wxr: { problem: string; position: WxrPosition | null } | null };

/** Runs the worker may prepare before the main thread has taken them: enough to keep both busy, few enough to stay small. */
const AHEAD = 3;

/**
 * The second pass's prepared items. A file is read and converted in a worker thread, so that parsing and content
 * conversion (about half the import's work) run on another core while this thread writes to the database; other
 * inputs (a buffer, a stream) are prepared here.
 */
export function preparedBatches(input: WxrInput, context: PrepareContext): AsyncIterable<PreparedBatch> {
  return typeof input === 'string' ? prepareInWorker(input, context) : prepareInThisThread(input, context);
}

async function* prepareInWorker(file: string, context: PrepareContext): AsyncGenerator<PreparedBatch> {
  const worker = new Worker(new URL('./wxr-prepare.worker.mjs', import.meta.url), { workerData: { file, context, ahead: AHEAD } });
  const queue: FromPrepareWorker[] = [];
  let wake: (() => void) | null = null;
  const state: { crashed: Error | null } = { crashed: null };
  const arrived = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: FromPrepareWorker) => {
    queue.push(message);
    arrived();
  });
  worker.on('error', (error) => {
    state.crashed = error;
    arrived();
  });
  worker.on('exit', (code) => {
    if (code !== 0) state.crashed ??= new Error(`the import's reader thread stopped (exit code ${code})`);
    arrived();
  });
  try {
    for (;;) {
      const message = queue.shift();
      if (!message) {
        if (state.crashed) throw state.crashed;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.type === 'done') return;
      if (message.type === 'failed') {
        throw message.wxr ? new WxrError(message.wxr.problem, message.wxr.position) : Object.assign(new Error(message.message), { name: message.name });
      }
      worker.postMessage({ type: 'taken' } satisfies ToPrepareWorker);
      yield message.batch;
    }
  } finally {
    await worker.terminate();
  }
}
