import { honeypot, formTiming, disallowedList, learnedFilter } from './phases/spam.js';
import { firstComment, moderationList, premoderatedSection, tooManyLinks } from './phases/hold.js';
import { articleOpen, duplicate, flood, validation } from './phases/reject.js';
import { linkUrls, normalize } from './phases/transform.js';
import type { CommentDraft, CommentFacts, CommentSubmission, Decision, Phase, Reason } from './pipeline.types.js';

/**
 * What happens to a new comment, in order. The first phase that decides ends the run, so order is policy:
 * cheap, certain rejections first; text shaped before anything reads it; spam before holds, so that a spammer's
 * comment is never parked in the queue people read; approval only when nothing objected.
 */
export const COMMENT_PHASES: readonly Phase[] = [
  // 1. Hard rejects: nothing is stored.
  validation,
  articleOpen,
  flood,
  duplicate,
  // 2. Transforms.
  normalize,
  linkUrls,
  // 3. Spam.
  honeypot,
  formTiming,
  disallowedList,
  learnedFilter,
  // 4. Hold for moderation.
  moderationList,
  tooManyLinks,
  premoderatedSection,
  firstComment,
];

export type PipelineResult =
  | { outcome: 'invalid'; errors: Extract<Decision, { kind: 'invalid' }>['errors'] }
  | { outcome: 'rejected'; message: string }
  | { outcome: 'stored'; status: 'approved' | 'pending' | 'spam'; draft: CommentDraft; reasons: Reason[]; spamScore: number | null };

export function runCommentPipeline(submission: CommentSubmission, facts: CommentFacts, phases = COMMENT_PHASES): PipelineResult {
  let draft: CommentDraft = { body: submission.body, bodyHtml: '', name: submission.name, email: submission.email, url: submission.url };
  let spamScore: number | null = null;
  for (const phase of phases) {
    const outcome = phase.run(draft, submission, facts);
    if (outcome.draft) draft = outcome.draft;
    if (outcome.spamScore !== undefined) spamScore = outcome.spamScore;
    const decision = outcome.decision;
    if (!decision) continue;
    if (decision.kind === 'invalid') return { outcome: 'invalid', errors: decision.errors };
    if (decision.kind === 'reject') return { outcome: 'rejected', message: decision.message };
    return { outcome: 'stored', status: decision.status, draft, reasons: [{ phase: phase.name, reason: decision.reason }], spamScore };
  }
  return { outcome: 'stored', status: 'approved', draft, reasons: [{ phase: 'approve', reason: 'passed every check' }], spamScore };
}
