import { Anchor, Checkbox, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { QueueColumn } from '#common/queue.ts';
import { shortName } from '../../../lib/format.ts';
import { useFormatDate, useFormatDateRange, useFormatShortDate } from '../../auth/useFormatDate.ts';
import type { Ticket } from '../api.ts';
import { SlaCell } from '../components/SlaCell.tsx';
import { PriorityBadge, StatusBadge } from '../components/TicketBadges.tsx';
import { useTicketFormat } from '../useTicketFormat.ts';
import type { QueueLookups } from './useQueueLookups.ts';

export const ticketPath = (id: string) => `/desk/tickets/${encodeURIComponent(id)}`;

type QueueTableProps = {
  items: Ticket[];
  columns: readonly QueueColumn[];
  lookups: QueueLookups;
  now: number;
  fresh: ReadonlySet<string>;
  /** The row the keyboard stands on. */
  selectedId: string | null;
  checked: ReadonlySet<string>;
  onToggle: (tickets: Ticket[], on: boolean) => void;
  onSelect: (id: string) => void;
};

const Dimmed = ({ children }: { children: string }) => (
  <Text span size="sm" c="dimmed">
    {children}
  </Text>
);

/** Requests as rows of the chosen columns, with a checkbox each for bulk actions. */
export function QueueTable({
  items,
  columns,
  lookups,
  now,
  fresh,
  selectedId,
  checked,
  onToggle,
  onSelect,
}: QueueTableProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDate = useFormatDate();
  const formatShortDate = useFormatShortDate();
  const formatRange = useFormatDateRange();
  const { hours, channelLabel } = useTicketFormat();
  const allChecked = items.length > 0 && items.every((ticket) => checked.has(ticket.id));
  const someChecked = items.some((ticket) => checked.has(ticket.id));

  const cell = (column: QueueColumn, ticket: Ticket, unread: boolean) => {
    switch (column) {
      case 'number':
        return (
          <Table.Td key={column} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            #{ticket.number}
          </Table.Td>
        );
      case 'title':
        return (
          <Table.Td key={column} style={{ minWidth: 170, maxWidth: 420 }}>
            <Anchor
              component={Link}
              to={ticketPath(ticket.id)}
              fw={unread ? 700 : 500}
              size="sm"
              style={{ overflowWrap: 'anywhere' }}
              title={unread ? t('live.unread') : undefined}
              data-unread={unread || undefined}
            >
              {ticket.title}
            </Anchor>
          </Table.Td>
        );
      case 'client':
        return (
          <Table.Td key={column}>
            {ticket.clientName ?? <Dimmed>{t('tickets.internalRequest')}</Dimmed>}
          </Table.Td>
        );
      case 'status':
        return (
          <Table.Td key={column}>
            <StatusBadge status={ticket.status} size="sm" />
          </Table.Td>
        );
      case 'priority':
        return (
          <Table.Td key={column}>
            <PriorityBadge priority={ticket.priority} />
          </Table.Td>
        );
      case 'type':
        return <Table.Td key={column}>{lookups.typeName(ticket.type)}</Table.Td>;
      case 'service':
        return (
          <Table.Td key={column}>{lookups.serviceName(ticket.serviceId) ?? <Dimmed>—</Dimmed>}</Table.Td>
        );
      case 'line':
        return <Table.Td key={column}>{lookups.lineName(ticket.lineId) ?? <Dimmed>—</Dimmed>}</Table.Td>;
      case 'group':
        return <Table.Td key={column}>{lookups.groupName(ticket.groupId) ?? <Dimmed>—</Dimmed>}</Table.Td>;
      case 'assignee':
        return (
          <Table.Td key={column}>
            {ticket.assigneeName ? (
              shortName(ticket.assigneeName)
            ) : (
              <Dimmed>{t('tickets.unassigned')}</Dimmed>
            )}
          </Table.Td>
        );
      case 'sla':
        return (
          <Table.Td key={column}>
            <SlaCell ticket={ticket} now={now} />
          </Table.Td>
        );
      case 'estimate':
        return (
          <Table.Td key={column} ta="right" style={{ whiteSpace: 'nowrap' }}>
            {ticket.estimateHours !== null ? hours(ticket.estimateHours) : '—'}
          </Table.Td>
        );
      case 'created':
      case 'updated': {
        const value = column === 'created' ? ticket.createdAt : ticket.updatedAt;
        return (
          <Table.Td key={column} style={{ whiteSpace: 'nowrap' }} title={formatDate(value) ?? undefined}>
            {formatShortDate(value)}
          </Table.Td>
        );
      }
      case 'planned':
        return (
          <Table.Td key={column} style={{ whiteSpace: 'nowrap' }}>
            {formatRange(ticket.plannedStart, ticket.plannedEnd) ?? <Dimmed>—</Dimmed>}
          </Table.Td>
        );
      case 'channel':
        return <Table.Td key={column}>{channelLabel(ticket.channel)}</Table.Td>;
    }
  };

  return (
    <Table.ScrollContainer minWidth={Math.max(640, columns.length * 115)}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="tickets-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label={t('queue.bulk.checkAll')}
                checked={allChecked}
                indeterminate={someChecked && !allChecked}
                onChange={(event) => onToggle(items, event.currentTarget.checked)}
                size="xs"
              />
            </Table.Th>
            {columns.map((column) => (
              <Table.Th key={column} ta={column === 'estimate' ? 'right' : undefined}>
                {t(`queue.columns.${column}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((ticket) => {
            const isFresh = fresh.has(ticket.id);
            const unread = ticket.status === 'new' && ticket.firstOpenedAt === null;
            const selected = ticket.id === selectedId;
            const isChecked = checked.has(ticket.id);
            return (
              <Table.Tr
                key={ticket.id}
                data-queue-row={ticket.id}
                data-ticket-number={ticket.number}
                data-selected={selected || undefined}
                data-checked={isChecked || undefined}
                data-live={isFresh ? 'new' : undefined}
                title={isFresh ? t('live.fresh') : undefined}
                style={{
                  cursor: 'pointer',
                  transition: 'background-color 2s ease',
                  backgroundColor: isFresh
                    ? 'var(--mantine-color-yellow-light)'
                    : isChecked
                      ? 'var(--mantine-primary-color-light)'
                      : undefined,
                  boxShadow: selected ? 'inset 3px 0 0 var(--mantine-primary-color-filled)' : undefined,
                }}
                onClick={(event) => {
                  const target = event.target instanceof Element ? event.target : null;
                  // Links and checkboxes handle their own clicks (and middle clicks, new tabs).
                  if (target?.closest('a, input, label')) {
                    return;
                  }
                  onSelect(ticket.id);
                  void navigate(ticketPath(ticket.id));
                }}
              >
                <Table.Td>
                  <Checkbox
                    aria-label={t('queue.bulk.check', { number: ticket.number })}
                    checked={isChecked}
                    onChange={(event) => onToggle([ticket], event.currentTarget.checked)}
                    size="xs"
                  />
                </Table.Td>
                {columns.map((column) => cell(column, ticket, unread))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
