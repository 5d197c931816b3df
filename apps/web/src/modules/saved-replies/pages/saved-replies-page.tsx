import { Button, Table, Text } from '@mantine/core';
import type { SavedReply } from '@rapport/contracts';
import { IconMessageReply } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog, useConfirmRemoval } from '../../../ui/confirm-dialog.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { RecordsPage } from '../../../ui/records-page.tsx';
import { RowActions } from '../../../ui/records-table.tsx';
import { SavedReplyModal } from '../components/saved-reply-modal.tsx';
import { useDeleteSavedReply, useSavedReplies } from '../saved-replies.api.ts';

export function SavedRepliesPage() {
  const replies = useSavedReplies();
  const remove = useDeleteSavedReply();
  const removal = useConfirmRemoval(remove, (reply: SavedReply) => `Saved reply “${reply.title}” deleted.`);
  const [editing, setEditing] = useState<{ reply: SavedReply | null } | null>(null);

  return (
    <>
      <RecordsPage
        title="Saved replies"
        description="Starting points for answers the team writes often. Agents personalise them before sending; placeholders such as the customer’s first name fill in on their own."
        query={replies}
        records={replies.data}
        addLabel="New saved reply"
        onAdd={() => setEditing({ reply: null })}
        empty={{
          icon: <IconMessageReply size={28} aria-hidden />,
          title: 'No saved replies yet',
          description:
            'Write the replies your team sends most, in your own voice. Keep them short: they are a start, not a script.',
        }}
        table={{
          caption: 'Saved replies',
          minWidth: 720,
          columns: [
            { label: 'Title', w: '25%' },
            { label: 'Reply' },
            { label: 'Changed', w: 180 },
            { label: 'Actions', hidden: true, w: 160 },
          ],
        }}
      >
        {(reply) => (
          <>
            <Table.Td>
              <Text size="sm" fw={600}>
                {reply.title}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed" lineClamp={2}>
                {reply.body}
              </Text>
            </Table.Td>
            <Table.Td className="tabular-nums">
              <Text size="sm">{formatDateTime(reply.updatedAt)}</Text>
            </Table.Td>
            <RowActions>
              <Button
                variant="subtle"
                size="xs"
                aria-label={`Edit ${reply.title}`}
                onClick={() => setEditing({ reply })}
              >
                Edit
              </Button>
              <Button
                variant="subtle"
                size="xs"
                color="red"
                aria-label={`Delete ${reply.title}`}
                onClick={() => removal.ask(reply)}
              >
                Delete
              </Button>
            </RowActions>
          </>
        )}
      </RecordsPage>
      <SavedReplyModal opened={editing !== null} reply={editing?.reply ?? null} onClose={() => setEditing(null)} />
      <ConfirmDialog {...removal.dialog} title={`Delete “${removal.record?.title ?? ''}”?`} confirmLabel="Delete">
        Agents will no longer find it in the composer. Replies already sent are not affected.
      </ConfirmDialog>
    </>
  );
}
