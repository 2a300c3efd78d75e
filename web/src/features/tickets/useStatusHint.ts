import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatDate, useFormatDateRange } from '../auth/useFormatDate.ts';
import type { Ticket } from './api.ts';
import { useTicketFormat } from './useTicketFormat.ts';

export type StatusHint = { text: string; needsYou: boolean };

/**
 * The request's status told in plain words for the client («Ожидает вашего согласования: оценка 3 ч»).
 * Whether it waits for *this* user comes from the transitions the server allows him, never from his role.
 */
export function useStatusHint(): (ticket: Ticket) => StatusHint {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const formatRange = useFormatDateRange();
  const { hours } = useTicketFormat();
  return useCallback(
    (ticket: Ticket): StatusHint => {
      const may = (to: Ticket['status']) => ticket.allowedTransitions.includes(to);
      const estimate = ticket.estimateHours !== null ? hours(ticket.estimateHours) : '—';
      switch (ticket.status) {
        case 'new':
          return { text: t('tickets.hints.new'), needsYou: false };
        case 'evaluated':
          return may('approved')
            ? { text: t('tickets.hints.evaluatedYou', { hours: estimate }), needsYou: true }
            : { text: t('tickets.hints.evaluated', { hours: estimate }), needsYou: false };
        case 'approved':
          return { text: t('tickets.hints.approved', { hours: estimate }), needsYou: false };
        case 'rejected':
          return { text: t('tickets.hints.rejected'), needsYou: false };
        case 'planned':
          return {
            text:
              ticket.plannedStart && ticket.plannedEnd
                ? t('tickets.hints.planned', {
                    period: formatRange(ticket.plannedStart, ticket.plannedEnd) ?? '',
                  })
                : t('tickets.hints.plannedNoDates'),
            needsYou: false,
          };
        case 'in_progress':
          return { text: t('tickets.hints.in_progress'), needsYou: false };
        case 'done':
          return may('completed')
            ? { text: t('tickets.hints.doneYou'), needsYou: true }
            : { text: t('tickets.hints.done'), needsYou: false };
        case 'completed':
          return {
            text: t('tickets.hints.completed', {
              date: formatDate(ticket.closedAt ?? ticket.updatedAt) ?? '',
            }),
            needsYou: false,
          };
        case 'stale':
          return { text: t('tickets.hints.stale'), needsYou: false };
        case 'irrelevant':
          return { text: t('tickets.hints.irrelevant'), needsYou: false };
      }
    },
    [t, formatDate, formatRange, hours],
  );
}
