import { Button, Group, Text } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, PageLoader } from '../../../components/States.tsx';
import { useQueue } from './QueueContext.tsx';
import { QueueTable } from './QueueTable.tsx';
import { queueListQueryOptions, type QueueFilters } from './queueApi.ts';

/** A page after another of requests for these filters: the whole queue, or one group of it. */
export function QueueList({ filters, empty }: { filters: QueueFilters; empty: ReactNode }) {
  const { t } = useTranslation();
  const queue = useQueue();
  const tickets = useInfiniteQuery({
    ...queueListQueryOptions(filters, queue.sort, queue.userId),
    placeholderData: keepPreviousData,
  });
  const items = tickets.data?.pages.flatMap((page) => page.items) ?? [];
  for (const ticket of items) {
    queue.rows.set(ticket.id, ticket);
  }
  if (tickets.isPending) {
    return <PageLoader />;
  }
  if (tickets.isError) {
    return <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />;
  }
  if (items.length === 0) {
    return empty;
  }
  return (
    <>
      <QueueTable
        items={items}
        columns={queue.columns}
        lookups={queue.lookups}
        now={queue.now}
        fresh={queue.fresh}
        selectedId={queue.selectedId}
        checked={queue.checked}
        onToggle={queue.onToggle}
        onSelect={queue.onSelect}
      />
      <Group justify="space-between" mt="xs">
        <Text size="sm" c="dimmed">
          {t('common.shown', { n: items.length })}
        </Text>
        {tickets.hasNextPage && (
          <Button
            variant="default"
            size="xs"
            loading={tickets.isFetchingNextPage}
            onClick={() => void tickets.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        )}
      </Group>
    </>
  );
}
