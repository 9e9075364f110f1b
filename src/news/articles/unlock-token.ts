import { createHash, timingSafeEqual } from 'node:crypto';
import type { Signer } from '../../platform/security/signer.js';

/**
 * A reader's proof that they gave a password-protected story's password: a signer token over the story's id and the
 * time it was issued, for a purpose that includes a hash of the story's current password. It holds neither the
 * password nor its hash, and it stops verifying as soon as the password changes (the purpose no longer matches),
 * after UNLOCK_LIFETIME_SECONDS (WordPress keeps its post-password cookie as long), and for any other story.
 */
export const UNLOCK_LIFETIME_SECONDS = 10 * 86_400;

/** Tokens issued this far in the future (another instance's clock) still count. */
const CLOCK_SKEW_SECONDS = 300;

const digest = (password: string) => createHash('sha256').update(password, 'utf8').digest();

function purposeFor(articleId: number, password: string): string {
  return `article-unlock:${articleId}:${digest(password).toString('base64url')}`;
}

/** Whether `given` is the story's password (compared in constant time, over hashes of both). */
export function passwordMatches(given: string, password: string): boolean {
  return timingSafeEqual(digest(given), digest(password));
}

export function issueUnlockToken(signer: Signer, articleId: number, password: string, now: Date): string {
  return signer.sign(purposeFor(articleId, password), `${articleId}:${Math.floor(now.getTime() / 1000)}`);
}

export function verifyUnlockToken(signer: Signer, token: string, articleId: number, password: string, now: Date): boolean {
  const value = signer.verify(purposeFor(articleId, password), token);
  if (value === null) return false;
  const [id, issued, ...rest] = value.split(':');
  if (rest.length || Number(id) !== articleId) return false;
  const age = now.getTime() / 1000 - Number(issued);
  return Number.isFinite(age) && age >= -CLOCK_SKEW_SECONDS && age <= UNLOCK_LIFETIME_SECONDS;
}
