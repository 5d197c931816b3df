import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { type Invitation, roleLabels } from '@rapport/contracts';
import { ConfirmDialog, useConfirmRemoval } from '../../../ui/confirm-dialog.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { RecordsTable } from '../../../ui/records-table.tsx';
import { useInvitations, useRevokeInvitation } from '../users.api.ts';

/** Invitations not yet accepted or revoked, newest first, each revocable. */
export function PendingInvitations() {
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const revocation = useConfirmRemoval<Invitation>(revoke, () => 'Invitation revoked.');

  const pending = (invitations.data ?? [])
    .filter((invitation) => !invitation.acceptedAt && !invitation.revokedAt)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const now = Date.now();

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
        <RecordsTable
          caption="Pending invitations"
          minWidth={640}
          columns={[
            { label: 'Email' },
            { label: 'Role' },
            { label: 'Invited' },
            { label: 'Expires' },
            { label: 'Actions', hidden: true },
          ]}
          records={pending}
        >
          {(invitation) => {
            const expired = new Date(invitation.expiresAt).getTime() < now;
            return (
              <>
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
                  <Button variant="subtle" color="red" size="xs" onClick={() => revocation.ask(invitation)}>
                    Revoke
                  </Button>
                </Table.Td>
              </>
            );
          }}
        </RecordsTable>
      ) : null}

      <ConfirmDialog {...revocation.dialog} title="Revoke this invitation?" confirmLabel="Revoke invitation">
        {`The link sent to ${revocation.record?.email ?? 'this person'} stops working. You can invite them again later.`}
      </ConfirmDialog>
    </Stack>
  );
}
