import type { ArticleStatus } from '../../news/vocabulary.js';
import type { ArticleCounts, ArticleDraft, ArticleListItem, ArticleNote, EditableArticle, LoadedTag, RevisionSummary } from '../../news/editorial/editorial.service.js';
import type { NewsroomChrome } from '../views/chrome.js';
import { FieldShell } from '../views/FormField.js';
import { NewsroomLayout } from '../views/NewsroomLayout.js';
import { type DiffNames, DraftDiff } from './draft-diff.js';
import { ColumnHeads } from '../views/ColumnHeads.js';
import { presenceText } from './presence-text.js';

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Drafts',
  pending: 'Waiting for review',
  scheduled: 'Scheduled',
  published: 'Published',
};
const STATUS_ONE: Record<ArticleStatus, string> = { draft: 'Draft', pending: 'Waiting for review', scheduled: 'Scheduled', published: 'Published' };

function when(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '';
}

/** The list's views: all live articles, one status, or the trash. */
type ListView = ArticleStatus | 'trash' | null;

export function ArticleListPage(props: {
  chrome: NewsroomChrome;
  /** `mayManage`: this user may restore it or delete it for good (in the trash). */
  items: (ArticleListItem & { mayManage: boolean })[];
  counts: ArticleCounts;
  status: ListView;
  mine: boolean;
  q: string;
  notice: string | null;
}) {
  const link = (status: ListView, mine = props.mine) => {
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (mine) params.set('mine', '1');
    if (props.q) params.set('q', props.q);
    const query = params.toString();
    return `/newsroom/articles${query ? `?${query}` : ''}`;
  };
  const total = (Object.keys(STATUS_LABELS) as ArticleStatus[]).reduce((sum, status) => sum + props.counts[status], 0);
  return (
    <NewsroomLayout chrome={props.chrome} title="Articles">
      <h1>Articles</h1>
      {props.notice ? (
        <p class="nr-notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p>
        <a class="nr-button" href="/newsroom/articles/new">
          New article
        </a>
      </p>
      <nav class="nr-tabs" aria-label="Article status">
        <ul>
          <li>
            <a href={link(null)} aria-current={props.status === null ? 'page' : undefined}>
              All <span class="nr-count">{total}</span>
            </a>
          </li>
          {(Object.keys(STATUS_LABELS) as ArticleStatus[]).map((status) => (
            <li key={status}>
              <a href={link(status)} aria-current={props.status === status ? 'page' : undefined}>
                {STATUS_LABELS[status]} <span class="nr-count">{props.counts[status]}</span>
              </a>
            </li>
          ))}
          <li>
            <a href={link('trash')} aria-current={props.status === 'trash' ? 'page' : undefined}>
              Trash <span class="nr-count">{props.counts.trash}</span>
            </a>
          </li>
        </ul>
      </nav>
      <form class="nr-filter" method="get" action="/newsroom/articles">
        {props.status ? <input type="hidden" name="status" value={props.status} /> : null}
        <label for="article-q">Headline contains</label>
        <input id="article-q" name="q" type="search" value={props.q} />
        <label class="nr-check">
          <input type="checkbox" name="mine" value="1" checked={props.mine} /> Only mine
        </label>
        <button type="submit">Filter</button>
      </form>
      {props.status === 'trash' ? (
        <TrashTable items={props.items} csrfToken={props.chrome.csrfToken} />
      ) : props.items.length ? (
        <table class="nr-table">
          <ColumnHeads names={['Headline', 'Byline', 'Status', 'Last saved']} />
          <tbody>
            {props.items.map((item) => (
              <tr key={item.id}>
                <td>
                  <a href={`/newsroom/articles/${item.id}/edit`}>{item.title}</a>
                </td>
                <td>{item.authors.join(', ')}</td>
                <td>
                  {STATUS_ONE[item.status]}
                  {item.status === 'scheduled' && item.publishedAt ? ` for ${when(item.publishedAt)}` : ''}
                </td>
                <td>{when(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No articles here.</p>
      )}
    </NewsroomLayout>
  );
}

function TrashTable(props: { items: (ArticleListItem & { mayManage: boolean })[]; csrfToken: string }) {
  if (!props.items.length) return <p>The trash is empty.</p>;
  return (
    <>
      <p>Articles in the trash are not on the site. Restore one to edit it again, or delete it for good with its comments and revisions.</p>
      <table class="nr-table">
        <ColumnHeads names={['Headline', 'Byline', 'Trashed', 'Comments', 'Actions']} />
        <tbody>
          {props.items.map((item) => (
            <tr key={item.id}>
              <td>{item.title}</td>
              <td>{item.authors.join(', ')}</td>
              <td>
                {when(item.trashedAt)}
                {item.trashedBy ? ` by ${item.trashedBy}` : ''}
              </td>
              <td>{item.commentCount}</td>
              <td>{item.mayManage ? <TrashActions id={item.id} title={item.title} csrfToken={props.csrfToken} /> : 'Ask an editor'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function TrashActions(props: { id: number; title: string; csrfToken: string }) {
  return (
    <div class="nr-row-actions">
      <form method="post" action={`/newsroom/articles/${props.id}/restore-from-trash`}>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <button type="submit" aria-label={`Restore “${props.title}”`}>
          Restore
        </button>
      </form>
      <a href={`/newsroom/articles/${props.id}/delete`} aria-label={`Delete “${props.title}” permanently`}>
        Delete permanently…
      </a>
    </div>
  );
}

/** What the edit address shows for an article in the trash: it cannot be edited until it is restored. */
export function TrashedArticlePage(props: { chrome: NewsroomChrome; article: EditableArticle; mayManage: boolean }) {
  const { article } = props;
  return (
    <NewsroomLayout chrome={props.chrome} title={`In the trash: ${article.draft.title}`}>
      <h1>“{article.draft.title}” is in the trash</h1>
      <p>It was moved to the trash on {when(article.trashedAt)}. It is not on the site; restore it to edit it again.</p>
      {props.mayManage ? (
        <TrashActions id={article.id} title={article.draft.title} csrfToken={props.chrome.csrfToken} />
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

/** The confirmation before deleting an article for good. */
export function DeleteArticlePage(props: { chrome: NewsroomChrome; article: EditableArticle; commentCount: number }) {
  const { article } = props;
  const comments = props.commentCount === 1 ? '1 reader comment' : `${props.commentCount} reader comments`;
  return (
    <NewsroomLayout chrome={props.chrome} title={`Delete: ${article.draft.title}`}>
      <h1>Delete “{article.draft.title}” for good?</h1>
      <p>
        This deletes the article with its revisions, notes, corrections and {comments}. It cannot be undone. The audit log
        keeps a record that it was deleted.
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

export interface ArticleFormView {
  articleId: number | null;
  status: ArticleStatus | null;
  version: number;
  draft: ArticleDraft;
  /** The tags the form's names stood for when it was loaded, sent back with it: a tag renamed or merged meanwhile keeps its place. */
  loadedTags: LoadedTag[];
  errors: Record<string, string>;
  /** A message above the form (what went wrong, or what was done). */
  notice: { kind: 'error' | 'ok'; text: string } | null;
  /** On a stale save: the version someone else saved, to compare with what was typed. */
  conflict: { theirs: ArticleDraft; names: DiffNames } | null;
  sections: { id: number; name: string; depth: number }[];
  people: { id: number; displayName: string }[];
  tagNames: string[];
  othersEditing: string[];
  notes: ArticleNote[];
  /** The buttons this user has on the article now (Save always). */
  actions: { submit: boolean; publish: boolean; schedule: boolean; unpublish: boolean; sendBack: boolean; trash: boolean };
  scheduledFor: string | null;
  /** What was typed in the schedule's time and the send-back note, kept when the form comes back. */
  scheduleAt: string;
  note: string;
  /** The site's time zone, in which the schedule's time is read. */
  timeZone: string;
}

const described = (id: string, error: string | undefined, hint = false) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function ArticleFormPage(props: {
  chrome: NewsroomChrome;
  view: ArticleFormView;
  /** The rich editor's bundle (empty when it is not built: the body is then a plain textarea). */
  editor: { moduleScripts: string[]; styles: string[] };
}) {
  const { view } = props;
  const { draft, errors } = view;
  const id = view.articleId;
  const action = id === null ? '/newsroom/articles' : `/newsroom/articles/${id}`;
  const bylineSlots = [...draft.authorIds, null, null];
  const text = (name: keyof ArticleDraft, label: string, options: { hint?: string; required?: boolean; max?: number } = {}) => (
    <FieldShell id={name} label={label} error={errors[name]} {...(options.hint ? { hint: options.hint } : {})}>
      <input
        id={name}
        name={name}
        type="text"
        value={String(draft[name] ?? '')}
        required={options.required}
        maxLength={options.max}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={described(name, errors[name], Boolean(options.hint))}
      />
    </FieldShell>
  );
  return (
    <NewsroomLayout chrome={props.chrome} title={id === null ? 'New article' : `Edit: ${draft.title}`} {...props.editor}>
      <h1>{id === null ? 'New article' : 'Edit article'}</h1>
      {view.status ? <p class="nr-status">Status: {STATUS_ONE[view.status]}{view.scheduledFor ? ` for ${when(view.scheduledFor)}` : ''}</p> : null}
      {id === null ? null : (
        // Kept up to date by the editor's presence script (src/newsroom/editor/presence.ts); hidden when nobody else is there.
        <p class="nr-notice nr-presence" role="status" data-presence-url={`/newsroom/articles/${id}/presence`} hidden={!view.othersEditing.length}>
          {presenceText(view.othersEditing)}
        </p>
      )}
      {view.notice ? (
        <p class={view.notice.kind === 'error' ? 'nr-notice nr-notice-error' : 'nr-notice'} role={view.notice.kind === 'error' ? 'alert' : 'status'}>
          {view.notice.text}
        </p>
      ) : null}
      {view.conflict ? (
        <section class="nr-conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">Their changes compared with yours</h2>
          <p>
            What you typed is still in the form below. Copy anything you need from their version, or save again to replace
            their version with yours.
          </p>
          <DraftDiff before={view.conflict.theirs} after={draft} beforeLabel="Their version" afterLabel="Yours" names={view.conflict.names} />
        </section>
      ) : null}
      {view.notes.length ? (
        <section class="nr-notes" aria-labelledby="notes-title">
          <h2 id="notes-title">Notes from editors</h2>
          <ul>
            {view.notes.map((note) => (
              <li key={note.id}>
                <p>{note.body}</p>
                <p class="nr-hint">
                  {note.userName ?? 'Someone'}, {when(note.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <form
        id="article-form"
        class="nr-form nr-form-wide"
        method="post"
        action={action}
        data-autosave-url={id === null ? undefined : `/newsroom/articles/${id}/autosave`}
        data-version={String(view.version)}
      >
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        <input type="hidden" name="version" value={String(view.version)} />
        {text('title', 'Headline', { required: true, max: 300 })}
        {text('slug', 'Slug', { hint: 'The last part of the address. Leave empty to make it from the headline.', max: 80 })}
        <FieldShell id="standfirst" label="Standfirst" error={errors.standfirst}>
          <textarea id="standfirst" name="standfirst" rows={3} aria-invalid={errors.standfirst ? 'true' : undefined} aria-describedby={described('standfirst', errors.standfirst)}>
            {draft.standfirst}
          </textarea>
        </FieldShell>
        <FieldShell id="body" label="Body" error={errors.body}>
          <textarea id="body" name="body" rows={20} data-rich-editor="" aria-invalid={errors.body ? 'true' : undefined} aria-describedby={described('body', errors.body)}>
            {draft.body}
          </textarea>
        </FieldShell>
        <FieldShell id="primarySectionId" label="Primary section" error={errors.primarySectionId}>
          <select id="primarySectionId" name="primarySectionId" aria-describedby={described('primarySectionId', errors.primarySectionId)}>
            <option value="">(none)</option>
            {view.sections.map((s) => (
              <option key={s.id} value={String(s.id)} selected={draft.primarySectionId === s.id}>
                {'\u2014 '.repeat(s.depth)}
                {s.name}
              </option>
            ))}
          </select>
        </FieldShell>
        {view.sections.length ? (
          <fieldset class="nr-field nr-checks">
            <legend>Other sections</legend>
            {view.sections.map((s) => (
              <div key={s.id} class="nr-check">
                <input type="checkbox" id={`section-${s.id}`} name="sectionIds" value={String(s.id)} checked={draft.sectionIds.includes(s.id)} />
                <label for={`section-${s.id}`}>{s.name}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <FieldShell id="tags" label="Tags" error={errors.tags} hint="Comma-separated. New tags are created.">
          <input id="tags" name="tags" type="text" list="tag-names" value={draft.tags.join(', ')} aria-describedby={described('tags', errors.tags, true)} />
          <input type="hidden" name="loadedTags" value={JSON.stringify(view.loadedTags)} />
          <datalist id="tag-names">
            {view.tagNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </FieldShell>
        <fieldset class="nr-field">
          <legend>Byline, in order</legend>
          {bylineSlots.map((personId, i) => (
            <div key={i} class="nr-field">
              <label for={`author-${i + 1}`}>{i === 0 ? 'First' : `Author ${i + 1}`}</label>
              <select id={`author-${i + 1}`} name="authorIds">
                <option value="">(none)</option>
                {view.people.map((p) => (
                  <option key={p.id} value={String(p.id)} selected={personId === p.id}>
                    {p.displayName}
                  </option>
                ))}
              </select>
            </div>
          ))}
          {errors.authorIds ? (
            <p class="nr-field-error" id="authorIds-error">
              {errors.authorIds}
            </p>
          ) : null}
        </fieldset>
        <fieldset class="nr-field">
          <legend>Featured image</legend>
          {text('imageUrl', 'Image URL')}
          {text('imageAlt', 'Alt text', { hint: 'What the image shows, for readers who cannot see it.' })}
          {text('imageCaption', 'Caption')}
          {text('imageCredit', 'Credit')}
          {text('imageWidth', 'Width in pixels')}
          {text('imageHeight', 'Height in pixels')}
        </fieldset>
        <fieldset class="nr-field">
          <legend>Search engines</legend>
          {text('seoTitle', 'SEO title', { hint: 'Leave empty to use the headline.' })}
          {text('seoDescription', 'SEO description', { hint: 'Leave empty to use the standfirst.' })}
        </fieldset>
        <div class="nr-check">
          <input type="checkbox" id="commentsOpen" name="commentsOpen" value="1" checked={draft.commentsOpen} />
          <label for="commentsOpen">Comments open</label>
        </div>
        {id === null ? (
          <p class="nr-actions">
            <button type="submit" name="intent" value="save">
              Save
            </button>
          </p>
        ) : (
          <FormActions view={view} />
        )}
      </form>
      {id !== null ? (
        <ul class="nr-links">
          <li>
            <a href={`/newsroom/articles/${id}/preview`}>Preview</a>
          </li>
          <li>
            <a href={`/newsroom/articles/${id}/revisions`}>Revisions</a>
          </li>
        </ul>
      ) : null}
    </NewsroomLayout>
  );
}

/**
 * The form's buttons. Every one saves what is in the form first (Save is first, so Enter in a field only saves),
 * then does what it names, in one step: nothing typed is lost by choosing an action.
 */
function FormActions(props: { view: ArticleFormView }) {
  const { view } = props;
  const { actions, errors } = view;
  const button = (intent: string, label: string, extra: { class?: string } = {}) => (
    <button type="submit" name="intent" value={intent} class={extra.class}>
      {label}
    </button>
  );
  return (
    <section class="nr-workflow" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Save and workflow</h2>
      <p class="nr-hint">Every button saves what is in the form first.</p>
      <p class="nr-actions">
        {button('save', 'Save')}
        {actions.submit ? button('submit', 'Save and submit for review') : null}
        {actions.publish ? button('publish', view.status === 'published' ? 'Save and publish again' : 'Save and publish now') : null}
        {actions.unpublish ? button('unpublish', view.status === 'scheduled' ? 'Save and cancel the schedule (back to draft)' : 'Save and unpublish (back to draft)') : null}
      </p>
      {actions.schedule ? (
        <div class="nr-field nr-inline-action">
          <label for="schedule-at">Publish at ({view.timeZone} time)</label>
          {/* step 1: any second, not only whole minutes (the browser refuses a time off the step). */}
          <input
            id="schedule-at"
            name="at"
            type="datetime-local"
            step={1}
            value={view.scheduleAt}
            aria-invalid={errors.at ? 'true' : undefined}
            aria-describedby={described('schedule-at', errors.at)}
          />
          {button('schedule', view.status === 'scheduled' ? 'Save and reschedule' : 'Save and schedule')}
          {errors.at ? (
            <p class="nr-field-error" id="schedule-at-error">
              {errors.at}
            </p>
          ) : null}
        </div>
      ) : null}
      {actions.sendBack ? (
        <div class="nr-field nr-inline-action">
          <label for="send-back-note">Note to the writer</label>
          <textarea id="send-back-note" name="note" rows={3} aria-invalid={errors.note ? 'true' : undefined} aria-describedby={described('send-back-note', errors.note)}>
            {view.note}
          </textarea>
          {button('send-back', 'Save and send back to draft')}
          {errors.note ? (
            <p class="nr-field-error" id="send-back-note-error">
              {errors.note}
            </p>
          ) : null}
        </div>
      ) : null}
      {actions.trash ? (
        <p class="nr-actions nr-danger-zone">
          {button('trash', view.status === 'published' ? 'Unpublish and move to trash' : 'Move to trash', { class: 'nr-button-danger' })}
        </p>
      ) : null}
    </section>
  );
}

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
          <DraftDiff before={props.compare.from.snapshot} after={props.compare.to.snapshot} beforeLabel={`Version ${props.compare.from.version}`} afterLabel={`Version ${props.compare.to.version}`} names={props.compare.names} />
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
                  <input type="radio" name="from" value={String(r.id)} aria-label={`Compare from version ${r.version}`} checked={props.compare ? props.compare.from.id === r.id : i === 1} />
                </td>
                <td>
                  <input type="radio" name="to" value={String(r.id)} aria-label={`Compare to version ${r.version}`} checked={props.compare ? props.compare.to.id === r.id : i === 0} />
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
