import type { NewsroomChrome } from './chrome.js';
import { FieldShell, describedBy } from './FormField.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { tagPath } from '../../news/shared/paths.js';

export interface TagView {
  id: number;
  name: string;
  slug: string;
  articleCount: number;
}

/** What was typed into one of the page's three forms, and what went wrong with it. */
export interface TagFormsState {
  rename?: { name: string; slug: string; errors: Record<string, string> };
  merge?: { into: string; error: string };
  delete?: { into: string; error: string };
}

function TargetField(props: { id: string; label: string; hint: string; value: string; error: string | undefined; required: boolean }) {
  return (
    <FieldShell id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <input
        id={props.id}
        name="into"
        type="text"
        value={props.value}
        list="tag-names"
        autocomplete="off"
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, { hint: true, error: props.error })}
      />
    </FieldShell>
  );
}

/** One tag: rename it, merge it into another, or delete it. Each form keeps what was typed when it fails. */
export function TagPage(props: { chrome: NewsroomChrome; tag: TagView; tagNames: string[]; state: TagFormsState; notice: string | null }) {
  const { tag, state } = props;
  const rename = state.rename ?? { name: tag.name, slug: tag.slug, errors: {} };
  const csrf = <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />;
  const articles = tag.articleCount === 1 ? '1 article' : `${tag.articleCount.toLocaleString('en')} articles`;
  return (
    <NewsroomLayout chrome={props.chrome} title={`Tag: ${tag.name}`}>
      <p>
        <a href="/newsroom/tags">← All tags</a>
      </p>
      <h1>Tag: {tag.name}</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <p>
        On {articles}; its page is <a href={tagPath(tag.slug)}>/tag/{tag.slug}/</a>.
      </p>
      <datalist id="tag-names">
        {props.tagNames
          .filter((name) => name !== tag.name)
          .map((name) => (
            <option key={name} value={name} />
          ))}
      </datalist>

      <section aria-labelledby="rename-heading">
        <h2 id="rename-heading">Rename</h2>
        {Object.keys(rename.errors).length ? <Notice kind="error">The tag was not renamed. Check the fields marked below.</Notice> : null}
        <form class="nr-form nr-form-wide" method="post" action={`/newsroom/tags/${tag.id}`}>
          {csrf}
          <FieldShell id="tag-name" label="Name" hint="As readers see it on stories and on the tag’s page." error={rename.errors.name}>
            <input
              id="tag-name"
              name="name"
              type="text"
              value={rename.name}
              required
              maxLength={100}
              autocomplete="off"
              aria-invalid={rename.errors.name ? 'true' : undefined}
              aria-describedby={describedBy('tag-name', { hint: true, error: rename.errors.name })}
            />
          </FieldShell>
          <FieldShell
            id="tag-slug"
            label="Slug"
            hint="The address: /tag/slug/. Leave empty to make it from the name. The old address will redirect to the new one."
            error={rename.errors.slug}
          >
            <input
              id="tag-slug"
              name="slug"
              type="text"
              value={rename.slug}
              maxLength={200}
              autocomplete="off"
              spellcheck={false}
              aria-invalid={rename.errors.slug ? 'true' : undefined}
              aria-describedby={describedBy('tag-slug', { hint: true, error: rename.errors.slug })}
            />
          </FieldShell>
          <div>
            <button type="submit">Rename</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="merge-heading">
        <h2 id="merge-heading">Merge into another tag</h2>
        <form class="nr-form nr-form-wide" method="post" action={`/newsroom/tags/${tag.id}/merge`}>
          {csrf}
          <TargetField
            id="tag-merge-into"
            label="Tag to keep"
            hint={`Its name or slug. Every article tagged “${tag.name}” gets that tag instead, “${tag.name}” is deleted, and its address redirects to the kept tag’s.`}
            value={state.merge?.into ?? ''}
            error={state.merge?.error}
            required
          />
          <div>
            <button type="submit">Merge</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="delete-heading" class="nr-danger">
        <h2 id="delete-heading">Delete</h2>
        <form class="nr-form nr-form-wide" method="post" action={`/newsroom/tags/${tag.id}/delete`}>
          {csrf}
          <TargetField
            id="tag-delete-into"
            label="Give its articles this tag instead (optional)"
            hint="Its name or slug; leave empty and the articles simply lose this tag, and its address stops working."
            value={state.delete?.into ?? ''}
            error={state.delete?.error}
            required={false}
          />
          <div class="nr-check">
            <input type="checkbox" id="tag-delete-confirm" name="confirm" value="yes" required />
            <label for="tag-delete-confirm">Yes, delete “{tag.name}”</label>
          </div>
          <div>
            <button type="submit">Delete tag</button>
          </div>
        </form>
      </section>
    </NewsroomLayout>
  );
}
