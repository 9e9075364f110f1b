import type { EditableArticle } from '../../news/editorial/editorial.service.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

/** The confirmation before deleting an article for good. */
export function DeleteArticlePage(props: { chrome: NewsroomChrome; article: EditableArticle; commentCount: number }) {
  const { article } = props;
  const comments = props.commentCount === 1 ? '1 reader comment' : `${props.commentCount} reader comments`;
  return (
    <NewsroomLayout chrome={props.chrome} title={`Delete: ${article.draft.title}`}>
      <h1>Delete “{article.draft.title}” for good?</h1>
      <p>
        This deletes the article with its revisions, notes, corrections and {comments}. It cannot be undone. The audit log keeps a record that it was deleted.
      </p>
      <form method="post" action={`/newsroom/articles/${article.id}/delete`} class="nr-form">
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        <p class="nr-actions">
          <button type="submit" class="nr-button-danger">
            Delete permanently
          </button>{' '}
          <a href="/newsroom/articles?status=trash">Keep it in the trash</a>
        </p>
      </form>
    </NewsroomLayout>
  );
}
