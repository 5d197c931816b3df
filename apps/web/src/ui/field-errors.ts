import { type ChangeEvent, useState } from 'react';

/** Drops one field's message once the person edits that field, so stale errors do not linger. */
export function withoutField(errors: Record<string, string>, field: string): Record<string, string> {
  if (!(field in errors)) return errors;
  const { [field]: _removed, ...rest } = errors;
  return rest;
}

/** A form's messages by field, as the form's own checks and the API's `fields` name them. */
export function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const clear = (field: string) => setErrors((current) => withoutField(current, field));
  /** The value, change handler and message of a text input; typing in it drops its message. */
  const textField = (field: string, value: string, setValue: (value: string) => void) => ({
    value,
    error: errors[field],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      setValue(event.currentTarget.value);
      clear(field);
    },
  });
  return { errors, setErrors, clear, textField };
}
