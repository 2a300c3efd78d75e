import '@mantine/charts/styles.css';
import { BarChart, CompositeChart, DonutChart } from '@mantine/charts';
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Priority, Status } from '#common/tickets.ts';
import { formatNumber } from '../../lib/format.ts';
import { useFormatDate } from '../auth/useFormatDate.ts';
import type { Reports } from './api.ts';
import { type Column, ReportTable } from './ReportTable.tsx';

// One view per report: the headline numbers, a chart and the table — the same numbers the report's
// workbook holds. Colours are Mantine's palette names, which both themes shade legibly.

export function Figure({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
}

function useFormats() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const hours = (value: number | null) =>
    value === null ? '—' : t('reports.work.hours', { value: formatNumber(value, locale, 2) });
  const percent = (value: number | null) =>
    value === null ? '—' : `${formatNumber(value * 100, locale, 1)} %`;
  const count = (value: number) => formatNumber(value, locale, 0);
  const money = (value: number) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 }).format(
      value,
    );
  const number = (value: number) => formatNumber(value, locale, 2);
  const status = (value: string) => t(`tickets.statuses.${value as Status}`, { defaultValue: value });
  const priority = (value: string) => t(`tickets.priorities.${value as Priority}`, { defaultValue: value });
  const none = (value: string | null) => value ?? t('reports.page.none');
  return { t, locale, hours, percent, count, money, number, status, priority, none };
}

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Stack gap={6}>
    <Text fw={600} size="sm">
      {title}
    </Text>
    {children}
  </Stack>
);

const CHART_HEIGHT = 260;

/** Bucket labels: a day or a week's Monday as «9 нояб.», a month as «нояб. 26». */
function useBucketLabel(granularity: 'day' | 'week' | 'month') {
  const { i18n } = useTranslation();
  const options: Intl.DateTimeFormatOptions =
    granularity === 'month'
      ? { month: 'short', year: '2-digit', timeZone: 'UTC' }
      : { day: 'numeric', month: 'short', timeZone: 'UTC' };
  const format = new Intl.DateTimeFormat(i18n.language, options);
  return (bucket: string) => format.format(new Date(`${bucket}T00:00:00Z`));
}

export function VolumeView({
  data,
  granularity,
}: {
  data: Reports['volume'];
  granularity: 'day' | 'week' | 'month';
}) {
  const f = useFormats();
  const label = useBucketLabel(granularity);
  const services: Column<Reports['volume']['services'][number]>[] = [
    { key: 'name', label: f.t('reports.page.service'), kind: 'text', value: (r) => f.none(r.name) },
    { key: 'opened', label: f.t('reports.volume.opened'), kind: 'int', value: (r) => r.opened },
    { key: 'closed', label: f.t('reports.volume.closed'), kind: 'int', value: (r) => r.closed },
  ];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure
          label={f.t('reports.volume.opened')}
          value={f.count(data.totals.opened)}
          testId="figure-opened"
        />
        <Figure
          label={f.t('reports.volume.closed')}
          value={f.count(data.totals.closed)}
          testId="figure-closed"
        />
        <Figure label={f.t('reports.volume.backlogStart')} value={f.count(data.totals.backlogStart)} />
        <Figure label={f.t('reports.volume.backlogEnd')} value={f.count(data.totals.backlogEnd)} />
      </SimpleGrid>
      <Section title={f.t('reports.volume.series')}>
        <CompositeChart
          h={CHART_HEIGHT}
          data={data.series.map((row) => ({ ...row, label: label(row.bucket) }))}
          dataKey="label"
          withLegend
          legendProps={{ verticalAlign: 'bottom', height: 40 }}
          maxBarWidth={18}
          series={[
            { name: 'opened', label: f.t('reports.volume.opened'), color: 'blue.6', type: 'bar' },
            { name: 'closed', label: f.t('reports.volume.closed'), color: 'teal.6', type: 'bar' },
            { name: 'backlog', label: f.t('reports.volume.backlog'), color: 'orange.6', type: 'line' },
          ]}
          data-testid="chart-volume"
        />
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section title={f.t('reports.volume.byChannel')}>
          <ReportTable
            columns={[
              {
                key: 'channel',
                label: f.t('reports.volume.channel'),
                kind: 'text',
                value: (r: Reports['volume']['channels'][number]) =>
                  f.t(`tickets.channels.${r.channel as 'portal'}`, { defaultValue: r.channel }),
              },
              { key: 'opened', label: f.t('reports.volume.opened'), kind: 'int', value: (r) => r.opened },
            ]}
            rows={data.channels}
            rowKey={(r) => r.channel}
          />
        </Section>
        <Section title={f.t('reports.page.byService')}>
          <ReportTable
            columns={services}
            rows={data.services}
            rowKey={(r, i) => r.serviceId ?? `none-${i}`}
            testId="table-volume-services"
          />
        </Section>
      </SimpleGrid>
    </Stack>
  );
}

