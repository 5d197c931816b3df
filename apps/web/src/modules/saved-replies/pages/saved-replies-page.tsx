import { Button, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SavedReply } from '@rapport/contracts';
import { IconMessageReply, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { SavedReplyModal } from '../components/saved-reply-modal.tsx';
import { useDeleteSavedReply, useSavedReplies } from '../saved-replies.api.ts';

export function SavedRepliesPage() {
  const replies = useSavedReplies();
  const remove = useDeleteSavedReply();
  const [editing, setEditing] = useState<{ reply: SavedReply | null } | null>(null);
  const [deleting, setDeleting] = useState<SavedReply | null>(null);

  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  const newButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ reply: null })}>
      New saved reply
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Saved replies"
        description="Starting points for answers the team writes often. Agents personalise them before sending; placeholders such as the customer’s first name fill in on their own."
        actions={replies.data && replies.data.length > 0 ? newButton : undefined}
      />
      {replies.isPending ? <LoadingBlock /> : null}
      {replies.isError ? <QueryError error={replies.error} onRetry={() => replies.refetch()} /> : null}
      {replies.data?.length === 0 ? (
        <EmptyPanel
          icon={<IconMessageReply size={28} aria-hidden />}
          title="No saved replies yet"
          description="Write the replies your team sends most, in your own voice. Keep them short: they are a start, not a script."
          actions={newButton}
        />
      ) : null}
      {replies.data && replies.data.length > 0 ? (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={720}>
            <Table>
              <caption className="visually-hidden">Saved replies</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="25%">Title</Table.Th>
                  <Table.Th>Reply</Table.Th>
                  <Table.Th w={180}>Changed</Table.Th>
                  <Table.Th w={160}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {replies.data.map((reply) => (
                  <Table.Tr key={reply.id}>
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
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
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
                          onClick={() => setDeleting(reply)}
                        >
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}
      <SavedReplyModal opened={editing !== null} reply={editing?.reply ?? null} onClose={() => setEditing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete “${deleting?.title ?? ''}”?`}
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (!deleting) return;
          const { id, title } = deleting;
          remove.mutate(id, {
            onSuccess: () => {
              closeDelete();
              notifications.show({ message: `Saved reply “${title}” deleted.` });
            },
          });
        }}
        onClose={closeDelete}
      >
        Agents will no longer find it in the composer. Replies already sent are not affected.
      </ConfirmDialog>
    </>
  );
}
