import {
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PRIORITIES } from '#common/tickets.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../components/States.tsx';
import { DownloadIcon } from '../../components/icons.tsx';
import { todayIn } from '../../lib/format.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { supportLinesQueryOptions } from '../lines/api.ts';
import { ClientSelect } from '../users/ClientSelect.tsx';
import {
  type Granularity,
  REPORT_NAMES,
  type ReportName,
  type ReportParams,
  type Reports,
  reportQueryOptions,
  reportXlsxUrl,
} from './api.ts';
import {
  ClientsView,
  EstimatesView,
  FirstLineView,
  FreeWorkView,
  LabourView,
  SlaView,
  StagesView,
  UtilizationView,
  VolumeView,
} from './ReportViews.tsx';
import { TodayDashboard } from './TodayDashboard.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TODAY = 'today';
const GRANULARITIES: Granularity[] = ['day', 'week', 'month'];
const GROUP_BY = ['employee', 'client', 'service'] as const;

const shiftDay = (day: string, by: number): string => {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + by)).toISOString().slice(0, 10);
};
const firstOfMonth = (day: string, by = 0): string => {
  const [year = 0, month = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1 + by, 1)).toISOString().slice(0, 10);
};

/** The period presets: each a [from, to) pair around today in the user's zone. */
function presets(today: string) {
  return {
    thisMonth: [firstOfMonth(today), shiftDay(today, 1)],
    lastMonth: [firstOfMonth(today, -1), firstOfMonth(today)],
    last7: [shiftDay(today, -6), shiftDay(today, 1)],
    last30: [shiftDay(today, -29), shiftDay(today, 1)],
  } as const;
}
type Preset = keyof ReturnType<typeof presets>;

