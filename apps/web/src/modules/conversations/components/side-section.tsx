import { Badge, Button, type ButtonProps, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { FormActions } from '../../../ui/dialog-form.tsx';
import classes from './workspace.module.css';

type SideSectionProps = {
  /** The id of the section's heading, which names the section. */
  headingId: string;
  title: string;
  /** What the person can do here, beside the heading: e.g. a button that opens a dialog. */
  action?: ReactNode;
  children: ReactNode;
};

/** One section of the panel beside a conversation: a small heading, an optional action, its content. */
export function SideSection({ headingId, title, action, children }: SideSectionProps) {
  return (
    <section className={classes.profileSection} aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} fz="sm" id={headingId}>
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </section>
  );
}

/** The section's items as a list, or, while there are none, one sentence saying what belongs here. */
export function SideSectionList<Item>(props: { items: Item[]; empty: string; children: (item: Item) => ReactNode }) {
  if (props.items.length === 0)
    return (
      <Text size="xs" c="dimmed">
        {props.empty}
      </Text>
    );
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {props.items.map(props.children)}
    </Stack>
  );
}

/** An item's first line: what it is, and where it stands as a badge that never wraps under it. */
export function SideItemHeading(props: { status: string; color: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      {props.children}
      <Badge size="sm" variant="light" color={props.color} style={{ flex: 'none' }}>
        {props.status}
      </Badge>
    </Group>
  );
}

type SideItemActionProps = Omit<ButtonProps, 'onClick' | 'loading'> & {
  /** The change to make to one item, given its id. */
  mutation: {
    isPending: boolean;
    variables: string | undefined;
    mutate: (id: string, options: { onSuccess: () => void; onError: (error: unknown) => void }) => void;
  };
  itemId: string;
  /** Said once the change is saved. */
  done: string;
  /** The title of the notice when it fails. */
  failed: string;
  children: ReactNode;
};

/** A one-click change to one item, e.g. marking a promise kept; says how it went in a notice. */
export function SideItemAction({ mutation, itemId, done, failed, ...button }: SideItemActionProps) {
  return (
    <Button
      size="compact-xs"
      variant="default"
      {...button}
      loading={mutation.isPending && mutation.variables === itemId}
      onClick={() =>
        mutation.mutate(itemId, {
          onSuccess: () => notifications.show({ message: done }),
          onError: (error) => notifications.show({ color: 'red', title: failed, message: errorMessage(error) }),
        })
      }
    />
  );
}

/** Whether a side section's dialog shows, and how it goes away. */
export type SideDialogProps = { opened: boolean; onClose: () => void };

type SideSectionDialogProps = SideDialogProps & {
  title: string;
  /** Sends the form, once the browser has found the required fields filled. */
  onSubmit: () => void;
  /** The failed submit's message when no field explains it. */
  alert: string | null;
  submitLabel: string;
  loading: boolean;
  submitDisabled?: boolean;
  children: ReactNode;
};

/** The dialog a side section opens to add or change an item; the browser checks the required fields. */
export function SideSectionDialog(props: SideSectionDialogProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit();
        }}
      >
        <Stack gap="sm">
          {props.children}
          {props.alert ? (
            <Text size="sm" c="red" role="alert">
              {props.alert}
            </Text>
          ) : null}
          <FormActions
            gap="md"
            onCancel={props.onClose}
            submitLabel={props.submitLabel}
            loading={props.loading}
            disabled={props.submitDisabled}
          />
        </Stack>
      </form>
    </Modal>
  );
}
