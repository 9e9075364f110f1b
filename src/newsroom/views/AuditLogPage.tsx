import type { AuditEntry } from '../../news/audit/audit.service.js';
import type { AuditSentence } from '../audit/audit-words.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

export interface AuditLogRow {
  entry: AuditEntry;
  sentence: AuditSentence;
  /** When, in the site's time zone. */
  when: string;
  /** This subject's own history (the log filtered to it). */
  historyHref: string | null;
}

export interface AuditFilters {
  group: string;
  actor: string;
  subjectType: string;
  subjectId: string;
}

export interface AuditLogView {
  rows: AuditLogRow[];
  filters: AuditFilters;
  groups: { value: string; label: string }[];
  actors: { value: string; label: string }[];
  subjectTypes: string[];
  timeZone: string;
  /** Links to the neighbouring pages (null where there is none), and back to the newest entries. */
  newerHref: string | null;
  olderHref: string | null;
  newestHref: string | null;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The audit log: who did what, newest first, filtered by kind of action, actor and subject, a page at a time. */
export function AuditLogPage(props: { chrome: NewsroomChrome; view: AuditLogView }) {
  const { view } = props;
  const { filters } = view;
  const select = (id: string, name: keyof AuditFilters, label: string, options: { value: string; label: string }[], any: string) => (
    <div class="nr-field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        <option value="">{any}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value} selected={filters[name] === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <NewsroomLayout chrome={props.chrome} title="Audit log">
      <h1>Audit log</h1>
      <p>Who did what in the newsroom, newest first. Times are in {view.timeZone}.</p>
      <form class="nr-filter nr-audit-filter" method="get" action="/newsroom/audit">
        {select('audit-group', 'group', 'What', view.groups, 'Everything')}
        {select('audit-actor', 'actor', 'Who', view.actors, 'Anyone')}
        {select(
          'audit-subject-type',
          'subjectType',
          'Subject',
          view.subjectTypes.map((type) => ({ value: type, label: type })),
          'Any subject',
        )}
        <div class="nr-field">
          <label for="audit-subject-id">Subject id</label>
          <input id="audit-subject-id" name="subjectId" type="text" inputMode="numeric" value={filters.subjectId} size={8} />
        </div>
        <p class="nr-actions">
          <button type="submit">Show</button> <a href="/newsroom/audit">Clear</a>
        </p>
      </form>
      {view.rows.length ? (
        <ol class="nr-audit" aria-label="Audit entries">
          {view.rows.map(({ entry, sentence, when, historyHref }) => (
            <li key={entry.id}>
              <p class="nr-audit-when">
                <time dateTime={entry.createdAt}>{when}</time>
              </p>
              <p class="nr-audit-what">
                {sentence.actor ? <strong>{sentence.actor}</strong> : null}
                {sentence.actor ? ' ' : ''}
                {sentence.before}
                {sentence.subject ? sentence.subject.href ? <a href={sentence.subject.href}>{sentence.subject.text}</a> : sentence.subject.text : null}
                {sentence.after}
              </p>
              <details class="nr-audit-details">
                <summary>Details</summary>
                <dl>
                  <dt>Action</dt>
                  <dd>
                    <code>{entry.action}</code>
                  </dd>
                  <dt>Subject</dt>
                  <dd>
                    {entry.subjectType}
                    {entry.subjectId ? ` ${entry.subjectId}` : ''}
                    {historyHref ? (
                      <>
                        {' '}
                        (<a href={historyHref}>its history</a>)
                      </>
                    ) : null}
                  </dd>
                  {entry.ip ? (
                    <>
                      <dt>Address</dt>
                      <dd>{entry.ip}</dd>
                    </>
                  ) : null}
                  {entry.before !== null ? (
                    <>
                      <dt>Before</dt>
                      <dd>
                        <pre>{json(entry.before)}</pre>
                      </dd>
                    </>
                  ) : null}
                  {entry.after !== null ? (
                    <>
                      <dt>After</dt>
                      <dd>
                        <pre>{json(entry.after)}</pre>
                      </dd>
                    </>
                  ) : null}
                </dl>
              </details>
            </li>
          ))}
        </ol>
      ) : (
        <p>Nothing in the log matches.</p>
      )}
      {view.newerHref || view.olderHref ? (
        <nav class="nr-pager" aria-label="Audit log pages">
          <ul>
            {view.newestHref ? (
              <li>
                <a href={view.newestHref}>Newest</a>
              </li>
            ) : null}
            {view.newerHref ? (
              <li>
                <a href={view.newerHref} rel="prev">
                  ← Newer
                </a>
              </li>
            ) : null}
            {view.olderHref ? (
              <li>
                <a href={view.olderHref} rel="next">
                  Older →
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </NewsroomLayout>
  );
}
