import type { CommentPolicy } from '../vocabulary.js';

/** The fields of the comment form, as a reader sent them. */
export interface CommentSubmission {
  articleId: number;
  parentId: number | null;
  body: string;
  name: string;
  email: string;
  url: string;
  /** A field people never see; bots fill it. */
  honeypot: string;
  /** The signed token the form was rendered with. */
  formToken: string;
  ip: string;
  userAgent: string;
  /** The reader ticked "Notify me of replies". */
  notifyReplies?: boolean;
}

export type CommentField = 'body' | 'name' | 'email' | 'url';

/** What the service looked up before the run, so that every phase is a pure function of (draft, facts). */
export interface CommentFacts {
  now: Date;
  article: { id: number; commentsOpen: boolean; publishedAt: string | null; sectionPolicy: CommentPolicy } | null;
  /** The reply's parent exists on the same article and is visible. */
  parentOk: boolean;
  settings: {
    closeAfterDays: number;
    maxLinks: number;
    requirePriorApproval: boolean;
    disallowedList: string;
    moderationList: string;
  };
  lastCommentFromIpAt: string | null;
  lastCommentFromEmailAt: string | null;
  /** This author's earlier comments on the article (normalised text). */
  previousBodies: string[];
  /** The author (by email) has an approved comment somewhere on the site. */
  hasApprovedComment: boolean;
  /** When the form token was issued, or null when it is missing, forged or for another article. */
  formIssuedAt: Date | null;
  /** The learned filter: probability that a text is spam, and the score above which it counts as spam. */
  spamScore(text: string): number;
  spamThreshold: number;
}

/** The comment as the phases shape it. */
export interface CommentDraft {
  body: string;
  bodyHtml: string;
  name: string;
  email: string;
  url: string;
}

export interface Reason {
  phase: string;
  reason: string;
}

export type Decision =
  | { kind: 'invalid'; errors: Partial<Record<CommentField, string>> }
  | { kind: 'reject'; message: string }
  | { kind: 'status'; status: 'spam' | 'pending' | 'approved'; reason: string };

export interface PhaseOutcome {
  decision?: Decision;
  draft?: CommentDraft;
  spamScore?: number;
}

export interface Phase {
  name: string;
  run(draft: CommentDraft, submission: CommentSubmission, facts: CommentFacts): PhaseOutcome;
}
