import { diffWords } from 'diff';
import type { ArticleDraft } from '../../news/editorial/editorial.service.js';

/** The body as words: tags dropped, block ends kept as spaces, entities for the common characters decoded. */
export function bodyText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/(p|h[1-6]|li|blockquote|figure|figcaption)>/gi, ' ')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

const TEXT_FIELDS: { key: 'title' | 'standfirst' | 'body'; label: string }[] = [
  { key: 'title', label: 'Headline' },
  { key: 'standfirst', label: 'Standfirst' },
  { key: 'body', label: 'Body' },
];

const OTHER_FIELDS: { key: keyof ArticleDraft; label: string }[] = [
  { key: 'slug', label: 'Slug' },
  { key: 'primarySectionId', label: 'Primary section' },
  { key: 'sectionIds', label: 'Other sections' },
  { key: 'tags', label: 'Tags' },
  { key: 'authorIds', label: 'Byline' },
  { key: 'imageUrl', label: 'Featured image' },
  { key: 'imageAlt', label: 'Image alt text' },
  { key: 'imageCaption', label: 'Image caption' },
  { key: 'imageCredit', label: 'Image credit' },
  { key: 'imageWidth', label: 'Image width' },
  { key: 'imageHeight', label: 'Image height' },
  { key: 'seoTitle', label: 'SEO title' },
  { key: 'seoDescription', label: 'SEO description' },
  { key: 'seoCanonical', label: 'Canonical URL' },
  { key: 'seoNoindex', label: 'Hidden from search engines' },
  { key: 'commentsOpen', label: 'Comments open' },
];

export interface DiffNames {
  sections: Map<number, string>;
  people: Map<number, string>;
}

function shown(key: keyof ArticleDraft, value: unknown, names: DiffNames): string {
  if (key === 'primarySectionId') return value === null ? '(none)' : (names.sections.get(value as number) ?? `#${String(value)}`);
  if (key === 'sectionIds') return (value as number[]).map((id) => names.sections.get(id) ?? `#${id}`).join(', ') || '(none)';
  if (key === 'authorIds') return (value as number[]).map((id) => names.people.get(id) ?? `#${id}`).join(', ') || '(none)';
  if (key === 'tags') return (value as string[]).join(', ') || '(none)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === '') return '(empty)';
  return String(value);
}

/** Which fields differ between two drafts (the body compared as text and as HTML). */
export function changedFields(before: ArticleDraft, after: ArticleDraft): string[] {
  return [...TEXT_FIELDS, ...OTHER_FIELDS].filter(({ key }) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map(({ label }) => label);
}

/**
 * A readable comparison of two drafts: the headline, standfirst and body word by word (deleted words in <del>,
 * added in <ins>; preact escapes the text), then every other changed field as old and new side by side.
 */
export function DraftDiff(props: { before: ArticleDraft; after: ArticleDraft; beforeLabel: string; afterLabel: string; names: DiffNames }) {
  const { before, after } = props;
  const texts = TEXT_FIELDS.map(({ key, label }) => {
    const a = key === 'body' ? bodyText(before.body) : before[key];
    const b = key === 'body' ? bodyText(after.body) : after[key];
    return { key, label, a, b, htmlOnly: key === 'body' && a === b && before.body !== after.body };
  }).filter((t) => t.a !== t.b || t.htmlOnly);
  const others = OTHER_FIELDS.filter(({ key }) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  if (!texts.length && !others.length) return <p class="nr-diff-none">No differences.</p>;
  return (
    <div class="nr-diff">
      <p class="nr-hint">
        Words only in “{props.beforeLabel}” are struck through; words only in “{props.afterLabel}” are underlined.
      </p>
      {texts.map((t) => (
        <section key={t.key} class="nr-diff-field">
          <h3>{t.label}</h3>
          {t.htmlOnly ? (
            <p>Only the formatting changed.</p>
          ) : (
            <p class="nr-diff-text">
              {diffWords(t.a, t.b).map((part, i) =>
                part.removed ? <del key={i}>{part.value}</del> : part.added ? <ins key={i}>{part.value}</ins> : <span key={i}>{part.value}</span>,
              )}
            </p>
          )}
        </section>
      ))}
      {others.length ? (
        <table class="nr-diff-table">
          <caption>Other changed fields</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">{props.beforeLabel}</th>
              <th scope="col">{props.afterLabel}</th>
            </tr>
          </thead>
          <tbody>
            {others.map(({ key, label }) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{shown(key, before[key], props.names)}</td>
                <td>{shown(key, after[key], props.names)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
