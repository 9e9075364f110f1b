import type { NewsroomChrome } from './chrome.js';
import { FormField } from './FormField.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { EmailLinkCheckbox, RoleFieldset } from './UsersFormParts.js';

export interface InviteFormValues {
  email: string;
  displayName: string;
  role: string;
  /** A byline person's id as typed in the form, or '' for a new byline. */
  personId: string;
  sendEmail: boolean;
}

/** Inviting someone: their account, role and byline; the next page shows the invitation link. */
export function UsersInvitePage(props: {
  chrome: NewsroomChrome;
  values: InviteFormValues;
  /** Byline people without an account, to attach instead of creating a new byline. */
  bylines: { id: number; slug: string; displayName: string }[];
  /** Whether email is on (SMTP_URL): only then is sending the link offered. */
  canEmail: boolean;
  errors?: Record<string, string>;
}) {
  const { values } = props;
  const errors = props.errors ?? {};
  const hasErrors = Object.values(errors).some(Boolean);
  return (
    <NewsroomLayout chrome={props.chrome} title="Invite a user">
      <p>
        <a href="/newsroom/users">← Back to users</a>
      </p>
      <h1>Invite a user</h1>
      {hasErrors ? <Notice kind="error">Nobody was invited. Check the fields marked below.</Notice> : null}
      <p>This makes the account and a link, valid for 7 days, with which they choose their own password. Until then nobody can sign in to it.</p>
      <form class="nr-form nr-form-wide" method="post" action="/newsroom/users">
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        <FormField id="invite-email" name="email" label="Email" type="email" value={values.email} autocomplete="off" maxLength={254} error={errors.email} />
        <FormField
          id="invite-name"
          name="displayName"
          label="Display name"
          type="text"
          value={values.displayName}
          autocomplete="off"
          maxLength={100}
          hint="Shown in the newsroom, and on the site as their byline when a new byline is made for them."
          error={errors.displayName}
        />
        <RoleFieldset id="invite-role" value={values.role} error={errors.role} />
        <div class="nr-field">
          <label for="invite-byline">Byline</label>
          <select
            id="invite-byline"
            name="personId"
            aria-describedby={['invite-byline-hint', errors.personId ? 'invite-byline-error' : ''].filter(Boolean).join(' ')}
            aria-invalid={errors.personId ? 'true' : undefined}
          >
            <option value="" selected={values.personId === ''}>
              A new byline with their display name
            </option>
            {props.bylines.map((person) => (
              <option key={person.id} value={String(person.id)} selected={values.personId === String(person.id)}>
                {person.displayName} (/author/{person.slug}/)
              </option>
            ))}
          </select>
          <p class="nr-hint" id="invite-byline-hint">
            Stories they write are credited to this byline. Choose an existing byline that has no account yet (a wire service, a regular freelancer) to let them
            write under it.
          </p>
          {errors.personId ? (
            <p class="nr-field-error" id="invite-byline-error">
              {errors.personId}
            </p>
          ) : null}
        </div>
        {props.canEmail ? <EmailLinkCheckbox id="invite-send-email" email={values.email} checked={values.sendEmail} /> : null}
        <div>
          <button type="submit">Invite</button>
        </div>
      </form>
    </NewsroomLayout>
  );
}