export function StagesView({ data }: { data: Reports['stages'] }) {
  const f = useFormats();
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure label={f.t('reports.stages.closed')} value={f.count(data.leadTime.requests)} />
        <Figure label={f.t('reports.stages.leadMedian')} value={f.hours(data.leadTime.medianHours)} />
        <Figure label={f.t('reports.stages.leadP90')} value={f.hours(data.leadTime.p90Hours)} />
      </SimpleGrid>
      <BarChart
        h={CHART_HEIGHT}
        data={data.stages.map((row) => ({ ...row, label: f.status(row.status) }))}
        dataKey="label"
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
        valueFormatter={f.number}
        series={[
          { name: 'medianHours', label: f.t('reports.stages.median'), color: 'blue.6' },
          { name: 'p90Hours', label: f.t('reports.stages.p90'), color: 'orange.6' },
        ]}
      />
      <ReportTable
        columns={[
          {
            key: 'status',
            label: f.t('reports.stages.status'),
            kind: 'text',
            value: (r: Reports['stages']['stages'][number]) => f.status(r.status),
          },
          { key: 'stays', label: f.t('reports.stages.stays'), kind: 'int', value: (r) => r.stays },
          { key: 'median', label: f.t('reports.stages.median'), kind: 'hours', value: (r) => r.medianHours },
          { key: 'p90', label: f.t('reports.stages.p90'), kind: 'hours', value: (r) => r.p90Hours },
          { key: 'avg', label: f.t('reports.stages.avg'), kind: 'hours', value: (r) => r.avgHours },
        ]}
        rows={data.stages}
        rowKey={(r) => r.status}
        testId="table-stages"
      />
    </Stack>
  );
}

