import type { MantineColor } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaState, Ticket } from './api.ts';

/** Red for a miss, orange for «скоро срок», green for a met target, grey for everything calm. */
export const SLA_COLORS: Record<SlaState, MantineColor> = {
  breached: 'red',
  warning: 'orange',
  ok: 'gray',
  paused: 'gray',
  met: 'green',
};

const MINUTE = 60_000;

/** Which of the two timers the request's nearest due time belongs to. */
export const runningTimerOf = (ticket: Pick<Ticket, 'slaDueAt' | 'reactionDueAt' | 'reactedAt'>) =>
  ticket.slaDueAt !== null && ticket.reactedAt === null && ticket.slaDueAt === ticket.reactionDueAt
    ? 'reaction'
    : 'resolution';

/** SLA states and spans of time in the UI language: «Просрочено», «через 2 ч 10 мин», «3 дн 4 ч». */
export function useSlaFormat() {
  const { t } = useTranslation();

  const stateLabel = useCallback((state: SlaState) => t(`tickets.sla.states.${state}`), [t]);

  /** A span of calendar time, rounded to what a person reads: «25 мин», «2 ч 10 мин», «3 дн 4 ч». */
  const span = useCallback(
    (ms: number) => {
      const minutes = Math.max(1, Math.round(Math.abs(ms) / MINUTE));
      const days = Math.floor(minutes / 1440);
      const hours = Math.floor((minutes % 1440) / 60);
      const rest = minutes % 60;
      if (days > 0) {
        return hours > 0
          ? t('tickets.sla.span.daysHours', { days, hours })
          : t('tickets.sla.span.days', { days });
      }
      if (hours > 0) {
        return rest > 0
          ? t('tickets.sla.span.hoursMinutes', { hours, minutes: rest })
          : t('tickets.sla.span.hours', { hours });
      }
      return t('tickets.sla.span.minutes', { minutes: rest });
    },
    [t],
  );

  /** «через 2 ч 10 мин» for a time ahead, «2 ч 10 мин назад» for one gone. */
  const relative = useCallback(
    (iso: string, now: number) => {
      const diff = new Date(iso).getTime() - now;
      return diff >= 0
        ? t('tickets.sla.in', { span: span(diff) })
        : t('tickets.sla.ago', { span: span(diff) });
    },
    [t, span],
  );

  return useMemo(() => ({ stateLabel, span, relative }), [stateLabel, span, relative]);
}
