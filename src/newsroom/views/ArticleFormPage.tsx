import type { ArticleStatus } from '../../news/vocabulary.js';
import type { ArticleDraft, ArticleNote, LoadedTag } from '../../news/editorial/editorial.service.js';
import { presenceText } from '../articles/presence-text.js';
import { STATUS_ONE, when } from './article-format.js';
import type { NewsroomChrome } from './chrome.js';
import { type DiffNames, DraftDiff } from './DraftDiff.js';
import { FieldShell } from './FormField.js';
import { NewsroomLayout } from './NewsroomLayout.js';

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
  const text = (name: keyof ArticleDraft, label: string, options: { hint?: string; required?: boolean; max?: number; type?: 'text' | 'url' } = {}) => (
    <FieldShell id={name} label={label} error={errors[name]} {...(options.hint ? { hint: options.hint } : {})}>
      <input
        id={name}
        name={name}
        type={options.type ?? 'text'}
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
      {view.status ? (
        <p class="nr-status">
          Status: {STATUS_ONE[view.status]}
          {view.scheduledFor ? ` for ${when(view.scheduledFor)}` : ''}
        </p>
      ) : null}
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
          <p>What you typed is still in the form below. Copy anything you need from their version, or save again to replace their version with yours.</p>
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
        {text('slug', 'Slug', {
          hint: 'The last part of the address: lowercase letters of any alphabet, digits and hyphens. Leave empty to make it from the headline.',
          max: 200,
        })}
        <FieldShell id="standfirst" label="Standfirst" error={errors.standfirst}>
          <textarea
            id="standfirst"
            name="standfirst"
            rows={3}
            aria-invalid={errors.standfirst ? 'true' : undefined}
            aria-describedby={described('standfirst', errors.standfirst)}
          >
            {draft.standfirst}
          </textarea>
        </FieldShell>
        <FieldShell id="body" label="Body" error={errors.body}>
          <textarea
            id="body"
            name="body"
            rows={20}
            data-rich-editor=""
            aria-invalid={errors.body ? 'true' : undefined}
            aria-describedby={described('body', errors.body)}
          >
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
          {text('seoCanonical', 'Canonical URL', {
            type: 'url',
            max: 2000,
            hint: 'Only when the story’s main version is elsewhere (a syndicated story’s original): a full address such as https://example.com/story/. Leave empty to use this story’s own address.',
          })}
          <div class="nr-check">
            <input
              type="checkbox"
              id="seoNoindex"
              name="seoNoindex"
              value="1"
              checked={draft.seoNoindex}
              aria-describedby={described('seoNoindex', errors.seoNoindex, true)}
            />
            <label for="seoNoindex">Hide from search engines</label>
            <p class="nr-hint" id="seoNoindex-hint">
              Asks search engines not to list the story (noindex) and leaves it out of the sitemaps. Readers still find it on the site, in feeds and in the
              site’s search.
            </p>
          </div>
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
            <a href={`/preview/articles/${id}`}>Preview</a>
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
        {actions.unpublish
          ? button('unpublish', view.status === 'scheduled' ? 'Save and cancel the schedule (back to draft)' : 'Save and unpublish (back to draft)')
          : null}
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
          <textarea
            id="send-back-note"
            name="note"
            rows={3}
            aria-invalid={errors.note ? 'true' : undefined}
            aria-describedby={described('send-back-note', errors.note)}
          >
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
