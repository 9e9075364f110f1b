import { type Static, Type } from 'typebox';
import { ARTICLE_STATUSES } from '../../news/vocabulary.js';
import { FORM_INTENTS } from '../../news/editorial/editorial.service.js';
import { CURSOR_PATTERN } from '../../news/shared/pagination.js';

export const ArticleIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** The list: a status tab (or the trash), "only mine", the headline filter, the page and the notice of what was just done. */
export const ArticleListQuery = Type.Object({
  status: Type.Optional(Type.Enum([...ARTICLE_STATUSES, 'trash'])),
  mine: Type.Optional(Type.String({ maxLength: 10 })),
  // Typed by hand, with no maxlength on the input: a longer text is cut to 200 characters, not refused.
  q: Type.Optional(Type.String({ maxLength: 2000 })),
  /** Written by the redirect after trashing, deleting or submitting; shown only when it reads like a sentence. */
  done: Type.Optional(Type.String({ maxLength: 200 })),
  /** Keyset: the page after this article (its sort time and id). */
  after: Type.Optional(Type.String({ pattern: CURSOR_PATTERN, maxLength: 60 })),
});

/** The edit page after a save: `saved` names what was done (1, submitted, published, restored, …). */
export const EditQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 20 })) });

export const RevisionsQuery = Type.Object({
  from: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  to: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
});

/** A section or byline select: an id, or '' for "(none)". Several checkboxes or selects with one name make a list. */
const IdOrNone = Type.String({ pattern: '^\\d{0,10}$' });
/**
 * Everything typed. Loose on purpose: parseDraft turns it into a draft with a message per field that cannot be
 * saved as typed (a headline too long, a slug or size that is not one), and the services check the rest; the form
 * comes back with those messages. The body limit (1 MiB) bounds the texts.
 */
const Text = Type.Optional(Type.String());

const draftFields = {
  title: Text,
  slug: Text,
  standfirst: Text,
  body: Text,
  primarySectionId: Type.Optional(IdOrNone),
  sectionIds: Type.Optional(Type.Array(IdOrNone, { maxItems: 1000 })),
  tags: Text,
  /** JSON [{id, name}]: the tags the form was loaded with. Whatever in it is malformed is left out, never refused. */
  loadedTags: Text,
  authorIds: Type.Optional(Type.Array(IdOrNone, { maxItems: 1000 })),
  imageUrl: Text,
  imageAlt: Text,
  imageCaption: Text,
  imageCredit: Text,
  imageWidth: Text,
  imageHeight: Text,
  seoTitle: Text,
  seoDescription: Text,
  seoCanonical: Text,
  /** "Hide from search engines": the checkbox ('1'), or true from a JSON client. */
  seoNoindex: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 10 })])),
  /** The checkbox ('1'), or true from a JSON client. */
  commentsOpen: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 10 })])),
};

/** The draft's fields as any of the forms sends them. */
export const DraftFields = Type.Object(draftFields);
export type DraftFields = Static<typeof DraftFields>;

/** The new-article form. */
export const NewArticleBody = Type.Object({ ...draftFields, _csrf: Text });

/** The edit form: the draft, the version it was read at, the button pressed, and the schedule's time or a note. */
export const ArticleFormBody = Type.Object({
  ...draftFields,
  version: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  /** No button named (a script's plain submit) is Save. */
  intent: Type.Optional(Type.Enum(FORM_INTENTS)),
  /** `datetime-local`, read in the site's time zone; an empty or malformed one is the service's field error. */
  at: Text,
  note: Text,
  _csrf: Text,
});

/** The editor's autosave (JSON, the CSRF token in a header): the form's fields and the version. */
export const AutosaveBody = Type.Object({ ...draftFields, version: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }) });

export const RestoreRevisionBody = Type.Object({
  revision: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  version: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  _csrf: Text,
});

export const CsrfOnlyBody = Type.Object({ _csrf: Text });
