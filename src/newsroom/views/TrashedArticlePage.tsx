import type { EditableArticle } from '../../news/editorial/editorial.service.js';
import { when } from './article-format.js';
import { ArticleTrashActions } from './ArticleTrashActions.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

/** What the edit address shows for an article in the trash: it cannot be edited until it is restored. */
export function TrashedArticlePage(props: { chrome: NewsroomChrome; article: EditableArticle; mayManage: boolean }) {
  const { article } = props;
  return (
    <NewsroomLayout chrome={props.chrome} title={`In the trash: ${article.draft.title}`}>
      <h1>“{article.draft.title}” is in the trash</h1>
      <p>It was moved to the trash on {when(article.trashedAt)}. It is not on the site; restore it to edit it again.</p>
      {props.mayManage ? (
        <ArticleTrashActions id={article.id} title={article.draft.title} csrfToken={props.chrome.csrfToken} />
      ) : (
        <p>Ask an editor if it should come back.</p>
      )}
      <ul class="nr-links">
        <li>
          <a href={`/newsroom/articles/${article.id}/revisions`}>Revisions</a>
        </li>
        <li>
          <a href="/newsroom/articles?status=trash">The trash</a>
        </li>
      </ul>
    </NewsroomLayout>
  );
}
