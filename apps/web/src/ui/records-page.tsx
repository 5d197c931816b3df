import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { EmptyPanel } from './empty-panel.tsx';
import { PageHeader } from './page-header.tsx';
import { LoadingBlock, QueryError } from './query-state.tsx';
import { RecordsTable, type RecordsTableLayout } from './records-table.tsx';

type RecordsPageProps<T> = {
  title: string;
  description: ReactNode;
  /** The query that loads the records: its loading and its failure are shown here. */
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  /** The records once loaded, in the order they are shown. */
  records: T[] | undefined;
  /** Visible text of the button that adds a record, e.g. "New inbox". */
  addLabel: string;
  onAdd: () => void;
  /** What the page says before the first record exists; the add button goes with it. */
  empty: { icon: ReactNode; title: string; description: ReactNode };
  table: RecordsTableLayout;
  /** The cells of one record's row, one `Table.Td` a column. */
  children: (record: T) => ReactNode;
};

/**
 * A settings page that lists one kind of record in a table: its header, then loading, failure, the
 * first-record invitation or the table. The add button sits in the header once a record exists.
 */
export function RecordsPage<T extends { id: string }>(props: RecordsPageProps<T>) {
  const { title, description, query, records, addLabel, onAdd, empty, table, children } = props;
  const addButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>
      {addLabel}
    </Button>
  );
  const hasRecords = records !== undefined && records.length > 0;
  return (
    <>
      <PageHeader title={title} description={description} actions={hasRecords ? addButton : undefined} />
      {query.isPending ? <LoadingBlock /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => query.refetch()} /> : null}
      {records?.length === 0 ? <EmptyPanel {...empty} actions={addButton} /> : null}
      {hasRecords ? (
        <RecordsTable {...table} records={records}>
          {children}
        </RecordsTable>
      ) : null}
    </>
  );
}
