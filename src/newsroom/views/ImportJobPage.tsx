import type { ImportReport } from '../../interop/wxr/wxr-import.js';
import type { ImportJob } from '../../news/imports/import-job.types.js';
import { REPORT_KIND_LABELS } from '../imports/import-report.js';
import type { NewsroomChrome } from './chrome.js';
import { ColumnHeads } from './ColumnHeads.js';
import { when } from './article-format.js';
import { count, fileLabel, IMPORT_STATE_LABELS, percentRead } from './import-format.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';

/** Notes shown on the page; the JSON report has every one. */
const NOTES_SHOWN = 1000;

function Progress(props: { job: ImportJob; waitingBehind: boolean }) {
  const { job } = props;
  if (job.state === 'queued') {
    return (
      <p class="nr-import-status" role="status">
        {props.waitingBehind ? 'Waiting for the import before it to finish.' : 'Waiting to start (a few seconds).'}
      </p>
    );
  }
  const percent = percentRead(job);
  const doing =
    job.state === 'validating'
      ? job.uploadsName && !job.dryRun && job.progress.bytesRead === 0
        ? 'Unpacking the uploads, then checking the whole file before anything is written'
        : 'Checking the whole file before anything is written'
      : job.dryRun
        ? 'Reading the items (dry run: nothing is written)'
        : 'Importing';
  const label = `${doing}${percent === null ? '' : `: ${percent}%`}`;
  return (
    <div class="nr-import-progress">
      <p id="import-progress-label" role="status">
        {label}
      </p>
      <progress max={100} value={percent ?? undefined} aria-labelledby="import-progress-label">
        {percent === null ? '' : `${percent}%`}
      </progress>
      {job.state === 'importing' ? (
        <p class="nr-meta">
          {count(job.progress.items)} items and {count(job.progress.comments)} comments so far. This page refreshes itself; you can leave it and come back.
        </p>
      ) : (
        <p class="nr-meta">This page refreshes itself; you can leave it and come back.</p>
      )}
    </div>
  );
}

/** The report as the command line prints it: the summary line, counts per kind, comments by status, every note. */
export function ImportReportView(props: { report: ImportReport; jsonHref: string }) {
  const { report } = props;
  const statuses = Object.entries(report.commentsByStatus);
  const notes = report.notes.slice(0, NOTES_SHOWN);
  return (
    <section aria-labelledby="report-heading" class="nr-import-report">
      <h2 id="report-heading">Report</h2>
      <p>
        {report.dryRun ? <strong>Dry run (nothing written): </strong> : null}
        {report.site.title || report.site.link} (WXR {report.site.wxrVersion}),{' '}
        {report.ids === 'keep' ? 'WordPress ids kept' : 'new ids, the old ones remembered'}, {(report.milliseconds / 1000).toFixed(1)} s.{' '}
        <a href={props.jsonHref} download>
          Download the report (JSON)
        </a>
      </p>
      <div class="nr-table-scroll">
        <table class="nr-table nr-import-counts">
          <caption>What came in, per kind</caption>
          <ColumnHeads names={['Kind', 'Imported', 'Updated', 'Unchanged', 'Skipped']} />
          <tbody>
            {(Object.keys(report.counts) as (keyof ImportReport['counts'])[]).map((kind) => {
              const c = report.counts[kind];
              return (
                <tr key={kind}>
                  <th scope="row">{REPORT_KIND_LABELS[kind] ?? kind}</th>
                  <td>{count(c.imported)}</td>
                  <td>{count(c.updated)}</td>
                  <td>{count(c.unchanged)}</td>
                  <td>{count(c.skipped)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {statuses.length ? (
        <>
          <h3>Comments by status</h3>
          <ul class="nr-import-statuses">
            {statuses.map(([status, n]) => (
              <li key={status}>
                {status}: <strong>{count(n)}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Skipped or altered</h3>
      {notes.length ? (
        <>
          <p class="nr-meta">Each record left out or changed on the way in, with its WordPress id and why.</p>
          <ol class="nr-import-notes">
            {notes.map((note, i) => (
              <li key={i}>
                <span class={`nr-note-action nr-note-${note.action}`}>{note.action}</span> <span class="nr-note-kind">{note.kind}</span>
                {note.wordpressId === null ? '' : <span class="nr-note-id"> {note.wordpressId}</span>}: {note.reason}
              </li>
            ))}
          </ol>
          {report.notes.length > notes.length ? (
            <p>
              And {count(report.notes.length - notes.length)} more: <a href={props.jsonHref}>the JSON report</a> has every one.
            </p>
          ) : null}
        </>
      ) : (
        <p>Nothing: every record came in as it was.</p>
      )}
    </section>
  );
}

/** One import: what was sent and how, its state and progress while it runs (refreshing itself), then the report. */
export function ImportJobPage(props: { chrome: NewsroomChrome; job: ImportJob; report: ImportReport | null; waitingBehind: boolean; refreshSeconds?: number }) {
  const { job } = props;
  return (
    <NewsroomLayout chrome={props.chrome} title={`Import of ${job.exportName}`} {...(props.refreshSeconds ? { refreshSeconds: props.refreshSeconds } : {})}>
      <p class="nr-meta">
        <a href="/newsroom/imports">Import from WordPress</a>
      </p>
      <h1>Import of {job.exportName}</h1>
      <dl class="nr-import-facts">
        <dt>State</dt>
        <dd class={`nr-import-state nr-import-${job.state}`}>{IMPORT_STATE_LABELS[job.state]}</dd>
        <dt>Export</dt>
        <dd>{fileLabel(job.exportName, job.exportBytes)}</dd>
        <dt>Uploads</dt>
        <dd>
          {job.uploadsName
            ? fileLabel(job.uploadsName, job.uploadsBytes)
            : job.fetchMedia
              ? 'Downloaded from the old site'
              : 'None: images keep their old addresses'}
          {(job.uploadsName || job.fetchMedia) && job.dryRun ? ' (not in a dry run, which imports no files)' : ''}
        </dd>
        <dt>Options</dt>
        <dd>{job.dryRun ? 'Dry run: nothing is written' : 'Import'}</dd>
        <dt>Started</dt>
        <dd>
          <time dateTime={job.createdAt}>{when(job.createdAt)}</time>
          {job.startedBy ? ` by ${job.startedBy.displayName}` : ''}
          {job.attempts > 1 ? ` (resumed ${job.attempts - 1} ${job.attempts === 2 ? 'time' : 'times'} after the server stopped)` : ''}
        </dd>
        {job.finishedAt ? (
          <>
            <dt>Ended</dt>
            <dd>
              <time dateTime={job.finishedAt}>{when(job.finishedAt)}</time>
            </dd>
          </>
        ) : null}
      </dl>
      {job.state === 'failed' ? (
        <>
          <Notice kind="error">{job.error ?? 'The import failed.'}</Notice>
          <p>
            <a href="/newsroom/imports">Start another import</a>
          </p>
        </>
      ) : job.state === 'done' ? (
        <>
          <Notice kind="ok">{job.dryRun ? 'The dry run is done: nothing was written. Read the report, then import for real.' : 'The import is done.'}</Notice>
          {props.report ? (
            <ImportReportView report={props.report} jsonHref={`/newsroom/imports/${job.id}/report.json`} />
          ) : (
            <p>This import’s report cannot be shown.</p>
          )}
        </>
      ) : (
        <Progress job={job} waitingBehind={props.waitingBehind} />
      )}
    </NewsroomLayout>
  );
}
