/**
 * The import's second pass off the main thread: reads the export and prepares its items (content conversion
 * included), handing them over in runs while the main thread writes the previous ones. See wxr-prepare-thread.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareInThisThread, type PrepareContext } from './wxr-prepare.js';
import type { FromPrepareWorker, ToPrepareWorker } from './wxr-prepare-thread.js';
import { WxrError } from './wxr.types.js';

const { file, context, ahead } = workerData as { file: string; context: PrepareContext; ahead: number };
const port = parentPort!;
let credits = ahead;
let wake: (() => void) | null = null;
port.on('message', (message: ToPrepareWorker) => {
  if (message.type === 'taken') credits++;
  wake?.();
  wake = null;
});

const send = (message: FromPrepareWorker) => port.postMessage(message);
try {
  for await (const batch of prepareInThisThread(file, context)) {
    while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    send({ type: 'batch', batch });
  }
  send({ type: 'done' });
} catch (error) {
  send({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
    name: error instanceof Error ? error.name : 'Error',
    wxr: error instanceof WxrError ? { problem: error.problem, position: error.position } : null,
  });
}
