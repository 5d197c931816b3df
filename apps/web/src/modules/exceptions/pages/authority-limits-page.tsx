import { ActionIcon, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type AuthorityLimit, type ExceptionType, exceptionTypeLabels, exceptionTypes } from '@rapport/contracts';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useAuthorityLimits, useSaveAuthorityLimits } from '../exceptions.api.ts';

type Row = { key: number; role: 'agent' | 'admin'; type: ExceptionType; currency: string; amount: number | string };

let nextKey = 1;

/** Admins set how much each role may grant on its own, per exception type and currency. */
export function AuthorityLimitsPage() {
  const limits = useAuthorityLimits();
  const save = useSaveAuthorityLimits();
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    if (limits.data && rows === null)
      setRows(
        limits.data.map((limit) => ({
          key: nextKey++,
          role: limit.role,
          type: limit.type,
          currency: limit.currency,
          amount: limit.maxAmountMinor / 100,
        })),
      );
  }, [limits.data, rows]);
  const update = (key: number, change: Partial<Row>) =>
    setRows((current) => (current ?? []).map((row) => (row.key === key ? { ...row, ...change } : row)));

  const submit = () => {
    const body: AuthorityLimit[] = (rows ?? []).map((row) => ({
      role: row.role,
      type: row.type,
      currency: row.currency.toUpperCase(),
      maxAmountMinor: Math.round(Number(row.amount || 0) * 100),
    }));
    save.mutate(body, {
      onSuccess: () => notifications.show({ message: 'Authority limits saved.' }),
      onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
    });
  };

  return (
    <>
      <PageHeader
        title="Authority limits"
        description="How much each role may grant as a goodwill exception without asking. Above the limit, the exception goes to admins for approval. A type or currency without a limit needs approval for agents."
      />
      {limits.isPending || rows === null ? (
        limits.isError ? (
          <QueryError error={limits.error} title="Limits could not be loaded" onRetry={() => limits.refetch()} />
        ) : (
          <LoadingBlock />
        )
      ) : (
        <Stack gap="md" maw={760}>
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Currency</Table.Th>
                  <Table.Th>Up to (major units)</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Remove</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  <Table.Tr key={row.key}>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={`Role, limit ${index + 1}`}
                        data={[
                          { value: 'agent', label: 'Agent' },
                          { value: 'admin', label: 'Admin' },
                        ]}
                        value={row.role}
                        allowDeselect={false}
                        onChange={(value) => value && update(row.key, { role: value as Row['role'] })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={`Type, limit ${index + 1}`}
                        data={exceptionTypes.map((value) => ({ value, label: exceptionTypeLabels[value] }))}
                        value={row.type}
                        allowDeselect={false}
                        onChange={(value) => value && update(row.key, { type: value as ExceptionType })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={`Currency, limit ${index + 1}`}
                        value={row.currency}
                        maxLength={3}
                        w={80}
                        onChange={(event) => update(row.key, { currency: event.currentTarget.value.toUpperCase() })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        size="xs"
                        aria-label={`Amount, limit ${index + 1}`}
                        value={row.amount}
                        min={0}
                        decimalScale={2}
                        onChange={(value) => update(row.key, { amount: value })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove limit ${index + 1}`}
                        onClick={() => setRows(rows.filter((other) => other.key !== row.key))}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              No limits yet: every exception an agent records with a value goes to admins for approval.
            </Text>
          ) : null}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() =>
                setRows([...rows, { key: nextKey++, role: 'agent', type: 'refund', currency: 'EUR', amount: 50 }])
              }
            >
              Add a limit
            </Button>
            <Button onClick={submit} loading={save.isPending}>
              Save limits
            </Button>
          </Group>
        </Stack>
      )}
    </>
  );
}
