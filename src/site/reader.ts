import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ArticleReader } from '../news/articles/article.types.js';

/**
 * Who is reading, for `ArticleService.forReader`: the signed-in staff member and the unlock cookies this browser
 * carries. One cookie per password-protected story (`dateline_unlock_{id}`), so a cookie for one story changes
 * nothing on any other page; its value is the domain's signed token (no password in it, and it stops working when
 * the password changes).
 */
const UNLOCK_COOKIE_PREFIX = 'dateline_unlock_';

export function unlockCookieName(articleId: number): string {
  return `${UNLOCK_COOKIE_PREFIX}${articleId}`;
}

export function readerOf(request: FastifyRequest): ArticleReader {
  return { staff: request.staff, unlockToken: (articleId) => request.cookies[unlockCookieName(articleId)] };
}

/** Path `/`: the comment form posts to /comments, which must see it too. HttpOnly, so no script reads it. */
export function setUnlockCookie(reply: FastifyReply, articleId: number, unlock: { token: string; maxAgeSeconds: number }, secure: boolean): void {
  reply.setCookie(unlockCookieName(articleId), unlock.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: unlock.maxAgeSeconds });
}