export function OutcomeDonut({ title, outcome }: { title: string; outcome: Reports['sla']['reaction'] }) {
  const f = useFormats();
  return (
    <Paper withBorder p="md">
      <Group wrap="nowrap" gap="lg">
        <DonutChart
          size={120}
          thickness={18}
          withTooltip
          data={[
            { name: f.t('reports.sla.met'), value: outcome.met, color: 'teal.6' },
            { name: f.t('reports.sla.breached'), value: outcome.breached, color: 'red.6' },
            { name: f.t('reports.sla.pending'), value: outcome.pending, color: 'gray.5' },
          ]}
          chartLabel={f.percent(outcome.metShare)}
        />
        <Stack gap={2}>
          <Text fw={600}>{title}</Text>
          <Text size="sm">{f.t('reports.sla.metCount', { count: outcome.met })}</Text>
          <Text size="sm" c="red">
            {f.t('reports.sla.breachedCount', { count: outcome.breached })}
          </Text>
          <Text size="sm" c="dimmed">
            {f.t('reports.sla.pendingCount', { count: outcome.pending })}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

export function SlaView({ data }: { data: Reports['sla'] }) {
  const f = useFormats();
  const formatDate = useFormatDate();
  type Breach = Reports['sla']['breaches'][number];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <OutcomeDonut title={f.t('reports.sla.reaction')} outcome={data.reaction} />
        <OutcomeDonut title={f.t('reports.sla.resolution')} outcome={data.resolution} />
      </SimpleGrid>
      <Section title={f.t('reports.sla.byPriority')}>
        <ReportTable
          columns={[
            {
              key: 'priority',
              label: f.t('reports.page.priority'),
              kind: 'text',
              value: (r: Reports['sla']['byPriority'][number]) => f.priority(r.priority),
            },
            {
              key: 'reaction',
              label: f.t('reports.sla.reaction'),
              kind: 'share',
              value: (r) => r.reaction.metShare,
            },
            {
              key: 'reactionBreached',
              label: f.t('reports.sla.reactionBreached'),
              kind: 'int',
              value: (r) => r.reaction.breached,
            },
            {
              key: 'resolution',
              label: f.t('reports.sla.resolution'),
              kind: 'share',
              value: (r) => r.resolution.metShare,
            },
            {
              key: 'resolutionBreached',
              label: f.t('reports.sla.resolutionBreached'),
              kind: 'int',
              value: (r) => r.resolution.breached,
            },
          ]}
          rows={data.byPriority}
          rowKey={(r) => r.priority}
        />
      </Section>
      <Section title={f.t('reports.sla.breaches')}>
        <ReportTable
          columns={[
            {
              key: 'number',
              label: '№',
              kind: 'text',
              value: (r: Breach) => (
                <Anchor component={Link} to={`/desk/tickets/${r.ticketId}`}>
                  {r.number}
                </Anchor>
              ),
            },
            { key: 'title', label: f.t('reports.sla.title'), kind: 'text', value: (r) => r.title },
            {
              key: 'client',
              label: f.t('reports.page.client'),
              kind: 'text',
              value: (r) => f.none(r.clientName),
            },
            {
              key: 'timer',
              label: f.t('reports.sla.timer'),
              kind: 'text',
              value: (r) =>
                r.timer === 'reaction' ? f.t('reports.sla.reaction') : f.t('reports.sla.resolution'),
            },
            {
              key: 'due',
              label: f.t('reports.sla.dueAt'),
              kind: 'text',
              value: (r) => formatDate(r.dueAt, true),
            },
            {
              key: 'overdue',
              label: f.t('reports.sla.overdue'),
              kind: 'hours',
              value: (r) => r.overdueWorkingHours,
            },
            {
              key: 'cause',
              label: f.t('reports.sla.cause'),
              kind: 'text',
              value: (r) => (
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">{f.status(r.statusAtDue)}</Text>
                  {r.escalated && (
                    <Badge variant="light" color="orange">
                      {f.t('reports.sla.escalated')}
                    </Badge>
                  )}
                </Group>
              ),
            },
          ]}
          rows={data.breaches}
          rowKey={(r) => `${r.ticketId}-${r.timer}`}
          testId="table-sla-breaches"
        />
      </Section>
    </Stack>
  );
}

type LabourRow = Reports['labour']['rows'][number];
export function LabourView({
  data,
  granularity,
}: {
  data: Reports['labour'];
  granularity: 'day' | 'week' | 'month';
}) {
  const f = useFormats();
  const label = useBucketLabel(granularity);
  const split = [
    { name: 'balanceHours', label: f.t('reports.work.fromBalance'), color: 'blue.6' },
    { name: 'paidHours', label: f.t('reports.work.paid'), color: 'orange.6' },
    { name: 'freeHours', label: f.t('reports.work.free'), color: 'teal.6' },
    { name: 'unbilledHours', label: f.t('reports.labour.unbilled'), color: 'gray.5' },
  ];
  const columns: Column<LabourRow>[] = [
    {
      key: 'name',
      label: f.t(`reports.labour.by.${data.groupBy}`),
      kind: 'text',
      value: (r) => f.none(r.name),
    },
    { key: 'hours', label: f.t('reports.work.total'), kind: 'hours', value: (r) => r.hours },
    ...split.map((s) => ({
      key: s.name,
      label: s.label,
      kind: 'hours' as const,
      value: (r: LabourRow) => r[s.name as 'hours'],
    })),
  ];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure
          label={f.t('reports.work.total')}
          value={f.hours(data.totals.hours)}
          testId="figure-labour-hours"
        />
        {split.map((s) => (
          <Figure key={s.name} label={s.label} value={f.hours(data.totals[s.name as 'hours'])} />
        ))}
      </SimpleGrid>
      <BarChart
        h={CHART_HEIGHT}
        type="stacked"
        data={data.series.map((row) => ({ ...row, label: label(row.bucket) }))}
        dataKey="label"
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
        valueFormatter={f.number}
        series={split}
      />
      <ReportTable
        columns={columns}
        rows={data.rows}
        rowKey={(r, i) => r.key ?? `none-${i}`}
        footer={{ key: null, name: f.t('reports.page.total'), ...data.totals }}
        testId="table-labour"
      />
    </Stack>
  );
}

