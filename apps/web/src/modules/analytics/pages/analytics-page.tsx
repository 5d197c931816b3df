import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import {
  Alert,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  type AnalyticsDimension,
  type Channel,
  channels,
  type ExceptionType,
  exceptionTypeLabels,
  type LiveMetricId,
  liveMetricIds,
  type MetricUnit,
  metricDefinitions,
} from '@rapport/contracts';
import { useMemo, useState } from 'react';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { type AnalyticsFilters, useAnalyticsMeta, useAnalyticsReport, useWorkload } from '../analytics.api.ts';
import { formatMetric, formatMoney, percentCell } from '../analytics-format.ts';
import { type Cell, ChartCard, PlaceholderCard } from '../components/chart-card.tsx';

const definitionOf = (id: string) => metricDefinitions.find((metric) => metric.id === id);
const unitOf = (id: string): MetricUnit => definitionOf(id)?.unit ?? 'count';
const nameOf = (id: string) => definitionOf(id)?.name ?? id;

const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const daysAgo = (n: number) => isoDay(new Date(Date.now() - n * 86_400_000));

const presets = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
];

/** A number for tables and CSV: durations in minutes, rates in %, ratios to two places. */
function cellValue(unit: MetricUnit, value: number | null): Cell {
  if (value === null) return null;
  if (unit === 'duration') return Math.round(value / 60_000);
  if (unit === 'percent') return Math.round(value * 1000) / 10;
  if (unit === 'ratio' || unit === 'score') return Math.round(value * 100) / 100;
  return value;
}
const unitSuffix = (unit: MetricUnit) => (unit === 'duration' ? ' (min)' : unit === 'percent' ? ' (%)' : '');

/** "01-31" for a day, "2026-01" for a month. */
const axisLabel = (value: Cell | undefined) => {
  const text = String(value ?? '');
  return text.length === 10 ? text.slice(5) : text;
};

const dimensionLabels: Record<AnalyticsDimension, string> = {
  channel: 'Channel',
  inbox: 'Inbox',
  team: 'Team',
  agent: 'Person',
};

