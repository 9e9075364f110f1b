import type { ImportReport, KindCounts } from '../../interop/wxr/wxr-import.js';

/** The report's kinds as the page names them, in the report's order (the CLI prints the keys). */
export const REPORT_KIND_LABELS: Record<keyof ImportReport['counts'], string> = {
  articles: 'Stories',
  pages: 'Pages',
  attachments: 'Attachments',
  sections: 'Sections',
  tags: 'Tags',
  people: 'People (bylines)',
  staff: 'Staff accounts',
  comments: 'Comments',
  redirects: 'Old addresses',
};

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isCounts = (value: unknown): value is KindCounts =>
  isObject(value) && ['imported', 'updated', 'unchanged', 'skipped'].every((key) => typeof value[key] === 'number');

/**
 * A stored job's report as the WordPress importer's report, or null when it is not one (a report written by a
 * version of the importer with another shape is shown as missing rather than misread).
 */
export function wxrReportOf(value: unknown): ImportReport | null {
  if (!isObject(value) || !isObject(value.site) || !isObject(value.counts) || !Array.isArray(value.notes) || !isObject(value.commentsByStatus)) return null;
  if (!Object.values(value.counts).every(isCounts)) return null;
  return value as unknown as ImportReport;
}

/** One line for the list of past imports: what came in, e.g. "58 stories, 21 pages and 33 comments imported". */
export function reportSummary(report: ImportReport): string {
  const parts = (['articles', 'pages', 'comments', 'attachments'] as const)
    .map((kind) => ({ kind, n: (report.counts[kind]?.imported ?? 0) + (report.counts[kind]?.updated ?? 0) }))
    .filter((part) => part.n > 0)
    .map((part) => `${part.n.toLocaleString('en')} ${REPORT_KIND_LABELS[part.kind].toLowerCase().replace(/s$/, part.n === 1 ? '' : 's')}`);
  if (!parts.length) return report.dryRun ? 'Dry run: nothing would change' : 'Nothing new: everything was already here';
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return report.dryRun ? `Dry run: ${list} would be imported or updated` : `${list} imported or updated`;
}
