import { Alert, Button, Group, type MantineSpacing, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
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
  /** Called on submit; the browser's own validation and page load are left out. */
  onSubmit: () => void;
  /** A dimmed sentence above the fields: what happens once the form is sent. */
  intro?: ReactNode;
  /** The failed submit, shown above the buttons; pass null while a field error explains it. */
  error: unknown;
  /** The fields. */
  children: ReactNode;
};

/** A dialog's form that checks its own fields and shows their errors beside them, not the browser's. */
export function DialogForm({ onSubmit, intro, error, children, ...actions }: DialogFormProps) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
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

type DialogResultProps = {
  /** The first thing read: what to do with the result. A warning when it will not be shown again. */
  notice: ReactNode;
  tone: 'warning' | 'success';
  /** The result itself, usually a `CopyField`, and how to use it. */
  children: ReactNode;
  onDone: () => void;
};

/** What a dialog's form made and the person copies before closing it: a notice, the result, then Done. */
export function DialogResult({ notice, tone, children, onDone }: DialogResultProps) {
  const warning = tone === 'warning';
  return (
    <Stack gap="md">
      <Alert
        color={warning ? 'yellow' : 'teal'}
        variant="light"
        icon={warning ? <IconAlertTriangle aria-hidden /> : <IconCircleCheck aria-hidden />}
      >
        {notice}
      </Alert>
      {children}
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
