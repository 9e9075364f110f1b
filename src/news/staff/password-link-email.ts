import type { PasswordLinkPurpose } from '../vocabulary.js';

export interface PasswordLinkEmailFacts {
  siteTitle: string;
  purpose: PasswordLinkPurpose;
  /** The absolute link (passwordResetUrl). */
  url: string;
  expiresAt: string;
  recipientName: string;
  /** The administrator who issued it. */
  issuedBy: string;
}

/** "2026-03-08 09:00 UTC" */
export function linkExpiryText(expiresAt: string): string {
  return `${expiresAt.replace('T', ' ').slice(0, 16)} UTC`;
}

/** The plain-text email carrying an invitation or a reset link; nothing in it is HTML. */
export function passwordLinkEmail(facts: PasswordLinkEmailFacts): { subject: string; text: string } {
  const invite = facts.purpose === 'invite';
  const subject = invite ? `You are invited to the ${facts.siteTitle} newsroom` : `Choose a new password for the ${facts.siteTitle} newsroom`;
  const opening = invite
    ? `${facts.issuedBy} has made you a newsroom account on ${facts.siteTitle}. Open this link to choose your password:`
    : `${facts.issuedBy} has sent you a link to choose a new password for your ${facts.siteTitle} newsroom account:`;
  const lines = [
    `Hello ${facts.recipientName},`,
    '',
    opening,
    '',
    facts.url,
    '',
    `The link works once, until ${linkExpiryText(facts.expiresAt)}. If it has expired, ask an administrator for a new one.`,
    ...(invite ? [] : ['Your current password keeps working until you choose a new one.']),
    'If you did not expect this email, you can ignore it.',
  ];
  return { subject, text: `${lines.join('\n')}\n` };
}
