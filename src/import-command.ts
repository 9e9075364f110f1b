import fs from 'node:fs';
import { importWxr, type ImportProgress, type ImportReport } from './interop/wxr/wxr-import.js';
import type { NewsServices } from './news/services.js';
import type { ProgressOutput } from './reindex-command.js';

const BAR_WIDTH = 30;
const number = new Intl.NumberFormat('en');

/**
 * The import's progress on stderr: `checking` (the validation pass) then `importing`, with items and comments done,
 * the rate and the time left, from the share of the file read. A terminal gets one line redrawn; a log a line a second.
 */
export function importProgressBar(
  out: ProgressOutput,
  now: () => number = () => performance.now(),
): { update(progress: ImportProgress): void; finish(): void } {
  let phaseStarted = now();
  let phase: ImportProgress['phase'] | null = null;
  let lastLine = 0;
  let drawn = false;
  return {
    update(progress) {
      if (progress.phase !== phase) {
        if (drawn && out.isTTY) out.write('\n');
        phase = progress.phase;
        phaseStarted = now();
      }
      const elapsed = (now() - phaseStarted) / 1000;
      const fraction = progress.totalBytes ? Math.min(1, progress.bytesRead / progress.totalBytes) : 0;
      if (!out.isTTY && now() - lastLine < 1000 && fraction < 1) return;
      lastLine = now();
      const filled = Math.round(fraction * BAR_WIDTH);
      const rate = elapsed > 0 ? progress.items / elapsed : 0;
      const left = fraction > 0 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : 0;
      const counts =
        progress.phase === 'importing'
          ? `  ${number.format(progress.items)} items, ${number.format(progress.comments)} comments, ${number.format(Math.round(rate))}/s`
          : '';
      const eta = left > 0 ? `, ${formatSeconds(left)} left` : '';
      const line = `${progress.phase.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%${counts}${eta}`;
      out.write(out.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
      drawn = true;
    },
    finish() {
      if (drawn && out.isTTY) out.write('\n');
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

/** The report as people read it: counts per kind, then every record skipped or altered with its WordPress id. */
export function formatImportReport(report: ImportReport): string {
  const lines = [
    `${report.dryRun ? 'Dry run (nothing written): ' : ''}${report.site.title || report.site.link} (WXR ${report.site.wxrVersion}), ${report.ids === 'keep' ? 'WordPress ids kept' : 'new ids, the old ones remembered'}, ${(report.milliseconds / 1000).toFixed(1)} s`,
    '',
    `${'kind'.padEnd(12)}${['imported', 'updated', 'unchanged', 'skipped'].map((h) => h.padStart(10)).join('')}`,
    ...Object.entries(report.counts).map(
      ([kind, c]) => `${kind.padEnd(12)}${[c.imported, c.updated, c.unchanged, c.skipped].map((n) => number.format(n).padStart(10)).join('')}`,
    ),
  ];
  const statuses = Object.entries(report.commentsByStatus);
  if (statuses.length) lines.push('', `comments by status: ${statuses.map(([status, n]) => `${status} ${number.format(n)}`).join(', ')}`);
  if (report.notes.length) {
    lines.push('', 'Skipped or altered:');
    for (const note of report.notes) lines.push(`  ${note.action} ${note.kind}${note.wordpressId === null ? '' : ` ${note.wordpressId}`}: ${note.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ImportCommandOptions {
  file: string;
  dryRun: boolean;
  reportFile: string | null;
  mediaDir: string | null;
  /** Download attachments from the old site (without mediaDir). */
  fetchMedia: boolean;
  siteUrl: string;
}

/** `dateline import wxr FILE`: the import with its progress on `progress` and the report on `out` (and as JSON). */
export async function runWxrImport(
  services: NewsServices,
  options: ImportCommandOptions,
  progress: ProgressOutput,
  out: ProgressOutput,
): Promise<ImportReport> {
  const bar = importProgressBar(progress);
  try {
    const report = await importWxr(services, () => options.file, {
      dryRun: options.dryRun,
      mediaDir: options.mediaDir,
      fetchMedia: options.fetchMedia,
      siteUrl: options.siteUrl,
      onProgress: (p) => bar.update(p),
    });
    bar.finish();
    out.write(formatImportReport(report));
    if (options.reportFile) await fs.promises.writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } catch (error) {
    bar.finish();
    throw error;
  }
}
