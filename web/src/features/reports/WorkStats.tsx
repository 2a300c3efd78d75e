import '@mantine/charts/styles.css';
import { BarChart, BarsList } from '@mantine/charts';
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { ClockIcon } from '../../components/icons.tsx';
import { formatNumber, todayIn } from '../../lib/format.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { shiftMonth } from '../statements/api.ts';
import { type ReportParams, reportQueryOptions, workReportQueryOptions } from './api.ts';
import { Figure, OutcomeDonut } from './ReportViews.tsx';

const PERIODS = ['6', '12', '24'] as const;
type Period = (typeof PERIODS)[number];
// Bars list shows the heaviest entries; the rest are summed into one «other» bar.
const TOP = 8;

/**
 * Hours of work done for a client, as charts: by month (from the balance, paid, free), by service
 * and by requester. The portal shows it to those who see the balance; staff on the client card.
 */
export function WorkStats({ clientId }: { clientId?: string }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const locale = i18n.language;
  const [period, setPeriod] = useState<Period>('12');
  const to = todayIn(user.timeZone).slice(0, 7);
  const from = shiftMonth(to, 1 - Number(period));
  const report = useQuery(workReportQueryOptions({ from, to, ...(clientId ? { clientId } : {}) }));
  // Money and SLA are the approver's (and the staff's) to see: the same months, from the period reports.
  const seesService = user.role !== 'client_user';
  const months: ReportParams = {
    from: `${from}-01`,
    to: `${shiftMonth(to, 1)}-01`,
    granularity: 'month',
    ...(clientId ? { clientId } : {}),
  };
  const money = useQuery({ ...reportQueryOptions('clients', months, user.timeZone), enabled: seesService });
  const sla = useQuery({ ...reportQueryOptions('sla', months, user.timeZone), enabled: seesService });
  const rub = (value: number) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 }).format(
      value,
    );

  const hours = (value: number) => t('reports.work.hours', { value: formatNumber(value, locale, 2) });
  const monthLabel = (month: string) =>
    new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  const bars = (items: { name: string | null; hours: number }[], unnamed: string) => {
    const top = items.slice(0, TOP).map((item) => ({ name: item.name ?? unnamed, value: item.hours }));
    const rest = items.slice(TOP).reduce((sum, item) => sum + item.hours, 0);
    return rest > 0 ? [...top, { name: t('reports.work.other'), value: rest }] : top;
  };

  const renderBody = () => {
    if (report.isPending) {
      return <PageLoader />;
    }
    if (report.isError) {
      return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
    }
    const data = report.data;
    if (data.totals.hours === 0) {
      return (
        <EmptyHint
          icon={<ClockIcon size={28} />}
          title={t('reports.work.emptyTitle')}
          description={t('reports.work.emptyText')}
        />
      );
    }
    return (
      <Stack gap="lg">
        <Group gap="xl" data-testid="work-totals">
          <Total label={t('reports.work.total')} value={hours(data.totals.hours)} />
          <Total label={t('reports.work.fromBalance')} value={hours(data.totals.balanceHours)} />
          <Total label={t('reports.work.paid')} value={hours(data.totals.paidHours)} />
          <Total label={t('reports.work.free')} value={hours(data.totals.freeHours)} />
          <Total label={t('reports.work.requests')} value={formatNumber(data.totals.requests, locale, 0)} />
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('reports.work.byMonth')}
          </Text>
          <BarChart
            h={240}
            data={data.months.map((month) => ({ ...month, label: monthLabel(month.month) }))}
            dataKey="label"
            type="stacked"
            withLegend
            legendProps={{ verticalAlign: 'bottom', height: 40 }}
            valueFormatter={(value) => formatNumber(value, locale, 2)}
            series={[
              { name: 'balanceHours', label: t('reports.work.fromBalance'), color: 'blue.6' },
              { name: 'paidHours', label: t('reports.work.paid'), color: 'orange.6' },
              { name: 'freeHours', label: t('reports.work.free'), color: 'teal.6' },
            ]}
            data-testid="work-by-month"
          />
        </Stack>
        {seesService && money.data && sla.data && (
          <Stack gap="sm" data-testid="work-service-level">
            <Text size="sm" fw={600}>
              {t('reports.work.moneyAndSla')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Figure
                label={t('reports.clients.balanceAmount')}
                value={rub(money.data.totals.balanceAmount)}
              />
              <Figure label={t('reports.clients.paidAmount')} value={rub(money.data.totals.paidAmount)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
              <OutcomeDonut title={t('reports.sla.reaction')} outcome={sla.data.reaction} />
              <OutcomeDonut title={t('reports.sla.resolution')} outcome={sla.data.resolution} />
            </SimpleGrid>
          </Stack>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          <Stack gap={4} data-testid="work-by-service">
            <Text size="sm" fw={600}>
              {t('reports.work.byService')}
            </Text>
            <BarsList
              data={bars(data.services, t('reports.work.noService'))}
              valueFormatter={hours}
              barsLabel={t('reports.work.service')}
              valueLabel={t('reports.work.hoursLabel')}
              barColor="blue.2"
              barTextColor="dark.8"
            />
          </Stack>
          <Stack gap={4} data-testid="work-by-requester">
            <Text size="sm" fw={600}>
              {t('reports.work.byRequester')}
            </Text>
            <BarsList
              data={bars(data.requesters, t('reports.work.noRequester'))}
              valueFormatter={hours}
              barsLabel={t('reports.work.requester')}
              valueLabel={t('reports.work.hoursLabel')}
              barColor="grape.2"
              barTextColor="dark.8"
            />
          </Stack>
        </SimpleGrid>
      </Stack>
    );
  };

  return (
    <Paper withBorder p="lg" data-testid="work-stats">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={2}>
            <Title order={2} size="h4">
              {t('reports.work.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('reports.work.description')}
            </Text>
          </Stack>
          <SegmentedControl
            size="xs"
            value={period}
            onChange={setPeriod}
            data={PERIODS.map((value) => ({
              value,
              label: t('reports.work.months', { count: Number(value) }),
            }))}
            aria-label={t('reports.work.period')}
          />
        </Group>
        {renderBody()}
      </Stack>
    </Paper>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Stack>
  );
}
