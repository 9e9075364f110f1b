import type { AuditEntry } from '../../news/audit/audit.service.js';

/** An audit entry as a sentence: "{actor} {before} {subject} {after}", the subject linked where it still exists. */
export interface AuditSentence {
  actor: string;
  before: string;
  subject: { text: string; href: string | null } | null;
  after: string;
}

type Json = Record<string, unknown>;
const field = (value: unknown, key: string): string | null => {
  const inner = value !== null && typeof value === 'object' ? (value as Json)[key] : undefined;
  return typeof inner === 'string' || typeof inner === 'number' ? String(inner) : null;
};

/**
 * What each action did, in words: the text before the subject and after it ({s} marks the subject). An action not
 * listed reads "{action in words} {subject}", so entries recorded by features added later still make sense.
 */
const VERBS: Record<string, string | ((entry: AuditEntry) => string)> = {
  'user.login': 'signed in',
  'user.login_failed': 'Failed sign-in as {s}',
  'user.logout': 'signed out',
  'user.2fa_failed': 'A wrong sign-in code for {s}',
  'user.recovery_code_used': 'signed in with a recovery code',
  'user.created': 'created the account of {s}',
  'user.invited': 'invited {s}',
  'user.renamed': (e) => `renamed {s} (was “${field(e.before, 'displayName') ?? '?'}”)`,
  'user.role_changed': (e) => `changed the role of {s} from ${field(e.before, 'role') ?? '?'} to ${field(e.after, 'role') ?? '?'}`,
  'user.deactivated': 'deactivated the account of {s}',
  'user.reactivated': 'reactivated the account of {s}',
  'user.password_changed': 'changed their password',
  'user.password_reset': 'reset the password of {s}',
  'user.reset_link_issued': 'sent {s} a link to choose a password',
  'user.2fa_enabled': 'turned on two-factor sign-in',
  'user.2fa_disabled': 'turned off two-factor sign-in for {s}',
  'user.recovery_codes_regenerated': 'made new recovery codes',
  'article.created': 'created {s}',
  'article.submit': 'submitted {s} for review',
  'article.publish': 'published {s}',
  'article.schedule': 'scheduled {s}',
  'article.scheduled_publish': 'published {s} on schedule',
  'article.unpublish': 'took {s} off the site',
  'article.send_back': 'sent {s} back to draft with a note',
  'article.trashed': 'moved {s} to the trash',
  'article.restored': 'restored {s} from the trash',
  'article.deleted': 'deleted {s} for good',
  'article.correction_added': 'added a correction to {s}',
  'comment.approve': 'approved {s}',
  'comment.approved': 'approved {s}',
  'comment.unapprove': 'unapproved {s}',
  'comment.spam': 'marked {s} as spam',
  'comment.not-spam': 'marked {s} as not spam',
  'comment.trash': 'trashed {s}',
  'comment.restore': 'restored {s}',
  'comment.edit': 'edited {s}',
  'comment.reply': 'replied to a comment',
  'media.uploaded': 'uploaded {s}',
  'media.updated': 'changed the text of {s}',
  'media.deleted': 'deleted {s}',
  'webhook.created': 'added {s}',
  'webhook.updated': 'changed {s}',
  'webhook.deleted': 'deleted {s}',
  'webhook.secret_rotated': 'rotated the secret of {s}',
  'settings.changed': (e) => `changed the settings: ${Object.keys((e.after as Json | null) ?? {}).join(', ') || 'none'}`,
  'section.created': 'created {s}',
  'section.updated': 'changed {s}',
  'section.deleted': 'deleted {s}',
  'tag.renamed': 'renamed {s}',
  'tag.merged': 'merged {s} into another tag',
  'tag.deleted': 'deleted {s}',
};

/** How a subject is called, from its current name or, once it is gone, what the entry itself recorded. */
function subjectText(entry: AuditEntry, currentName: string | undefined): string {
  const recorded = (key: string) => field(entry.after, key) ?? field(entry.before, key);
  const id = entry.subjectId ?? '';
  switch (entry.subjectType) {
    case 'article':
      return `“${currentName ?? recorded('title') ?? `article ${id}`}”`;
    case 'comment':
      return currentName !== undefined ? `the comment by ${currentName}` : `comment ${id}`;
    case 'user':
      return currentName ?? recorded('displayName') ?? recorded('email') ?? (id ? `account ${id}` : 'an unknown account');
    case 'media':
      return `the image ${currentName ?? recorded('originalFilename') ?? id}`;
    case 'webhook':
      return `the webhook ${currentName ?? recorded('url') ?? id}`;
    case 'section':
      return `the section “${currentName ?? recorded('name') ?? id}”`;
    case 'tag':
      return `the tag “${currentName ?? recorded('name') ?? id}”`;
    case 'settings':
      return 'the settings';
    default:
      return `${entry.subjectType} ${id}`.trim();
  }
}

export function describeAuditEntry(entry: AuditEntry, currentName: string | undefined, href: string | null): AuditSentence {
  const verb = VERBS[entry.action];
  const template = typeof verb === 'function' ? verb(entry) : (verb ?? `${entry.action.replace(/[._-]/g, ' ')} {s}`);
  const actor = entry.actorName ?? (entry.actorId === null ? 'The system' : 'A deleted account');
  const subject = { text: subjectText(entry, currentName), href: currentName !== undefined ? href : null };
  // A template that starts with a capital names no actor (a failed attempt by someone unknown).
  const sentenceActor = /^[A-Z]/.test(template) ? '' : actor;
  // Without {s} the actor is the subject ("Jane signed in").
  if (!template.includes('{s}')) return { actor: sentenceActor, before: template, subject: null, after: '' };
  const [before, after] = template.split('{s}') as [string, string];
  return { actor: sentenceActor, before, subject, after };
}
