import type { ImportJob } from '../../news/imports/import-job.types.js';
import { reportSummary, wxrReportOf } from '../imports/import-report.js';
import type { NewsroomChrome } from './chrome.js';
import { ColumnHeads } from './ColumnHeads.js';
import { when } from './article-format.js';
import { formatBytes } from '../../platform/format-bytes.js';
import { IMPORT_STATE_LABELS, percentRead } from './import-format.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';

export interface ImportFormValues {
  dryRun: boolean;
  fetchMedia: boolean;
}

/** What a past import came to, in a few words. */
function outcome(job: ImportJob): string {
  if (job.state === 'failed') {
    const error = job.error ?? 'Failed';
    return error.length > 140 ? `${error.slice(0, 137)}…` : error;
  }
  if (job.state === 'queued') return '–';
  if (job.state !== 'done') {
    const percent = percentRead(job);
    return percent === null ? '–' : `${percent}% of the file read`;
  }
  const report = wxrReportOf(job.report);
  return report ? reportSummary(report) : 'Done';
}

/** Import from WordPress: the upload form, then every import so far, newest first. */
export function ImportsPage(props: {
  chrome: NewsroomChrome;
  jobs: ImportJob[];
  limits: { export: string; uploads: string; unpacked: string };
  error?: string;
  values?: ImportFormValues;
}) {
  const values = props.values ?? { dryRun: false, fetchMedia: false };
  return (
    <NewsroomLayout chrome={props.chrome} title="Import from WordPress">
      <h1>Import from WordPress</h1>
      <p>
        Brings a WordPress site in: posts as stories, pages, categories as sections, tags, authors as bylines, comments with their threads, and the old
        addresses, which then redirect to the new ones. The import runs in the background; you can leave the page and come back.
      </p>
      <p>
        Importing the same file again changes nothing, and a newer export of the same site adds and updates what changed, so you can import once now and once
        more at the switch-over. Start with a dry run to read the report before anything is written.
      </p>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <form method="post" action="/newsroom/imports" enctype="multipart/form-data" class="nr-form nr-form-wide nr-import-form">
        {/* First in the form, so it is the first part of the upload: the CSRF check runs before any file is read. */}
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        <div class="nr-field">
          <label for="import-export">WordPress export file</label>
          <input
            id="import-export"
            name="export"
            type="file"
            accept=".xml,.gz,text/xml,application/xml,application/gzip"
            required
            aria-describedby="import-export-hint"
          />
          <p class="nr-hint" id="import-export-hint">
            On the old site: Tools → Export → All content → Download Export File. The .xml file (gzipped is fine), up to {props.limits.export}.
          </p>
        </div>
        <div class="nr-field">
          <label for="import-uploads">
            The old site’s uploads <span class="nr-optional">(optional)</span>
          </label>
          <input id="import-uploads" name="uploads" type="file" accept=".zip,application/zip" aria-describedby="import-uploads-hint" />
          <p class="nr-hint" id="import-uploads-hint">
            A zip of wp-content/uploads, up to {props.limits.uploads} ({props.limits.unpacked} unpacked): its images come into the media library and the stories
            point at them. Without it, or fetching them (below), images keep their old addresses.
          </p>
        </div>
        <div class="nr-check">
          <input id="import-fetch-media" name="fetchMedia" type="checkbox" value="on" checked={values.fetchMedia} aria-describedby="import-fetch-media-hint" />
          <label for="import-fetch-media">Fetch media from the old site</label>
          <p class="nr-hint" id="import-fetch-media-hint">
            No copy of the uploads? Each attachment is downloaded from its address on the old site instead (https only, public addresses only), so the old site
            must still be online. Not with an uploads zip.
          </p>
        </div>
        <div class="nr-check">
          <input id="import-dry-run" name="dryRun" type="checkbox" value="on" checked={values.dryRun} aria-describedby="import-dry-run-hint" />
          <label for="import-dry-run">Dry run</label>
          <p class="nr-hint" id="import-dry-run-hint">
            Read the whole file and report what would be imported, without writing anything.
          </p>
        </div>
        <p>
          <button type="submit">Start the import</button>
        </p>
      </form>

      <section aria-labelledby="imports-heading" class="nr-imports">
        <h2 id="imports-heading">Past imports</h2>
        {props.jobs.length ? (
          <table class="nr-table">
            <caption class="visually-hidden">Imports, newest first</caption>
            <ColumnHeads names={['File', 'Started', 'State', 'Result']} />
            <tbody>
              {props.jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <a href={`/newsroom/imports/${job.id}`}>{job.exportName}</a>
                    <div class="nr-meta">
                      {formatBytes(job.exportBytes)}
                      {job.uploadsName ? ` · with ${job.uploadsName}` : ''}
                      {job.fetchMedia ? ' · media from the old site' : ''}
                      {job.dryRun ? ' · dry run' : ''}
                    </div>
                  </td>
                  <td>
                    <time dateTime={job.createdAt}>{when(job.createdAt)}</time>
                    {job.startedBy ? <div class="nr-meta">by {job.startedBy.displayName}</div> : null}
                  </td>
                  <td class={`nr-import-state nr-import-${job.state}`}>{IMPORT_STATE_LABELS[job.state]}</td>
                  <td>{outcome(job)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No imports yet.</p>
        )}
      </section>
    </NewsroomLayout>
  );
}
