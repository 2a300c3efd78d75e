import {
  Anchor,
  Button,
  Group,
  Loader,
  MultiSelect,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { LIMITS } from '#common/limits.ts';
import { PRIORITIES, STATUSES, type Priority, type Status } from '#common/tickets.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../../components/States.tsx';
import { InboxIcon, PlusIcon, SearchIcon } from '../../../components/icons.tsx';
import { shortName } from '../../../lib/format.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { useFormatDate, useFormatShortDate } from '../../auth/useFormatDate.ts';
import {
  SLA_STATES,
  ticketsQueryOptions,
  type SlaState,
  type TicketFilters,
  type TicketSort,
} from '../api.ts';
import { NewTicketModal } from '../components/NewTicketModal.tsx';
import { SlaCell } from '../components/SlaCell.tsx';
import { PriorityBadge, StatusBadge } from '../components/TicketBadges.tsx';
import { RunningTimerBanner } from '../components/TicketTimer.tsx';
import { useFreshTickets } from '../../live/useLiveUpdates.ts';
import { useNow } from '../useNow.ts';
import { useSlaFormat } from '../useSlaFormat.ts';
import { useTicketFormat } from '../useTicketFormat.ts';

// The desk works the most urgent first: priority, then the SLA due time (the API's default stays -number).
const SORTS: readonly TicketSort[] = ['priority', '-number', 'number', '-updatedAt', 'slaDueAt'];
const DEFAULT_SORT: TicketSort = 'priority';
const SORT_LABELS = {
  priority: 'priority',
  '-number': 'newest',
  number: 'oldest',
  '-updatedAt': 'updated',
  slaDueAt: 'slaDue',
} as const;

const isStatus = (value: string): value is Status => (STATUSES as readonly string[]).includes(value);
const isSlaState = (value: string): value is SlaState => (SLA_STATES as readonly string[]).includes(value);
const isPriority = (value: string | null): value is Priority =>
  value !== null && (PRIORITIES as readonly string[]).includes(value);
const isSort = (value: string | null): value is TicketSort =>
  value !== null && (SORTS as readonly string[]).includes(value);

/** The desk's queue: every request this employee may see, filtered, a page at a time. */
export function DeskTicketsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const formatDate = useFormatDate();
  const formatShortDate = useFormatShortDate();
  const { statusLabel, priorityLabel, hours } = useTicketFormat();
  const { stateLabel } = useSlaFormat();
  // «через 2 ч 10 мин» in every row counts from one moment, redrawn twice a minute.
  const now = useNow(true, 30_000);
  // Requests that arrived while the queue was open stand out for a minute.
  const freshTickets = useFreshTickets();
  const [searchParams, setSearchParams] = useSearchParams();
  const [creating, setCreating] = useState(false);

  // Filters live in the address, so Back from a request returns to the same queue.
  const statuses = searchParams.getAll('status').filter(isStatus);
  const slaStates = searchParams.getAll('sla').filter(isSlaState);
  const priorityParam = searchParams.get('priority');
  const priority = isPriority(priorityParam) ? priorityParam : null;
  const mine = searchParams.get('mine') === '1';
  const sortParam = searchParams.get('sort');
  const sort: TicketSort = isSort(sortParam) ? sortParam : DEFAULT_SORT;
  const [search, setSearch] = useState(searchParams.get('q') ?? '');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);

  const update = (changes: Record<string, string | string[] | null>) => {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          next.delete(key);
          for (const item of Array.isArray(value) ? value : value ? [value] : []) {
            next.append(key, item);
          }
        }
        return next;
      },
      { replace: true },
    );
  };

  useEffect(() => {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (debouncedSearch) {
          next.set('q', debouncedSearch);
        } else {
          next.delete('q');
        }
        return next;
      },
      { replace: true },
    );
  }, [debouncedSearch, setSearchParams]);

  // statuses is a fresh array each render: the query key is built from its value.
  const statusKey = statuses.join(',');
  const slaKey = slaStates.join(',');
  const filters: TicketFilters = useMemo(
    () => ({
      status: statusKey.split(',').filter(isStatus),
      slaState: slaKey.split(',').filter(isSlaState),
      priority,
      q: debouncedSearch,
      assigneeId: mine ? user.id : null,
      sort,
    }),
    [statusKey, slaKey, priority, debouncedSearch, mine, user.id, sort],
  );
  const tickets = useInfiniteQuery({ ...ticketsQueryOptions(filters), placeholderData: keepPreviousData });
  const items = tickets.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered =
    statuses.length > 0 || slaStates.length > 0 || priority !== null || mine || debouncedSearch !== '';

  const newTicketButton = (
    <Button leftSection={<PlusIcon />} onClick={() => setCreating(true)}>
      {t('tickets.new')}
    </Button>
  );

  const resetFilters = () => {
    setSearch('');
    setSearchParams({}, { replace: true });
  };

  const renderList = () => {
    if (tickets.isPending) {
      return <PageLoader />;
    }
    if (tickets.isError) {
      return <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />;
    }
    if (items.length === 0) {
      return isFiltered ? (
        <EmptyHint
          icon={<SearchIcon size={28} />}
          title={t('tickets.notFound.title')}
          description={t('tickets.notFound.description')}
          action={
            <Button variant="light" onClick={resetFilters}>
              {t('common.resetFilters')}
            </Button>
          }
        />
      ) : (
        <EmptyHint
          icon={<InboxIcon size={28} />}
          title={t('tickets.empty.title')}
          description={t('tickets.empty.descriptionDesk')}
          action={newTicketButton}
        />
      );
    }
    return (
      <Stack gap="md">
        <Table.ScrollContainer minWidth={1040}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="tickets-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.columns.number')}</Table.Th>
                <Table.Th>{t('tickets.columns.title')}</Table.Th>
                <Table.Th>{t('tickets.columns.client')}</Table.Th>
                <Table.Th>{t('tickets.columns.status')}</Table.Th>
                <Table.Th>{t('tickets.columns.priority')}</Table.Th>
                <Table.Th>{t('tickets.columns.sla')}</Table.Th>
                <Table.Th>{t('tickets.columns.assignee')}</Table.Th>
                <Table.Th ta="right">{t('tickets.columns.estimate')}</Table.Th>
                <Table.Th>{t('tickets.columns.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((ticket) => {
                const to = `/desk/tickets/${encodeURIComponent(ticket.id)}`;
                const fresh = freshTickets.has(ticket.id);
                const unread = ticket.status === 'new' && ticket.firstOpenedAt === null;
                return (
                  <Table.Tr
                    key={ticket.id}
                    data-ticket-number={ticket.number}
                    data-live={fresh ? 'new' : undefined}
                    title={fresh ? t('live.fresh') : undefined}
                    style={{
                      cursor: 'pointer',
                      transition: 'background-color 2s ease',
                      backgroundColor: fresh ? 'var(--mantine-color-yellow-light)' : undefined,
                    }}
                    onClick={(event) => {
                      // The title link handles its own clicks (and middle clicks, new tabs).
                      if (!(event.target instanceof Element && event.target.closest('a'))) {
                        void navigate(to);
                      }
                    }}
                  >
                    <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      #{ticket.number}
                    </Table.Td>
                    <Table.Td style={{ minWidth: 170, maxWidth: 420 }}>
                      <Anchor
                        component={Link}
                        to={to}
                        fw={unread ? 700 : 500}
                        size="sm"
                        style={{ overflowWrap: 'anywhere' }}
                        title={unread ? t('live.unread') : undefined}
                        data-unread={unread || undefined}
                      >
                        {ticket.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {ticket.clientName ?? (
                        <Text span size="sm" c="dimmed">
                          {t('tickets.internalRequest')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={ticket.status} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <PriorityBadge priority={ticket.priority} />
                    </Table.Td>
                    <Table.Td>
                      <SlaCell ticket={ticket} now={now} />
                    </Table.Td>
                    <Table.Td>
                      {ticket.assigneeName ? (
                        shortName(ticket.assigneeName)
                      ) : (
                        <Text span size="sm" c="dimmed">
                          {t('tickets.unassigned')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {ticket.estimateHours !== null ? hours(ticket.estimateHours) : '—'}
                    </Table.Td>
                    <Table.Td
                      style={{ whiteSpace: 'nowrap' }}
                      title={formatDate(ticket.updatedAt) ?? undefined}
                    >
                      {formatShortDate(ticket.updatedAt)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('common.shown', { n: items.length })}
          </Text>
          {tickets.hasNextPage && (
            <Button
              variant="default"
              loading={tickets.isFetchingNextPage}
              onClick={() => void tickets.fetchNextPage()}
            >
              {t('common.loadMore')}
            </Button>
          )}
        </Group>
      </Stack>
    );
  };

  return (
    <>
      <RunningTimerBanner />
      <PageHeader
        title={t('tickets.title')}
        description={t('tickets.description')}
        actions={newTicketButton}
      />
      <Stack gap="md">
        <Stack gap="sm" data-testid="ticket-filters">
          <TextInput
            label={t('tickets.filters.search')}
            placeholder={t('tickets.filters.searchPlaceholder')}
            leftSection={<SearchIcon size={16} />}
            rightSection={tickets.isFetching && !tickets.isFetchingNextPage ? <Loader size="xs" /> : null}
            maxLength={LIMITS.searchMax}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            type="search"
            maw={560}
          />
          <Group gap="sm" align="flex-end" wrap="wrap">
            <MultiSelect
              label={t('tickets.filters.status')}
              placeholder={statuses.length ? undefined : t('tickets.filters.allStatuses')}
              data={STATUSES.map((value) => ({ value, label: statusLabel(value) }))}
              value={statuses}
              onChange={(value) => update({ status: value })}
              clearable
              w={{ base: '100%', sm: 300 }}
              comboboxProps={{ withinPortal: true }}
            />
            <MultiSelect
              label={t('tickets.filters.sla')}
              placeholder={slaStates.length ? undefined : t('tickets.filters.anySla')}
              data={SLA_STATES.map((value) => ({ value, label: stateLabel(value) }))}
              value={slaStates}
              onChange={(value) => update({ sla: value })}
              clearable
              w={{ base: '100%', sm: 260 }}
              comboboxProps={{ withinPortal: true }}
              data-testid="filter-sla"
            />
            <Select
              label={t('tickets.filters.priority')}
              placeholder={t('tickets.filters.anyPriority')}
              data={PRIORITIES.map((value) => ({ value, label: priorityLabel(value) }))}
              value={priority}
              onChange={(value) => update({ priority: value })}
              clearable
              w={{ base: '100%', xs: 180 }}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t('tickets.filters.sort')}
              data={SORTS.map((value) => ({
                value,
                label: t(`tickets.filters.sorts.${SORT_LABELS[value]}`),
              }))}
              value={sort}
              onChange={(value) => update({ sort: value === DEFAULT_SORT ? null : value })}
              allowDeselect={false}
              w={{ base: '100%', xs: 200 }}
              comboboxProps={{ withinPortal: true }}
            />
            <Switch
              label={t('tickets.filters.mine')}
              description={t('tickets.filters.mineHint')}
              checked={mine}
              onChange={(event) => update({ mine: event.currentTarget.checked ? '1' : null })}
              mb={4}
              data-testid="filter-mine"
            />
          </Group>
        </Stack>
        {renderList()}
      </Stack>
      {creating && <NewTicketModal onClose={() => setCreating(false)} />}
    </>
  );
}
