import type { CommentField } from '../../../news/comments/pipeline.types.js';

/** Everything the comment form shows: what the reader typed (kept on every error) and what went wrong. */
export interface CommentFormState {
  articleId: number;
  parentId: number | null;
  /** Name of the commenter being replied to, when replying. */
  replyToName: string | null;
  values: { body: string; name: string; email: string; url: string; save: boolean; notify: boolean };
  errors: Partial<Record<CommentField, string>>;
  /** A problem with the whole comment (flood, duplicate, closed), shown above the form. */
  message: string | null;
  formToken: string;
  csrfToken: string;
}
