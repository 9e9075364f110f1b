import { COMMENT_POLICIES } from '../../news/vocabulary.js';
import type { SectionListItem } from '../../news/taxonomy/taxonomy.service.js';
import type { NewsroomChrome } from './chrome.js';
import { FieldShell, SelectField, describedBy } from './FormField.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { COMMENT_POLICY_LABELS } from './SectionsPage.js';

/** The form's fields as typed (numbers stay text until the server reads them). */
export interface SectionFormValues {
  name: string;
  slug: string;
  description: string;
  parentId: string;
  commentPolicy: string;
  sortOrder: string;
}

export interface SectionDeleteState {
  moveTo: string;
  error?: string;
}

/** Sections as options, indented by depth (em spaces: a select shows no other markup). */
const sectionOptions = (sections: SectionListItem[]) => sections.map((s) => ({ value: String(s.id), label: `${'\u2003'.repeat(s.depth)}${s.name}` }));

function DeleteSection(props: { section: SectionListItem; sections: SectionListItem[]; csrfToken: string; state: SectionDeleteState }) {
  const { section, state } = props;
  const error = state.error ? (
    <p class="nr-notice nr-notice-error" role="alert" id="delete-error">
      {state.error}
    </p>
  ) : null;
  if (section.hasChildren) {
    return (
      <>
        {error}
        <p>It has subsections, so it cannot be deleted: move them to another section or delete them first.</p>
      </>
    );
  }
  const others = props.sections.filter((s) => s.id !== section.id);
  return (
    <form class="nr-form nr-form-wide" method="post" action={`/newsroom/sections/${section.id}/delete`}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {error}
      <SelectField
        id="section-move-to"
        name="moveTo"
        label={`Move its ${section.articleCount === 1 ? 'article' : `${section.articleCount} articles`} to`}
        hint="They get this section instead (as their primary section where this was), and the section’s address redirects there. Otherwise they simply lose this section."
        value={state.moveTo}
        options={[{ value: '', label: 'Nowhere: the articles just lose this section' }, ...sectionOptions(others)]}
      />
      <div class="nr-check">
        <input type="checkbox" id="section-delete-confirm" name="confirm" value="yes" required aria-describedby={state.error ? 'delete-error' : undefined} />
        <label for="section-delete-confirm">Yes, delete “{section.name}”</label>
      </div>
      <div>
        <button type="submit">Delete section</button>
      </div>
    </form>
  );
}

/** A new section (no `section`), or an existing one with its delete form. A failed save keeps what was typed. */
export function SectionFormPage(props: {
  chrome: NewsroomChrome;
  /** The section being edited (null for a new one). */
  section: SectionListItem | null;
  sections: SectionListItem[];
  values: SectionFormValues;
  errors?: Record<string, string>;
  deleteState?: SectionDeleteState;
}) {
  const { section, values } = props;
  const errors = props.errors ?? {};
  const title = section ? `Edit section: ${section.name}` : 'New section';
  // Its own subtree cannot be its parent (the server refuses it too); list everything else, indented.
  const subtree = new Set<number>();
  if (section) {
    for (const s of props.sections) if (s.id === section.id || (s.parentId !== null && subtree.has(s.parentId))) subtree.add(s.id);
  }
  const parents = props.sections.filter((s) => !subtree.has(s.id));
  const text = (key: 'name' | 'slug' | 'sortOrder', label: string, hint: string, extra: Record<string, unknown> = {}) => (
    <FieldShell id={`section-${key}`} label={label} hint={hint} error={errors[key]}>
      <input
        id={`section-${key}`}
        name={key}
        type="text"
        value={values[key]}
        autocomplete="off"
        aria-invalid={errors[key] ? 'true' : undefined}
        aria-describedby={describedBy(`section-${key}`, { hint, error: errors[key] })}
        {...extra}
      />
    </FieldShell>
  );
  return (
    <NewsroomLayout chrome={props.chrome} title={title}>
      <p>
        <a href="/newsroom/sections">← All sections</a>
      </p>
      <h1>{title}</h1>
      {Object.keys(errors).length ? <Notice kind="error">The section was not saved. Check the fields marked below.</Notice> : null}
      <form class="nr-form nr-form-wide" method="post" action={section ? `/newsroom/sections/${section.id}` : '/newsroom/sections'}>
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        {text('name', 'Name', 'As readers see it in the menu and on the section page.', { required: true, maxLength: 100 })}
        {text(
          'slug',
          'Slug',
          'The section’s address: /section/slug/. Lowercase letters of any alphabet, digits and hyphens; leave empty to make it from the name. Changing it redirects the old address.',
          {
            maxLength: 200,
            spellcheck: false,
          },
        )}
        <FieldShell id="section-description" label="Description" hint="Shown on the section page and in its feed. May be empty." error={errors.description}>
          <textarea
            id="section-description"
            name="description"
            rows={3}
            aria-invalid={errors.description ? 'true' : undefined}
            aria-describedby={describedBy('section-description', { hint: true, error: errors.description })}
          >
            {values.description}
          </textarea>
        </FieldShell>
        <SelectField
          id="section-parentId"
          name="parentId"
          label="Inside"
          hint="A section inside another appears under it, and in its archive."
          error={errors.parentId}
          value={values.parentId}
          options={[{ value: '', label: 'Nothing: a top-level section' }, ...sectionOptions(parents)]}
        />
        <SelectField
          id="section-commentPolicy"
          name="commentPolicy"
          label="Comments"
          hint="Open: comments go through the usual checks. Premoderated: every comment waits for a moderator. Closed: no new comments."
          error={errors.commentPolicy}
          value={values.commentPolicy}
          options={COMMENT_POLICIES.map((policy) => ({ value: policy, label: COMMENT_POLICY_LABELS[policy] }))}
        />
        {text(
          'sortOrder',
          'Order',
          'Its place among the sections beside it: smaller numbers come first (ties by name). Leave it empty to put a new section last.',
          {
            inputMode: 'numeric',
            class: 'nr-number',
          },
        )}
        <div>
          <button type="submit">{section ? 'Save changes' : 'Add section'}</button>
        </div>
      </form>
      {section ? (
        <section aria-labelledby="delete-heading" class="nr-danger">
          <h2 id="delete-heading">Delete this section</h2>
          <DeleteSection section={section} sections={props.sections} csrfToken={props.chrome.csrfToken} state={props.deleteState ?? { moveTo: '' }} />
        </section>
      ) : null}
    </NewsroomLayout>
  );
}