export function UtilizationView({ data }: { data: Reports['utilization'] }) {
  const f = useFormats();
  type Row = Reports['utilization']['employees'][number];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure label={f.t('reports.utilization.workingHours')} value={f.hours(data.workingHours)} />
        <Figure label={f.t('reports.utilization.recorded')} value={f.hours(data.totals.recordedHours)} />
        <Figure label={f.t('reports.utilization.share')} value={f.percent(data.totals.utilization)} />
      </SimpleGrid>
      <BarChart
        h={Math.max(CHART_HEIGHT, data.employees.length * 28)}
        orientation="vertical"
        data={data.employees.map((row) => ({
          name: row.name,
          value: Math.round((row.utilization ?? 0) * 1000) / 10,
        }))}
        dataKey="name"
        yAxisProps={{ width: 160 }}
        valueFormatter={(value) => `${formatNumber(value, f.locale, 1)} %`}
        series={[{ name: 'value', label: f.t('reports.utilization.share'), color: 'indigo.6' }]}
      />
      <ReportTable
        columns={[
          { key: 'name', label: f.t('reports.page.employee'), kind: 'text', value: (r: Row) => r.name },
          {
            key: 'recorded',
            label: f.t('reports.utilization.recorded'),
            kind: 'hours',
            value: (r) => r.recordedHours,
          },
          {
            key: 'working',
            label: f.t('reports.utilization.workingHours'),
            kind: 'hours',
            value: (r) => r.workingHours,
          },
          {
            key: 'share',
            label: f.t('reports.utilization.share'),
            kind: 'share',
            value: (r) => r.utilization,
          },
        ]}
        rows={data.employees}
        rowKey={(r) => r.userId}
      />
    </Stack>
  );
}

export function ClientsView({ data }: { data: Reports['clients'] }) {
  const f = useFormats();
  type Row = Reports['clients']['clients'][number];
  const TOP = 15;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label={f.t('reports.page.requests')} value={f.count(data.totals.requests)} />
        <Figure label={f.t('reports.work.total')} value={f.hours(data.totals.hours)} />
        <Figure label={f.t('reports.clients.balanceAmount')} value={f.money(data.totals.balanceAmount)} />
        <Figure label={f.t('reports.clients.paidAmount')} value={f.money(data.totals.paidAmount)} />
      </SimpleGrid>
      <BarChart
        h={CHART_HEIGHT}
        data={data.clients
          .slice(0, TOP)
          .map((row) => ({ name: f.none(row.name), hours: row.hours, requests: row.requests }))}
        dataKey="name"
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
        xAxisProps={{ tick: false }}
        valueFormatter={f.number}
        series={[
          { name: 'hours', label: f.t('reports.work.hoursLabel'), color: 'blue.6' },
          { name: 'requests', label: f.t('reports.page.requests'), color: 'grape.5' },
        ]}
      />
      <ReportTable
        columns={[
          { key: 'name', label: f.t('reports.page.client'), kind: 'text', value: (r: Row) => f.none(r.name) },
          {
            key: 'class',
            label: f.t('reports.clients.class'),
            kind: 'text',
            value: (r) => (
              <Badge
                variant="light"
                color={r.paretoClass === 'A' ? 'red' : r.paretoClass === 'B' ? 'orange' : 'gray'}
              >
                {r.paretoClass}
              </Badge>
            ),
          },
          { key: 'requests', label: f.t('reports.page.requests'), kind: 'int', value: (r) => r.requests },
          { key: 'hours', label: f.t('reports.work.hoursLabel'), kind: 'hours', value: (r) => r.hours },
          {
            key: 'cumulative',
            label: f.t('reports.clients.cumulative'),
            kind: 'share',
            value: (r) => r.cumulativeShare,
          },
          {
            key: 'balance',
            label: f.t('reports.clients.balanceHours'),
            kind: 'hours',
            value: (r) => r.balanceHours,
          },
          { key: 'paid', label: f.t('reports.clients.paidHours'), kind: 'hours', value: (r) => r.paidHours },
          {
            key: 'balanceAmount',
            label: f.t('reports.clients.balanceAmount'),
            kind: 'money',
            value: (r) => r.balanceAmount,
          },
          {
            key: 'paidAmount',
            label: f.t('reports.clients.paidAmount'),
            kind: 'money',
            value: (r) => r.paidAmount,
          },
        ]}
        rows={data.clients}
        rowKey={(r, i) => r.clientId ?? `none-${i}`}
        testId="table-clients"
      />
    </Stack>
  );
}

