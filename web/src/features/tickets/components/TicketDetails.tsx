import { Anchor, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useFormatDate, useFormatDateRange } from '../../auth/useFormatDate.ts';
import { requestableServicesQueryOptions } from '../../catalog/api.ts';
import type { Ticket } from '../api.ts';
import { runningTimerOf } from '../useSlaFormat.ts';
import { useTicketFormat } from '../useTicketFormat.ts';
import { TicketLineName } from './EscalationActions.tsx';
import { RichText } from './RichText.tsx';
import { PriorityBadge } from './TicketBadges.tsx';

export function Detail({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

/** «0 ч 25 мин из 0,5 ч» with a bar that turns red past the estimate. */
export function SpentVsEstimate({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { duration, hours } = useTicketFormat();
  const spent = duration(ticket.spentMinutes, true);
  if (ticket.estimateHours === null || ticket.estimateHours <= 0) {
    return <span data-testid="spent">{spent}</span>;
  }
  const share = ticket.spentMinutes / (ticket.estimateHours * 60);
  return (
    <Stack gap={4}>
      <span data-testid="spent">
        {t('tickets.units.spentOf', { spent, estimate: hours(ticket.estimateHours) })}
      </span>
      <Progress
        value={Math.min(100, share * 100)}
        color={share > 1 ? 'red' : share > 0.8 ? 'orange' : 'blue'}
        size="sm"
        aria-label={t('tickets.fields.spent')}
      />
    </Stack>
  );
}

type TicketDetailsProps = { ticket: Ticket; area: 'desk' | 'portal' };

/** Who, how much, when: the request's facts beside its conversation. */
export function TicketDetails({ ticket, area }: TicketDetailsProps) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const formatRange = useFormatDateRange();
  const { hours, channelLabel } = useTicketFormat();
  const planned = formatRange(ticket.plannedStart, ticket.plannedEnd) ?? '—';
  const services = useQuery({ ...requestableServicesQueryOptions, enabled: ticket.serviceId !== null });
  const serviceName = ticket.serviceId
    ? services.data?.items.find((service) => service.id === ticket.serviceId)?.name
    : undefined;

  return (
    <Stack gap="md" data-testid="ticket-details">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" verticalSpacing="md">
        {area === 'desk' && (
          <Detail label={t('tickets.fields.client')}>
            {ticket.clientId && ticket.clientName ? (
              <Anchor component={Link} to={`/desk/clients/${encodeURIComponent(ticket.clientId)}`} size="sm">
                {ticket.clientName}
              </Anchor>
            ) : (
              t('tickets.internalRequest')
            )}
          </Detail>
        )}
        {serviceName && (
          <Detail label={t('tickets.fields.service')} testId="detail-service">
            {serviceName}
          </Detail>
        )}
        <Detail label={t('tickets.fields.requester')}>{ticket.requesterName ?? '—'}</Detail>
        {area === 'desk' && (
          <Detail label={t('tickets.fields.line')} testId="detail-line">
            <TicketLineName ticket={ticket} />
          </Detail>
        )}
        <Detail label={t('tickets.fields.assignee')} testId="detail-assignee">
          {ticket.assigneeName ?? t('tickets.unassigned')}
        </Detail>
        <Detail label={t('tickets.fields.priority')}>
          <PriorityBadge priority={ticket.priority} />
        </Detail>
        <Detail label={t('tickets.fields.estimate')} testId="detail-estimate">
          {ticket.estimateHours !== null ? hours(ticket.estimateHours) : t('tickets.notEstimated')}
        </Detail>
        {area === 'desk' && (
          <Detail label={t('tickets.fields.channel')}>{channelLabel(ticket.channel)}</Detail>
        )}
        <Detail label={t('tickets.fields.planned')}>{planned}</Detail>
        {/* The desk has a block of its own for the deadlines (TicketSla). */}
        {area === 'portal' && ticket.desiredDueAt && (
          <Detail label={t('tickets.fields.desiredDueAt')}>{formatDate(ticket.desiredDueAt)}</Detail>
        )}
        {area === 'portal' && ticket.slaDueAt && (
          <Detail
            label={
              runningTimerOf(ticket) === 'reaction'
                ? t('tickets.fields.slaReactionDue')
                : t('tickets.fields.slaResolutionDue')
            }
          >
            {formatDate(ticket.slaDueAt)}
          </Detail>
        )}
        <Detail label={t('tickets.fields.createdAt')}>{formatDate(ticket.createdAt)}</Detail>
        {ticket.closedAt && (
          <Detail label={t('tickets.fields.closedAt')}>{formatDate(ticket.closedAt)}</Detail>
        )}
      </SimpleGrid>
      {area === 'desk' && (
        <Detail label={t('tickets.fields.spent')}>
          <SpentVsEstimate ticket={ticket} />
        </Detail>
      )}
      {ticket.acceptanceCriteria && (
        <Detail label={t('tickets.fields.acceptanceCriteria')} testId="detail-criteria">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {ticket.acceptanceCriteria}
          </Text>
        </Detail>
      )}
      {ticket.resolution && (
        <Detail label={t('tickets.fields.resolution')} testId="detail-resolution">
          <RichText html={ticket.resolution} />
        </Detail>
      )}
    </Stack>
  );
}
