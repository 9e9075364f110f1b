import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../news/audit/audit.service.js';
import { MODERATION_ACTIONS } from '../../news/comments/moderation.service.js';
import { AuditEntryList } from '../views/AuditEntryList.js';
import { type AuditSentence, describeAuditEntry } from './audit-words.js';

const entry = (action: string, fields: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 1,
  actorId: 7,
  actorName: 'Jane Doe',
  action,
  subjectType: action.split('.')[0]!,
  subjectId: '42',
  before: null,
  after: null,
  ip: null,
  createdAt: '2026-03-02T09:00:00.000Z',
  ...fields,
});

const text = (s: AuditSentence) => `${s.actor ? `${s.actor} ` : ''}${s.before}${s.subject?.text ?? ''}${s.after}`;
/** An entry about account 42 ("Sam Lee"), or comment 42 by "First Timer", in words. */
const words = (action: string, fields: Partial<AuditEntry> = {}) =>
  text(describeAuditEntry(entry(action, fields), action.startsWith('comment.') ? 'First Timer' : 'Sam Lee', null));

/** Every action recorded about an account (src/news/staff, auth.routes.tsx, cli.ts): what its page can show. */
const USER_ACTIONS = [
  'user.login',
  'user.login_failed',
  'user.logout',
  'user.2fa_failed',
  'user.recovery_code_used',
  'user.created',
  'user.invited',
  'user.renamed',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'user.password_changed',
  'user.password_reset',
  'user.reset_link_issued',
  'user.2fa_enabled',
  'user.2fa_disabled',
  'user.recovery_codes_regenerated',
];
/** Every action recorded about a comment (moderation.service.ts): what its page can show. */
const COMMENT_ACTIONS = [...MODERATION_ACTIONS.map((action) => `comment.${action}`), 'comment.edit', 'comment.reply'];

