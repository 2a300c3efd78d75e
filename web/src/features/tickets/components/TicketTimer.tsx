import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ClockIcon, PlayIcon, StopIcon } from '../../../components/icons.tsx';
import { useErrorMessage } from '../../../components/useErrorMessage.ts';
import {
  rememberTicket,
  startTimer,
  stopTimer,
  ticketQueryKey,
  TIMEABLE_STATUSES,
  timerQueryKey,
  timerQueryOptions,
  type RunningTimer,
  type Ticket,
} from '../api.ts';
import { useNow } from '../useNow.ts';
import { formatStopwatch, useTicketFormat } from '../useTicketFormat.ts';

const elapsedSeconds = (timer: RunningTimer, now: number) =>
  (now - new Date(timer.startedAt).getTime()) / 1000;

/** Start/stop of the signed-in employee's work timer on this request, with the running time. */
export function TicketTimer({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const { duration } = useTicketFormat();
  const timer = useQuery(timerQueryOptions);
  const running = timer.data?.timer ?? null;
  const isHere = running?.ticketId === ticket.id;
  const now = useNow(isHere);

  const refreshWork = (ticketIds: string[]) => {
    for (const id of ticketIds) {
      void queryClient.invalidateQueries({ queryKey: ticketQueryKey(id) });
    }
  };

  const start = useMutation({
    mutationFn: () => startTimer(ticket.id),
    onSuccess: (answer) => {
      queryClient.setQueryData(timerQueryKey, {
        timer: {
          ticketId: answer.ticket.id,
          ticketNumber: answer.ticket.number,
          ticketTitle: answer.ticket.title,
          startedAt: answer.timer.startedAt,
        },
      });
      rememberTicket(queryClient, answer.ticket);
      refreshWork([ticket.id, ...(answer.stopped ? [answer.stopped.ticketId] : [])]);
      notifications.show({
        color: 'blue',
        message: answer.stopped
          ? t('tickets.timer.startedAfterStop', {
              number: running?.ticketNumber ?? '',
              minutes: duration(answer.stopped.minutes),
            })
          : t('tickets.timer.started'),
      });
    },
    onError: (error) => {
      void queryClient.invalidateQueries({ queryKey: timerQueryKey });
      notifications.show({ color: 'red', title: t('tickets.timer.failed'), message: describe(error) });
    },
  });

  const stop = useMutation({
    mutationFn: () => stopTimer(ticket.id),
    onSuccess: (worklog) => {
      queryClient.setQueryData(timerQueryKey, { timer: null });
      refreshWork([ticket.id]);
      void queryClient.invalidateQueries({ queryKey: ['tickets', 'list'] });
      notifications.show({
        color: 'green',
        message: t('tickets.timer.stopped', { minutes: duration(worklog.minutes) }),
      });
    },
    onError: (error) => {
      void queryClient.invalidateQueries({ queryKey: timerQueryKey });
      notifications.show({ color: 'red', title: t('tickets.timer.failed'), message: describe(error) });
    },
  });

  if (isHere && running) {
    return (
      <Group gap="xs" wrap="nowrap" data-testid="timer">
        <ClockIcon />
        <Text
          ff="monospace"
          fw={600}
          size="lg"
          c="orange"
          aria-label={t('tickets.timer.running')}
          data-testid="timer-display"
        >
          {formatStopwatch(elapsedSeconds(running, now))}
        </Text>
        <Button
          color="red"
          variant="light"
          leftSection={<StopIcon size={16} />}
          loading={stop.isPending}
          onClick={() => stop.mutate()}
        >
          {t('tickets.timer.stop')}
        </Button>
      </Group>
    );
  }
  if (!TIMEABLE_STATUSES.includes(ticket.status)) {
    return null;
  }
  return (
    <Button
      variant="light"
      leftSection={<PlayIcon size={16} />}
      loading={start.isPending}
      disabled={timer.isPending}
      onClick={() => start.mutate()}
      data-testid="timer-start"
    >
      {t('tickets.timer.start')}
    </Button>
  );
}

/** Tells that the employee's timer runs on another request, with its time and a link to it. */
export function RunningTimerBanner({ exceptTicketId }: { exceptTicketId?: string }) {
  const { t } = useTranslation();
  const timer = useQuery(timerQueryOptions);
  const running = timer.data?.timer ?? null;
  const shown = running !== null && running.ticketId !== exceptTicketId;
  const now = useNow(shown);
  if (!shown) {
    return null;
  }
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<ClockIcon />}
      mb="md"
      data-testid="timer-elsewhere"
      title={t('tickets.timer.elsewhere', { number: running.ticketNumber, title: running.ticketTitle })}
    >
      <Group gap="sm">
        <Text ff="monospace" fw={600}>
          {formatStopwatch(elapsedSeconds(running, now))}
        </Text>
        <Anchor component={Link} to={`/desk/tickets/${encodeURIComponent(running.ticketId)}`} size="sm">
          {t('tickets.timer.open')}
        </Anchor>
      </Group>
    </Alert>
  );
}