/**
 * «Отчёты»: the period reports of the desk. Everything chosen lives in the address (the report, the
 * period, the filters), so a view can be shared or reloaded; the workbook link carries the same query.
 */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const today = todayIn(user.timeZone);
  const ranges = presets(today);

  // Staff land on the day's dashboard; a client's approver, who has none, on the volume.
  const isStaff = user.role !== 'client_approver';
  const requested = search.get('report') ?? '';
  const tab =
    (REPORT_NAMES as readonly string[]).includes(requested) || (requested === TODAY && isStaff)
      ? requested
      : isStaff
        ? TODAY
        : 'volume';
  const report: ReportName = tab === TODAY ? 'volume' : (tab as ReportName);
  const fromParam = search.get('from') ?? '';
  const toParam = search.get('to') ?? '';
  const from = DAY.test(fromParam) ? fromParam : ranges.thisMonth[0];
  // The address keeps the API's exclusive end; the picker shows the last day included.
  const to =
    DAY.test(toParam) && toParam > from
      ? toParam
      : ranges.thisMonth[1] > from
        ? ranges.thisMonth[1]
        : shiftDay(from, 1);
  const granularity = (GRANULARITIES as string[]).includes(search.get('granularity') ?? '')
    ? (search.get('granularity') as Granularity)
    : 'day';
  const groupBy = (GROUP_BY as readonly string[]).includes(search.get('groupBy') ?? '')
    ? (search.get('groupBy') as (typeof GROUP_BY)[number])
    : 'employee';
  const params: ReportParams = {
    from,
    to,
    granularity,
    clientId: search.get('clientId') ?? undefined,
    lineId: search.get('lineId') ?? undefined,
    priority: search.get('priority') ?? undefined,
    ...(report === 'labour' ? { groupBy } : {}),
  };
  const set = (changes: Record<string, string | null>) => {
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') {
            next.delete(key);
          } else {
            next.set(key, value);
          }
        }
        return next;
      },
      { replace: true },
    );
  };

  const lines = useQuery(supportLinesQueryOptions);
  const reports = REPORT_NAMES.filter((name) => name !== 'utilization' || isStaff);
  const activePreset = (Object.keys(ranges) as Preset[]).find(
    (key) => ranges[key][0] === from && ranges[key][1] === to,
  );

  return (
    <Stack gap="md" data-testid="reports-page">
      <PageHeader
        title={t('reports.page.title')}
        description={t('reports.page.description')}
        actions={
          tab !== TODAY && (
            <Button
              component="a"
              href={reportXlsxUrl(report, params, user.timeZone, i18n.language)}
              download
              variant="light"
              leftSection={<DownloadIcon size={16} />}
              data-testid="report-xlsx"
            >
              {t('reports.page.xlsx')}
            </Button>
          )
        }
      />
      {tab !== TODAY && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Group gap="sm" align="flex-end" wrap="wrap">
              <SegmentedControl
                size="xs"
                value={activePreset ?? ''}
                onChange={(value) => {
                  const range = ranges[value as Preset];
                  set({ from: range[0], to: range[1] });
                }}
                data={(Object.keys(ranges) as Preset[]).map((key) => ({
                  value: key,
                  label: t(`reports.page.presets.${key}`),
                }))}
                aria-label={t('reports.page.period')}
              />
              <TextInput
                type="date"
                size="xs"
                label={t('reports.page.from')}
                value={from}
                max={shiftDay(to, -1)}
                onChange={(event) =>
                  DAY.test(event.currentTarget.value) && set({ from: event.currentTarget.value })
                }
                data-testid="report-from"
              />
              <TextInput
                type="date"
                size="xs"
                label={t('reports.page.toIncluded')}
                value={shiftDay(to, -1)}
                min={from}
                onChange={(event) =>
                  DAY.test(event.currentTarget.value) && set({ to: shiftDay(event.currentTarget.value, 1) })
                }
                data-testid="report-to"
              />
              <SegmentedControl
                size="xs"
                value={granularity}
                onChange={(value) => set({ granularity: value })}
                data={GRANULARITIES.map((value) => ({
                  value,
                  label: t(`reports.page.granularity.${value}`),
                }))}
                aria-label={t('reports.page.granularityLabel')}
              />
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
              {user.role !== 'client_approver' && (
                <ClientSelect
                  required={false}
                  label={t('reports.page.client')}
                  description={t('reports.page.clientHint')}
                  placeholder={t('reports.page.all')}
                  value={
                    search.get('clientId')
                      ? { id: search.get('clientId') ?? '', name: search.get('clientName') ?? '' }
                      : null
                  }
                  onChange={(client) =>
                    set({ clientId: client?.id ?? null, clientName: client?.name ?? null })
                  }
                />
              )}
              <Select
                label={t('reports.page.line')}
                placeholder={t('reports.page.all')}
                clearable
                data={(lines.data?.items ?? []).map((line) => ({ value: line.id, label: line.name }))}
                value={search.get('lineId')}
                onChange={(value) => set({ lineId: value })}
              />
              <Select
                label={t('reports.page.priority')}
                placeholder={t('reports.page.all')}
                clearable
                data={PRIORITIES.map((value) => ({ value, label: t(`tickets.priorities.${value}`) }))}
                value={search.get('priority')}
                onChange={(value) => set({ priority: value })}
              />
              {report === 'labour' && (
                <Select
                  label={t('reports.labour.groupBy')}
                  data={GROUP_BY.map((value) => ({ value, label: t(`reports.labour.by.${value}`) }))}
                  value={groupBy}
                  allowDeselect={false}
                  onChange={(value) => set({ groupBy: value })}
                />
              )}
            </SimpleGrid>
          </Stack>
        </Paper>
      )}
      <Tabs value={tab} onChange={(value) => value && set({ report: value })} keepMounted={false}>
        <Tabs.List>
          {isStaff && (
            <Tabs.Tab value={TODAY} data-testid="report-tab-today">
              {t('reports.today.tab')}
            </Tabs.Tab>
          )}
          {reports.map((name) => (
            <Tabs.Tab key={name} value={name} data-testid={`report-tab-${name}`}>
              {t(`reports.names.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {isStaff && (
          <Tabs.Panel value={TODAY} pt="md">
            <Text size="sm" c="dimmed" mb="md">
              {t('reports.today.hint')}
            </Text>
            <TodayDashboard />
          </Tabs.Panel>
        )}
        {reports.map((name) => (
          <Tabs.Panel key={name} value={name} pt="md">
            <Text size="sm" c="dimmed" mb="md">
              {t(`reports.hints.${name}`)}
            </Text>
            <ReportBody name={name} params={params} timeZone={user.timeZone} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function ReportBody({
  name,
  params,
  timeZone,
}: {
  name: ReportName;
  params: ReportParams;
  timeZone: string;
}) {
  const query = useQuery(reportQueryOptions(name, params, timeZone));
  if (query.isPending) {
    return <PageLoader />;
  }
  if (query.isError) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const data = query.data;
  switch (name) {
    case 'volume':
      return <VolumeView data={data as Reports['volume']} granularity={params.granularity} />;
    case 'stages':
      return <StagesView data={data as Reports['stages']} />;
    case 'sla':
      return <SlaView data={data as Reports['sla']} />;
    case 'labour':
      return <LabourView data={data as Reports['labour']} granularity={params.granularity} />;
    case 'utilization':
      return <UtilizationView data={data as Reports['utilization']} />;
    case 'clients':
      return <ClientsView data={data as Reports['clients']} />;
    case 'first-line':
      return <FirstLineView data={data as Reports['first-line']} />;
    case 'estimates':
      return <EstimatesView data={data as Reports['estimates']} />;
    case 'free-work':
      return <FreeWorkView data={data as Reports['free-work']} />;
  }
}