export function AnalyticsPage() {
  const meta = useAnalyticsMeta();
  const [preset, setPreset] = useState<string>('30');
  const [from, setFrom] = useState(daysAgo(29));
  const [to, setTo] = useState(daysAgo(0));
  const [inboxId, setInboxId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [by, setBy] = useState<AnalyticsDimension>('channel');
  const [trendMetric, setTrendMetric] = useState<LiveMetricId>('conversations_created');

  const filters: AnalyticsFilters = {
    from,
    to,
    inboxId: inboxId ?? undefined,
    teamId: teamId ?? undefined,
    channel: (channel as Channel | null) ?? undefined,
    agentId: agentId ?? undefined,
    by,
  };
  const report = useAnalyticsReport(filters);
  // Satisfaction by channel, whatever the breakdown table is split by (the same query when it is by channel).
  const byChannel = useAnalyticsReport({ ...filters, by: 'channel' });
  const workload = useWorkload(teamId ?? undefined);
  const data = report.data;

  const trendUnit = unitOf(trendMetric);
  const trendRows = useMemo<Cell[][]>(
    () =>
      (data?.series ?? []).map((point) => {
        const value = point.values[trendMetric];
        return trendUnit === 'duration'
          ? [point.day, cellValue(trendUnit, value.value), cellValue(trendUnit, value.p90), value.count]
          : [point.day, cellValue(trendUnit, value.value), value.count];
      }),
    [data, trendMetric, trendUnit],
  );
  // Up to 62 days a point a day; a longer range a point a month.
  const period = data?.interval === 'month' ? 'Month' : 'Day';
  const trendColumns =
    trendUnit === 'duration'
      ? [period, 'Median (min)', '90th percentile (min)', 'Conversations']
      : [period, `${nameOf(trendMetric)}${unitSuffix(trendUnit)}`, 'Conversations'];

  const reasonRows: Cell[][] = (data?.contactReasons ?? []).map((row) => [row.reason ?? 'No reason given', row.count]);
  const breakdownMetrics = liveMetricIds;
  const breakdownRows: Cell[][] = (data?.breakdown.rows ?? []).map((row) => [
    row.label,
    ...breakdownMetrics.map((id) => cellValue(unitOf(id), row.values[id].value)),
  ]);
  const satisfactionRows: Cell[][] = (byChannel.data?.breakdown.rows ?? [])
    .filter((row) => row.values.csat.count > 0 || row.values.effort.count > 0)
    .map((row) => [
      row.label,
      cellValue('score', row.values.csat.value),
      percentCell(row.values.csat.share),
      row.values.csat.count,
      cellValue('score', row.values.effort.value),
      percentCell(row.values.effort.share),
      row.values.effort.count,
    ]);
  const surveyDays = (data?.series ?? []).filter((p) => p.values.csat.count > 0 || p.values.effort.count > 0);
  const effortRows: Cell[][] = surveyDays.map((point) => [
    point.day,
    cellValue('score', point.values.effort.value),
    percentCell(point.values.effort.share),
    point.values.effort.count,
  ]);
  const promiseRows: Cell[][] = (data?.series ?? [])
    .filter((point) => point.values.promises_kept.count > 0)
    .map((point) => [
      point.day,
      point.values.promises_kept.count,
      Math.round((point.values.promises_kept.value ?? 0) * point.values.promises_kept.count),
      cellValue('percent', point.values.promises_kept.value),
    ]);
  // Quote calibration: per day (or month), the median wait quoted beside the median actual wait,
  // over the same answered quotes, and how many of them were kept.
  const calibrationRows: Cell[][] = (data?.series ?? [])
    .filter((point) => point.values.quotes_kept.count > 0)
    .map((point) => [
      point.day,
      cellValue('duration', point.values.quoted_wait.value),
      cellValue('duration', point.values.quoted_actual_wait.value),
      cellValue('duration', point.values.quoted_wait.p90),
      cellValue('duration', point.values.quoted_actual_wait.p90),
      point.values.quotes_kept.count,
      cellValue('percent', point.values.quotes_kept.value),
    ]);
  const typeLabel = (type: string) => exceptionTypeLabels[type as ExceptionType] ?? type;
  const exceptionRows: Cell[][] = (data?.exceptions ?? []).map((row) => [
    typeLabel(row.type),
    row.policy,
    row.currency,
    row.count,
    row.amountMinor / 100,
  ]);
  const workloadRows: Cell[][] = (workload.data?.agents ?? []).map((agent) => [
    agent.name,
    agent.active,
    agent.capacity,
    agent.availability,
  ]);

  const select = (
    label: string,
    value: string | null,
    onChange: (v: string | null) => void,
    options: { value: string; label: string }[],
  ) => (
    <Select
      label={label}
      placeholder={`All ${label.toLowerCase()}s`}
      data={options}
      value={value}
      onChange={onChange}
      clearable
      searchable
      w={180}
    />
  );

  return (
    <>
      <PageHeader
        title="Analytics"
        description="How customers are served: how soon a person answered, how soon issues were solved and stayed solved, and who has room. Never a ranking of people."
      />
      <Paper
        withBorder
        radius="md"
        p="md"
        mb="lg"
        component="form"
        aria-label="Filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <Group gap="md" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="range-label">
              Range
            </Text>
            <SegmentedControl
              aria-labelledby="range-label"
              value={preset}
              onChange={(value) => {
                setPreset(value);
                setFrom(daysAgo(Number(value) - 1));
                setTo(daysAgo(0));
              }}
              data={[...presets, { value: 'custom', label: 'Custom', disabled: true }]}
            />
          </Stack>
          <TextInput
            type="date"
            label="From"
            value={from}
            max={to}
            onChange={(e) => {
              setPreset('custom');
              if (e.currentTarget.value) setFrom(e.currentTarget.value);
            }}
            w={160}
          />
          <TextInput
            type="date"
            label="To"
            value={to}
            min={from}
            onChange={(e) => {
              setPreset('custom');
              if (e.currentTarget.value) setTo(e.currentTarget.value);
            }}
            w={160}
          />
          {select(
            'Inbox',
            inboxId,
            setInboxId,
            (meta.data?.inboxes ?? []).map((i) => ({ value: i.id, label: i.name })),
          )}
          {select(
            'Team',
            teamId,
            setTeamId,
            (meta.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name })),
          )}
          {select(
            'Channel',
            channel,
            setChannel,
            channels.map((c) => ({ value: c, label: c.charAt(0).toUpperCase() + c.slice(1) })),
          )}
          {select(
            'Person',
            agentId,
            setAgentId,
            (meta.data?.agents ?? []).map((a) => ({ value: a.id, label: a.name })),
          )}
        </Group>
      </Paper>

      {report.isPending ? <LoadingBlock label="Loading analytics…" /> : null}
      {report.isError ? <QueryError error={report.error} onRetry={() => report.refetch()} /> : null}
      {data ? (
        <Stack gap="lg" aria-busy={report.isFetching}>
          {data.staleDays.length > 0 ? (
            <Alert color="blue" variant="light" role="status">
              Catching up with recent changes on{' '}
              {data.staleDays.length === 1 ? 'one day' : `${data.staleDays.length} days`}; numbers settle within
              seconds.
            </Alert>
          ) : null}

          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" aria-label="Summary">
            {liveMetricIds.map((id) => {
              const value = data.totals[id];
              const unit = unitOf(id);
              return (
                <Paper key={id} withBorder radius="md" p="md" data-metric={id}>
                  <Text size="sm" c="dimmed" fw={500}>
                    {nameOf(id)}
                  </Text>
                  <Text fz={26} fw={700} className="tabular-nums" lh={1.3}>
                    {formatMetric(unit, value.value)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {id === 'csat'
                      ? `${formatMetric('percent', value.share ?? null)} satisfied (4–5) · ${value.count.toLocaleString('en')} ${value.count === 1 ? 'answer' : 'answers'}`
                      : id === 'effort'
                        ? `${formatMetric('percent', value.share ?? null)} easy (1–3 of 7) · ${value.count.toLocaleString('en')} ${value.count === 1 ? 'answer' : 'answers'}`
                        : id === 'promises_kept'
                          ? `of ${value.count.toLocaleString('en')} kept or broken`
                          : id === 'quotes_kept'
                            ? `of ${value.count.toLocaleString('en')} answered ${value.count === 1 ? 'quote' : 'quotes'}`
                            : id === 'recovery_tasks_closed' || id === 'exceptions_granted'
                              ? 'in this range'
                              : id === 'unowned_time'
                                ? `average over ${value.count.toLocaleString('en')} resolved`
                                : unit === 'duration'
                                  ? `median · 90th percentile ${formatMetric(unit, value.p90)}`
                                  : id === 'conversations_created'
                                    ? 'started in this range'
                                    : `over ${value.count.toLocaleString('en')} ${value.count === 1 ? 'conversation' : 'conversations'}`}
                  </Text>
                </Paper>
              );
            })}
          </SimpleGrid>

          <ChartCard
            title="Trend"
            description={definitionOf(trendMetric)?.definition}
            fileName={`trend-${trendMetric}-${from}-${to}`}
            controls={
              <Select
                size="xs"
                aria-label="Metric shown in the trend"
                data={liveMetricIds.map((id) => ({ value: id, label: nameOf(id) }))}
                value={trendMetric}
                onChange={(value) => value && setTrendMetric(value as LiveMetricId)}
                allowDeselect={false}
                w={240}
              />
            }
            columns={trendColumns}
            rows={trendRows}
            chart={
              <LineChart
                h={260}
                data={trendRows.map((row) => ({ day: axisLabel(row[0]), value: row[1], p90: row[2] }))}
                dataKey="day"
                series={
                  trendUnit === 'duration'
                    ? [
                        { name: 'value', label: 'Median (min)', color: 'indigo.6' },
                        { name: 'p90', label: '90th percentile (min)', color: 'orange.6' },
                      ]
                    : [{ name: 'value', label: `${nameOf(trendMetric)}${unitSuffix(trendUnit)}`, color: 'indigo.6' }]
                }
                withLegend
                connectNulls={false}
                curveType="monotone"
                yAxisProps={{ allowDecimals: trendUnit !== 'count' }}
                withDots={trendRows.length <= 31}
              />
            }
          />

          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <ChartCard
              title="Top contact reasons"
              description={definitionOf('contact_reasons')?.definition}
              fileName={`contact-reasons-${from}-${to}`}
              columns={['Contact reason', 'Conversations']}
              rows={reasonRows}
              chart={
                <BarChart
                  h={Math.max(160, reasonRows.length * 36)}
                  data={reasonRows.slice(0, 10).map((row) => ({ reason: row[0], Conversations: row[1] }))}
                  dataKey="reason"
                  orientation="vertical"
                  yAxisProps={{ width: 130 }}
                  xAxisProps={{ allowDecimals: false }}
                  series={[{ name: 'Conversations', color: 'teal.6' }]}
                />
              }
            />
            <ChartCard
              title="Workload"
              description="Right now: each person’s active conversations against the capacity set for them."
              fileName="workload"
              columns={['Person', 'Active', 'Capacity', 'Availability']}
              rows={workloadRows}
              chart={
                <Stack gap="xs">
                  {(workload.data?.agents ?? []).map((agent) => (
                    <div key={agent.id}>
                      <Group justify="space-between" gap="xs">
                        <Text size="sm">{agent.name}</Text>
                        <Text size="sm" c="dimmed" className="tabular-nums">
                          {agent.active} of {agent.capacity}
                        </Text>
                      </Group>
                      <Progress
                        value={agent.capacity > 0 ? Math.min(100, (agent.active / agent.capacity) * 100) : 0}
                        color={agent.active >= agent.capacity ? 'orange' : 'indigo'}
                        aria-label={`${agent.name}: ${agent.active} of ${agent.capacity}`}
                      />
                    </div>
                  ))}
                </Stack>
              }
              empty="Nobody works a queue yet."
            />
          </SimpleGrid>

          <ChartCard
            title={`By ${dimensionLabels[by].toLowerCase()}`}
            description="Every metric for each group, in alphabetical order: a comparison to learn from, not a ranking."
            fileName={`by-${by}-${from}-${to}`}
            controls={
              <SegmentedControl
                size="xs"
                value={by}
                onChange={(value) => setBy(value as AnalyticsDimension)}
                data={(Object.keys(dimensionLabels) as AnalyticsDimension[]).map((value) => ({
                  value,
                  label: dimensionLabels[value],
                }))}
                aria-label="Break down by"
              />
            }
            columns={[dimensionLabels[by], ...breakdownMetrics.map((id) => `${nameOf(id)}${unitSuffix(unitOf(id))}`)]}
            rows={breakdownRows}
          />

          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <ChartCard
              title="Satisfaction by channel"
              description={`${definitionOf('csat')?.definition} ${definitionOf('effort')?.definition}`}
              fileName={`satisfaction-by-channel-${from}-${to}`}
              columns={[
                'Channel',
                'CSAT average (1–5)',
                'Satisfied (%)',
                'CSAT answers',
                'Effort average (1–7)',
                'Easy (%)',
                'Effort answers',
              ]}
              rows={satisfactionRows}
              chart={
                <BarChart
                  h={Math.max(180, satisfactionRows.length * 60)}
                  data={satisfactionRows.map((row) => ({
                    channel: row[0],
                    'Satisfied (%)': row[2],
                    'Easy (%)': row[5],
                  }))}
                  dataKey="channel"
                  orientation="vertical"
                  yAxisProps={{ width: 90 }}
                  xAxisProps={{ domain: [0, 100] }}
                  withLegend
                  series={[
                    { name: 'Satisfied (%)', color: 'teal.6' },
                    { name: 'Easy (%)', color: 'indigo.6' },
                  ]}
                />
              }
              empty="No survey answers in this range yet."
            />
            <ChartCard
              title="Customer effort"
              description="The average effort answer (1 very easy to 7 very hard; lower is better) and the share of easy answers, by the day the conversation was resolved."
              fileName={`effort-${from}-${to}`}
              columns={[period, 'Effort average (1–7)', 'Easy (%)', 'Answers']}
              rows={effortRows}
              chart={
                <BarChart
                  h={220}
                  data={effortRows.map((row) => ({ day: axisLabel(row[0]), 'Easy (%)': row[2] }))}
                  dataKey="day"
                  yAxisProps={{ domain: [0, 100] }}
                  series={[{ name: 'Easy (%)', color: 'indigo.6' }]}
                />
              }
              empty="No effort answers in this range yet."
            />
            <ChartCard
              title="Promises kept"
              description={definitionOf('promises_kept')?.definition}
              fileName={`promises-kept-${from}-${to}`}
              columns={[period, 'Promises kept or broken', 'Kept', 'Kept (%)']}
              rows={promiseRows}
              chart={
                <BarChart
                  h={220}
                  data={promiseRows.map((row) => ({
                    day: axisLabel(row[0]),
                    Kept: row[2],
                    Broken: Number(row[1]) - Number(row[2]),
                  }))}
                  dataKey="day"
                  type="stacked"
                  withLegend
                  yAxisProps={{ allowDecimals: false }}
                  series={[
                    { name: 'Kept', color: 'teal.6' },
                    { name: 'Broken', color: 'red.6' },
                  ]}
                />
              }
              empty="No promise was kept or broken in this range."
            />
            <ChartCard
              title="Quote calibration"
              description={`${definitionOf('quoted_wait')?.definition} ${definitionOf('quoted_actual_wait')?.definition} ${definitionOf('quotes_kept')?.definition}`}
              fileName={`quote-calibration-${from}-${to}`}
              columns={[
                period,
                'Quoted median (min)',
                'Actual median (min)',
                'Quoted 90th percentile (min)',
                'Actual 90th percentile (min)',
                'Answered quotes',
                'Kept (%)',
              ]}
              rows={calibrationRows}
              chart={
                <BarChart
                  h={220}
                  data={calibrationRows.map((row) => ({
                    day: axisLabel(row[0]),
                    'Quoted (min)': row[1],
                    'Actual (min)': row[2],
                  }))}
                  dataKey="day"
                  withLegend
                  yAxisProps={{ allowDecimals: false }}
                  series={[
                    { name: 'Quoted (min)', color: 'gray.5' },
                    { name: 'Actual (min)', color: 'indigo.6' },
                  ]}
                />
              }
              empty="No quoted conversation was answered in this range."
            />
            <ChartCard
              title="Exceptions granted"
              description={definitionOf('exceptions_granted')?.definition}
              fileName={`exceptions-${from}-${to}`}
              columns={['Type', 'Policy', 'Currency', 'Granted', 'Total value']}
              rows={exceptionRows}
              chart={
                <BarChart
                  h={Math.max(160, exceptionRows.length * 40)}
                  data={exceptionRows.map((row) => ({ label: `${row[0]} · ${row[1]} (${row[2]})`, Granted: row[3] }))}
                  dataKey="label"
                  orientation="vertical"
                  yAxisProps={{ width: 220 }}
                  xAxisProps={{ allowDecimals: false }}
                  series={[{ name: 'Granted', color: 'grape.6' }]}
                />
              }
              empty="No goodwill exception was granted in this range."
            />
          </SimpleGrid>
          {exceptionRows.length > 0 ? (
            <Text size="sm" c="dimmed" data-testid="exception-totals">
              Total value granted:{' '}
              {[...new Set((data.exceptions ?? []).map((row) => row.currency))]
                .map((currency) =>
                  formatMoney(
                    data.exceptions
                      .filter((row) => row.currency === currency)
                      .reduce((sum, row) => sum + row.amountMinor, 0),
                    currency,
                  ),
                )
                .join(' · ')}
            </Text>
          ) : null}

          {data.pending.length > 0 ? (
            <>
              <Title order={2} fz="h4" mt="sm">
                Not measured yet
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
                {data.pending.map((p) => (
                  <PlaceholderCard
                    key={p.id}
                    title={nameOf(p.id)}
                    description={definitionOf(p.id)?.definition ?? ''}
                    appearsWhen={p.appearsWhen}
                  />
                ))}
              </SimpleGrid>
            </>
          ) : null}
        </Stack>
      ) : null}
    </>
  );
}
