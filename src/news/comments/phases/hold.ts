import { findUrls } from '../comment-text.js';
import type { Phase } from '../pipeline.types.js';
import { matchList } from './word-lists.js';

/** Stage 4: hold. These comments wait, visible only to their authors, until a moderator approves them. */

export const moderationList: Phase = {
  name: 'moderation-list',
  run(draft, submission, facts) {
    const entry = matchList(facts.settings.moderationList, draft, submission.ip);
    return entry ? { decision: { kind: 'status', status: 'pending', reason: `matched the moderation list entry “${entry}”` } } : {};
  },
};

export const tooManyLinks: Phase = {
  name: 'too-many-links',
  run(draft, _submission, facts) {
    const links = findUrls(draft.body).length;
    const max = facts.settings.maxLinks;
    return links > max ? { decision: { kind: 'status', status: 'pending', reason: `${links} links (more than ${max})` } } : {};
  },
};

export const premoderatedSection: Phase = {
  name: 'premoderated-section',
  run(_draft, _submission, facts) {
    return facts.article?.sectionPolicy === 'premoderated' ? { decision: { kind: 'status', status: 'pending', reason: 'the section is premoderated' } } : {};
  },
};

export const firstComment: Phase = {
  name: 'first-comment',
  run(_draft, _submission, facts) {
    return facts.settings.requirePriorApproval && !facts.hasApprovedComment
      ? { decision: { kind: 'status', status: 'pending', reason: 'first comment from this email address' } }
      : {};
  },
};
