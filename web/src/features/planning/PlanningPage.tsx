import { ActionIcon, Alert, Button, Group, SegmentedControl, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { CalendarIcon, ChevronLeftIcon, ChevronRightIcon, UsersIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { todayIn, shortName } from '../../lib/format.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { useFormatDateRange } from '../auth/useFormatDate.ts';
import { onLiveChange } from '../live/useLiveUpdates.ts';
import { conflictCurrent, rememberTicket } from '../tickets/api.ts';
import { linesQueryOptions } from '../users/api.ts';
import {
  planTicket,
  planningQueryKey,
  planningQueryOptions,
  type BacklogItem,
  type PlanRequest,
  type PlanningItem,
} from './api.ts';
import { addDays, isDate, mondayOf } from './geometry.ts';
import { PlanModal, type PlanChoice, type PlanDraft } from './PlanModal.tsx';
import { PlanningGrid, type DropTarget, type PendingMove } from './PlanningGrid.tsx';

/**
 * The dispatcher's planning board (seed 001: twice a week the lead puts approved work on the schedule,
 * names the assignee and the dates, with one client's requests highlighted on demand). Agents see their
 * lines' board read-only: what colleagues are busy with.
 */
export function PlanningPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const formatRange = useFormatDateRange();
  const [params, setParams] = useSearchParams();

  const today = todayIn(user.timeZone);
  const fromParam = params.get('from');
  const from = isDate(fromParam) ? fromParam : mondayOf(today);
  const days = params.get('days') === '14' ? 14 : 7;
  const lineId = params.get('line');
  const clientId = params.get('client');

  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) {
            next.delete(key);
          } else {
            next.set(key, value);
          }
        }
        return next;
      },
      { replace: true },
    );

  const query = { from, days, lineId } as const;
  const board = useQuery(planningQueryOptions(query));
  const lines = useQuery(linesQueryOptions);
  const lineCodes = useMemo(
    () => new Map((lines.data?.items ?? []).map((line) => [line.id, line.code])),
    [lines.data],
  );

  const [pending, setPending] = useState<PendingMove | null>(null);
  const [draft, setDraft] = useState<PlanDraft | null>(null);

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: planningQueryKey }),
    [queryClient],
  );

  // Two dispatchers planning at once, an agent taking a request, a client approving one: the board hears
  // every change of a visible request from the live stream and refetches, a burst of changes once.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = onLiveChange((change) => {
      if (change !== 'resync' && change.kind === 'opened') {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: planningQueryKey }), 500);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [queryClient]);

  const plan = useMutation({
    mutationFn: (request: PlanRequest) => planTicket(request),
    onSuccess: (ticket) => {
      rememberTicket(queryClient, ticket);
      notifications.show({
        color: 'green',
        message: t('planning.saved', {
          number: ticket.number,
          assignee: ticket.assigneeName ? shortName(ticket.assigneeName) : '—',
          period: formatRange(ticket.plannedStart, ticket.plannedEnd) ?? '—',
        }),
      });
    },
    onSettled: async () => {
      await refresh();
      setPending(null);
    },
  });

  const handleMove = (
    item: PlanningItem,
    change: { employeeId: string; start: number; end: number; kind: 'move' | 'resize' },
  ) => {
    const employee = board.data?.employees.find((e) => e.items.some((i) => i.id === item.id));
    setPending({ itemId: item.id, employeeId: change.employeeId, start: change.start, end: change.end });
    plan.mutate(
      {
        id: item.id,
        version: item.version,
        ...(change.kind === 'resize'
          ? { plannedEnd: new Date(change.end).toISOString() }
          : {
              ...(employee?.id !== change.employeeId ? { assigneeId: change.employeeId } : {}),
              ...(change.start !== Date.parse(item.plannedStart)
                ? { plannedStart: new Date(change.start).toISOString() }
                : {}),
            }),
      },
      {
        onError: (error) => {
          // Someone changed the request meanwhile: the board shows where it really is now.
          const current = conflictCurrent(error);
          notifications.show({
            color: current ? 'orange' : 'red',
            title: current ? t('planning.conflictTitle') : t('planning.failedTitle'),
            message: current ? t('planning.conflict', { number: current.number }) : describe(error),
          });
        },
      },
    );
  };

  const handlePlan = (item: BacklogItem, target: DropTarget, choose = false) => {
    const employee = board.data?.employees.find((e) => e.id === target.employeeId);
    plan.reset();
    setDraft({
      item,
      employeeId: target.employeeId,
      employeeName: employee?.name ?? '',
      start: target.start,
      end: target.end,
      choose,
    });
  };

  const submitDraft = (acceptanceCriteria: string, choice: PlanChoice) => {
    if (!draft) {
      return;
    }
    const end = choice.start + (draft.end - draft.start);
    setPending({ itemId: draft.item.id, employeeId: choice.employeeId, start: choice.start, end });
    plan.mutate(
      {
        id: draft.item.id,
        version: draft.item.version,
        assigneeId: choice.employeeId,
        plannedStart: new Date(choice.start).toISOString(),
        acceptanceCriteria,
      },
      { onSuccess: () => setDraft(null) },
    );
  };

  const openTicket = useCallback((id: string) => void navigate(`/desk/tickets/${id}`), [navigate]);

  const clients = useMemo(() => {
    const byId = new Map<string, string>();
    for (const employee of board.data?.employees ?? []) {
      for (const item of employee.items) {
        if (item.clientId && item.clientName) {
          byId.set(item.clientId, item.clientName);
        }
      }
    }
    for (const item of board.data?.backlog ?? []) {
      if (item.clientId && item.clientName) {
        byId.set(item.clientId, item.clientName);
      }
    }
    return [...byId.entries()]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
  }, [board.data, i18n.language]);

  const periodLabel = useMemo(() => {
    const data = board.data;
    const first = data?.days[0];
    const last = data?.days.at(-1);
    if (!data || !first || !last) {
      return '';
    }
    const format = new Intl.DateTimeFormat(i18n.language, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: data.timeZone,
    });
    return format.formatRange(new Date(first.start), new Date(last.start));
  }, [board.data, i18n.language]);

  const readOnly = board.data ? !board.data.canPlan : user.role === 'agent';
  const hasBars = (board.data?.employees ?? []).some((employee) => employee.items.length > 0);

  return (
    <>
      <PageHeader
        title={t('planning.title')}
        description={readOnly ? t('planning.descriptionReadOnly') : t('planning.description')}
      />
      <Group justify="space-between" mb="md" gap="sm" wrap="wrap">
        <Group gap="xs" wrap="nowrap">
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('planning.previous')}
            onClick={() => setParam({ from: addDays(from, -days) })}
          >
            <ChevronLeftIcon />
          </ActionIcon>
          <Button
            variant="default"
            leftSection={<CalendarIcon size={16} />}
            onClick={() => setParam({ from: null })}
            disabled={from === mondayOf(today)}
          >
            {t('planning.today')}
          </Button>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('planning.next')}
            onClick={() => setParam({ from: addDays(from, days) })}
          >
            <ChevronRightIcon />
          </ActionIcon>
          <Text fw={600} ml="xs" data-testid="planning-period">
            {periodLabel}
          </Text>
        </Group>
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            value={String(days)}
            onChange={(value) => setParam({ days: value === '14' ? '14' : null })}
            data={[
              { value: '7', label: t('planning.oneWeek') },
              { value: '14', label: t('planning.twoWeeks') },
            ]}
          />
          <Select
            aria-label={t('planning.line')}
            placeholder={t('planning.allLines')}
            data={(lines.data?.items ?? []).map((line) => ({
              value: line.id,
              label: `${line.code} · ${line.name}`,
            }))}
            value={lineId}
            onChange={(value) => setParam({ line: value })}
            clearable
            w={200}
          />
          <Select
            aria-label={t('planning.highlightClient')}
            placeholder={t('planning.highlightClient')}
            data={clients}
            value={clientId}
            onChange={(value) => setParam({ client: value })}
            searchable
            clearable
            nothingFoundMessage={t('planning.noClients')}
            w={240}
            data-testid="planning-client"
          />
        </Group>
      </Group>
      {board.isPending ? (
        <PageLoader />
      ) : board.isError ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : board.data.employees.length === 0 ? (
        <EmptyHint
          icon={<UsersIcon size={28} />}
          title={t('planning.noEmployees.title')}
          description={t('planning.noEmployees.text')}
        />
      ) : (
        <>
          {!hasBars && (
            <Alert variant="light" color="blue" mb="md" data-testid="planning-empty">
              {board.data.canPlan ? t('planning.empty') : t('planning.emptyReadOnly')}
            </Alert>
          )}
          <PlanningGrid
            board={board.data}
            today={today}
            highlightClientId={clientId}
            lineCodes={lineCodes}
            pending={pending}
            onMove={handleMove}
            onPlan={handlePlan}
            onOpen={openTicket}
          />
        </>
      )}
      <PlanModal
        draft={draft}
        submitting={plan.isPending}
        error={plan.error}
        onSubmit={submitDraft}
        employees={board.data?.employees ?? []}
        timeZone={board.data?.timeZone ?? user.timeZone}
        onClose={() => {
          setDraft(null);
          setPending(null);
        }}
      />
    </>
  );
}
