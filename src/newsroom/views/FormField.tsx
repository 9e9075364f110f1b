import type { ComponentChildren } from 'preact';

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

/** The ids a control's aria-describedby should name: its hint and its error, when it has them. */
export function describedBy(id: string, parts: { hint?: unknown; error?: unknown }): string | undefined {
  return [parts.hint ? `${id}-hint` : '', parts.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/**
 * A label, any control (the child, with id `id` and aria-describedby from describedBy()), an optional hint and
 * error: for selects, textareas and number fields that FormField's text input does not cover.
 */
export function FieldShell(props: { id: string; label: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class="nr-field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <p class="nr-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="nr-field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled select with a hint and an optional error; `value` picks the selected option. */
export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  hint: string;
  error?: string | undefined;
  value: string;
  options: { value: string; label: string }[];
}) {
  return (
    <FieldShell id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <select
        id={props.id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, { hint: true, error: props.error })}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
