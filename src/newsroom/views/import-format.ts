import type { ImportJob } from '../../news/imports/import-job.types.js';
import type { ImportJobState } from '../../news/vocabulary.js';
import { formatBytes } from '../../platform/format-bytes.js';

/** A job's state in the newsroom's words. */
export const IMPORT_STATE_LABELS: Record<ImportJobState, string> = {
  queued: 'Waiting to start',
  validating: 'Checking the file',
  importing: 'Importing',
  done: 'Done',
  failed: 'Failed',
};

/** The share of the export read, 0–100 (whole numbers), or null when the size is unknown. */
export function percentRead(job: ImportJob): number | null {
  const { bytesRead, totalBytes } = job.progress;
  if (!totalBytes) return null;
  return Math.min(100, Math.floor((bytesRead / totalBytes) * 100));
}

/** "site.xml (1.2 MB)" */
export function fileLabel(name: string, bytes: number | null): string {
  return bytes === null ? name : `${name} (${formatBytes(bytes)})`;
}

const number = new Intl.NumberFormat('en');
export const count = (n: number) => number.format(n);
