import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Role } from '#common/roles.ts';
import type { Channel, Priority, Status } from '#common/tickets.ts';
import { api, ApiError, type Page } from '../../lib/api.ts';

/** GET /tickets/{id}: a request as this user sees it, with what this user may do with it now. */
export type Ticket = {
  id: string;
  number: number;
  title: string;
  /** Sanitized HTML. */
  description: string;
  clientId: string | null;
  clientName: string | null;
  requesterId: string | null;
  requesterName: string | null;
  serviceId: string | null;
  type: string;
  priority: Priority;
  channel: Channel;
  status: Status;
  statusBeforeStale: Status | null;
  lineId: string | null;
  groupId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  estimateHours: number | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  acceptanceCriteria: string | null;
  /** Sanitized HTML. */
  resolution: string | null;
  /** The client's wish: when the result is needed. */
  desiredDueAt: string | null;
  /** The nearest due instant of a running SLA timer; null while no timer runs. */
  slaDueAt: string | null;
  /** null: no SLA applies (no calendar or policy). */
  slaState: SlaState | null;
  reactionDueAt: string | null;
  resolutionDueAt: string | null;
  /** When staff first reacted (a transition or a public reply). */
  reactedAt: string | null;
  /** When a member of the staff first opened it; null while nobody has (the new-request alert speaks of it). */
  firstOpenedAt: string | null;
  spentMinutes: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  version: number;
  /** What this user may move the request to now: the UI offers exactly these and never re-derives roles. */
  allowedTransitions: Status[];
};

export type TicketCreate = {
  title: string;
  description?: string;
  clientId?: string;
  requesterId?: string;
  priority?: Priority;
  channel?: Channel;
  serviceId?: string;
  desiredDueAt?: string;
};

export type TransitionRequest = {
  to: Status;
  version: number;
  estimateHours?: number;
  assigneeId?: string;
  plannedStart?: string;
  plannedEnd?: string;
  acceptanceCriteria?: string;
  resolution?: string;
  comment?: string;
};

export type TicketEventKind =
  | 'created'
  | 'transitioned'
  | 'commented'
  | 'timer_started'
  | 'timer_stopped'
  | 'worklog_added'
  | 'worklog_changed'
  | 'attachment_added'
  | 'escalated'
  | 'de_escalated';

export type TicketEvent = {
  id: number;
  kind: TicketEventKind | (string & {});
  actorId: string | null;
  /** null: the system (auto-approval, the stale job). */
  actorName: string | null;
  data: Record<string, unknown>;
  createdAt: string;
};

export type TicketComment = {
  id: string;
  authorId: string | null;
  authorName: string | null;
  /** Sanitized HTML. */
  body: string;
  internal: boolean;
  createdAt: string;
};

export type Worklog = {
  id: string;
  ticketId: string;
  userId: string;
  userName: string;
  startedAt: string;
  minutes: number;
  note: string;
  source: 'timer' | 'manual';
  createdAt: string;
  updatedAt: string;
};

export type WorklogCreate = { minutes: number; startedAt?: string; note?: string };
export type WorklogPatch = { minutes?: number; startedAt?: string; note?: string };

export type RunningTimer = { ticketId: string; ticketNumber: number; ticketTitle: string; startedAt: string };

export type TimerStart = {
  ticket: Ticket;
  timer: { ticketId: string; startedAt: string };
  stopped: { ticketId: string; worklogId: string; minutes: number } | null;
};

export type Attachment = {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
  uploaderName: string | null;
  commentId: string | null;
};

/** A staff member a request can be assigned to. */
export type StaffMember = { id: string; name: string; role?: Role };

export type TicketSort = '-number' | 'number' | '-updatedAt' | 'slaDueAt' | 'priority';

/** ok: within target; warning: close to it; breached: a target missed; met: both met; paused: waiting for the client. */
export const SLA_STATES = ['breached', 'warning', 'ok', 'paused', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export type TicketFilters = {
  status?: readonly Status[];
  priority?: Priority | null;
  q?: string;
  assigneeId?: string | null;
  clientId?: string | null;
  slaState?: readonly SlaState[];
  sort?: TicketSort;
};

/** Files above this are refused by the server (413); the UI says so before uploading. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Statuses after which nothing more happens to a request. */
export const CLOSED_STATUSES: readonly Status[] = ['completed', 'rejected', 'irrelevant'];
export const OPEN_STATUSES: readonly Status[] = [
  'new',
  'evaluated',
  'approved',
  'planned',
  'in_progress',
  'done',
  'stale',
];

/** Statuses in which work can be timed (the server refuses the timer in the others). */
export const TIMEABLE_STATUSES: readonly Status[] = [
  'new',
  'evaluated',
  'approved',
  'planned',
  'in_progress',
];

export const ticketsQueryKey = ['tickets'] as const;
const ticketPath = (id: string) => `/tickets/${encodeURIComponent(id)}`;

export const ticketsQueryOptions = (filters: TicketFilters, limit = 50) =>
  infiniteQueryOptions({
    queryKey: [...ticketsQueryKey, 'list', filters, limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Ticket>>('/tickets', {
        signal,
        query: {
          status: filters.status ?? [],
          priority: filters.priority,
          q: filters.q?.trim(),
          assigneeId: filters.assigneeId,
          clientId: filters.clientId,
          slaState: filters.slaState ?? [],
          sort: filters.sort,
          limit,
          cursor: pageParam,
        },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const ticketQueryKey = (id: string) => [...ticketsQueryKey, 'one', id] as const;

export const ticketQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ticketQueryKey(id),
    queryFn: ({ signal }) => api.get<Ticket>(ticketPath(id), { signal }),
  });

export const ticketEventsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...ticketQueryKey(id), 'events'],
    queryFn: ({ signal }) => api.get<{ items: TicketEvent[] }>(`${ticketPath(id)}/events`, { signal }),
  });

export const ticketCommentsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...ticketQueryKey(id), 'comments'],
    queryFn: ({ signal }) => api.get<{ items: TicketComment[] }>(`${ticketPath(id)}/comments`, { signal }),
  });

