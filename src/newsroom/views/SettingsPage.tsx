import type { MediaItem } from '../../news/media/media.types.js';
import { DATE_FORMATS, type DateFormat, formatDisplayDate } from '../../news/shared/date-format.js';
import { SETTING_GROUPS, type SettingField, type SettingsFormValues } from '../settings/settings-form.js';
import type { NewsroomChrome } from './chrome.js';
import { FieldShell, SelectField, describedBy } from './FormField.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';

/** The choices of the settings that are picked from a list. */
export interface SettingsChoices {
  timeZones: string[];
  /** Recent images from the media library (the current logo among them). */
  images: MediaItem[];
  /** The current logo, shown as a preview. */
  logo: MediaItem | null;
}

const DATE_FORMAT_NAMES: Record<DateFormat, string> = { long: 'Long', us: 'US', iso: 'ISO 8601', short: 'Short' };
const EXAMPLE_DATE = '2026-11-27T12:00:00.000Z';

function imageLabel(item: MediaItem): string {
  return `${item.originalFilename || `Image ${item.id}`} (${item.width} × ${item.height})${item.alt ? ` – ${item.alt}` : ''}`;
}

function options(field: SettingField, choices: SettingsChoices, language: string): { value: string; label: string }[] {
  if (field.input.kind !== 'select') return [];
  switch (field.input.choices) {
    case 'timeZone':
      return choices.timeZones.map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }));
    case 'dateFormat':
      return DATE_FORMATS.map((format) => ({
        value: format,
        label: `${DATE_FORMAT_NAMES[format]}: ${formatDisplayDate(EXAMPLE_DATE, { timeZone: 'UTC', language, dateFormat: format })}`,
      }));
    case 'logo':
      return [{ value: '', label: 'None: the site title as text' }, ...choices.images.map((item) => ({ value: String(item.id), label: imageLabel(item) }))];
  }
}

function SettingControl(props: {
  field: SettingField;
  value: string | boolean | undefined;
  error: string | undefined;
  choices: SettingsChoices;
  language: string;
}) {
  const { field, error } = props;
  const id = `setting-${field.key}`;
  const common = { id, name: field.key, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy(id, { hint: true, error }) };
  if (field.input.kind === 'checkbox') {
    return (
      <div class="nr-check">
        <input type="checkbox" value="on" checked={props.value === true} {...common} />
        <label for={id}>{field.label}</label>
        <p class="nr-hint" id={`${id}-hint`}>
          {field.help}
        </p>
        {error ? (
          <p class="nr-field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  const value = typeof props.value === 'string' ? props.value : '';
  let control;
  switch (field.input.kind) {
    case 'text':
      control = <input type="text" value={value} maxLength={field.input.maxLength} autocomplete="off" {...common} />;
      break;
    case 'number':
      control = <input type="text" inputMode="numeric" value={value} class="nr-number" autocomplete="off" {...common} />;
      break;
    case 'textarea':
      control = (
        <textarea rows={5} spellcheck={false} {...common}>
          {value}
        </textarea>
      );
      break;
    case 'select': {
      const list = options(field, props.choices, props.language);
      // A stored value missing from the list (an old zone name, a hand-set id) stays selectable rather than lost.
      const all = list.some((option) => option.value === value) ? list : [{ value, label: value }, ...list];
      return <SelectField id={id} name={field.key} label={field.label} hint={field.help} error={error} value={value} options={all} />;
    }
  }
  return (
    <FieldShell id={id} label={field.label} hint={field.help} error={error}>
      {control}
    </FieldShell>
  );
}

/** Site settings, in groups, in one form: a failed save comes back with everything typed and each message by its field. */
export function SettingsPage(props: {
  chrome: NewsroomChrome;
  values: SettingsFormValues;
  errors?: Record<string, string>;
  choices: SettingsChoices;
  /** The site's language, for the date format examples. */
  language: string;
  notice: string | null;
}) {
  const errors = props.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <NewsroomLayout chrome={props.chrome} title="Settings">
      <h1>Settings</h1>
      <p>
        Moving a site from WordPress? <a href="/newsroom/imports">Import from WordPress</a>: its posts, pages, categories, tags, authors, comments and images.
      </p>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {hasErrors ? <Notice kind="error">Nothing was saved. Check the fields marked below.</Notice> : null}
      <nav aria-label="Setting groups">
        <ul class="nr-links">
          {SETTING_GROUPS.map((group) => (
            <li key={group.id}>
              <a href={`#settings-${group.id}`}>{group.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <form class="nr-form nr-form-wide nr-settings" method="post" action="/newsroom/settings">
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        {SETTING_GROUPS.map((group) => (
          <fieldset key={group.id} class="nr-checks nr-settings-group" id={`settings-${group.id}`}>
            <legend>{group.title}</legend>
            {group.fields.map((field) => (
              <SettingControl
                key={field.key}
                field={field}
                value={props.values[field.key]}
                error={errors[field.key]}
                choices={props.choices}
                language={props.language}
              />
            ))}
            {group.id === 'site' && props.choices.logo ? (
              <figure class="nr-logo-preview">
                <img src={props.choices.logo.url} width={props.choices.logo.width} height={props.choices.logo.height} alt="" />
                <figcaption>The current logo</figcaption>
              </figure>
            ) : null}
          </fieldset>
        ))}
        <div>
          <button type="submit">Save settings</button>
        </div>
        <p class="nr-hint">Changes show on the site within a few seconds.</p>
      </form>
    </NewsroomLayout>
  );
}