describe('describeAuditEntry', () => {
  it('has words of its own for every action an account’s or a comment’s history can show', () => {
    for (const action of [...USER_ACTIONS, ...COMMENT_ACTIONS]) expect(words(action), action).not.toContain('took the action');
  });

  it('tells what the removal of the demo site removed', () => {
    expect(words('demo.removed', { actorId: null, actorName: null, subjectType: 'site', subjectId: null, after: { article: 13, page: 1, media: 13 } })).toBe(
      'The system removed the demo site (13 articles, 1 page, 13 images)',
    );
  });

  it('tells of imports from WordPress by the file imported', () => {
    const job = (action: string, after: object, who: Partial<AuditEntry> = {}) =>
      text(describeAuditEntry(entry(action, { subjectType: 'import_job', subjectId: '3', after, ...who }), undefined, null));
    expect(job('import.started', { exportName: 'gazette.xml', dryRun: true })).toBe('Jane Doe started the WordPress import of gazette.xml as a dry run');
    expect(job('import.finished', { exportName: 'gazette.xml' }, { actorId: null, actorName: null })).toBe(
      'The system finished the WordPress import of gazette.xml',
    );
    expect(job('import.failed', { exportName: 'gazette.xml', error: 'The file is empty' }, { actorId: null, actorName: null })).toBe(
      'The system gave up on the WordPress import of gazette.xml: The file is empty',
    );
  });

  it('tells what was done to an account, with what the entry recorded', () => {
    expect(words('user.invited', { after: { role: 'editor' } })).toBe('Jane Doe invited Sam Lee as an editor');
    expect(words('user.created', { actorId: null, actorName: null, after: { role: 'contributor', via: 'cli' } })).toBe(
      'The system created the account of Sam Lee as a contributor',
    );
    expect(words('user.role_changed', { before: { role: 'author' }, after: { role: 'admin' } })).toBe(
      'Jane Doe changed the role of Sam Lee from author to administrator',
    );
    expect(words('user.renamed', { before: { displayName: 'Sam {s} Lee' } })).toBe('Jane Doe renamed Sam Lee (was “Sam {s} Lee”)');
    expect(words('user.deactivated', { after: { active: false, sessionsEnded: 2, linksRevoked: 1 } })).toBe(
      'Jane Doe deactivated the account of Sam Lee (2 sessions ended, 1 password link revoked)',
    );
    expect(words('user.deactivated', { after: { active: false, sessionsEnded: 0, linksRevoked: 0 } })).toBe('Jane Doe deactivated the account of Sam Lee');
    expect(words('user.reactivated')).toBe('Jane Doe reactivated the account of Sam Lee');
    expect(words('user.reset_link_issued')).toBe('Jane Doe made a password reset link for Sam Lee');
    expect(words('user.password_reset', { actorName: 'Sam Lee', after: { via: 'invite_link', sessionsEnded: 0 } })).toBe(
      'Sam Lee chose their password with the invitation link',
    );
    expect(words('user.password_reset', { actorName: 'Sam Lee', after: { via: 'reset_link', sessionsEnded: 3 } })).toBe(
      'Sam Lee chose a new password with a reset link (3 sessions ended)',
    );
    expect(words('user.password_reset', { actorId: null, actorName: null, after: { via: 'cli' } })).toBe('The system reset the password of Sam Lee');
    expect(words('user.password_changed', { actorName: 'Sam Lee' })).toBe('Sam Lee changed their password');
  });

  it('tells sign-ins and two-factor changes, with the sessions turning it on ended', () => {
    expect(words('user.login', { actorName: 'Sam Lee', after: { method: 'password' } })).toBe('Sam Lee signed in');
    expect(words('user.login', { actorName: 'Sam Lee', after: { method: 'totp' } })).toBe('Sam Lee signed in with a code from their authenticator app');
    expect(words('user.login', { actorName: 'Sam Lee', after: { method: 'recovery_code' } })).toBe('Sam Lee signed in with a recovery code');
    expect(words('user.login_failed', { actorId: null, actorName: null })).toBe('Failed sign-in as Sam Lee');
    expect(words('user.logout', { actorName: 'Sam Lee' })).toBe('Sam Lee signed out');
    expect(words('user.2fa_failed', { actorId: null, actorName: null, after: { reason: 'wrong' } })).toBe('A wrong sign-in code for Sam Lee');
    expect(words('user.2fa_failed', { actorId: null, actorName: null, after: { reason: 'reused' } })).toBe('A sign-in code used once already, for Sam Lee');
    expect(words('user.recovery_code_used', { actorName: 'Sam Lee', after: { left: 1 } })).toBe('Sam Lee used a recovery code (1 code left)');
    expect(words('user.recovery_codes_regenerated', { actorName: 'Sam Lee' })).toBe('Sam Lee made new recovery codes');
    expect(words('user.2fa_enabled', { actorName: 'Sam Lee', after: { sessionsEnded: 1 } })).toBe(
      'Sam Lee turned on two-factor sign-in and ended 1 other session',
    );
    expect(words('user.2fa_enabled', { actorName: 'Sam Lee', after: { sessionsEnded: 0 } })).toBe('Sam Lee turned on two-factor sign-in');
    expect(words('user.2fa_disabled', { actorName: 'Sam Lee', after: { by: 'self' } })).toBe('Sam Lee turned off two-factor sign-in');
    expect(words('user.2fa_disabled', { after: { by: 'admin' } })).toBe('Jane Doe turned off two-factor sign-in for Sam Lee');
    expect(words('user.2fa_disabled', { actorId: null, actorName: null, after: { by: 'cli' } })).toBe('The system turned off two-factor sign-in for Sam Lee');
  });

  it('tells every moderation action on a comment', () => {
    expect(COMMENT_ACTIONS.map((action) => words(action, action === 'comment.reply' ? { after: { parentId: 41, body: 'Thanks.' } } : {}))).toEqual([
      'Jane Doe approved the comment by First Timer',
      'Jane Doe unapproved the comment by First Timer (back to pending)',
      'Jane Doe marked the comment by First Timer as spam',
      'Jane Doe marked the comment by First Timer as not spam and approved it',
      'Jane Doe moved the comment by First Timer to the trash',
      'Jane Doe restored the comment by First Timer to pending',
      'Jane Doe edited the comment by First Timer',
      'Jane Doe replied as staff to comment 41',
    ]);
    // A comment purged since is named by its id.
    expect(text(describeAuditEntry(entry('comment.spam'), undefined, '/newsroom/comments/42'))).toBe('Jane Doe marked comment 42 as spam');
  });

  it('falls back to the recorded action for one it has no words for, whatever its name', () => {
    expect(words('comment.pinned')).toBe('Jane Doe took the action “comment.pinned” on the comment by First Timer');
    expect(words('constructor', { subjectType: 'user' })).toBe('Jane Doe took the action “constructor” on Sam Lee');
    expect(words('user.merged', { actorId: 3, actorName: null })).toBe('A deleted account took the action “user.merged” on Sam Lee');
  });
});

describe('AuditEntryList', () => {
  it('renders the sentence, time and details as text, never as HTML', () => {
    const hostile = entry('user.renamed', { actorName: '<img src=x onerror=alert(1)>', before: { displayName: '<script>alert(1)</script>' }, ip: '192.0.2.1' });
    const html = renderToString(
      <AuditEntryList
        label="History"
        rows={[
          { entry: hostile, sentence: describeAuditEntry(hostile, 'Sam & <b>Lee</b>', '/newsroom/users/42'), when: '2 Mar 2026, 10:00:00', historyHref: null },
        ]}
      />,
    );
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain(
      '<p class="nr-audit-what"><strong>&lt;img src=x onerror=alert(1)></strong> renamed <a href="/newsroom/users/42">Sam &amp; &lt;b>Lee&lt;/b></a> (was “&lt;script>alert(1)&lt;/script>”)</p>',
    );
    expect(html).toContain('<time datetime="2026-03-02T09:00:00.000Z">2 Mar 2026, 10:00:00</time>');
    expect(html).toContain('<dt>Action</dt><dd><code>user.renamed</code></dd>');
    expect(html).toContain('<dt>Address</dt><dd>192.0.2.1</dd>');
  });
});
