import type { AuditEntry } from '../../news/audit/audit.service.js';
import type { NewsServices } from '../../news/services.js';
import { dateFormatter } from '../../news/shared/date-format.js';
import { type Actor, can, commentModerationScope } from '../../news/staff/policy.js';
import type { AuditFilters } from '../views/AuditLogPage.js';
import type { AuditEntryRow, AuditHistoryView } from '../views/AuditEntryList.js';
import { describeAuditEntry } from './audit-words.js';

/** Where a subject is looked after in the newsroom, for those who may go there. */
function subjectHref(staff: Actor, type: string, id: string | null): string | null {
  if (id === null || !/^\d+$/.test(id)) return type === 'settings' && can(staff, 'settings.manage') ? '/newsroom/settings' : null;
  switch (type) {
    case 'article':
      return can(staff, 'articles.edit_any') ? `/newsroom/articles/${id}/edit` : null;
    case 'comment':
      return commentModerationScope(staff) === 'all' ? `/newsroom/comments/${id}` : null;
    case 'media':
      return can(staff, 'media.manage') ? `/newsroom/media/${id}` : null;
    case 'user':
      return can(staff, 'users.manage') ? `/newsroom/users/${id}` : null;
    case 'webhook':
      return can(staff, 'webhooks.manage') ? `/newsroom/webhooks/${id}` : null;
    case 'section':
      return can(staff, 'sections.manage') ? `/newsroom/sections/${id}/edit` : null;
    case 'tag':
      return can(staff, 'tags.manage') ? `/newsroom/tags/${id}` : null;
    default:
      return null;
  }
}

/** The audit log's address with these filters (and a page cursor). */
export function auditHref(filters: AuditFilters, cursor: { older?: number; newer?: number } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor.older !== undefined) params.set('older', String(cursor.older));
  if (cursor.newer !== undefined) params.set('newer', String(cursor.newer));
  const query = params.toString();
  return `/newsroom/audit${query ? `?${query}` : ''}`;
}

/** The audit log filtered to one subject: its whole history. */
const subjectLogHref = (subjectType: string, subjectId: string) => auditHref({ group: '', actor: '', subjectType, subjectId });

/**
 * Audit entries as `staff` may see them, for AuditEntryList: each in words with its subject's current name (linked
 * where they may go), at the site's local time. Addresses and links to the log are only for those who may read the
 * log ('audit.view'): an author sees the moderation history of a comment on their story, not who moderated from where.
 */
export async function auditEntryRows(services: NewsServices, staff: Actor, entries: AuditEntry[]): Promise<{ rows: AuditEntryRow[]; timeZone: string }> {
  const [names, { timeZone }] = await Promise.all([services.audit.subjectNames(entries), services.settings.get()]);
  const format = dateFormatter('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const readsLog = can(staff, 'audit.view');
  const rows = entries.map((entry) => {
    const name = entry.subjectId === null ? undefined : names.get(`${entry.subjectType}:${entry.subjectId}`);
    return {
      entry: readsLog ? entry : { ...entry, ip: null },
      sentence: describeAuditEntry(entry, name, subjectHref(staff, entry.subjectType, entry.subjectId)),
      when: format.format(new Date(entry.createdAt)),
      historyHref: readsLog && entry.subjectId !== null ? subjectLogHref(entry.subjectType, entry.subjectId) : null,
    };
  });
  return { rows, timeZone };
}

/** The newest `limit` entries about one subject, for its own page's history (AuditHistory). */
export async function auditHistory(services: NewsServices, staff: Actor, subjectType: string, subjectId: number, limit: number): Promise<AuditHistoryView> {
  const entries = await services.audit.list({ subjectType, subjectId, limit });
  const { rows, timeZone } = await auditEntryRows(services, staff, entries);
  const logHref = can(staff, 'audit.view') ? subjectLogHref(subjectType, String(subjectId)) : null;
  return { rows, timeZone, logHref };
}
