import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Group, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { metricDefinitions, type QualityMetricId, qualityMetricIds } from '@rapport/contracts';
import { useMemo, useState } from 'react';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useQuality } from '../analytics.api.ts';
import { formatMetric, percentCell } from '../analytics-format.ts';
import { type Cell, ChartCard } from '../components/chart-card.tsx';

const definitionOf = (id: QualityMetricId) => metricDefinitions.find((metric) => metric.id === id);

const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const daysAgo = (n: number) => isoDay(new Date(Date.now() - n * 86_400_000));
const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * A person's own quality: how their customers felt, whether their promises held, what they did
 * to recover a poor experience, and their room right now. Only their numbers: no colleague, no
 * ranking, no volume or handle time.
 */
export function QualityPage() {
  const [range, setRange] = useState('30');
  const from = daysAgo(Number(range) - 1);
  const to = daysAgo(0);
  const quality = useQuality({ from, to });
  const data = quality.data;

  const rows = useMemo<Cell[][]>(
    () =>
      (data?.series ?? [])
        .filter((p) => p.values.csat.count > 0 || p.values.effort.count > 0 || p.values.promises_kept.count > 0)
        .map((p) => [
          p.day,
          round2(p.values.csat.value),
          percentCell(p.values.csat.share),
          p.values.csat.count,
          round2(p.values.effort.value),
          percentCell(p.values.effort.share),
          p.values.promises_kept.count,
          percentCell(p.values.promises_kept.value),
        ]),
    [data],
  );

  const subtitle = (id: QualityMetricId): string => {
    const value = data?.totals[id];
    if (!value) return '';
    if (id === 'csat')
      return `${formatMetric('percent', value.share ?? null)} satisfied (4–5) · ${plural(value.count, 'answer', 'answers')}`;
    if (id === 'effort')
      return `${formatMetric('percent', value.share ?? null)} easy (1–3 of 7) · ${plural(value.count, 'answer', 'answers')}`;
    if (id === 'promises_kept') return `of ${plural(value.count, 'promise', 'promises')} kept or broken`;
    return 'a customer’s poor experience followed up';
  };
  const headline = (id: QualityMetricId): string => {
    const value = data?.totals[id];
    if (!value) return '—';
    if (id === 'csat') return value.value === null ? '—' : `${value.value.toFixed(1)} of 5`;
    if (id === 'effort') return value.value === null ? '—' : `${value.value.toFixed(1)} of 7`;
    if (id === 'promises_kept') return formatMetric('percent', value.value);
    return formatMetric('count', value.value);
  };

  return (
    <>
      <PageHeader
        title="My quality"
        description="How your customers felt and whether your promises held: yours alone, to learn from. Never a ranking, and never how fast or how many."
      />
      <Group mb="lg">
        <SegmentedControl
          aria-label="Range"
          value={range}
          onChange={setRange}
          data={[
            { value: '30', label: '30 days' },
            { value: '90', label: '90 days' },
            { value: '365', label: '12 months' },
          ]}
        />
      </Group>
      {quality.isPending ? <LoadingBlock label="Loading your numbers…" /> : null}
      {quality.isError ? <QueryError error={quality.error} onRetry={() => quality.refetch()} /> : null}
      {data ? (
        <Stack gap="lg" aria-busy={quality.isFetching}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="md" aria-label="Summary">
            {qualityMetricIds.map((id) => (
              <Paper key={id} withBorder radius="md" p="md" data-metric={id}>
                <Text size="sm" c="dimmed" fw={500}>
                  {definitionOf(id)?.name}
                </Text>
                <Text fz={26} fw={700} className="tabular-nums" lh={1.3}>
                  {headline(id)}
                </Text>
                <Text size="xs" c="dimmed">
                  {subtitle(id)}
                </Text>
              </Paper>
            ))}
            <Paper withBorder radius="md" p="md" data-metric="workload">
              <Text size="sm" c="dimmed" fw={500}>
                Workload now
              </Text>
              <Text fz={26} fw={700} className="tabular-nums" lh={1.3}>
                {data.workload.active} of {data.workload.capacity}
              </Text>
              <Progress
                mt={6}
                value={
                  data.workload.capacity > 0 ? Math.min(100, (data.workload.active / data.workload.capacity) * 100) : 0
                }
                color={data.workload.active >= data.workload.capacity ? 'orange' : 'indigo'}
                aria-label={`Active conversations: ${data.workload.active} of ${data.workload.capacity}`}
              />
            </Paper>
          </SimpleGrid>
          <ChartCard
            title="Satisfaction and effort over time"
            description={`${definitionOf('csat')?.definition} ${definitionOf('effort')?.definition}`}
            fileName={`my-quality-${from}-${to}`}
            columns={[
              'Day',
              'CSAT average (1–5)',
              'Satisfied (%)',
              'Answers',
              'Effort average (1–7)',
              'Easy (%)',
              'Promises kept or broken',
              'Kept (%)',
            ]}
            rows={rows}
            chart={
              <LineChart
                h={240}
                data={rows.map((row) => ({
                  day: String(row[0]).slice(5),
                  'Satisfied (%)': row[2],
                  'Easy (%)': row[5],
                  'Promises kept (%)': row[7],
                }))}
                dataKey="day"
                withLegend
                connectNulls
                yAxisProps={{ domain: [0, 100] }}
                series={[
                  { name: 'Satisfied (%)', color: 'teal.6' },
                  { name: 'Easy (%)', color: 'indigo.6' },
                  { name: 'Promises kept (%)', color: 'orange.6' },
                ]}
              />
            }
            empty="No survey answers or settled promises in this range yet."
          />
        </Stack>
      ) : null}
    </>
  );
}
