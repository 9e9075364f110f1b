import { AuditEntryList, type AuditEntryRow } from './AuditEntryList.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

export interface AuditFilters {
  group: string;
  actor: string;
  subjectType: string;
  subjectId: string;
}

export interface AuditLogView {
  rows: AuditEntryRow[];
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
      {view.rows.length ? <AuditEntryList rows={view.rows} label="Audit entries" /> : <p>Nothing in the log matches.</p>}
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
