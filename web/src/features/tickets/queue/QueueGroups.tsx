import { Alert, Badge, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupBy } from '#common/queue.ts';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { ChevronDownIcon, ChevronRightIcon } from '../../../components/icons.tsx';
import { useSlaFormat } from '../useSlaFormat.ts';
import { useTicketFormat } from '../useTicketFormat.ts';
import { useQueue } from './QueueContext.tsx';
import { QueueList } from './QueueList.tsx';
import { groupsQueryOptions, type GroupCount, type QueueFilters } from './queueApi.ts';
import { isChannel, isPriority, isSlaState, isStatus, withGroup } from './queueState.ts';
import { STATUSES, PRIORITIES } from '#common/tickets.ts';

const keyOf = (key: string | null) => key ?? '∅';

/** The queue grouped by one attribute: a header with its count per value, each opening to its requests. */
export function QueueGroups({
  by,
  filters,
  empty,
}: {
  by: GroupBy;
  filters: QueueFilters;
  empty: React.ReactNode;
}) {
  const { t } = useTranslation();
  const queue = useQueue();
  const { statusLabel, priorityLabel, channelLabel } = useTicketFormat();
  const { stateLabel } = useSlaFormat();
  const groups = useQuery(groupsQueryOptions(by, filters, queue.userId));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  if (groups.isPending) {
    return <PageLoader />;
  }
  if (groups.isError) {
    return <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />;
  }
  if (groups.data.items.length === 0) {
    return <>{empty}</>;
  }

  const label = (group: GroupCount): string => {
    const { key } = group;
    if (key === null) {
      return t(`queue.groups.none.${by}`);
    }
    switch (by) {
      case 'status':
        return isStatus(key) ? statusLabel(key) : key;
      case 'priority':
        return isPriority(key) ? priorityLabel(key) : key;
      case 'slaState':
        return isSlaState(key) ? stateLabel(key) : key;
      case 'channel':
        return isChannel(key) ? channelLabel(key) : key;
      case 'type':
        return queue.lookups.typeName(key);
      default:
        return group.label ?? key;
    }
  };
  // Statuses and priorities read best in their own order; the rest largest first, as the server sends.
  const items = [...groups.data.items];
  if (by === 'status') {
    items.sort((a, b) => STATUSES.indexOf(a.key as never) - STATUSES.indexOf(b.key as never));
  } else if (by === 'priority') {
    items.sort((a, b) => PRIORITIES.indexOf(b.key as never) - PRIORITIES.indexOf(a.key as never));
  }
  const toggle = (key: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(key)) {
        next.delete(key);
      } else {
        next.add(key);
      }
      return next;
    });

  return (
    <Stack gap="xs" data-testid="queue-groups">
      {items.map((group) => {
        const key = keyOf(group.key);
        const expanded = open.has(key);
        const name = label(group);
        return (
          <Paper key={key} withBorder radius="md" data-group={name}>
            <UnstyledButton
              onClick={() => toggle(key)}
              w="100%"
              px="md"
              py="xs"
              aria-expanded={expanded}
              data-testid="queue-group-header"
            >
              <Group justify="space-between" wrap="nowrap">
                <Group gap="xs" wrap="nowrap">
                  {expanded ? <ChevronDownIcon size={16} /> : <ChevronRightIcon size={16} />}
                  <Text fw={600} size="sm" c={group.key === null ? 'dimmed' : undefined}>
                    {name}
                  </Text>
                </Group>
                <Badge variant="light" data-testid="queue-group-count">
                  {group.count}
                </Badge>
              </Group>
            </UnstyledButton>
            {expanded && (
              <Stack px="xs" pb="xs">
                <QueueList filters={withGroup(filters, by, group.key)} empty={null} />
              </Stack>
            )}
          </Paper>
        );
      })}
      {groups.data.truncated && (
        <Alert color="gray" variant="light">
          {t('queue.groups.truncated', { count: items.length })}
        </Alert>
      )}
    </Stack>
  );
}
