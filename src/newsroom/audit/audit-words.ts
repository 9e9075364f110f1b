import type { AuditEntry } from '../../news/audit/audit.service.js';
import { isRole, ROLE_LABELS } from '../../news/staff/roles.js';

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
const count = (value: unknown, key: string): number => {
  const inner = value !== null && typeof value === 'object' ? (value as Json)[key] : undefined;
  return typeof inner === 'number' ? inner : 0;
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A recorded role as the users screen names it, in lower case ("editor"); an unknown value as it is. */
const roleName = (role: string | null) => (role !== null && isRole(role) ? ROLE_LABELS[role].toLowerCase() : (role ?? '?'));
/** " as an editor": the role an account was given, when the entry recorded one. */
const asRole = (entry: AuditEntry) => {
  const role = field(entry.after, 'role');
  return role === null ? '' : ` as ${/^[aeiou]/i.test(roleName(role)) ? 'an' : 'a'} ${roleName(role)}`;
};

/** The words for the sessions an action ended (`after.sessionsEnded`), or nothing when it ended none. */
const sessionsEnded = (entry: AuditEntry, words: (n: number) => string) => {
  const n = count(entry.after, 'sessionsEnded');
  return n > 0 ? words(n) : '';
};

/**
 * What each action did, in words: the text before the subject and after it ({s} marks the subject). An action not
 * listed reads "took the action “…” on {subject}", so entries recorded by features added later still make sense.
 */
const VERBS: Record<string, string | ((entry: AuditEntry) => string)> = {
  'user.login': (e) => {
    const method = field(e.after, 'method');
    return method === 'totp'
      ? 'signed in with a code from their authenticator app'
      : method === 'recovery_code'
        ? 'signed in with a recovery code'
        : 'signed in';
  },
  'user.login_failed': 'Failed sign-in as {s}',
  'user.logout': 'signed out',
  'user.2fa_failed': (e) => (field(e.after, 'reason') === 'reused' ? 'A sign-in code used once already, for {s}' : 'A wrong sign-in code for {s}'),
  // Recorded with the sign-in that used it ('user.login' with method recovery_code), so it says only what is left.
  'user.recovery_code_used': (e) => `used a recovery code${field(e.after, 'left') === null ? '' : ` (${plural(count(e.after, 'left'), 'code')} left)`}`,
  'user.created': (e) => `created the account of {s}${asRole(e)}`,
  'user.invited': (e) => `invited {s}${asRole(e)}`,
  'user.renamed': (e) => `renamed {s} (was “${field(e.before, 'displayName') ?? '?'}”)`,
  'user.role_changed': (e) => `changed the role of {s} from ${roleName(field(e.before, 'role'))} to ${roleName(field(e.after, 'role'))}`,
  'user.deactivated': (e) => {
    const ended = [
      count(e.after, 'sessionsEnded') > 0 ? `${plural(count(e.after, 'sessionsEnded'), 'session')} ended` : '',
      count(e.after, 'linksRevoked') > 0 ? `${plural(count(e.after, 'linksRevoked'), 'password link')} revoked` : '',
    ].filter(Boolean);
    return `deactivated the account of {s}${ended.length ? ` (${ended.join(', ')})` : ''}`;
  },
  'user.reactivated': 'reactivated the account of {s}',
  'user.password_changed': 'changed their password',
  'user.password_reset': (e) => {
    const signedOut = sessionsEnded(e, (n) => ` (${plural(n, 'session')} ended)`);
    switch (field(e.after, 'via')) {
      case 'invite_link':
        return `chose their password with the invitation link${signedOut}`;
      case 'reset_link':
        return `chose a new password with a reset link${signedOut}`;
      default:
        return `reset the password of {s}${signedOut}`;
    }
  },
  'user.reset_link_issued': 'made a password reset link for {s}',
  'user.2fa_enabled': (e) => `turned on two-factor sign-in${sessionsEnded(e, (n) => ` and ended ${plural(n, 'other session')}`)}`,
  'user.2fa_disabled': (e) =>
    `turned off two-factor sign-in${field(e.after, 'by') === 'self' ? '' : ' for {s}'}${sessionsEnded(e, (n) => ` and ended ${plural(n, 'session')}`)}`,
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
  'comment.unapprove': 'unapproved {s} (back to pending)',
  'comment.spam': 'marked {s} as spam',
  'comment.not-spam': 'marked {s} as not spam and approved it',
  'comment.trash': 'moved {s} to the trash',
  'comment.restore': 'restored {s} to pending',
  'comment.edit': 'edited {s}',
  'comment.reply': (e) => (field(e.after, 'parentId') === null ? 'replied to a comment as staff' : `replied as staff to comment ${field(e.after, 'parentId')}`),
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
  'import.started': (e) => `started {s}${(e.after as Json | null)?.dryRun === true ? ' as a dry run' : ''}`,
  'import.finished': 'finished {s}',
  'import.failed': (e) => `gave up on {s}: ${field(e.after, 'error') ?? 'it failed'}`,
  'demo.removed': (e) =>
    `removed the demo site (${plural(count(e.after, 'article'), 'article')}, ${plural(count(e.after, 'page'), 'page')}, ${plural(count(e.after, 'media'), 'image')})`,
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
    case 'import_job':
      return `the WordPress import of ${recorded('exportName') ?? `job ${id}`}`;
    default:
      return `${entry.subjectType} ${id}`.trim();
  }
}

export function describeAuditEntry(entry: AuditEntry, currentName: string | undefined, href: string | null): AuditSentence {
  const verb = Object.hasOwn(VERBS, entry.action) ? VERBS[entry.action] : undefined;
  const template = typeof verb === 'function' ? verb(entry) : (verb ?? `took the action “${entry.action}” on {s}`);
  const actor = entry.actorName ?? (entry.actorId === null ? 'The system' : 'A deleted account');
  const subject = { text: subjectText(entry, currentName), href: currentName !== undefined ? href : null };
  // A template that starts with a capital names no actor (a failed attempt by someone unknown).
  const sentenceActor = /^[A-Z]/.test(template) ? '' : actor;
  // Without {s} the actor is the subject ("Jane signed in").
  if (!template.includes('{s}')) return { actor: sentenceActor, before: template, subject: null, after: '' };
  // The first {s} only: text recorded in the entry (an old name, say) may itself contain "{s}".
  const at = template.indexOf('{s}');
  return { actor: sentenceActor, before: template.slice(0, at), subject, after: template.slice(at + 3) };
}
