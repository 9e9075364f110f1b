import { FormField } from './FormField.js';

/** "New password" with its length hint, and "New password again": the pair every password form asks for. */
export function NewPasswordFields(props: {
  /** The inputs' ids and the new password's field name; the confirmation is always posted as `confirmPassword`. */
  ids: { password: string; confirm: string };
  name: string;
  minLength: number;
  errors: { password?: string | undefined; confirmPassword?: string | undefined };
  autofocus?: boolean;
}) {
  return (
    <>
      <FormField
        id={props.ids.password}
        name={props.name}
        label="New password"
        type="password"
        autocomplete="new-password"
        minLength={props.minLength}
        maxLength={1024}
        hint={`At least ${props.minLength} characters. A few unrelated words make a strong password that is easy to type.`}
        error={props.errors.password}
        autofocus={props.autofocus}
      />
      <FormField
        id={props.ids.confirm}
        name="confirmPassword"
        label="New password again"
        type="password"
        autocomplete="new-password"
        maxLength={1024}
        error={props.errors.confirmPassword}
      />
    </>
  );
}
