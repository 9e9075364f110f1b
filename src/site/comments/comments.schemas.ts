import { Type } from 'typebox';
import { REPORT_REASONS } from '../../news/vocabulary.js';

const Id = Type.String({ pattern: '^\\d{1,10}$' });
// Every reader field is optional here so that a missing one gets the pipeline's own message, not a schema error.
const Text = Type.Optional(Type.String());

export const CommentPostBody = Type.Object({
  article_id: Id,
  parent_id: Type.Optional(Type.String({ pattern: '^\\d{0,10}$' })),
  comment: Text,
  author: Text,
  email: Text,
  url: Text,
  contact_me: Text,
  form_token: Text,
  save_details: Text,
  notify: Text,
  _csrf: Text,
});

export const CommentIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const CommentEditBody = Type.Object({ comment: Text, _csrf: Text });

export const ReportBody = Type.Object({
  reason: Type.Union(REPORT_REASONS.map((r) => Type.Literal(r))),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Text,
});

export const UnsubscribeQuery = Type.Object({ t: Type.String({ maxLength: 500 }) });
