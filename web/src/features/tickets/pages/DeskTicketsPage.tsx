import {
  Button,
  Checkbox,
  Group,
  Kbd,
  Loader,
  Modal,
  MultiSelect,
  Popover,
  Select,
  Stack,
  Switch,
  Table,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useIsFetching, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { LIMITS } from '#common/limits.ts';
import { GROUP_BY, QUEUE_COLUMNS, type QueueColumn } from '#common/queue.ts';
import { PRIORITIES, STATUSES } from '#common/tickets.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { EmptyHint } from '../../../components/States.tsx';
import { InboxIcon, PlusIcon, SearchIcon } from '../../../components/icons.tsx';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { useFreshTickets } from '../../live/useLiveUpdates.ts';
import { SLA_STATES, type Ticket } from '../api.ts';
import { NewTicketModal } from '../components/NewTicketModal.tsx';
import { RunningTimerBanner } from '../components/TicketTimer.tsx';
import { BulkBar } from '../queue/BulkBar.tsx';
import { MoreFilters } from '../queue/MoreFilters.tsx';
import { QueueContext, type QueueContextValue } from '../queue/QueueContext.tsx';
import { QueueGroups } from '../queue/QueueGroups.tsx';
import { QueueList } from '../queue/QueueList.tsx';
import { ticketPath } from '../queue/QueueTable.tsx';
import { ViewsMenu } from '../queue/ViewsMenu.tsx';
import { rememberView, viewsQueryOptions, type QueueView } from '../queue/queueApi.ts';
import {
  DEFAULT_SORT,
  QUEUE_PARAMS,
  SORTS,
  apiFilters,
  definitionOf,
  isFiltered,
  isGroupBy,
  isPriority,
  isSlaState,
  isSort,
  isStatus,
  paramsFromState,
  sameState,
  stateFromParams,
  stateOf,
  type QueueState,
} from '../queue/queueState.ts';
import { useQueueKeyboard } from '../queue/useQueueKeyboard.ts';
import { useQueueLookups } from '../queue/useQueueLookups.ts';
import { useNow } from '../useNow.ts';
import { useSlaFormat } from '../useSlaFormat.ts';
import { useTicketFormat } from '../useTicketFormat.ts';

const SORT_LABELS = {
  priority: 'priority',
  '-number': 'newest',
  number: 'oldest',
  '-updatedAt': 'updated',
  slaDueAt: 'slaDue',
} as const;

const KEYS = [
  ['j', '↓', 'down'],
  ['k', '↑', 'up'],
  ['Enter', null, 'open'],
  ['x', null, 'check'],
  ['/', null, 'search'],
  ['?', null, 'help'],
] as const;

/**
 * The desk's queue: the requests this employee may see, filtered, sorted, grouped with counts, in the
 * columns he chose; saved as views (his own or his line's); worked from the keyboard and in bulk.
 */
export function DeskTicketsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { statusLabel, priorityLabel } = useTicketFormat();
  const { stateLabel } = useSlaFormat();
  const lookups = useQueueLookups();
  // «через 2 ч 10 мин» in every row counts from one moment, redrawn twice a minute.
  const now = useNow(true, 30_000);
  // Requests that arrived while the queue was open stand out for a minute.
  const fresh = useFreshTickets();
  const [searchParams, setSearchParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  // The queue's state lives in the address, so Back from a request returns to the same queue.
  const paramsKey = searchParams.toString();
  const state = useMemo(() => stateFromParams(new URLSearchParams(paramsKey)), [paramsKey]);
  const activeViewId = searchParams.get('view');
  const views = useQuery({ ...viewsQueryOptions, refetchOnMount: 'always' });
  const viewList = useMemo(() => views.data?.items ?? [], [views.data]);
  const active = viewList.find((view) => view.id === activeViewId) ?? null;
  const modified = active !== null && !sameState(state, stateOf(active.definition));

  // Changes apply to the address as it is when they land, not as this render saw it: two quick changes
  // (a filter, then the grouping) must not undo each other while the first navigation is still pending.
  // The router hands the functional form the parameters of the last render, so the address is read here.
  const setState = useCallback(
    (change: (previous: QueueState) => QueueState) => {
      const current = new URLSearchParams(window.location.search);
      setSearchParams(paramsFromState(change(stateFromParams(current)), current), { replace: true });
    },
    [setSearchParams],
  );
  const setFilters = (changes: Partial<QueueState['filters']>) =>
    setState((previous) => {
      const filters = { ...previous.filters, ...changes };
      for (const key of Object.keys(filters) as (keyof typeof filters)[]) {
        const value = filters[key];
        if (value === undefined || (Array.isArray(value) && value.length === 0) || value === false) {
          delete filters[key];
        }
      }
      return { ...previous, filters };
    });

  const queryClient = useQueryClient();
  const remember = useMutation({
    mutationFn: rememberView,
    onSuccess: (_, id) =>
      queryClient.setQueryData(viewsQueryOptions.queryKey, (previous) =>
        previous ? { ...previous, lastUsedId: id } : previous,
      ),
  });
  const openView = useCallback(
    (view: QueueView | null) => {
      const params = paramsFromState(
        view ? stateOf(view.definition) : stateFromParams(new URLSearchParams()),
      );
      if (view) {
        params.set('view', view.id);
      }
      setSearchParams(params, { replace: true });
    },
    [setSearchParams],
  );
  // Picking a view starts the search box over with the view's words.
  const [picks, setPicks] = useState(0);
  const pickView = (view: QueueView | null) => {
    openView(view);
    setPicks((count) => count + 1);
    remember.mutate(view?.id ?? null);
  };

  // Back at the desk after logging in, the queue opens as he left it: in the view he used last.
  const restored = useRef(false);
  useEffect(() => {
    // Only an answer fetched now counts: a cached one may predate the view he picked last.
    if (restored.current || !views.data || !views.isFetchedAfterMount) {
      return;
    }
    restored.current = true;
    const opened = new URLSearchParams(paramsKey);
    const bare = !opened.has('view') && QUEUE_PARAMS.every((key) => !opened.has(key));
    const last = viewList.find((view) => view.id === views.data.lastUsedId);
    if (bare && last) {
      openView(last);
    }
  }, [views.data, views.isFetchedAfterMount, viewList, paramsKey, openView]);

  // Checked rows for bulk actions, and the row the keyboard stands on.
  const [checked, setChecked] = useState<ReadonlyMap<string, Ticket>>(new Map());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [rows] = useState(() => new Map<string, Ticket>());
  const onToggle = useCallback((tickets: Ticket[], on: boolean) => {
    setChecked((previous) => {
      const next = new Map(previous);
      for (const ticket of tickets) {
        if (on) {
          next.set(ticket.id, ticket);
        } else {
          next.delete(ticket.id);
        }
      }
      return next;
    });
  }, []);
  useQueueKeyboard({
    selectedId,
    onSelect: setSelectedId,
    onOpen: (id) => void navigate(ticketPath(id)),
    onToggle: (id) => {
      const ticket = rows.get(id);
      if (ticket) {
        onToggle([ticket], !checked.has(id));
      }
    },
    onSearch: () => searchRef.current?.focus(),
    onHelp: () => setHelp(true),
  });

  const filters = useMemo(() => apiFilters(state.filters), [state.filters]);
  const checkedSet = useMemo(() => new Set(checked.keys()), [checked]);
  // The bulk action sends the version on screen now (the live feed refreshes rows), not the one checked.
  const checkedTickets = [...checked.values()].map((ticket) => rows.get(ticket.id) ?? ticket);
  const context: QueueContextValue = {
    userId: user.id,
    sort: state.sort,
    columns: state.columns,
    lookups,
    now,
    fresh,
    selectedId,
    checked: checkedSet,
    onToggle,
    onSelect: setSelectedId,
    rows,
  };
  const fetching = useIsFetching({ queryKey: ['tickets', 'list'] }) > 0;

  const newTicketButton = (
    <Button leftSection={<PlusIcon />} onClick={() => setCreating(true)}>
      {t('tickets.new')}
    </Button>
  );
  const filtered = isFiltered(state.filters);
  const empty = filtered ? (
    <EmptyHint
      icon={<SearchIcon size={28} />}
      title={t('tickets.notFound.title')}
      description={t('tickets.notFound.description')}
      action={
        <Button variant="light" onClick={() => pickView(null)}>
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

  return (
    <>
      <RunningTimerBanner />
      <PageHeader
        title={t('tickets.title')}
        description={t('tickets.description')}
        actions={
          <Group gap="xs">
            <Tooltip label={t('queue.keys.title')}>
              <Button variant="subtle" onClick={() => setHelp(true)} aria-label={t('queue.keys.title')}>
                <Kbd>?</Kbd>
              </Button>
            </Tooltip>
            {newTicketButton}
          </Group>
        }
      />
      <QueueContext value={context}>
        <Stack gap="md">
          <Stack gap="sm" data-testid="ticket-filters">
            <Group gap="sm" align="flex-end" wrap="wrap">
              <ViewsMenu
                views={viewList}
                active={active}
                modified={modified}
                current={definitionOf(state)}
                onPick={(view) => pickView(view)}
              />
              <SearchBox
                key={`${activeViewId ?? ''}|${picks}`}
                inputRef={searchRef}
                value={state.filters.q ?? ''}
                fetching={fetching}
                onSettled={(q) => setFilters({ q: q || undefined })}
              />
            </Group>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <MultiSelect
                label={t('tickets.filters.status')}
                placeholder={state.filters.status?.length ? undefined : t('tickets.filters.allStatuses')}
                data={STATUSES.map((value) => ({ value, label: statusLabel(value) }))}
                value={state.filters.status ?? []}
                onChange={(value) => setFilters({ status: value.filter(isStatus) })}
                clearable
                w={{ base: '100%', sm: 260 }}
                comboboxProps={{ withinPortal: true }}
                data-testid="filter-status"
              />
              <MultiSelect
                label={t('tickets.filters.sla')}
                placeholder={state.filters.slaState?.length ? undefined : t('tickets.filters.anySla')}
                data={SLA_STATES.map((value) => ({ value, label: stateLabel(value) }))}
                value={state.filters.slaState ?? []}
                onChange={(value) => setFilters({ slaState: value.filter(isSlaState) })}
                clearable
                w={{ base: '100%', sm: 220 }}
                comboboxProps={{ withinPortal: true }}
                data-testid="filter-sla"
              />
              <Select
                label={t('tickets.filters.priority')}
                placeholder={t('tickets.filters.anyPriority')}
                data={PRIORITIES.map((value) => ({ value, label: priorityLabel(value) }))}
                value={state.filters.priority ?? null}
                onChange={(value) => setFilters({ priority: isPriority(value) ? value : undefined })}
                clearable
                w={{ base: '100%', xs: 150 }}
                comboboxProps={{ withinPortal: true }}
              />
              <MoreFilters filters={state.filters} lookups={lookups} onChange={setFilters} />
              <Select
                label={t('tickets.filters.sort')}
                data={SORTS.map((value) => ({
                  value,
                  label: t(`tickets.filters.sorts.${SORT_LABELS[value]}`),
                }))}
                value={state.sort}
                onChange={(value) =>
                  setState((previous) => ({ ...previous, sort: isSort(value) ? value : DEFAULT_SORT }))
                }
                allowDeselect={false}
                w={{ base: '100%', xs: 190 }}
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                label={t('queue.groupBy.label')}
                placeholder={t('queue.groupBy.none')}
                data={GROUP_BY.map((value) => ({ value, label: t(`queue.groupBy.${value}`) }))}
                value={state.groupBy}
                onChange={(value) =>
                  setState((previous) => ({ ...previous, groupBy: isGroupBy(value) ? value : null }))
                }
                clearable
                w={{ base: '100%', xs: 170 }}
                comboboxProps={{ withinPortal: true }}
                data-testid="group-by"
              />
              <ColumnsPicker
                columns={state.columns}
                onChange={(columns) => setState((previous) => ({ ...previous, columns }))}
              />
              <Switch
                label={t('tickets.filters.mine')}
                checked={state.filters.mine ?? false}
                onChange={(event) => setFilters({ mine: event.currentTarget.checked || undefined })}
                mb={8}
                data-testid="filter-mine"
              />
            </Group>
          </Stack>
          <BulkBar tickets={checkedTickets} onClear={() => setChecked(new Map())} />
          {state.groupBy ? (
            <QueueGroups by={state.groupBy} filters={filters} empty={empty} />
          ) : (
            <QueueList filters={filters} empty={empty} />
          )}
        </Stack>
      </QueueContext>
      {creating && <NewTicketModal onClose={() => setCreating(false)} />}
      <Modal opened={help} onClose={() => setHelp(false)} title={t('queue.keys.title')} centered size="sm">
        <Table withRowBorders={false} data-testid="keyboard-help">
          <Table.Tbody>
            {KEYS.map(([key, alt, action]) => (
              <Table.Tr key={key}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Kbd>{key}</Kbd>
                  {alt && (
                    <>
                      {' '}
                      <Kbd>{alt}</Kbd>
                    </>
                  )}
                </Table.Td>
                <Table.Td>{t(`queue.keys.${action}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </>
  );
}

/** Which columns the table shows; their order is the table's own. */
function ColumnsPicker({
  columns,
  onChange,
}: {
  columns: readonly QueueColumn[];
  onChange: (columns: QueueColumn[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" mb={1} data-testid="columns-picker">
          {t('queue.columnsPicker')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group
          value={[...columns]}
          onChange={(value) => {
            const next = QUEUE_COLUMNS.filter((column) => value.includes(column));
            if (next.length) {
              onChange(next);
            }
          }}
        >
          <Stack gap={6}>
            {QUEUE_COLUMNS.map((column) => (
              <Checkbox key={column} value={column} label={t(`queue.columns.${column}`)} size="xs" />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The search field: the address gets the words once typing settles. */
function SearchBox({
  value,
  fetching,
  inputRef,
  onSettled,
}: {
  value: string;
  fetching: boolean;
  inputRef: React.RefObject<HTMLInputElement | null>;
  onSettled: (q: string) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  useEffect(() => {
    if (debounced !== value) {
      onSettled(debounced);
    }
    // Only settled typing writes the address: a new `value` or callback alone must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return (
    <TextInput
      ref={inputRef}
      aria-label={t('tickets.filters.search')}
      placeholder={t('tickets.filters.searchPlaceholder')}
      leftSection={<SearchIcon size={16} />}
      rightSection={fetching ? <Loader size="xs" /> : <Kbd size="xs">/</Kbd>}
      maxLength={LIMITS.searchMax}
      value={search}
      onChange={(event) => setSearch(event.currentTarget.value)}
      onKeyDown={(event) => {
        // Escape leaves the field for the queue's keys; a search field would also clear itself.
        if (event.key === 'Escape') {
          event.preventDefault();
          event.currentTarget.blur();
        }
      }}
      type="search"
      style={{ flex: 1 }}
      miw={220}
      maw={520}
      data-testid="queue-search"
    />
  );
}
