import type { AuditEntry } from '../../news/audit/audit.service.js';
import type { AuditSentence } from '../audit/audit-words.js';

/** One audit entry ready to show: in words, at the site's local time. */
export interface AuditEntryRow {
  entry: AuditEntry;
  sentence: AuditSentence;
  /** When, in the site's time zone. */
  when: string;
  /** This subject's own history (the log filtered to it), for those who may read the log. */
  historyHref: string | null;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * Audit entries as the audit log shows them, wherever they appear (the log, an account's history, a comment's): a
 * sentence each ("Jane Doe approved the comment by …"), its time, and the recorded details folded away.
 */
export function AuditEntryList(props: { rows: AuditEntryRow[]; label: string }) {
  return (
    <ol class="nr-audit" aria-label={props.label}>
      {props.rows.map(({ entry, sentence, when, historyHref }) => (
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
              {(
                [
                  ['Before', entry.before],
                  ['After', entry.after],
                ] as const
              ).map(([label, value]) =>
                value !== null ? (
                  <>
                    <dt>{label}</dt>
                    <dd>
                      <pre>{json(value)}</pre>
                    </dd>
                  </>
                ) : null,
              )}
            </dl>
          </details>
        </li>
      ))}
    </ol>
  );
}

/** A subject's recent audit entries for its own page, and where the audit log shows them all (for those who may read it). */
export interface AuditHistoryView {
  rows: AuditEntryRow[];
  timeZone: string;
  logHref: string | null;
}

/** A subject's history on its own page (an account's, a comment's): the same entries and words as the audit log. */
export function AuditHistory(props: { history: AuditHistoryView; label: string; empty: string }) {
  const { history } = props;
  if (!history.rows.length) return <p>{props.empty}</p>;
  return (
    <>
      <p class="nr-hint">
        Newest first. Times are in {history.timeZone}.
        {history.logHref ? (
          <>
            {' '}
            <a href={history.logHref}>All of it in the audit log</a>
          </>
        ) : null}
      </p>
      <AuditEntryList rows={history.rows} label={props.label} />
    </>
  );
}
