import type { RebuildProgress, RebuildResult, SearchIndexer } from './news/search/search.indexer.js';

export interface ProgressOutput {
  write(text: string): unknown;
  /** A terminal gets one line redrawn in place; anything else (a log, CI) a line at every tenth. */
  isTTY?: boolean;
}

const BAR_WIDTH = 30;
const number = new Intl.NumberFormat('en');

/** A progress reporter for `rebuild`: `[#####.....]  45%  45,000 / 100,000 articles`. */
export function progressBar(out: ProgressOutput, noun = 'articles'): { update(progress: RebuildProgress): void; finish(): void } {
  let lastTenth = -1;
  let drawn = false;
  return {
    update({ done, total }) {
      const fraction = total ? Math.min(1, done / total) : 1;
      const percent = Math.floor(fraction * 100);
      const filled = Math.round(fraction * BAR_WIDTH);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)}%  ${number.format(done)} / ${number.format(total)} ${noun}`;
      if (out.isTTY) {
        out.write(`\r${line}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.write(`${line}\n`);
      }
    },
    finish() {
      if (drawn) out.write('\n');
    },
  };
}

/** `dateline reindex`: rebuilds the search index with a progress bar on `progress`, and reports on `report`. */
export async function runReindex(indexer: SearchIndexer, progress: ProgressOutput, report: ProgressOutput): Promise<RebuildResult> {
  const bar = progressBar(progress);
  const result = await indexer.rebuild({ onProgress: (p) => bar.update(p) });
  bar.finish();
  const removed = result.removed ? `, removed ${number.format(result.removed)} unpublished` : '';
  report.write(`Reindexed ${number.format(result.indexed)} articles${removed} in ${(result.milliseconds / 1000).toFixed(1)} s.\n`);
  return result;
}
