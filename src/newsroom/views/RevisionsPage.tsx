import type { ArticleDraft, RevisionSummary } from '../../news/editorial/editorial.service.js';
import { when } from './article-format.js';
import type { NewsroomChrome } from './chrome.js';
import { ColumnHeads } from './ColumnHeads.js';
import { type DiffNames, DraftDiff } from './DraftDiff.js';
import { NewsroomLayout } from './NewsroomLayout.js';

export function RevisionsPage(props: {
  chrome: NewsroomChrome;
  articleId: number;
  title: string;
  revisions: RevisionSummary[];
  compare: { from: RevisionSummary & { snapshot: ArticleDraft }; to: RevisionSummary & { snapshot: ArticleDraft }; names: DiffNames } | null;
  version: number;
  mayRestore: boolean;
}) {
  const label = (r: RevisionSummary) => `version ${r.version} (${r.kind}, ${when(r.createdAt)})`;
  return (
    <NewsroomLayout chrome={props.chrome} title={`Revisions: ${props.title}`}>
      <h1>Revisions of “{props.title}”</h1>
      <p>
        <a href={`/newsroom/articles/${props.articleId}/edit`}>Back to the article</a>
      </p>
      {props.compare ? (
        <section aria-labelledby="compare-title">
          <h2 id="compare-title">
            Changes from {label(props.compare.from)} to {label(props.compare.to)}
          </h2>
          <DraftDiff
            before={props.compare.from.snapshot}
            after={props.compare.to.snapshot}
            beforeLabel={`Version ${props.compare.from.version}`}
            afterLabel={`Version ${props.compare.to.version}`}
            names={props.compare.names}
          />
        </section>
      ) : null}
      <form method="get" action={`/newsroom/articles/${props.articleId}/revisions`}>
        <table class="nr-table">
          <caption>Choose two revisions to compare</caption>
          <ColumnHeads names={['From', 'To', 'Version', 'Kind', 'By', 'When']} />
          <tbody>
            {props.revisions.map((r, i) => (
              <tr key={r.id}>
                <td>
                  <input
                    type="radio"
                    name="from"
                    value={String(r.id)}
                    aria-label={`Compare from version ${r.version}`}
                    checked={props.compare ? props.compare.from.id === r.id : i === 1}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="to"
                    value={String(r.id)}
                    aria-label={`Compare to version ${r.version}`}
                    checked={props.compare ? props.compare.to.id === r.id : i === 0}
                  />
                </td>
                <td>{r.version}</td>
                <td>{r.kind}</td>
                <td>{r.userName ?? 'Someone'}</td>
                <td>{when(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">Compare</button>
      </form>
      {props.mayRestore && props.revisions.length ? (
        <form method="post" action={`/newsroom/articles/${props.articleId}/restore`} class="nr-form">
          <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
          <input type="hidden" name="version" value={String(props.version)} />
          <label for="restore-revision">Restore</label>
          <select id="restore-revision" name="revision">
            {props.revisions.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {label(r)}
              </option>
            ))}
          </select>
          <button type="submit">Restore this version</button>
        </form>
      ) : null}
    </NewsroomLayout>
  );
}
