import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Priority } from '#common/tickets.ts';
import { api } from '../../lib/api.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working time of a local day, in minutes from midnight: 09:00–18:00 is { start: 540, end: 1080 }. */
export type Interval = { start: number; end: number };
export type Week = Record<Weekday, Interval[]>;

export type CalendarException =
  | { kind: 'holiday' }
  | { kind: 'short'; minutesShorter: number }
  | { kind: 'working'; intervals?: Interval[]; minutesShorter?: number };

/** GET /calendars/{id}: a business calendar, the working time an SLA clock counts. */
export type BusinessCalendar = {
  id: string;
  name: string;
  /** IANA, e.g. Europe/Moscow. */
  timeZone: string;
  week: Week;
  /** YYYY-MM-DD → what differs from the week that day. */
  exceptions: Record<string, CalendarException>;
  /** The Russian production calendar (holidays, transfers, shortened days) applies. */
  productionCalendar: boolean;
  isDefault: boolean;
  version: number;
  clientCount: number;
  /** The due times of open requests are being recomputed after a change. */
  recomputePending: boolean;
  updatedAt: string;
};

export type CalendarInput = {
  name: string;
  timeZone: string;
  week: Week;
  exceptions?: Record<string, CalendarException>;
  productionCalendar?: boolean;
  isDefault?: boolean;
};

export type SlaTargets = { reactionMinutes: number; resolutionMinutes: number };

/** GET /sla-policies/{id}: reaction and resolution targets per priority, in working minutes. */
export type SlaPolicy = {
  id: string;
  name: string;
  targets: Record<Priority, SlaTargets>;
  /** 0 < warnShare < 1: the share of a target after which a request is «скоро срок». */
  warnShare: number;
  isDefault: boolean;
  contractCount: number;
  recomputePending: boolean;
  updatedAt: string;
};

export type PolicyInput = {
  name: string;
  targets: Record<Priority, SlaTargets>;
  warnShare?: number;
  isDefault?: boolean;
};

export const calendarsQueryKey = ['calendars'] as const;
export const policiesQueryKey = ['sla-policies'] as const;

export const calendarsQueryOptions = queryOptions({
  queryKey: [...calendarsQueryKey, 'list'],
  queryFn: ({ signal }) => api.get<{ items: BusinessCalendar[] }>('/calendars', { signal }),
});

export const calendarQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...calendarsQueryKey, 'one', id],
    queryFn: ({ signal }) => api.get<BusinessCalendar>(`/calendars/${encodeURIComponent(id)}`, { signal }),
  });

export const policiesQueryOptions = queryOptions({
  queryKey: [...policiesQueryKey, 'list'],
  queryFn: ({ signal }) => api.get<{ items: SlaPolicy[] }>('/sla-policies', { signal }),
});

export const createCalendar = (body: CalendarInput): Promise<BusinessCalendar> =>
  api.post<BusinessCalendar>('/calendars', body);

export const updateCalendar = ({
  id,
  ...body
}: Partial<CalendarInput> & { id: string }): Promise<BusinessCalendar> =>
  api.patch<BusinessCalendar>(`/calendars/${encodeURIComponent(id)}`, body);

export const createPolicy = (body: PolicyInput): Promise<SlaPolicy> =>
  api.post<SlaPolicy>('/sla-policies', body);

export const updatePolicy = ({ id, ...body }: Partial<PolicyInput> & { id: string }): Promise<SlaPolicy> =>
  api.patch<SlaPolicy>(`/sla-policies/${encodeURIComponent(id)}`, body);

/** A calendar or policy changed: lists, the one edited and every request's due times may move. */
export const refreshSla = (queryClient: QueryClient): void => {
  void queryClient.invalidateQueries({ queryKey: calendarsQueryKey });
  void queryClient.invalidateQueries({ queryKey: policiesQueryKey });
  void queryClient.invalidateQueries({ queryKey: ['tickets'] });
};

/** «09:00» from 540; «24:00» for the end of the day. */
export const minutesToTime = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** 540 from «09:00» or «9:00»; «24:00» is 1440; null for anything else. */
export const timeToMinutes = (text: string): number | null => {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) {
    return null;
  }
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) {
    return null;
  }
  return hours * 60 + minutes;
};
