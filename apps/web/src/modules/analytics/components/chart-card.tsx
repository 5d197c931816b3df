import { Button, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { type ReactNode, useId, useState } from 'react';
import { downloadCsv, toCsv } from '../analytics-format.ts';

export type Cell = string | number | null;

/**
 * A chart with its numbers: the same rows shown as a table and downloaded as CSV, so what a
 * person exports is exactly what they saw.
 */
export function ChartCard(props: {
  title: string;
  description?: ReactNode;
  controls?: ReactNode;
  chart?: ReactNode;
  columns: string[];
  rows: Cell[][];
  fileName: string;
  empty?: string;
}) {
  const [view, setView] = useState<'chart' | 'table'>(props.chart ? 'chart' : 'table');
  const titleId = useId();
  const hasRows = props.rows.length > 0;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId} data-chart={props.fileName}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={2} maw={560}>
            <Title order={2} fz="h4" id={titleId}>
              {props.title}
            </Title>
            {props.description ? (
              <Text size="sm" c="dimmed">
                {props.description}
              </Text>
            ) : null}
          </Stack>
          <Group gap="xs" wrap="wrap">
            {props.controls}
            {props.chart ? (
              <SegmentedControl
                size="xs"
                value={view}
                onChange={(value) => setView(value as 'chart' | 'table')}
                data={[
                  { value: 'chart', label: 'Chart' },
                  { value: 'table', label: 'Table' },
                ]}
                aria-label={`Show ${props.title} as`}
              />
            ) : null}
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} aria-hidden />}
              disabled={!hasRows}
              onClick={() => downloadCsv(`${props.fileName}.csv`, toCsv(props.columns, props.rows))}
              aria-label={`Download ${props.title} as CSV`}
            >
              CSV
            </Button>
          </Group>
        </Group>
        {!hasRows ? (
          <Text size="sm" c="dimmed" py="lg" ta="center">
            {props.empty ?? 'Nothing in this range yet.'}
          </Text>
        ) : view === 'chart' && props.chart ? (
          props.chart
        ) : (
          <Table.ScrollContainer minWidth={480} mah={360}>
            <Table striped verticalSpacing={6} stickyHeader>
              <caption className="visually-hidden">{props.title}</caption>
              <Table.Thead>
                <Table.Tr>
                  {props.columns.map((column, index) => (
                    <Table.Th key={column} ta={index === 0 ? 'left' : 'right'}>
                      {column}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {props.rows.map((row) => (
                  <Table.Tr key={String(row[0])}>
                    {row.map((cell, index) => (
                      <Table.Td
                        // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per card
                        key={index}
                        ta={index === 0 ? 'left' : 'right'}
                        className={index === 0 ? undefined : 'tabular-nums'}
                      >
                        {cell ?? '—'}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

/** A card for what is not measured yet, saying what makes it appear. */
export function PlaceholderCard(props: { title: string; description: string; appearsWhen: string }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" style={{ borderStyle: 'dashed' }}>
      <Stack gap={4}>
        <Title order={2} fz="h4">
          {props.title}
        </Title>
        <Text size="sm" c="dimmed">
          {props.description}
        </Text>
        <Text size="sm" fw={500}>
          {props.appearsWhen}
        </Text>
      </Stack>
    </Paper>
  );
}
