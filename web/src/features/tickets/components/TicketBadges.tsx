import { Badge, type BadgeProps } from '@mantine/core';
import type { Priority, Status } from '#common/tickets.ts';
import { STATUS_COLORS, useTicketFormat } from '../useTicketFormat.ts';

type Sized = Pick<BadgeProps, 'size'>;

export function StatusBadge({ status, size = 'md' }: { status: Status } & Sized) {
  const { statusLabel } = useTicketFormat();
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="light"
      size={size}
      tt="none"
      data-status={status}
      // Never cut to «Согла…»: a badge keeps its whole label, the table scrolls instead.
      style={{ minWidth: 'max-content' }}
    >
      {statusLabel(status)}
    </Badge>
  );
}

export function PriorityBadge({ priority, size = 'sm' }: { priority: Priority } & Sized) {
  const { priorityLabel, priorityColor } = useTicketFormat();
  return (
    <Badge
      color={priorityColor(priority)}
      data-priority={priority}
      variant="dot"
      size={size}
      tt="none"
      style={{ minWidth: 'max-content' }}
    >
      {priorityLabel(priority)}
    </Badge>
  );
}
