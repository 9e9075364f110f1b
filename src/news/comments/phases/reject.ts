import { normalizeCommentText, normalizeLine } from '../comment-text.js';
import type { CommentFacts, CommentField, Phase } from '../pipeline.types.js';

/** Stage 1: hard rejects. Nothing is stored; the reader gets a message and keeps what they typed. */

export const LIMITS = { body: 5000, name: 100, email: 254, url: 200 } as const;
export const FLOOD_SECONDS = 15;

// Deliberately simple: one @, something on both sides, a dot in the domain. Real validation is the mail arriving.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The messages the original site used, word for word, plus clear ones for the limits. */
export const MESSAGES = {
  bodyMissing: 'Please enter your comment!',
  nameMissing: 'Please enter your name here',
  emailInvalid: 'You have entered an incorrect email address!',
  bodyTooLong: (length: number) =>
    `Your comment is too long: please keep it to ${LIMITS.body.toLocaleString('en')} characters (it has ${length.toLocaleString('en')}).`,
  nameTooLong: `Your name is too long: please use at most ${LIMITS.name} characters.`,
  urlInvalid: 'Please enter a website address that starts with http:// or https://, or leave it empty.',
  urlTooLong: `The website address is too long: please use at most ${LIMITS.url} characters.`,
  articleMissing: 'This article does not exist or is not published, so it cannot take comments.',
  closed: 'Comments are closed on this article.',
  closedByAge: (days: number) => `Comments on this article closed ${days} days after it was published.`,
  parentMissing: 'The comment you are replying to is no longer available.',
  flood: 'You are posting comments too quickly. Please wait a few seconds and try again.',
  duplicate: 'Duplicate comment detected; it looks as though you’ve already said that!',
} as const;

export function validateFields(input: { body: string; name: string; email: string; url: string }): Partial<Record<CommentField, string>> {
  const errors: Partial<Record<CommentField, string>> = {};
  const body = normalizeCommentText(input.body);
  const name = normalizeLine(input.name);
  const email = normalizeLine(input.email);
  const url = normalizeLine(input.url);
  if (!body) errors.body = MESSAGES.bodyMissing;
  else if (body.length > LIMITS.body) errors.body = MESSAGES.bodyTooLong(body.length);
  if (!name) errors.name = MESSAGES.nameMissing;
  else if (name.length > LIMITS.name) errors.name = MESSAGES.nameTooLong;
  if (!email || email.length > LIMITS.email || !EMAIL.test(email)) errors.email = MESSAGES.emailInvalid;
  if (url) {
    if (url.length > LIMITS.url) errors.url = MESSAGES.urlTooLong;
    else if (!isHttpUrl(url)) errors.url = MESSAGES.urlInvalid;
  }
  return errors;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

export const validation: Phase = {
  name: 'validation',
  run(draft) {
    const errors = validateFields(draft);
    return Object.keys(errors).length ? { decision: { kind: 'invalid', errors } } : {};
  },
};

/** Why an article takes no comments now, or null when it does. Also used to decide whether to show the form. */
export function closedMessage(article: CommentFacts['article'], closeAfterDays: number, now: Date): string | null {
  if (!article || !article.publishedAt) return MESSAGES.articleMissing;
  if (!article.commentsOpen || article.sectionPolicy === 'closed') return MESSAGES.closed;
  if (closeAfterDays > 0 && now.getTime() - new Date(article.publishedAt).getTime() > closeAfterDays * 86_400_000) {
    return MESSAGES.closedByAge(closeAfterDays);
  }
  return null;
}

export const articleOpen: Phase = {
  name: 'article-open',
  run(_draft, _submission, facts) {
    const message = closedMessage(facts.article, facts.settings.closeAfterDays, facts.now);
    if (message) return { decision: { kind: 'reject', message } };
    if (!facts.parentOk) return { decision: { kind: 'reject', message: MESSAGES.parentMissing } };
    return {};
  },
};

export const flood: Phase = {
  name: 'flood',
  run(_draft, _submission, facts) {
    const recent = [facts.lastCommentFromIpAt, facts.lastCommentFromEmailAt].some(
      (at) => at !== null && facts.now.getTime() - new Date(at).getTime() < FLOOD_SECONDS * 1000,
    );
    return recent ? { decision: { kind: 'reject', message: MESSAGES.flood } } : {};
  },
};

export const duplicate: Phase = {
  name: 'duplicate',
  run(draft, _submission, facts) {
    const body = normalizeCommentText(draft.body);
    return facts.previousBodies.includes(body) ? { decision: { kind: 'reject', message: MESSAGES.duplicate } } : {};
  },
};
