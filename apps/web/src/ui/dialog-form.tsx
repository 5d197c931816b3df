import { Button, Group, type MantineSpacing, Stack, Text } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { FormAlert } from './form-alert.tsx';

type FormActionsProps = {
  /** Visible text of the submit button: what submitting does, e.g. "Request handoff". */
  submitLabel: string;
  onCancel: () => void;
  loading: boolean;
  danger?: boolean;
  disabled?: boolean;
  gap?: MantineSpacing;
};

/** The foot of a dialog's form: Cancel, then the button that submits. */
export function FormActions({ submitLabel, onCancel, loading, danger, disabled, gap = 'sm' }: FormActionsProps) {
  return (
    <Group justify="flex-end" gap={gap}>
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" color={danger ? 'red' : undefined} loading={loading} disabled={disabled}>
        {submitLabel}
      </Button>
    </Group>
  );
}

type DialogFormProps = Omit<FormActionsProps, 'gap'> & {
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** A dimmed sentence above the fields: what happens once the form is sent. */
  intro?: ReactNode;
  /** The failed submit, shown above the buttons; pass null while a field error explains it. */
  error: unknown;
  children: ReactNode;
};

/** A dialog's form that checks its own fields and shows their errors beside them, not the browser's. */
export function DialogForm({ onSubmit, intro, error, children, ...actions }: DialogFormProps) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {intro ? (
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        ) : null}
        {children}
        <FormAlert error={error} />
        <FormActions {...actions} />
      </Stack>
    </form>
  );
}
