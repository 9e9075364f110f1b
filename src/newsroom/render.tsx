import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ROLE_LABELS } from '../news/staff/roles.js';
import { renderDocument } from '../web/render.js';
import { can, commentModerationScope } from '../news/staff/policy.js';
import type { NewsroomChrome } from './views/chrome.js';
import { MessagePage } from './views/MessagePage.js';

/** The frame data for a newsroom page, from the request (who is signed in) and the app (asset URLs). */
export function newsroomChrome(request: FastifyRequest, reply: FastifyReply): NewsroomChrome {
  const { assets, newsroomAssets } = request.server;
  const staff = request.staff;
  const nav = staff
    ? [
        { href: '/newsroom/', label: 'Dashboard' },
        ...(can(staff, 'articles.write') ? [{ href: '/newsroom/articles', label: 'Articles' }] : []),
        ...(commentModerationScope(staff) !== 'none' ? [{ href: '/newsroom/comments', label: 'Comments' }] : []),
        ...(can(staff, 'media.manage') ? [{ href: '/newsroom/media', label: 'Media' }] : []),
        ...(can(staff, 'sections.manage') ? [{ href: '/newsroom/sections', label: 'Sections' }] : []),
        ...(can(staff, 'tags.manage') ? [{ href: '/newsroom/tags', label: 'Tags' }] : []),
        ...(can(staff, 'webhooks.manage') ? [{ href: '/newsroom/webhooks', label: 'Webhooks' }] : []),
        ...(can(staff, 'settings.manage') ? [{ href: '/newsroom/settings', label: 'Settings' }] : []),
        ...(can(staff, 'imports.run') ? [{ href: '/newsroom/imports', label: 'Import' }] : []),
        ...(can(staff, 'users.manage') ? [{ href: '/newsroom/users', label: 'Users' }] : []),
        ...(can(staff, 'audit.view') ? [{ href: '/newsroom/audit', label: 'Audit log' }] : []),
        { href: '/newsroom/account/password', label: 'Change password' },
        { href: '/newsroom/account/two-factor', label: 'Account security' },
      ]
    : [];
  return {
    siteCss: assets.url('site.css'),
    newsroomCss: newsroomAssets.url('newsroom.css'),
    icon: assets.url('favicon.svg'),
    staff: staff ? { displayName: staff.displayName, roleLabel: ROLE_LABELS[staff.role] } : null,
    csrfToken: staff ? reply.generateCsrf() : '',
    nav,
    path: new URL(request.url, 'http://local').pathname,
  };
}

/** Sends a newsroom page. Every newsroom response is also marked no-store (see newsroom.ts). */
export function sendNewsroomHtml(reply: FastifyReply, page: VNode, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').send(renderDocument(page));
}

export function sendNewsroomMessage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  content: { title: string; message: string; links?: { href: string; label: string }[] },
) {
  const links = content.links ?? (request.staff ? [{ href: '/newsroom/', label: 'Back to the newsroom' }] : [{ href: '/', label: 'Go to the front page' }]);
  return sendNewsroomHtml(reply, <MessagePage chrome={newsroomChrome(request, reply)} title={content.title} message={content.message} links={links} />, status);
}

/** `next` after sign-in: only a path on this site ("/..."), never "//host" or "/\host", else the dashboard. */
export function safeNextPath(raw: unknown, fallback = '/newsroom/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  const base = 'http://dateline.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}

export function loginUrl(next: string): string {
  return next === '/newsroom/' ? '/newsroom/login' : `/newsroom/login?next=${encodeURIComponent(next)}`;
}
