import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { ActivityIcon, ArrowLeftIcon, ClockIcon, LockIcon } from '../../components/icons.tsx';
import { useRoleLabel } from '../../components/useRoleLabel.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { useNow } from '../tickets/useNow.ts';
import { formatStopwatch, useTicketFormat } from '../tickets/useTicketFormat.ts';
import { activityQueryOptions, type Activity } from './api.ts';

type Person = Activity['people'][number];

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The day before or after a YYYY-MM-DD day, by the calendar (no time zone involved). */
const shiftDay = (day: string, by: number): string => {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + by)).toISOString().slice(0, 10);
};

/** «10:15» in the language and zone the server counted the day in. */
function useClockTime(timeZone: string | undefined) {
  const { i18n } = useTranslation();
  const format = useMemo(() => {
    try {
      return new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short', timeZone });
    } catch {
      return new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' });
    }
  }, [i18n.language, timeZone]);
  return useCallback((iso: string) => format.format(new Date(iso)), [format]);
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** «понедельник, 30 ноября 2026 г.» */
function useDayTitle() {
  const { i18n } = useTranslation();
  return useCallback(
    (day: string) =>
      new Intl.DateTimeFormat(i18n.language, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${day}T00:00:00Z`)),
    [i18n.language],
  );
}

function Elapsed({ since }: { since: string }) {
  const now = useNow(true);
  return (
    <Text span ff="monospace" fw={600} c="orange.8" size="sm">
      {formatStopwatch((now - new Date(since).getTime()) / 1000)}
    </Text>
  );
}

function RequestName({ ticket }: { ticket: { id: string; number: number; title: string } | null }) {
  const { t } = useTranslation();
  if (!ticket) {
    return (
      <Group gap={4} wrap="nowrap" c="dimmed">
        <LockIcon size={12} />
        <Text size="sm" c="dimmed" fs="italic">
          {t('activity.hidden')}
        </Text>
      </Group>
    );
  }
  return (
    <Anchor component={Link} to={`/desk/tickets/${ticket.id}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
      #{ticket.number} · {ticket.title}
    </Anchor>
  );
}

function PersonCard({
  person,
  isToday,
  isSelf,
  clockTime,
}: {
  person: Person;
  isToday: boolean;
  isSelf: boolean;
  clockTime: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const { duration } = useTicketFormat();
  const timer = isToday ? person.timer : null;
  return (
    <Paper
      withBorder
      p="md"
      data-testid="activity-person"
      data-person={person.id}
      style={timer ? { borderColor: 'var(--mantine-color-orange-light-color)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm" mb="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Title order={2} size="h5">
              {person.name}
            </Title>
            {isSelf && (
              <Badge size="xs" variant="light" tt="none">
                {t('activity.you')}
              </Badge>
            )}
            {!person.isActive && (
              <Badge size="xs" variant="light" color="gray" tt="none">
                {t('activity.inactive')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {roleLabel(person.role)}
          </Text>
        </Stack>
        <Stack gap={0} align="flex-end">
          <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="activity-person-total">
            {duration(person.totalMinutes, true)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('activity.perDay')}
          </Text>
        </Stack>
      </Group>

      {timer && (
        <Paper bg="var(--mantine-color-orange-light)" p="xs" mb="xs" data-testid="activity-timer">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <ClockIcon size={16} style={{ flexShrink: 0, marginTop: 2 }} />
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text size="xs" fw={600} tt="uppercase" c="orange.9">
                {t('activity.now')}
              </Text>
              <RequestName ticket={timer.ticket} />
              <Text size="xs">
                {t('activity.since', { time: clockTime(timer.startedAt) })} ·{' '}
                <Elapsed since={timer.startedAt} />
              </Text>
            </Stack>
          </Group>
        </Paper>
      )}

      {person.worklogs.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('activity.noWork')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table verticalSpacing={4} horizontalSpacing="xs" fz="sm">
            <Table.Tbody>
              {person.worklogs.map((worklog) => (
                <Table.Tr key={worklog.id}>
                  <Table.Td w={56} c="dimmed" style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                    {clockTime(worklog.startedAt)}
                  </Table.Td>
                  <Table.Td>
                    <RequestName ticket={worklog.ticket} />
                    {worklog.note && (
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {worklog.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                    {duration(worklog.minutes)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/** Who works on what now, and what each colleague did on a day (seed 001). Refreshes every 30 s. */
export function ActivityPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { duration } = useTicketFormat();
  const dayTitle = useDayTitle();
  const [searchParams, setSearchParams] = useSearchParams();
  const param = searchParams.get('date');
  const date = param && DAY_PATTERN.test(param) ? param : null;
  const activity = useQuery({ ...activityQueryOptions(date), placeholderData: keepPreviousData });
  const clockTime = useClockTime(activity.data?.timeZone);

  const goTo = (day: string | null) => {
    setSearchParams(day ? { date: day } : {}, { replace: false });
  };

  const shown = activity.data;
  const busy = shown?.people.filter((p) => (shown.isToday && p.timer) || p.worklogs.length > 0) ?? [];
  const idle = shown?.people.filter((p) => !busy.includes(p)) ?? [];
  const runningCount = shown?.isToday ? shown.people.filter((p) => p.timer).length : 0;

  return (
    <>
      <PageHeader
        title={t('activity.title')}
        description={t('activity.description')}
        actions={
          <Group gap="xs" wrap="nowrap">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('activity.previousDay')}
              disabled={!shown}
              onClick={() => shown && goTo(shiftDay(shown.date, -1))}
            >
              <ArrowLeftIcon size={16} />
            </ActionIcon>
            <TextInput
              type="date"
              aria-label={t('activity.day')}
              value={shown?.date ?? date ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (DAY_PATTERN.test(value)) {
                  goTo(value);
                }
              }}
              w={160}
              data-testid="activity-date"
            />
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('activity.nextDay')}
              disabled={!shown || shown.isToday}
              onClick={() => shown && goTo(shiftDay(shown.date, 1))}
            >
              <ArrowLeftIcon size={16} style={{ transform: 'rotate(180deg)' }} />
            </ActionIcon>
            {shown && !shown.isToday && (
              <Button variant="light" onClick={() => goTo(null)}>
                {t('activity.today')}
              </Button>
            )}
          </Group>
        }
      />
      {activity.isPending ? (
        <PageLoader />
      ) : activity.isError ? (
        <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />
      ) : (
        <Stack gap="md">
          <Group gap="md" wrap="wrap">
            <Text fw={600} data-testid="activity-day">
              {shown?.isToday
                ? t('activity.todayTitle', { day: dayTitle(activity.data.date) })
                : capitalize(dayTitle(activity.data.date))}
            </Text>
            <Text size="sm" c="dimmed">
              {t('activity.total', { duration: duration(activity.data.totalMinutes, true) })}
              {shown?.isToday ? ` · ${t('activity.running', { count: runningCount })}` : ''}
            </Text>
          </Group>
          {busy.length === 0 ? (
            <EmptyHint
              icon={<ActivityIcon size={28} />}
              title={shown?.isToday ? t('activity.emptyToday') : t('activity.emptyDay')}
              description={t('activity.emptyHint')}
              action={
                <Button component={Link} to="/desk/tickets" variant="light">
                  {t('nav.tickets')}
                </Button>
              }
            />
          ) : (
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              {busy.map((person) => (
                <PersonCard
                  key={person.id}
                  person={person}
                  isToday={activity.data.isToday}
                  isSelf={person.id === user.id}
                  clockTime={clockTime}
                />
              ))}
            </SimpleGrid>
          )}
          {idle.length > 0 && (
            <Text size="sm" c="dimmed" data-testid="activity-idle">
              {t('activity.idle', { names: idle.map((p) => p.name).join(', ') })}
            </Text>
          )}
        </Stack>
      )}
    </>
  );
}
