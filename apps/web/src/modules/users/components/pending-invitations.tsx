import { Badge, Button, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Invitation, roleLabels } from '@rapport/contracts';
import { useState } from 'react';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useInvitations, useRevokeInvitation } from '../users.api.ts';

/** Invitations not yet accepted or revoked, newest first, each revocable. */
export function PendingInvitations() {
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  const pending = (invitations.data ?? [])
    .filter((invitation) => !invitation.acceptedAt && !invitation.revokedAt)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const now = Date.now();

  const closeRevoke = () => {
    setRevoking(null);
    revoke.reset();
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="pending-invitations-heading">
      <Title order={2} fz="h4" id="pending-invitations-heading">
        Pending invitations
      </Title>
      {invitations.isPending ? <LoadingBlock /> : null}
      {invitations.isError ? <QueryError error={invitations.error} onRetry={() => invitations.refetch()} /> : null}
      {invitations.isSuccess && pending.length === 0 ? (
        <Text c="dimmed" size="sm">
          No pending invitations. People you invite show here until they join.
        </Text>
      ) : null}
      {pending.length > 0 ? (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table>
              <caption className="visually-hidden">Pending invitations</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Invited</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pending.map((invitation) => {
                  const expired = new Date(invitation.expiresAt).getTime() < now;
                  return (
                    <Table.Tr key={invitation.id}>
                      <Table.Td>
                        <Text size="sm">{invitation.email ?? 'Anyone with the link'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color="gray">
                          {roleLabels[invitation.role]}
                        </Badge>
                      </Table.Td>
                      <Table.Td className="tabular-nums">
                        <Text size="sm">{formatDateTime(invitation.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td className="tabular-nums">
                        {expired ? (
                          <Badge variant="light" color="yellow">
                            Expired
                          </Badge>
                        ) : (
                          <Text size="sm">{formatDateTime(invitation.expiresAt)}</Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Button variant="subtle" color="red" size="xs" onClick={() => setRevoking(invitation)}>
                          Revoke
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}

      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onClose={closeRevoke}
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              closeRevoke();
              notifications.show({ message: 'Invitation revoked.' });
            },
          });
        }}
      >
        {`The link sent to ${revoking?.email ?? 'this person'} stops working. You can invite them again later.`}
      </ConfirmDialog>
    </Stack>
  );
}
