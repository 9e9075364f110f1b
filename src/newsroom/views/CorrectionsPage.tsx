import type { Correction } from '../../news/corrections/correction.service.js';
import { utc } from './webhook-format.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

/** An article's corrections (oldest first) and the form that appends one. */
export function CorrectionsPage(props: {
  chrome: NewsroomChrome;
  article: { id: number; title: string; status: string; path: string | null };
  corrections: Correction[];
  csrfToken: string;
  body: string;
  error: string | null;
  notice: string | null;
  maxLength: number;
}) {
  const { article } = props;
  const errorId = props.error ? 'correction-body-error' : undefined;
  return (
    <NewsroomLayout chrome={props.chrome} title={`Corrections: ${article.title}`}>
      <h1>Corrections</h1>
      <p>
        To <strong>{article.title}</strong>
        {article.path ? (
          <>
            {' '}
            (<a href={article.path}>view the article</a>)
          </>
        ) : (
          ' (not published: readers will see corrections once it is)'
        )}
      </p>
      {props.notice ? (
        <p class="nr-notice nr-notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.corrections.length ? (
        <ol class="nr-corrections">
          {props.corrections.map((correction) => (
            <li>
              <p>
                <time datetime={correction.createdAt}>{utc(correction.createdAt)} UTC</time>
                {correction.authorName ? ` by ${correction.authorName}` : ''}
              </p>
              {correction.body.split('\n\n').map((paragraph) => (
                <p>{paragraph}</p>
              ))}
            </li>
          ))}
        </ol>
      ) : (
        <p>No corrections yet.</p>
      )}
      <h2>Add a correction</h2>
      <form method="post" action={`/newsroom/articles/${article.id}/corrections`} class="nr-form">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="nr-field">
          <label for="correction-body">Correction</label>
          <textarea
            id="correction-body"
            name="body"
            rows={5}
            required
            maxLength={props.maxLength}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={['correction-body-hint', errorId].filter(Boolean).join(' ')}
          >
            {props.body}
          </textarea>
          <p class="nr-hint" id="correction-body-hint">
            Plain text. It is dated today, shown at the foot of the article and on the public corrections page, and cannot be changed later.
          </p>
          {props.error ? (
            <p class="nr-field-error" id={errorId}>
              {props.error}
            </p>
          ) : null}
        </div>
        <button type="submit">Add correction</button>
      </form>
    </NewsroomLayout>
  );
}
