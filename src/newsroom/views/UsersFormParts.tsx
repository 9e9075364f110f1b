import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from '../../news/staff/roles.js';

/** The role as radio buttons, each with what it may do; `id` prefixes the inputs' ids. */
export function RoleFieldset(props: { id: string; value: string; error?: string | undefined }) {
  const errorId = `${props.id}-error`;
  return (
    <fieldset class="nr-field nr-checks" aria-describedby={props.error ? errorId : undefined}>
      <legend>Role</legend>
      {ROLES.map((role) => (
        <div key={role} class="nr-check">
          <input
            type="radio"
            id={`${props.id}-${role}`}
            name="role"
            value={role}
            checked={props.value === role}
            required
            aria-describedby={`${props.id}-${role}-hint`}
            aria-invalid={props.error ? 'true' : undefined}
          />
          <label for={`${props.id}-${role}`}>{ROLE_LABELS[role]}</label>
          <p class="nr-hint" id={`${props.id}-${role}-hint`}>
            {ROLE_DESCRIPTIONS[role]}
          </p>
        </div>
      ))}
      {props.error ? (
        <p class="nr-field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** "Email the link to them" (ticked by default); only offered when email is on. */
export function EmailLinkCheckbox(props: { id: string; email: string; checked: boolean }) {
  return (
    <div class="nr-check">
      <input type="checkbox" id={props.id} name="sendEmail" value="on" checked={props.checked} aria-describedby={`${props.id}-hint`} />
      <label for={props.id}>Email the link to them</label>
      <p class="nr-hint" id={`${props.id}-hint`}>
        To {props.email || 'the address above'}. The link is also shown to you on the next page, to pass on yourself.
      </p>
    </div>
  );
}
