import { Type } from 'typebox';
import { COMMENT_STATUSES } from '../../news/vocabulary.js';
import { MODERATION_ACTIONS } from '../../news/comments/moderation.service.js';
import { CURSOR_PATTERN } from '../../news/shared/pagination.js';

export const QueueQuery = Type.Object({
  status: Type.Optional(Type.Union(COMMENT_STATUSES.map((s) => Type.Literal(s)))),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  article: Type.Optional(Type.Integer({ minimum: 1 })),
  /** The old numbered pages: redirected to the cursor where that page starts. */
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  /** Keyset: the page after this comment (its time and id). */
  after: Type.Optional(Type.String({ pattern: CURSOR_PATTERN, maxLength: 60 })),
});

const IdString = Type.String({ pattern: '^\\d{1,10}$' });

export const BulkBody = Type.Object({
  /** Checked comments (one value or many). */
  ids: Type.Optional(Type.Union([IdString, Type.Array(IdString, { maxItems: 500 })])),
  /** The bulk action chosen for the checked comments. */
  action: Type.Optional(Type.Union(MODERATION_ACTIONS.map((a) => Type.Literal(a)))),
  /** A single comment's own button: "approve:123". Wins over the bulk action. */
  one: Type.Optional(Type.String({ pattern: `^(${MODERATION_ACTIONS.join('|')}):\\d{1,10}$` })),
  /** Where to come back to (the queue as it was). */
  back: Type.Optional(Type.String({ maxLength: 500 })),
  _csrf: Type.Optional(Type.String()),
});

export const CommentIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const TextBody = Type.Object({ body: Type.Optional(Type.String()), _csrf: Type.Optional(Type.String()) });
