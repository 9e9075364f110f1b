import type { Phase } from '../pipeline.types.js';
import { matchList } from './word-lists.js';

/** Stage 3: spam. A comment that fails any of these is stored as spam, out of sight, for a moderator to check. */

export const MIN_SECONDS_TO_POST = 3;

export const honeypot: Phase = {
  name: 'honeypot',
  run(_draft, submission) {
    return submission.honeypot.trim() ? { decision: { kind: 'status', status: 'spam', reason: 'filled in the hidden field that only bots see' } } : {};
  },
};

export const formTiming: Phase = {
  name: 'form-timing',
  run(_draft, _submission, facts) {
    if (!facts.formIssuedAt) {
      return { decision: { kind: 'status', status: 'spam', reason: 'the form token was missing, forged or for another article' } };
    }
    const seconds = (facts.now.getTime() - facts.formIssuedAt.getTime()) / 1000;
    if (seconds < MIN_SECONDS_TO_POST) {
      return {
        decision: { kind: 'status', status: 'spam', reason: `sent ${seconds.toFixed(1)} s after the form was shown (minimum ${MIN_SECONDS_TO_POST} s)` },
      };
    }
    return {};
  },
};

export const disallowedList: Phase = {
  name: 'disallowed-list',
  run(draft, submission, facts) {
    const entry = matchList(facts.settings.disallowedList, draft, submission.ip);
    return entry ? { decision: { kind: 'status', status: 'spam', reason: `matched the disallowed list entry “${entry}”` } } : {};
  },
};

/**
 * The learned filter. A reader who already has an approved comment is never sent to spam by a score alone: the
 * filter learned from another kind of site, where nearly every link was spam, and a regular citing a source must
 * not vanish. Their comment is held for a person to look at instead.
 */
export const learnedFilter: Phase = {
  name: 'learned-filter',
  run(draft, _submission, facts) {
    const score = facts.spamScore(draft.body);
    if (score < facts.spamThreshold) return { spamScore: score };
    const scored = `spam filter score ${score.toFixed(2)} (threshold ${facts.spamThreshold.toFixed(2)})`;
    return facts.hasApprovedComment
      ? { spamScore: score, decision: { kind: 'status', status: 'pending', reason: `${scored}; held, not spam, as the author has approved comments` } }
      : { spamScore: score, decision: { kind: 'status', status: 'spam', reason: scored } };
  },
};
