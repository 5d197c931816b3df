import { Button, Center, Stack, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { RecordsTable } from '../../../ui/records-table.tsx';
import { useAuditLog } from '../audit.api.ts';
import { AuditDetails, actionLabel, subjectLabel } from '../components/audit-details.tsx';

export function AuditLogPage() {
  const log = useAuditLog();
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what, and every sign-in, newest first. Entries cannot be edited or deleted."
      />
      {log.isPending ? <LoadingBlock /> : null}
      {log.isError && entries.length === 0 ? <QueryError error={log.error} onRetry={() => log.refetch()} /> : null}
      {log.isSuccess && entries.length === 0 ? (
        <EmptyPanel
          icon={<IconHistory size={28} aria-hidden />}
          title="Nothing recorded yet"
          description="Changes to users, teams and inboxes, and sign-ins, will be listed here."
        />
      ) : null}
      {entries.length > 0 ? (
        <Stack gap="md">
          <RecordsTable
            caption="Audit log"
            minWidth={900}
            verticalSpacing="xs"
            columns={[
              { label: 'Time', w: 190 },
              { label: 'Actor' },
              { label: 'Action' },
              { label: 'Subject' },
              { label: 'Details' },
            ]}
            records={entries}
          >
            {(entry) => (
              <>
                <Table.Td className="tabular-nums" style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" component="time" dateTime={entry.createdAt}>
                    {formatDateTime(entry.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {entry.actor ? (
                    <Text size="sm">{entry.actor.name}</Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      System
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {actionLabel(entry.action)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{subjectLabel(entry)}</Text>
                </Table.Td>
                <Table.Td maw={380}>
                  <AuditDetails entry={entry} />
                </Table.Td>
              </>
            )}
          </RecordsTable>
          {log.isFetchNextPageError ? <QueryError error={log.error} title="Older entries could not be loaded" /> : null}
          <Center>
            {log.hasNextPage ? (
              <Button variant="default" onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
                Load older
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                That is the beginning of the log.
              </Text>
            )}
          </Center>
        </Stack>
      ) : null}
    </>
  );
}
