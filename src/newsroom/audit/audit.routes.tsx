import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AUDIT_GROUPS, type AuditPageQuery, isAuditGroup } from '../../news/audit/audit.service.js';
import { dateFormatter } from '../../news/shared/date-format.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../newsroom.js';
import { type Actor, can, commentModerationScope } from '../policy.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { type AuditFilters, AuditLogPage } from '../views/AuditLogPage.js';
import { describeAuditEntry } from './audit-words.js';

const Cursor = Type.String({ pattern: '^[0-9]{1,15}$' });
const AuditQuery = Type.Object({
  group: Type.Optional(Type.String({ maxLength: 40 })),
  actor: Type.Optional(Type.String({ maxLength: 20 })),
  subjectType: Type.Optional(Type.String({ maxLength: 40 })),
  subjectId: Type.Optional(Type.String({ maxLength: 40 })),
  older: Type.Optional(Cursor),
  newer: Type.Optional(Cursor),
});

/** The subjects the log knows, for the filter. */
const SUBJECT_TYPES = ['article', 'comment', 'media', 'section', 'settings', 'tag', 'user', 'webhook'];

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

function auditHref(filters: AuditFilters, cursor: { older?: number; newer?: number } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor.older !== undefined) params.set('older', String(cursor.older));
  if (cursor.newer !== undefined) params.set('newer', String(cursor.newer));
  const query = params.toString();
  return `/newsroom/audit${query ? `?${query}` : ''}`;
}

/** /newsroom/audit: the audit log for admins and editors ('audit.view'), newest first, a page at a time. */
export const auditRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;

  app.get('/newsroom/audit', { onRequest: requireStaff('audit.view'), schema: { querystring: AuditQuery } }, async (request, reply) => {
    const staff = request.staff!;
    const query = request.query;
    // Unknown values in the query are ignored rather than refused: the page still answers with the whole log.
    const filters: AuditFilters = {
      group: query.group && isAuditGroup(query.group) ? query.group : '',
      actor: query.actor === 'system' || /^\d{1,15}$/.test(query.actor ?? '') ? query.actor! : '',
      subjectType: SUBJECT_TYPES.includes(query.subjectType ?? '') ? query.subjectType! : '',
      subjectId: /^[\w.-]{1,40}$/.test(query.subjectId ?? '') ? query.subjectId! : '',
    };
    const pageQuery: AuditPageQuery = {
      ...(filters.group ? { group: filters.group as AuditPageQuery['group'] } : {}),
      ...(filters.actor ? { actorId: filters.actor === 'system' ? null : Number(filters.actor) } : {}),
      ...(filters.subjectType ? { subjectType: filters.subjectType } : {}),
      ...(filters.subjectId ? { subjectId: filters.subjectId } : {}),
      ...(query.newer !== undefined ? { newerThan: Number(query.newer) } : query.older !== undefined ? { olderThan: Number(query.older) } : {}),
    };
    const [page, actors, settings] = await Promise.all([services.audit.page(pageQuery), services.audit.actors(), services.settings.get()]);
    const names = await services.audit.subjectNames(page.entries);
    const format = dateFormatter('en-GB', { timeZone: settings.timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const rows = page.entries.map((entry) => {
      const name = entry.subjectId === null ? undefined : names.get(`${entry.subjectType}:${entry.subjectId}`);
      return {
        entry,
        sentence: describeAuditEntry(entry, name, subjectHref(staff, entry.subjectType, entry.subjectId)),
        when: format.format(new Date(entry.createdAt)),
        historyHref: entry.subjectId === null ? null : auditHref({ group: '', actor: '', subjectType: entry.subjectType, subjectId: entry.subjectId }),
      };
    });
    return sendNewsroomHtml(
      reply,
      <AuditLogPage
        chrome={newsroomChrome(request, reply)}
        view={{
          rows,
          filters,
          groups: Object.entries(AUDIT_GROUPS).map(([value, group]) => ({ value, label: group.label })),
          actors: [...actors.map((actor) => ({ value: String(actor.id), label: actor.displayName })), { value: 'system', label: 'The system or the command line' }],
          subjectTypes: SUBJECT_TYPES,
          timeZone: settings.timeZone,
          newerHref: page.newer !== null ? auditHref(filters, { newer: page.newer }) : null,
          olderHref: page.older !== null ? auditHref(filters, { older: page.older }) : null,
          newestHref: page.newer !== null ? auditHref(filters) : null,
        }}
      />,
    );
  });
};
