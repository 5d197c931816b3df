import { Button, Code, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ApiToken } from '@rapport/contracts';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useApiTokens, useRevokeApiToken } from '../auth.api.ts';
import { CreateApiTokenModal } from '../components/create-api-token-modal.tsx';

export function ApiTokensPage() {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const closeRevoke = () => {
    setRevoking(null);
    revoke.reset();
  };

  const confirmRevoke = () => {
    if (!revoking) return;
    const { name } = revoking;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        closeRevoke();
        notifications.show({ message: `Token “${name}” revoked.` });
      },
    });
  };

  const newTokenButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      New token
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and integrations use the Rapport API as you. Treat them like passwords."
        actions={tokens.data && tokens.data.length > 0 ? newTokenButton : undefined}
      />

      {tokens.isPending ? <LoadingBlock /> : null}
      {tokens.isError ? <QueryError error={tokens.error} onRetry={() => tokens.refetch()} /> : null}
      {tokens.data?.length === 0 ? (
        <EmptyPanel
          icon={<IconKey size={28} aria-hidden />}
          title="You have no tokens yet"
          description="Create one when a script or another tool needs to read or change things in Rapport for you."
          actions={newTokenButton}
        />
      ) : null}
      {tokens.data && tokens.data.length > 0 ? (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table>
              <caption className="visually-hidden">API tokens</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td fw={500}>{token.name}</Table.Td>
                    <Table.Td>
                      <Code>{token.prefix}…</Code>
                    </Table.Td>
                    <Table.Td className="tabular-nums">{formatDateTime(token.createdAt)}</Table.Td>
                    <Table.Td className="tabular-nums">
                      {token.lastUsedAt ? (
                        formatDateTime(token.lastUsedAt)
                      ) : (
                        <Text c="dimmed" size="sm">
                          Never
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button variant="subtle" color="red" size="xs" onClick={() => setRevoking(token)}>
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}

      <CreateApiTokenModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke token"
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={confirmRevoke}
        onClose={closeRevoke}
      >
        Anything that uses this token stops working at once. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
