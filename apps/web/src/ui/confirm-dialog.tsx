import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ReactNode, useState } from 'react';
import { FormAlert } from './form-alert.tsx';

type ConfirmDialogProps = {
  opened: boolean;
  title: string;
  children: ReactNode;
  /** Visible text of the confirming button, e.g. "Deactivate". */
  confirmLabel: string;
  danger?: boolean;
  loading?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
};

/** Asks before a change that is hard to undo; the safe choice has the focus. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { opened, title, children, confirmLabel, danger, loading, error, onConfirm, onClose } = props;
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="md">
      <Stack gap="md">
        {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
        <FormAlert error={error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color={danger ? 'red' : undefined} loading={loading} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

type RemoveMutation = {
  mutate: (id: string, options: { onSuccess: () => void }) => void;
  isPending: boolean;
  error: unknown;
  reset: () => void;
};

/**
 * Asking before a record is removed (deleted, revoked): `ask(record)` opens the dialog, confirming runs
 * `remove` on the record's id and then says `done(record)`. Closing forgets a failed attempt.
 */
export function useConfirmRemoval<T extends { id: string }>(remove: RemoveMutation, done: (record: T) => string) {
  const [record, setRecord] = useState<T | null>(null);
  const close = () => {
    setRecord(null);
    remove.reset();
  };
  const confirm = () => {
    if (!record) return;
    const message = done(record);
    remove.mutate(record.id, {
      onSuccess: () => {
        close();
        notifications.show({ message });
      },
    });
  };
  return {
    /** The record being asked about, while the dialog is open. */
    record,
    ask: (next: T) => setRecord(next),
    /** Spread on the `ConfirmDialog`, which adds its title, confirm label and text. */
    dialog: {
      opened: record !== null,
      danger: true,
      loading: remove.isPending,
      error: remove.error,
      onConfirm: confirm,
      onClose: close,
    },
  };
}
