import { Alert, Button, Group, Stack } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { FormEvent, ReactNode } from 'react';
import { FormAlert } from './form-alert.tsx';

type ModalFormProps = {
  /** Called on submit; the browser's own validation and page load are left out. */
  onSubmit: () => void;
  /** The failed submit's error; pass null while field errors already say what is wrong. */
  error: unknown;
  /** Visible text of the submit button, e.g. "Create inbox". */
  submitLabel: string;
  submitting: boolean;
  onCancel: () => void;
  /** The fields. */
  children: ReactNode;
};

/** The form inside a modal: its fields, the error of a failed submit, then Cancel and the submit button. */
export function ModalForm({ onSubmit, error, submitLabel, submitting, onCancel, children }: ModalFormProps) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {children}
        <FormAlert error={error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type ModalResultProps = {
  /** The first thing read: what to do with the result. A warning when it will not be shown again. */
  notice: ReactNode;
  tone: 'warning' | 'success';
  /** The result itself, usually a `CopyField`, and how to use it. */
  children: ReactNode;
  onDone: () => void;
};

/** What a modal's form made and the person copies before closing it: a notice, the result, then Done. */
export function ModalResult({ notice, tone, children, onDone }: ModalResultProps) {
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
