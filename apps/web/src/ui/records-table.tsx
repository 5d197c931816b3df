import { Group, Paper, Table, type TableProps, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

export type RecordsColumn = {
  label: string;
  w?: number | string;
  /** Said on hover, for a heading that needs a word more. */
  title?: string;
  /** Heard by screen readers only, e.g. the column of each row's buttons. */
  hidden?: boolean;
};

export type RecordsTableLayout = {
  /** Names the table for screen readers, e.g. "Inboxes". */
  caption: string;
  columns: RecordsColumn[];
  /** Below this width the table scrolls sideways rather than squeezing its columns. */
  minWidth: number;
  verticalSpacing?: TableProps['verticalSpacing'];
};

type RecordsTableProps<T> = RecordsTableLayout & {
  records: T[];
  /** The cells of one record's row, one `Table.Td` a column. */
  children: (record: T) => ReactNode;
};

function ColumnLabel({ column }: { column: RecordsColumn }) {
  if (column.hidden) return <VisuallyHidden>{column.label}</VisuallyHidden>;
  if (column.title) return <span title={column.title}>{column.label}</span>;
  return column.label;
}

/** A bordered table of records, a row each, under a heading row; it scrolls sideways on narrow screens. */
export function RecordsTable<T extends { id: string }>(props: RecordsTableProps<T>) {
  const { caption, columns, minWidth, verticalSpacing, records, children } = props;
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing={verticalSpacing}>
          <caption className="visually-hidden">{caption}</caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.label} w={column.w}>
                  <ColumnLabel column={column} />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {records.map((record) => (
              <Table.Tr key={record.id}>{children(record)}</Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** The last cell of a row: its buttons, kept on one line at the right. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <Table.Td ta="right">
      <Group gap={4} justify="flex-end" wrap="nowrap">
        {children}
      </Group>
    </Table.Td>
  );
}
