// The reader thread's entry, in plain JavaScript so that a worker starts the same under `tsx` and under vitest: it
// registers tsx's loader in this thread, then loads the TypeScript worker (wxr-prepare.worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./wxr-prepare.worker.ts');