export function FirstLineView({ data }: { data: Reports['first-line'] }) {
  const f = useFormats();
  type Row = { name: string | null } & Reports['first-line']['totals'];
  const shareColumns: Column<Row>[] = [
    { key: 'completed', label: f.t('reports.firstLine.completed'), kind: 'int', value: (r) => r.completed },
    {
      key: 'kept',
      label: f.t('reports.firstLine.withoutEscalation'),
      kind: 'int',
      value: (r) => r.withoutEscalation,
    },
    { key: 'share', label: f.t('reports.firstLine.share'), kind: 'share', value: (r) => r.share },
  ];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure label={f.t('reports.firstLine.completed')} value={f.count(data.totals.completed)} />
        <Figure
          label={f.t('reports.firstLine.withoutEscalation')}
          value={f.count(data.totals.withoutEscalation)}
        />
        <Figure label={f.t('reports.firstLine.share')} value={f.percent(data.totals.share)} />
      </SimpleGrid>
      <BarChart
        h={CHART_HEIGHT}
        data={data.lines.map((row) => ({
          name: f.none(row.name),
          value: Math.round((row.share ?? 0) * 1000) / 10,
        }))}
        dataKey="name"
        valueFormatter={(value) => `${formatNumber(value, f.locale, 1)} %`}
        series={[{ name: 'value', label: f.t('reports.firstLine.share'), color: 'teal.6' }]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section title={f.t('reports.page.byLine')}>
          <ReportTable
            columns={[
              {
                key: 'name',
                label: f.t('reports.page.line'),
                kind: 'text',
                value: (r: Row) => f.none(r.name),
              },
              ...shareColumns,
            ]}
            rows={data.lines}
            rowKey={(r, i) => r.name ?? `none-${i}`}
          />
        </Section>
        <Section title={f.t('reports.page.byService')}>
          <ReportTable
            columns={[
              {
                key: 'name',
                label: f.t('reports.page.service'),
                kind: 'text',
                value: (r: Row) => f.none(r.name),
              },
              ...shareColumns,
            ]}
            rows={data.services}
            rowKey={(r, i) => r.serviceId ?? `none-${i}`}
          />
        </Section>
      </SimpleGrid>
    </Stack>
  );
}

