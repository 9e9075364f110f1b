import type { SiteSettings } from '../../news/settings/settings.service.js';

export type SettingKey = keyof SiteSettings;

/** How a setting is edited: the choices of a select are filled in by the page (time zones, formats, images). */
export type SettingInput =
  | { kind: 'text'; maxLength: number }
  | { kind: 'number' }
  | { kind: 'checkbox' }
  | { kind: 'textarea' }
  | { kind: 'select'; choices: 'timeZone' | 'dateFormat' | 'logo' };

export interface SettingField {
  key: SettingKey;
  label: string;
  /** Plain-language help shown under the field. */
  help: string;
  input: SettingInput;
}

export interface SettingGroup {
  id: string;
  title: string;
  fields: SettingField[];
}

const text = (maxLength: number): SettingInput => ({ kind: 'text', maxLength });
const NUMBER: SettingInput = { kind: 'number' };
const CHECKBOX: SettingInput = { kind: 'checkbox' };
const TEXTAREA: SettingInput = { kind: 'textarea' };

/** The settings screen, group by group. Every setting is on it (settings-form.test.ts checks). */
export const SETTING_GROUPS: SettingGroup[] = [
  {
    id: 'site',
    title: 'Site',
    fields: [
      {
        key: 'siteTitle',
        label: 'Site title',
        help: 'The name of the site: in the header (as the logo’s text), page titles, feeds and share previews.',
        input: text(120),
      },
      {
        key: 'tagline',
        label: 'Tagline',
        help: 'A line under the title, and the description of pages that have none of their own. May be empty.',
        input: text(200),
      },
      {
        key: 'logo',
        label: 'Logo',
        help: 'An image from the media library shown in the header instead of the title, and given to search engines and feed readers as the publisher logo. Upload it under Media first. “None” shows the title as text.',
        input: { kind: 'select', choices: 'logo' },
      },
      {
        key: 'timeZone',
        label: 'Time zone',
        help: 'Dates on the site, in article addresses and in the schedule follow this time zone.',
        input: { kind: 'select', choices: 'timeZone' },
      },
      {
        key: 'language',
        label: 'Language',
        help: 'A language tag such as en, en-GB or fr: tells browsers, screen readers and feeds the language, and names the months.',
        input: text(35),
      },
      { key: 'dateFormat', label: 'Date format', help: 'How dates are written on the site.', input: { kind: 'select', choices: 'dateFormat' } },
      { key: 'postsPerPage', label: 'Stories per page', help: 'On section, tag and author archives and in search results (1 to 100).', input: NUMBER },
    ],
  },
  {
    id: 'comments',
    title: 'Comments',
    fields: [
      {
        key: 'commentsThreadDepth',
        label: 'Reply depth',
        help: 'How deep replies nest (1 to 10); replies to the deepest comments stay at that level.',
        input: NUMBER,
      },
      { key: 'commentsNewestFirst', label: 'Show the newest comments first', help: 'Otherwise the conversation reads from the oldest down.', input: CHECKBOX },
      {
        key: 'commentsPerPage',
        label: 'Comments per page',
        help: 'Top-level comments on one page of an article (5 to 500); their replies come with them.',
        input: NUMBER,
      },
      {
        key: 'commentsCloseAfterDays',
        label: 'Close comments after (days)',
        help: 'Readers can no longer comment this many days after a story is published. 0 keeps comments open.',
        input: NUMBER,
      },
      {
        key: 'commentsMaxLinks',
        label: 'Most links in a comment',
        help: 'A comment with more links than this waits for a moderator (links are a spammer’s tool).',
        input: NUMBER,
      },
      {
        key: 'commentsRequirePriorApproval',
        label: 'Hold first-time commenters',
        help: 'A reader’s comment waits for a moderator until they have one approved comment; after that they post straight away.',
        input: CHECKBOX,
      },
      {
        key: 'commentsModerationList',
        label: 'Hold for moderation',
        help: 'One word, email address, @domain or IP address start per line: a comment containing or coming from one waits for a moderator.',
        input: TEXTAREA,
      },
      {
        key: 'commentsDisallowedList',
        label: 'Send to spam',
        help: 'One word, email address, @domain or IP address start per line: a comment containing or coming from one goes straight to spam.',
        input: TEXTAREA,
      },
      {
        key: 'commentsReportThreshold',
        label: 'Reports before review',
        help: 'This many different readers reporting an approved comment send it back to the moderation queue.',
        input: NUMBER,
      },
      {
        key: 'commentsPurgeAfterDays',
        label: 'Delete spam and trash after (days)',
        help: 'Comments marked spam or trash are deleted for good this many days later (1 to 3650).',
        input: NUMBER,
      },
    ],
  },
  {
    id: 'checklist',
    title: 'Publishing checklist',
    fields: [
      { key: 'requirePrimarySection', label: 'Require a primary section', help: 'A story cannot be published or scheduled without one.', input: CHECKBOX },
      { key: 'requireStandfirst', label: 'Require a standfirst', help: 'The short summary under the headline.', input: CHECKBOX },
      {
        key: 'requireImageAlt',
        label: 'Require alt text on images',
        help: 'On the featured image and every image in the body, for readers who cannot see them.',
        input: CHECKBOX,
      },
      { key: 'requireFeaturedImage', label: 'Require a featured image', help: 'The image at the top of the story and in share previews.', input: CHECKBOX },
    ],
  },
  {
    id: 'feeds',
    title: 'Feeds & search engines',
    fields: [
      {
        key: 'feedFullContent',
        label: 'Whole stories in feeds',
        help: 'Feed readers get the full text and lead image; otherwise only a summary and a link to the site.',
        input: CHECKBOX,
      },
      {
        key: 'noindexPaginatedArchives',
        label: 'Keep archive pages after the first out of search engines',
        help: 'They still follow the links to every story; only page 2 onwards of each archive is not listed itself.',
        input: CHECKBOX,
      },
    ],
  },
];

export const SETTING_FIELDS: SettingField[] = SETTING_GROUPS.flatMap((group) => group.fields);

/** What the form shows: text as typed, or a checkbox's state. */
export type SettingsFormValues = Partial<Record<SettingKey, string | boolean>>;

/** The stored settings as the form shows them. */
export function formValuesOf(settings: SiteSettings): SettingsFormValues {
  return Object.fromEntries(
    SETTING_FIELDS.map(({ key, input }) => {
      const value = settings[key];
      return [key, input.kind === 'checkbox' ? value === true : value === null ? '' : String(value)];
    }),
  );
}

/**
 * The posted form as settings. Every field on the screen is read (an unticked box is false); numbers that do not
 * parse are passed on as text so the settings' own checks explain what is wrong.
 */
export function settingsFromForm(body: Record<string, string | undefined>): { changes: Record<string, unknown>; values: SettingsFormValues } {
  const changes: Record<string, unknown> = {};
  const values: SettingsFormValues = {};
  for (const { key, input } of SETTING_FIELDS) {
    if (input.kind === 'checkbox') {
      values[key] = changes[key] = body[key] !== undefined;
      continue;
    }
    const typed = body[key] ?? '';
    values[key] = typed;
    const trimmed = input.kind === 'textarea' ? typed.replace(/\r\n/g, '\n') : typed.trim();
    if (key === 'logo') changes[key] = trimmed === '' ? null : /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    else if (input.kind === 'number') changes[key] = /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    else changes[key] = trimmed;
  }
  return { changes, values };
}
