import { Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useFormatDate } from '../../auth/useFormatDate.ts';
import type { Ticket } from '../api.ts';
import { useStatusHint } from '../useStatusHint.ts';
import { StatusBadge } from './TicketBadges.tsx';

/** One request as a card: fits a phone, says what happens and whether the client has to act. */
export function PortalTicketCard({ ticket }: { ticket: Ticket }) {
  const formatDate = useFormatDate();
  const hint = useStatusHint();
  const { text, needsYou } = hint(ticket);
  return (
    <UnstyledButton
      component={Link}
      to={`/portal/tickets/${encodeURIComponent(ticket.id)}`}
      style={{ display: 'block' }}
      data-ticket-number={ticket.number}
    >
      <Card
        withBorder
        padding="md"
        style={needsYou ? { borderColor: 'var(--mantine-color-orange-filled)', borderWidth: 2 } : undefined}
      >
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              #{ticket.number} · {ticket.title}
            </Text>
            <StatusBadge status={ticket.status} size="sm" />
          </Group>
          <Text size="sm" c={needsYou ? 'orange.8' : 'dimmed'} fw={needsYou ? 500 : undefined}>
            {text}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDate(ticket.updatedAt)}
            {ticket.requesterName ? ` · ${ticket.requesterName}` : ''}
          </Text>
        </Stack>
      </Card>
    </UnstyledButton>
  );
}
