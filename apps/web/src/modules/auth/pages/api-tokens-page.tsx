import { Button, Code, Table, Text } from '@mantine/core';
import type { ApiToken } from '@rapport/contracts';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog, useConfirmRemoval } from '../../../ui/confirm-dialog.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { RecordsPage } from '../../../ui/records-page.tsx';
import { useApiTokens, useRevokeApiToken } from '../auth.api.ts';
import { CreateApiTokenModal } from '../components/create-api-token-modal.tsx';

export function ApiTokensPage() {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const revocation = useConfirmRemoval(revoke, (token: ApiToken) => `Token “${token.name}” revoked.`);
  const [creating, setCreating] = useState(false);

  return (
    <>
      <RecordsPage
        title="API tokens"
        description="Tokens let scripts and integrations use the Rapport API as you. Treat them like passwords."
        query={tokens}
        records={tokens.data}
        addLabel="New token"
        onAdd={() => setCreating(true)}
        empty={{
          icon: <IconKey size={28} aria-hidden />,
          title: 'You have no tokens yet',
          description: 'Create one when a script or another tool needs to read or change things in Rapport for you.',
        }}
        table={{
          caption: 'API tokens',
          minWidth: 640,
          columns: [
            { label: 'Name' },
            { label: 'Token' },
            { label: 'Created' },
            { label: 'Last used' },
            { label: 'Actions', hidden: true },
          ],
        }}
      >
        {(token) => (
          <>
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
              <Button variant="subtle" color="red" size="xs" onClick={() => revocation.ask(token)}>
                Revoke
              </Button>
            </Table.Td>
          </>
        )}
      </RecordsPage>

      <CreateApiTokenModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        {...revocation.dialog}
        title={`Revoke “${revocation.record?.name ?? ''}”?`}
        confirmLabel="Revoke token"
      >
        Anything that uses this token stops working at once. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
