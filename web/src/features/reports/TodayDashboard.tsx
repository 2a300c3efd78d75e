import { BarChart } from '@mantine/charts';
import { Anchor, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Priority, Status } from '#common/tickets.ts';
import { ErrorState, PageLoader } from '../../components/States.tsx';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { useFormatDate } from '../auth/useFormatDate.ts';
import { todayQueryOptions } from './api.ts';
import { Figure } from './ReportViews.tsx';

/** The dispatcher's day: what came in, what nobody holds, what is running out of time, who is working. */
export function TodayDashboard() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const formatDate = useFormatDate();
  const query = useQuery(todayQueryOptions(user.timeZone));
  if (query.isPending) {
    return <PageLoader />;
  }
  if (query.isError) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const data = query.data;
  return (
    <Stack gap="lg" data-testid="today-dashboard">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <Figure label={t('reports.today.newToday')} value={data.newToday} testId="today-new" />
        <Figure label={t('reports.today.open')} value={data.open} />
        <Figure label={t('reports.today.unassigned')} value={data.unassigned} testId="today-unassigned" />
        <Figure label={t('reports.today.slaWarning')} value={data.slaWarning} />
        <Figure label={t('reports.today.slaBreached')} value={data.slaBreached} />
        <Figure label={t('reports.today.overdue')} value={data.overdue} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Stack gap={6}>
          <Text fw={600} size="sm">
            {t('reports.today.byHour')}
          </Text>
          <BarChart
            h={220}
            data={data.byHour.map((row) => ({ hour: `${row.hour}:00`, opened: row.opened }))}
            dataKey="hour"
            series={[{ name: 'opened', label: t('reports.volume.opened'), color: 'blue.6' }]}
          />
        </Stack>
        <Stack gap={6}>
          <Text fw={600} size="sm">
            {t('reports.today.byStatus')}
          </Text>
          <BarChart
            h={220}
            data={data.byStatus.map((row) => ({
              status: t(`tickets.statuses.${row.status as Status}`, { defaultValue: row.status }),
              count: row.count,
            }))}
            dataKey="status"
            series={[{ name: 'count', label: t('reports.today.open'), color: 'indigo.6' }]}
          />
        </Stack>
        <Stack gap={6}>
          <Text fw={600} size="sm">
            {t('reports.today.byPriority')}
          </Text>
          <BarChart
            h={220}
            type="stacked"
            data={data.byPriority.map((row) => ({
              priority: t(`tickets.priorities.${row.priority as Priority}`, { defaultValue: row.priority }),
              healthy: row.open - row.breached,
              breached: row.breached,
            }))}
            dataKey="priority"
            withLegend
            legendProps={{ verticalAlign: 'bottom', height: 40 }}
            series={[
              { name: 'healthy', label: t('reports.today.withinSla'), color: 'teal.6' },
              { name: 'breached', label: t('reports.today.slaBreached'), color: 'red.6' },
            ]}
          />
        </Stack>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Text fw={600} size="sm" mb="xs">
          {t('reports.today.timers', { count: data.runningTimers.length })}
        </Text>
        {data.runningTimers.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('reports.today.noTimers')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {data.runningTimers.map((timer) => (
                <Table.Tr key={timer.userId}>
                  <Table.Td>{timer.name}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/desk/tickets/${timer.ticketId}`}>
                      {timer.number}
                    </Anchor>{' '}
                    {timer.title}
                  </Table.Td>
                  <Table.Td ta="right">
                    {t('reports.today.since', { time: formatDate(timer.startedAt, true) })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
