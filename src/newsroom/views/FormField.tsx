/** A labelled input with an optional hint and error, wired with aria-describedby and aria-invalid. */
export function FormField(props: {
  id: string;
  name: string;
  label: string;
  type: 'email' | 'password' | 'text';
  value?: string;
  autocomplete: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  autofocus?: boolean;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class="nr-field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        minLength={props.minLength}
        maxLength={props.maxLength}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy}
        autofocus={props.autofocus}
      />
      {props.hint ? (
        <p class="nr-hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="nr-field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