export const ticketWorklogsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...ticketQueryKey(id), 'worklogs'],
    queryFn: ({ signal }) => api.get<{ items: Worklog[] }>(`${ticketPath(id)}/worklogs`, { signal }),
  });

/**
 * The request's files, or null while the server has no attachments yet (404 from the route itself):
 * the page then simply shows no attachment controls.
 */
export const ticketAttachmentsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...ticketQueryKey(id), 'attachments'],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<{ items: Attachment[] }>(`${ticketPath(id)}/attachments`, { signal });
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
          return null;
        }
        throw error;
      }
    },
  });

export const timerQueryKey = ['timer'] as const;

export const timerQueryOptions = queryOptions({
  queryKey: timerQueryKey,
  queryFn: ({ signal }) => api.get<{ timer: RunningTimer | null }>('/timer', { signal }),
});

/** People a dispatcher can assign: the active support staff. */
export const assignableStaffQueryOptions = queryOptions({
  queryKey: ['staff'],
  queryFn: async ({ signal }): Promise<StaffMember[] | null> => {
    try {
      const page = await api.get<{ items: StaffMember[] }>('/staff', { signal });
      return page.items;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
        return null;
      }
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});

export const createTicket = (body: TicketCreate, idempotencyKey: string): Promise<Ticket> =>
  api.post<Ticket>('/tickets', body, { headers: { 'Idempotency-Key': idempotencyKey } });

export const transitionTicket = ({ id, ...body }: TransitionRequest & { id: string }): Promise<Ticket> =>
  api.post<Ticket>(`${ticketPath(id)}/transitions`, body);

export const addComment = ({
  ticketId,
  body,
  internal,
  idempotencyKey,
}: {
  ticketId: string;
  body: string;
  internal: boolean;
  idempotencyKey: string;
}): Promise<TicketComment> =>
  api.post<TicketComment>(
    `${ticketPath(ticketId)}/comments`,
    { body, internal },
    { headers: { 'Idempotency-Key': idempotencyKey } },
  );

export const uploadAttachment = ({
  ticketId,
  file,
  commentId,
}: {
  ticketId: string;
  file: File;
  commentId?: string;
}): Promise<Attachment> => {
  const form = new FormData();
  // The server reads fields that come before the file, so commentId goes first.
  if (commentId) {
    form.append('commentId', commentId);
  }
  form.append('file', file, file.name);
  return api.upload<Attachment>(`${ticketPath(ticketId)}/attachments`, form);
};

export const attachmentUrl = (id: string): string => `/api/v1/attachments/${encodeURIComponent(id)}`;

export const startTimer = (ticketId: string): Promise<TimerStart> =>
  api.post<TimerStart>(`${ticketPath(ticketId)}/timer/start`);

export const stopTimer = (ticketId: string): Promise<Worklog> =>
  api.post<Worklog>(`${ticketPath(ticketId)}/timer/stop`);

export const addWorklog = ({ ticketId, ...body }: WorklogCreate & { ticketId: string }): Promise<Worklog> =>
  api.post<Worklog>(`${ticketPath(ticketId)}/worklogs`, body);

export const updateWorklog = ({ id, ...body }: WorklogPatch & { id: string }): Promise<Worklog> =>
  api.patch<Worklog>(`/worklogs/${encodeURIComponent(id)}`, body);

/** Puts a fresh request into the cache and refreshes what depends on it (history, lists). */
export const rememberTicket = (queryClient: QueryClient, ticket: Ticket): void => {
  queryClient.setQueryData(ticketQueryKey(ticket.id), ticket);
  void queryClient.invalidateQueries({ queryKey: [...ticketsQueryKey, 'list'] });
  void queryClient.invalidateQueries({ queryKey: [...ticketQueryKey(ticket.id), 'events'] });
  void queryClient.invalidateQueries({ queryKey: [...ticketQueryKey(ticket.id), 'comments'] });
};

/** The fresh request a 409 version conflict carries, if this error is one. */
export const conflictCurrent = (error: unknown): Ticket | null => {
  if (!(error instanceof ApiError) || error.status !== 409 || error.code !== 'version_conflict') {
    return null;
  }
  const current = error.problem.current;
  return typeof current === 'object' && current !== null ? (current as Ticket) : null;
};

/** True for a 409 that says the action is no longer possible from the request's current status. */
export const isIllegalTransition = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && error.code === 'illegal_transition';

export type EscalationRequest = {
  id: string;
  direction: 'up' | 'down';
  /** A line other than the nearest one that way. */
  lineId?: string;
  groupId?: string | null;
  reason: string;
  version: number;
};

/** The line the request moved to; `ticket` is null when the caller no longer sees it there. */
export type EscalationResult = {
  line: { id: string; code: string; name: string };
  ticket: Ticket | null;
};

export const escalateTicket = ({ id, ...body }: EscalationRequest): Promise<EscalationResult> =>
  api.post<EscalationResult>(`${ticketPath(id)}/escalations`, body);
