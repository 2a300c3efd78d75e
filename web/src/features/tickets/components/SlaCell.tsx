import { Badge, Stack, Text, Tooltip, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../auth/useFormatDate.ts';
import type { SlaState, Ticket } from '../api.ts';
import { runningTimerOf, SLA_COLORS, useSlaFormat } from '../useSlaFormat.ts';

type Sized = Pick<BadgeProps, 'size'>;

/** The SLA state as a coloured word: «Просрочено», «Скоро срок», «В срок», «На паузе», «Выполнено в срок». */
export function SlaBadge({ state, size = 'sm' }: { state: SlaState } & Sized) {
  const { stateLabel } = useSlaFormat();
  return (
    <Badge
      color={SLA_COLORS[state]}
      variant={state === 'ok' ? 'outline' : 'light'}
      size={size}
      tt="none"
      data-sla-state={state}
      style={{ minWidth: 'max-content' }}
    >
      {stateLabel(state)}
    </Badge>
  );
}

type SlaCellProps = {
  ticket: Pick<Ticket, 'slaState' | 'slaDueAt' | 'reactionDueAt' | 'reactedAt'>;
  /** The time the queue was last redrawn at: every cell counts from the same moment. */
  now: number;
};

/**
 * A queue's compact SLA column: the state in colour and how long is left (or how late it is), the exact due
 * time on hover. A calm request shows only «через 2 ч 10 мин».
 */
export function SlaCell({ ticket, now }: SlaCellProps) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { span, relative } = useSlaFormat();
  const { slaState: state, slaDueAt: dueAt } = ticket;
  if (state === null) {
    return (
      <Text span size="sm" c="dimmed" data-testid="sla-cell">
        —
      </Text>
    );
  }
  const diff = dueAt ? new Date(dueAt).getTime() - now : null;
  let note: string | null = null;
  if (dueAt && diff !== null) {
    if (state === 'breached') {
      // The server says breached; the browser's clock may lag by a few seconds — say nothing then.
      note = diff < 0 ? t('tickets.sla.lateFor', { span: span(diff) }) : null;
    } else if (state === 'ok' || state === 'warning') {
      note = relative(dueAt, now);
    }
  }
  const tooltip = dueAt
    ? t(runningTimerOf(ticket) === 'reaction' ? 'tickets.sla.reactionDue' : 'tickets.sla.resolutionDue', {
        date: formatDate(dueAt),
      })
    : null;

  const body =
    state === 'ok' && note ? (
      <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
        {note}
      </Text>
    ) : (
      <Stack gap={2} align="flex-start">
        <SlaBadge state={state} />
        {note && (
          <Text
            span
            size="xs"
            c={state === 'breached' ? 'red.8' : 'orange.8'}
            style={{ whiteSpace: 'nowrap' }}
          >
            {note}
          </Text>
        )}
      </Stack>
    );

  return (
    <div data-testid="sla-cell" data-sla-state={state}>
      {tooltip ? (
        <Tooltip label={tooltip} withArrow openDelay={200}>
          <div style={{ display: 'inline-block' }}>{body}</div>
        </Tooltip>
      ) : (
        body
      )}
    </div>
  );
}
