import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { exceptionTypeLabels, formatMoney, type GoodwillException } from '@rapport/contracts';
import { IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../app/api-client.ts';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useDecideException, useExceptionReport, useExceptions } from '../exceptions.api.ts';

/** Admins: exceptions above an agent's authority wait here; the report shows which policies bend most. */
export function ApprovalsPage() {
  const pending = useExceptions('pending_approval');
  const report = useExceptionReport();
  return (
    <>
      <PageHeader
        title="Exceptions"
        description="Goodwill exceptions above an agent's authority wait for your approval. Once approved, the agent who asked tells the customer."
      />
      <Title order={2} fz="h4" mb="sm">
        Waiting for approval
      </Title>
      {pending.isPending ? (
        <LoadingBlock />
      ) : pending.isError ? (
        <QueryError error={pending.error} title="Approvals could not be loaded" onRetry={() => pending.refetch()} />
      ) : pending.data.length === 0 ? (
        <EmptyPanel
          icon={<IconChecks size={28} aria-hidden />}
          title="Nothing waiting"
          description="Exceptions within an agent's authority are granted at once and do not come here."
        />
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {pending.data.map((exception) => (
            <ApprovalCard key={exception.id} exception={exception} />
          ))}
        </Stack>
      )}

      <Title order={2} fz="h4" mt="xl" mb="sm">
        Exceptions by policy
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Exceptions given (granted, approved or delivered). A policy excepted often may be worth changing.
      </Text>
      {report.data && report.data.policies.length > 0 ? (
        <Table.ScrollContainer minWidth={520}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Policy</Table.Th>
                <Table.Th ta="right">Exceptions</Table.Th>
                <Table.Th>Types</Table.Th>
                <Table.Th ta="right">Total value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.policies.map((policy) => (
                <Table.Tr key={policy.policy}>
                  <Table.Td>{policy.policy}</Table.Td>
                  <Table.Td ta="right">{policy.count}</Table.Td>
                  <Table.Td>
                    {Object.entries(policy.byType)
                      .map(
                        ([type, count]) =>
                          `${exceptionTypeLabels[type as keyof typeof exceptionTypeLabels] ?? type} ${count}`,
                      )
                      .join(', ')}
                  </Table.Td>
                  <Table.Td ta="right">{policy.totals.map((total) => formatMoney(total)).join(' + ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Text size="sm" c="dimmed">
          {report.isPending ? 'Loading…' : 'No exception given yet.'}
        </Text>
      )}
    </>
  );
}

function ApprovalCard({ exception }: { exception: GoodwillException }) {
  const decide = useDecideException();
  const [note, setNote] = useState('');
  const act = (approve: boolean) =>
    decide.mutate(
      { id: exception.id, approve, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () =>
          notifications.show({
            message: approve
              ? `Approved. ${exception.requestedBy?.name ?? 'The agent'} will tell the customer.`
              : 'Not approved; the agent has been told why.',
          }),
        onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
      },
    );
  return (
    <Card component="li" withBorder padding="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Text fw={600}>
            {exceptionTypeLabels[exception.type]} of {formatMoney(exception.value)}
          </Text>
          <Text size="sm" c="dimmed">
            Asked by {exception.requestedBy?.name ?? 'an agent'} on{' '}
            <Anchor component={Link} to={`/inbox/all/${encodeURIComponent(exception.conversationId)}`}>
              conversation {exception.conversationNumber}
            </Anchor>{' '}
            · {formatDateTime(exception.createdAt)}
          </Text>
        </Stack>
        <Badge variant="light" color="yellow" style={{ flex: 'none' }}>
          Waiting
        </Badge>
      </Group>
      <Text size="sm" mt="xs">
        <strong>Policy:</strong> {exception.policy}
      </Text>
      <Text size="sm">
        <strong>Why:</strong> {exception.reason}
      </Text>
      <Group mt="sm" align="flex-end" gap="xs">
        <TextInput
          size="xs"
          label="Note to the agent"
          description="Required when you say no."
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          style={{ flex: 1, minWidth: 200 }}
        />
        <Button size="xs" onClick={() => act(true)} loading={decide.isPending && decide.variables?.approve}>
          Approve
        </Button>
        <Button
          size="xs"
          variant="light"
          color="red"
          disabled={!note.trim()}
          onClick={() => act(false)}
          loading={decide.isPending && decide.variables?.approve === false}
        >
          Say no
        </Button>
      </Group>
    </Card>
  );
}
