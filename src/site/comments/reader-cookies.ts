import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Signer } from '../../platform/security/signer.js';

/**
 * First-party cookies for commenters; nothing else tracks a reader.
 * - dateline_own: the ids of comments this browser posted (signed), so their authors see them while held and can
 *   edit them for ten minutes.
 * - dateline_commenter: name, email and website, only when the reader ticks "Save my name…".
 */
const OWN = 'dateline_own';
const DETAILS = 'dateline_commenter';
const OWN_PURPOSE = 'own-comments';
const KEEP_OWN = 30;

export interface SavedDetails {
  name: string;
  email: string;
  url: string;
}

export function ownCommentIds(request: FastifyRequest, signer: Signer): number[] {
  const raw = request.cookies[OWN];
  const value = raw ? signer.verify(OWN_PURPOSE, raw) : null;
  if (!value) return [];
  return value
    .split(',')
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0);
}

export function rememberOwnComment(request: FastifyRequest, reply: FastifyReply, signer: Signer, id: number, secure: boolean): void {
  const ids = [...ownCommentIds(request, signer).filter((x) => x !== id), id].slice(-KEEP_OWN);
  reply.setCookie(OWN, signer.sign(OWN_PURPOSE, ids.join(',')), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 30 * 86_400,
  });
}

export function savedDetails(request: FastifyRequest): SavedDetails | null {
  const raw = request.cookies[DETAILS];
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<SavedDetails>;
    return { name: String(parsed.name ?? ''), email: String(parsed.email ?? ''), url: String(parsed.url ?? '') };
  } catch {
    return null;
  }
}

export function saveDetails(reply: FastifyReply, details: SavedDetails | null, secure: boolean): void {
  if (!details) {
    reply.clearCookie(DETAILS, { path: '/' });
    return;
  }
  reply.setCookie(DETAILS, JSON.stringify(details), { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86_400 });
}
