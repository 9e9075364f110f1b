import type { FastifyRequest } from 'fastify';
import type { ArticleDraft, EditableArticle, FormIntent } from '../../news/editorial/editorial.service.js';
import { can } from '../../news/staff/policy.js';

/** Who may do what to one article, from the policy and its status: the article screens' one set of answers. */
export type Staff = NonNullable<FastifyRequest['staff']>;
type Owned = Pick<EditableArticle, 'authorPersonIds' | 'createdByUserId'>;

export const articleResource = (article: Owned) => ({
  articleAuthorPersonIds: article.authorPersonIds,
  createdByUserId: article.createdByUserId,
});

/** May edit this article now: their own (or anyone's, for editors), and for those who may not publish it, only a draft. */
export const mayEdit = (staff: Staff, article: EditableArticle) =>
  article.trashedAt === null &&
  can(staff, 'articles.write', articleResource(article)) &&
  (article.status === 'draft' || can(staff, 'articles.publish', articleResource(article)));

export const mayPublish = (staff: Staff, article: Owned) => can(staff, 'articles.publish', articleResource(article));

/** Trash, restore, delete for good: editors any article, writers their own drafts. */
export const mayTrash = (staff: Staff, article: Owned & Pick<EditableArticle, 'status'>) =>
  can(staff, 'articles.delete', articleResource(article)) && (article.status === 'draft' || can(staff, 'articles.edit_any'));

/** What each of the edit form's buttons may do to this article for this user. */
export function allowedIntents(staff: Staff, article: EditableArticle): Record<FormIntent, boolean> {
  const edit = mayEdit(staff, article);
  const publish = edit && mayPublish(staff, article);
  const { status } = article;
  return {
    save: edit,
    submit: edit && status === 'draft' && can(staff, 'articles.submit', articleResource(article)),
    publish,
    schedule: publish && status !== 'published',
    unpublish: publish && (status === 'published' || status === 'scheduled'),
    'send-back': publish && status === 'pending',
    trash: edit && mayTrash(staff, article),
  };
}

/** A non-editor's article always carries their own byline, so that it stays theirs to edit. */
export function ownByline(staff: Staff, draft: ArticleDraft): ArticleDraft {
  if (can(staff, 'articles.edit_any') || staff.personId === null || draft.authorIds.includes(staff.personId)) return draft;
  return { ...draft, authorIds: [staff.personId, ...draft.authorIds] };
}
