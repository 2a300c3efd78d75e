import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Priority, Status } from '#common/tickets.ts';
import { api } from '../../lib/api.ts';
import type { Ticket } from '../tickets/api.ts';

export type DayKind = 'working' | 'short' | 'weekend' | 'holiday';

/** One day of the board, in the user's time zone, with the organization's working hours in it. */
export type PlanningDay = {
  date: string;
  start: string;
  end: string;
  kind: DayKind;
  capacityHours: number;
  workingSpans: { start: string; end: string }[];
};

/** A planned request as a bar. */
export type PlanningItem = {
  id: string;
  number: number;
  title: string;
  clientId: string | null;
  clientName: string | null;
  status: Status;
  priority: Priority;
  plannedStart: string;
  plannedEnd: string;
  estimateHours: number | null;
  version: number;
  /** The lifecycle lets this user re-plan it. */
  canMove: boolean;
};

export type PlanningEmployee = {
  id: string;
  name: string;
  role: string;
  lineIds: string[];
  items: PlanningItem[];
  /** Per day of the board: estimates spread over the working time of the planned periods. */
  plannedHours: number[];
};

/** An approved request waiting for a plan. */
export type BacklogItem = {
  id: string;
  number: number;
  title: string;
  clientId: string | null;
  clientName: string | null;
  priority: Priority;
  estimateHours: number | null;
  acceptanceCriteria: string | null;
  desiredDueAt: string | null;
  lineId: string | null;
  version: number;
  canPlan: boolean;
};

export type PlanningBoard = {
  from: string;
  timeZone: string;
  canPlan: boolean;
  days: PlanningDay[];
  employees: PlanningEmployee[];
  backlog: BacklogItem[];
  backlogTotal: number;
};

export type BoardQuery = { from: string; days: 7 | 14; lineId: string | null };

export const planningQueryKey = ['planning'] as const;

export const planningQueryOptions = (query: BoardQuery) =>
  queryOptions({
    queryKey: [...planningQueryKey, query],
    queryFn: ({ signal }) =>
      api.get<PlanningBoard>('/planning', {
        signal,
        query: { from: query.from, days: query.days, lineId: query.lineId },
      }),
    // The previous week stays on screen while the next one loads: the grid does not jump.
    placeholderData: keepPreviousData,
  });

export type PlanRequest = {
  id: string;
  version: number;
  assigneeId?: string;
  plannedStart?: string;
  plannedEnd?: string;
  acceptanceCriteria?: string;
};

/** Plans an approved request or re-plans a planned one; the end, left out, follows from the work. */
export const planTicket = ({ id, ...body }: PlanRequest): Promise<Ticket> =>
  api.post<Ticket>(`/tickets/${encodeURIComponent(id)}/plan`, body);
