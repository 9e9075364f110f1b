import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AUDIT_GROUPS, type AuditPageQuery, isAuditGroup } from '../../news/audit/audit.service.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { type AuditFilters, AuditLogPage } from '../views/AuditLogPage.js';
import { auditEntryRows, auditHref } from './audit-rows.js';

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
    const [page, actors] = await Promise.all([services.audit.page(pageQuery), services.audit.actors()]);
    const { rows, timeZone } = await auditEntryRows(services, staff, page.entries);
    return sendNewsroomHtml(
      reply,
      <AuditLogPage
        chrome={newsroomChrome(request, reply)}
        view={{
          rows,
          filters,
          groups: Object.entries(AUDIT_GROUPS).map(([value, group]) => ({ value, label: group.label })),
          actors: [
            ...actors.map((actor) => ({ value: String(actor.id), label: actor.displayName })),
            { value: 'system', label: 'The system or the command line' },
          ],
          subjectTypes: SUBJECT_TYPES,
          timeZone,
          newerHref: page.newer !== null ? auditHref(filters, { newer: page.newer }) : null,
          olderHref: page.older !== null ? auditHref(filters, { older: page.older }) : null,
          newestHref: page.newer !== null ? auditHref(filters) : null,
        }}
      />,
    );
  });
};