export function EstimatesView({ data }: { data: Reports['estimates'] }) {
  const f = useFormats();
  type Row = Reports['estimates']['services'][number];
  const columns = (nameLabel: string): Column<Row>[] => [
    { key: 'name', label: nameLabel, kind: 'text', value: (r) => f.none(r.name) },
    { key: 'requests', label: f.t('reports.page.requests'), kind: 'int', value: (r) => r.requests },
    {
      key: 'estimate',
      label: f.t('reports.estimates.estimate'),
      kind: 'hours',
      value: (r) => r.estimateHours,
    },
    { key: 'actual', label: f.t('reports.estimates.actual'), kind: 'hours', value: (r) => r.actualHours },
    { key: 'ratio', label: f.t('reports.estimates.ratio'), kind: 'hours', value: (r) => r.ratio },
    {
      key: 'median',
      label: f.t('reports.estimates.medianRatio'),
      kind: 'hours',
      value: (r) => r.medianRatio,
    },
    {
      key: 'kept',
      label: f.t('reports.estimates.plannedKept'),
      kind: 'share',
      value: (r) => r.plannedKeptShare,
    },
  ];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label={f.t('reports.estimates.estimate')} value={f.hours(data.totals.estimateHours)} />
        <Figure label={f.t('reports.estimates.actual')} value={f.hours(data.totals.actualHours)} />
        <Figure
          label={f.t('reports.estimates.ratio')}
          value={data.totals.ratio === null ? '—' : f.number(data.totals.ratio)}
        />
        <Figure
          label={f.t('reports.estimates.plannedKept')}
          value={f.percent(data.totals.plannedKeptShare)}
        />
      </SimpleGrid>
      <BarChart
        h={CHART_HEIGHT}
        data={data.services.map((row) => ({
          name: f.none(row.name),
          estimate: row.estimateHours,
          actual: row.actualHours,
        }))}
        dataKey="name"
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
        valueFormatter={f.number}
        series={[
          { name: 'estimate', label: f.t('reports.estimates.estimate'), color: 'gray.5' },
          { name: 'actual', label: f.t('reports.estimates.actual'), color: 'blue.6' },
        ]}
      />
      <Section title={f.t('reports.page.byService')}>
        <ReportTable
          columns={columns(f.t('reports.page.service'))}
          rows={data.services}
          rowKey={(r, i) => r.serviceId ?? `none-${i}`}
        />
      </Section>
      <Section title={f.t('reports.page.byEmployee')}>
        <ReportTable
          columns={
            columns(f.t('reports.page.employee')) as unknown as Column<
              Reports['estimates']['employees'][number]
            >[]
          }
          rows={data.employees}
          rowKey={(r, i) => r.userId ?? `none-${i}`}
        />
      </Section>
    </Stack>
  );
}

export function FreeWorkView({ data }: { data: Reports['free-work'] }) {
  const f = useFormats();
  type Row = Reports['free-work']['services'][number];
  const columns = (nameLabel: string): Column<Row>[] => [
    { key: 'name', label: nameLabel, kind: 'text', value: (r) => f.none(r.name) },
    { key: 'requests', label: f.t('reports.page.requests'), kind: 'int', value: (r) => r.requests },
    { key: 'hours', label: f.t('reports.free.hours'), kind: 'hours', value: (r) => r.freeHours },
    { key: 'avg', label: f.t('reports.free.avg'), kind: 'hours', value: (r) => r.avgHoursPerRequest },
    { key: 'share', label: f.t('reports.free.share'), kind: 'share', value: (r) => r.shareOfBilledHours },
  ];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label={f.t('reports.page.requests')} value={f.count(data.totals.requests)} />
        <Figure label={f.t('reports.free.hours')} value={f.hours(data.totals.freeHours)} />
        <Figure label={f.t('reports.free.avg')} value={f.hours(data.totals.avgHoursPerRequest)} />
        <Figure label={f.t('reports.free.share')} value={f.percent(data.totals.shareOfBilledHours)} />
      </SimpleGrid>
      <BarChart
        h={CHART_HEIGHT}
        data={data.services.map((row) => ({ name: f.none(row.name), value: row.freeHours }))}
        dataKey="name"
        valueFormatter={f.number}
        series={[{ name: 'value', label: f.t('reports.free.hours'), color: 'teal.6' }]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section title={f.t('reports.page.byService')}>
          <ReportTable
            columns={columns(f.t('reports.page.service'))}
            rows={data.services}
            rowKey={(r, i) => r.serviceId ?? `none-${i}`}
          />
        </Section>
        <Section title={f.t('reports.page.byClient')}>
          <ReportTable
            columns={
              columns(f.t('reports.page.client')) as unknown as Column<
                Reports['free-work']['clients'][number]
              >[]
            }
            rows={data.clients}
            rowKey={(r, i) => r.clientId ?? `none-${i}`}
          />
        </Section>
      </SimpleGrid>
    </Stack>
  );
}
