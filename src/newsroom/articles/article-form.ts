import type { ArticleDraft, LoadedTag } from '../../news/editorial/editorial.service.js';
import { CANONICAL_RULE, canonicalUrlOf } from '../../news/articles/seo.js';
import { zonedWallTime } from '../../news/shared/date-format.js';
import { normalizeSlug, slugProblem } from '../../news/shared/slug.js';
import type { DraftFields } from './articles.schemas.js';

/** What the new-article form starts with (the byline is filled in with the writer's own person). */
export const EMPTY_DRAFT: ArticleDraft = {
  title: '',
  slug: '',
  standfirst: '',
  body: '',
  primarySectionId: null,
  sectionIds: [],
  tags: [],
  authorIds: [],
  imageUrl: '',
  imageAlt: '',
  imageCaption: '',
  imageCredit: '',
  imageWidth: null,
  imageHeight: null,
  seoTitle: '',
  seoDescription: '',
  seoCanonical: '',
  seoNoindex: false,
  commentsOpen: true,
};

/** A checkbox: '1' or 'on' from a form, true from a JSON client; absent when unticked. */
const checked = (value: boolean | string | undefined): boolean => value === true || value === '1' || value === 'on';
const ids = (values: string[] | undefined): number[] => [...new Set((values ?? []).filter((v) => /^\d+$/.test(v)).map(Number))];
const tagName = (name: string) => name.replace(/\s+/g, ' ').trim();
/** Far more than any article has: a bound on the lookups a tampered field can cause. */
const MAX_LOADED_TAGS = 200;

/** The form's hidden `loadedTags` (JSON [{id, name}]: the tags it was rendered with); whatever is malformed is left out. */
function parseLoadedTags(value: string | undefined): LoadedTag[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value || '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((t): t is LoadedTag => Number.isSafeInteger(t?.id) && t.id > 0 && typeof t.name === 'string')
    .slice(0, MAX_LOADED_TAGS)
    .map((t) => ({ id: t.id, name: tagName(t.name) }));
}

/**
 * The edit form (or an autosave's JSON) as a draft, with a message per field that cannot be saved as typed, and the
 * tags the form was loaded with (for the service to tell a renamed or merged tag from a new one).
 */
export function parseDraft(body: DraftFields): { draft: ArticleDraft; loadedTags: LoadedTag[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const size = (key: 'imageWidth' | 'imageHeight') => {
    const raw = (body[key] ?? '').trim();
    if (!raw) return null;
    if (!/^\d{1,5}$/.test(raw) || Number(raw) === 0) {
      errors[key] = 'Enter a whole number of pixels';
      return null;
    }
    return Number(raw);
  };
  const primary = body.primarySectionId ?? '';
  const tags = (body.tags ?? '').split(',').map(tagName).filter(Boolean);
  const draft: ArticleDraft = {
    title: body.title ?? '',
    slug: normalizeSlug((body.slug ?? '').trim()),
    standfirst: body.standfirst ?? '',
    body: body.body ?? '',
    primarySectionId: /^\d+$/.test(primary) ? Number(primary) : null,
    sectionIds: ids(body.sectionIds),
    tags: [...new Map(tags.map((t) => [t.toLowerCase(), t])).values()],
    authorIds: ids(body.authorIds),
    imageUrl: (body.imageUrl ?? '').trim(),
    imageAlt: (body.imageAlt ?? '').trim(),
    imageCaption: (body.imageCaption ?? '').trim(),
    imageCredit: (body.imageCredit ?? '').trim(),
    imageWidth: size('imageWidth'),
    imageHeight: size('imageHeight'),
    seoTitle: body.seoTitle ?? '',
    seoDescription: body.seoDescription ?? '',
    seoCanonical: (body.seoCanonical ?? '').trim(),
    seoNoindex: checked(body.seoNoindex),
    commentsOpen: checked(body.commentsOpen),
  };
  draft.sectionIds = draft.sectionIds.filter((id) => id !== draft.primarySectionId);
  if (!draft.title.trim()) errors.title = 'Enter a headline';
  else if (draft.title.length > 300) errors.title = 'Shorten the headline to 300 characters or fewer';
  const slugError = draft.slug ? slugProblem(draft.slug) : null;
  if (slugError) errors.slug = `${slugError}, or leave it empty`;
  if (canonicalUrlOf(draft.seoCanonical) === null) errors.seoCanonical = CANONICAL_RULE;
  if (draft.imageUrl && !/^(https?:\/\/|\/)/.test(draft.imageUrl)) errors.imageUrl = 'Enter an address starting with https://, http:// or /';
  if (tags.some((t) => t.length > 80)) errors.tags = 'Keep each tag under 80 characters';
  return { draft, loadedTags: parseLoadedTags(body.loadedTags), errors };
}

/** The instant (ISO, UTC) a `datetime-local` value names in `timeZone`, or null when it is not one. */
export function zonedDateTime(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (Number.isNaN(Date.UTC(year, month - 1, day, hour, minute, second))) return null;
  return zonedWallTime(year, month, day, hour, minute, second, timeZone);
}
