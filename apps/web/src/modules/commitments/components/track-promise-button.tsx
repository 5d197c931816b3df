import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { errorMessage } from '../../../app/api-client.ts';
import { useCreateCommitment } from '../commitments.api.ts';

/** Beside a promise the coach spotted in a draft: records it as a commitment with the due time it read. */
export function TrackPromiseButton(props: { conversationId: string; what: string; dueAt: string }) {
  const create = useCreateCommitment(props.conversationId);
  const what = props.what.trim().replace(/\s+/g, ' ').slice(0, 500);
  if (create.isSuccess) {
    return (
      <Button size="compact-xs" variant="default" leftSection={<IconCheck size={12} aria-hidden />} disabled>
        Tracked
      </Button>
    );
  }
  return (
    <Button
      size="compact-xs"
      variant="light"
      loading={create.isPending}
      onClick={() =>
        create.mutate(
          { what, dueAt: props.dueAt, source: 'coach' },
          {
            onSuccess: () =>
              notifications.show({ message: 'Promise tracked. You will be reminded before it falls due.' }),
            onError: (error) =>
              notifications.show({ color: 'red', title: 'Not tracked', message: errorMessage(error) }),
          },
        )
      }
    >
      Track this promise
    </Button>
  );
}
