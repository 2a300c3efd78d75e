import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../auth/useFormatDate.ts';
import { CLOSED_STATUSES, type Ticket } from '../api.ts';
import { useNow } from '../useNow.ts';
import { useSlaFormat } from '../useSlaFormat.ts';
import { SlaBadge } from './SlaCell.tsx';
import { Detail } from './TicketDetails.tsx';

type Tone = 'ok' | 'late' | 'soon' | 'muted';
const TONE_COLORS: Record<Tone, string | undefined> = {
  ok: 'green.8',
  late: 'red.8',
  soon: 'orange.8',
  muted: 'dimmed',
};

function Note({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <Text size="xs" c={TONE_COLORS[tone]}>
      {children}
    </Text>
  );
}

/**
 * The request's clocks on its page: reaction and resolution due times, when staff reacted, the state, and
 * the client's own wish beside them — so the agent sees which of the two deadlines is nearer.
 */
export function TicketSla({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { relative, span } = useSlaFormat();
  const isClosed = CLOSED_STATUSES.includes(ticket.status);
  const now = useNow(!isClosed, 30_000);
  const state = ticket.slaState;

  const isPast = (iso: string) => new Date(iso).getTime() < now;

  const reaction = (): ReactNode => {
    if (!ticket.reactionDueAt) {
      return '—';
    }
    const due = formatDate(ticket.reactionDueAt);
    if (ticket.reactedAt) {
      const late = new Date(ticket.reactedAt).getTime() > new Date(ticket.reactionDueAt).getTime();
      return (
        <>
          <Text size="sm">{t('tickets.sla.until', { date: due })}</Text>
          <Note tone={late ? 'late' : 'ok'}>
            {t(late ? 'tickets.sla.reactedLate' : 'tickets.sla.reactedInTime', {
              date: formatDate(ticket.reactedAt),
            })}
          </Note>
        </>
      );
    }
    // Without a reaction, a breach is the reaction's (its target is never longer than the resolution's):
    // trust the server's state even when this browser's clock runs behind.
    const isLate = isPast(ticket.reactionDueAt) || state === 'breached';
    return (
      <>
        <Text size="sm">{t('tickets.sla.until', { date: due })}</Text>
        {!isClosed &&
          (isLate ? (
            <Note tone="late">
              {isPast(ticket.reactionDueAt)
                ? t('tickets.sla.notReactedLate', {
                    span: span(now - new Date(ticket.reactionDueAt).getTime()),
                  })
                : t('tickets.sla.notReacted')}
            </Note>
          ) : (
            <Note tone={state === 'warning' ? 'soon' : 'muted'}>
              {t('tickets.sla.waitingReaction', { when: relative(ticket.reactionDueAt, now) })}
            </Note>
          ))}
      </>
    );
  };

  const resolution = (): ReactNode => {
    if (!ticket.resolutionDueAt) {
      if (state === 'paused') {
        return <Note tone="muted">{t('tickets.sla.pausedHint')}</Note>;
      }
      return '—';
    }
    const due = formatDate(ticket.resolutionDueAt);
    const isRunning = !isClosed && state !== 'paused' && state !== 'met';
    return (
      <>
        <Text size="sm">{t('tickets.sla.until', { date: due })}</Text>
        {isRunning &&
          (isPast(ticket.resolutionDueAt) ? (
            <Note tone="late">
              {t('tickets.sla.lateBy', { span: span(now - new Date(ticket.resolutionDueAt).getTime()) })}
            </Note>
          ) : (
            <Note tone={state === 'warning' ? 'soon' : 'muted'}>{relative(ticket.resolutionDueAt, now)}</Note>
          ))}
        {state === 'paused' && !isClosed && <Note tone="muted">{t('tickets.sla.pausedHint')}</Note>}
      </>
    );
  };

  // The client asked for it before the SLA would: worth a word to whoever plans the work.
  const desiredEarlier =
    ticket.desiredDueAt !== null &&
    ticket.resolutionDueAt !== null &&
    !isClosed &&
    new Date(ticket.desiredDueAt).getTime() < new Date(ticket.resolutionDueAt).getTime();

  return (
    <Stack gap="md" data-testid="ticket-sla">
      <Group gap="xs">
        {state ? (
          <span data-testid="sla-state">
            <SlaBadge state={state} size="md" />
          </span>
        ) : (
          <Text size="sm" c="dimmed">
            {t('tickets.sla.none')}
          </Text>
        )}
      </Group>
      {state && (
        <>
          <Detail label={t('tickets.sla.reaction')} testId="sla-reaction">
            {reaction()}
          </Detail>
          <Detail label={t('tickets.sla.resolution')} testId="sla-resolution">
            {resolution()}
          </Detail>
        </>
      )}
      <Detail label={t('tickets.sla.desired')} testId="sla-desired">
        {ticket.desiredDueAt ? (
          <>
            <Text size="sm">{formatDate(ticket.desiredDueAt)}</Text>
            {desiredEarlier && <Note tone="soon">{t('tickets.sla.desiredEarlier')}</Note>}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('tickets.sla.noDesired')}
          </Text>
        )}
      </Detail>
    </Stack>
  );
}
