import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Role } from '#common/roles.ts';
import type { Priority, Status } from '#common/tickets.ts';
import { api, ApiError } from '../../lib/api.ts';
import type { ContractKind } from '../contracts/api.ts';
import type { Week } from '../sla/api.ts';
import { ticketQueryKey, type SlaState } from '../tickets/api.ts';

/** GET /clients/{id}/knowledge: the team's internal page about a client. */
export type KnowledgeCard = {
  clientId: string;
  /** Sanitized HTML; empty until somebody writes it. */
  body: string;
  /** Sent back with a save: a colleague's newer save answers 409. */
  version: number;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
};

type TicketRef = { id: string; number: number; title: string };

/** GET /tickets/{id}/client-card: the client beside a request in the desk. */
export type ClientCard = {
  ticketId: string;
  /** null: an internal request, which has no client. */
  client: { id: string; name: string; inn: string; timeZone: string; contactCount: number } | null;
  requester: { id: string; name: string; email: string; phone: string | null; role: Role } | null;
  /** The contract in force today; null when there is none. */
  contract: {
    id: string;
    number: string;
    kind: ContractKind;
    startsOn: string;
    endsOn: string | null;
    balanceHours: number;
    allowsOverdraft: boolean;
    bonusHoursPerMonth: number | null;
    approvalLimitHours: number | null;
  } | null;
  sla: {
    policy: {
      id: string;
      name: string;
      priority: Priority;
      reactionMinutes: number | null;
      resolutionMinutes: number | null;
    } | null;
    calendar: { id: string; name: string; timeZone: string; week: Week; productionCalendar: boolean } | null;
  };
  openTickets: {
    items: (TicketRef & {
      status: Status;
      priority: Priority;
      slaState: SlaState | null;
      slaDueAt: string | null;
      assigneeName: string | null;
    })[];
    total: number;
  };
  knowledge: KnowledgeCard | null;
};

/** GET /activity: each employee's running timer and the work of one day. */
export type Activity = {
  date: string;
  timeZone: string;
  isToday: boolean;
  totalMinutes: number;
  people: {
    id: string;
    name: string;
    role: Role;
    isActive: boolean;
    /** ticket null: a request the signed-in user may not see. */
    timer: { startedAt: string; ticket: TicketRef | null } | null;
    worklogs: {
      id: string;
      startedAt: string;
      minutes: number;
      note: string | null;
      source: 'timer' | 'manual';
      ticket: TicketRef | null;
    }[];
    totalMinutes: number;
  }[];
};

const CLIENT_CARD = 'client-card';

// Under the request's key: whatever refreshes the request (a posted specification, a new request of the
// client) refreshes its card too.
export const clientCardQueryOptions = (ticketId: string) =>
  queryOptions({
    queryKey: [...ticketQueryKey(ticketId), CLIENT_CARD],
    queryFn: ({ signal }) =>
      api.get<ClientCard>(`/tickets/${encodeURIComponent(ticketId)}/client-card`, { signal }),
  });

export const knowledgeQueryKey = (clientId: string) => ['clients', 'knowledge', clientId] as const;

export const knowledgeQueryOptions = (clientId: string) =>
  queryOptions({
    queryKey: knowledgeQueryKey(clientId),
    queryFn: ({ signal }) =>
      api.get<KnowledgeCard>(`/clients/${encodeURIComponent(clientId)}/knowledge`, { signal }),
  });

export const saveKnowledge = ({
  clientId,
  ...body
}: {
  clientId: string;
  body: string;
  version: number;
}): Promise<KnowledgeCard> =>
  api.put<KnowledgeCard>(`/clients/${encodeURIComponent(clientId)}/knowledge`, body);

/** Puts a saved card everywhere it shows: the client page and every request card of that client. */
export const rememberKnowledge = (queryClient: QueryClient, card: KnowledgeCard): void => {
  queryClient.setQueryData(knowledgeQueryKey(card.clientId), card);
  queryClient.setQueriesData<ClientCard>(
    { predicate: (query) => query.queryKey.at(-1) === CLIENT_CARD },
    (current) => (current?.client?.id === card.clientId ? { ...current, knowledge: card } : current),
  );
};

/** The card a colleague saved meanwhile, from a 409 answer. */
export const knowledgeConflict = (error: unknown): KnowledgeCard | null => {
  if (!(error instanceof ApiError) || error.status !== 409 || error.code !== 'version_conflict') {
    return null;
  }
  const current = error.problem.current;
  return typeof current === 'object' && current !== null ? (current as KnowledgeCard) : null;
};

export const activityQueryOptions = (date: string | null) =>
  queryOptions({
    queryKey: ['activity', date ?? 'today'],
    queryFn: ({ signal }) => api.get<Activity>('/activity', { signal, query: { date } }),
    // «Who works on what right now» must stay current while the page is open.
    refetchInterval: 30_000,
    staleTime: 0,
  });
