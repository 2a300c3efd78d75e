import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { API_BASE, api } from '../../lib/api.ts';

type Split = { hours: number; balanceHours: number; paidHours: number; freeHours: number; requests: number };

/** GET /reports/work: posted hours by month (the client's), service and requester. */
export type WorkReport = {
  from: string;
  to: string;
  clientId: string | null;
  totals: Split;
  months: (Split & { month: string })[];
  services: (Split & { serviceId: string | null; name: string | null })[];
  requesters: (Split & { requesterId: string | null; name: string | null })[];
};

export const reportsQueryKey = ['reports'] as const;

export const workReportQueryOptions = (query: { from: string; to: string; clientId?: string }) =>
  queryOptions({
    queryKey: [...reportsQueryKey, 'work', query],
    queryFn: ({ signal }) => api.get<WorkReport>('/reports/work', { signal, query }),
    // Switching the period keeps the last charts on screen until the next ones arrive.
    placeholderData: keepPreviousData,
  });

// ---------------------------------------------------------------------------------------------------
// The period reports of the desk (GET /reports/<name>): one query shape, one answer type per report.

export const REPORT_NAMES = [
  'volume',
  'stages',
  'sla',
  'labour',
  'utilization',
  'clients',
  'first-line',
  'estimates',
  'free-work',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export type Granularity = 'day' | 'week' | 'month';
export type ReportParams = {
  from: string;
  to: string;
  granularity: Granularity;
  clientId?: string | undefined;
  serviceId?: string | undefined;
  lineId?: string | undefined;
  priority?: string | undefined;
  groupBy?: 'employee' | 'client' | 'service' | undefined;
};

type Keyed = { name: string | null };
type Outcome = { met: number; breached: number; pending: number; metShare: number | null };
type LabourSplit = {
  hours: number;
  balanceHours: number;
  paidHours: number;
  freeHours: number;
  unbilledHours: number;
};
type FirstLineShare = { completed: number; withoutEscalation: number; share: number | null };
type Accuracy = {
  requests: number;
  estimateHours: number;
  actualHours: number;
  ratio: number | null;
  medianRatio: number | null;
  planned: number;
  plannedKept: number;
  plannedKeptShare: number | null;
};
type Free = {
  requests: number;
  freeHours: number;
  avgHoursPerRequest: number | null;
  shareOfBilledHours: number | null;
};

export type Reports = {
  volume: {
    totals: { opened: number; closed: number; backlogStart: number; backlogEnd: number };
    series: { bucket: string; opened: number; closed: number; backlog: number }[];
    channels: { channel: string; opened: number }[];
    services: (Keyed & { serviceId: string | null; opened: number; closed: number })[];
  };
  stages: {
    stages: { status: string; stays: number; medianHours: number; p90Hours: number; avgHours: number }[];
    leadTime: { requests: number; medianHours: number | null; p90Hours: number | null };
  };
  sla: {
    requests: number;
    reaction: Outcome;
    resolution: Outcome;
    byPriority: { priority: string; reaction: Outcome; resolution: Outcome }[];
    breaches: {
      ticketId: string;
      number: number;
      title: string;
      clientName: string | null;
      priority: string;
      timer: 'reaction' | 'resolution';
      dueAt: string;
      metAt: string | null;
      overdueWorkingHours: number;
      statusAtDue: string;
      escalated: boolean;
    }[];
  };
  labour: {
    groupBy: 'employee' | 'client' | 'service';
    totals: LabourSplit;
    rows: (Keyed & LabourSplit & { key: string | null })[];
    series: (LabourSplit & { bucket: string })[];
  };
  utilization: {
    workingHours: number;
    totals: { recordedHours: number; capacityHours: number; utilization: number | null };
    employees: {
      userId: string;
      name: string;
      recordedHours: number;
      workingHours: number;
      utilization: number | null;
    }[];
  };
  clients: {
    totals: {
      requests: number;
      hours: number;
      balanceHours: number;
      paidHours: number;
      balanceAmount: number;
      paidAmount: number;
    };
    clients: (Keyed & {
      clientId: string | null;
      requests: number;
      hours: number;
      hoursShare: number | null;
      cumulativeShare: number | null;
      paretoClass: 'A' | 'B' | 'C';
      balanceHours: number;
      paidHours: number;
      balanceAmount: number;
      paidAmount: number;
    })[];
  };
  'first-line': {
    totals: FirstLineShare;
    lines: (Keyed & FirstLineShare & { lineId: string | null; level: number | null })[];
    services: (Keyed & FirstLineShare & { serviceId: string | null })[];
  };
  estimates: {
    totals: Accuracy;
    services: (Keyed & Accuracy & { serviceId: string | null })[];
    employees: (Keyed & Accuracy & { userId: string | null })[];
  };
  'free-work': {
    totals: Free;
    services: (Keyed & Free & { serviceId: string | null })[];
    clients: (Keyed & Free & { clientId: string | null })[];
  };
};

const queryOf = (params: ReportParams, timeZone: string) => ({ ...params, timeZone });

export const reportQueryOptions = <N extends ReportName>(name: N, params: ReportParams, timeZone: string) =>
  queryOptions({
    queryKey: [...reportsQueryKey, name, params, timeZone],
    queryFn: ({ signal }) =>
      api.get<Reports[N]>(`/reports/${name}`, { signal, query: queryOf(params, timeZone) }),
    placeholderData: keepPreviousData,
  });

/** The workbook of the same report: a plain link, the browser downloads it with the session cookie. */
export function reportXlsxUrl(
  name: ReportName,
  params: ReportParams,
  timeZone: string,
  locale: string,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({
    ...queryOf(params, timeZone),
    locale: locale === 'en' ? 'en' : 'ru',
  })) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  return `${API_BASE}/reports/${name}.xlsx?${search.toString()}`;
}

/** GET /reports/today: the day on the desk. */
export type TodayDashboard = {
  day: string;
  newToday: number;
  open: number;
  unassigned: number;
  slaWarning: number;
  slaBreached: number;
  overdue: number;
  runningTimers: {
    userId: string;
    name: string;
    ticketId: string;
    number: number;
    title: string;
    startedAt: string;
  }[];
  byHour: { hour: number; opened: number }[];
  byStatus: { status: string; count: number }[];
  byPriority: { priority: string; open: number; breached: number }[];
};

export const todayQueryOptions = (timeZone: string) =>
  queryOptions({
    queryKey: [...reportsQueryKey, 'today', timeZone],
    queryFn: ({ signal }) => api.get<TodayDashboard>('/reports/today', { signal, query: { timeZone } }),
    // The day moves on: a minute-old picture is fine, an hour-old one is not.
    refetchInterval: 60_000,
  });

/** GET /tickets/{id}/estimate-suggestion: hours of similar completed requests. */
export type EstimateSuggestion = {
  suggestedHours: number | null;
  medianActualHours: number | null;
  requests: {
    ticketId: string;
    number: number;
    title: string;
    clientName: string | null;
    sameService: boolean;
    sameClient: boolean;
    estimateHours: number | null;
    actualHours: number;
  }[];
};

export const estimateSuggestionQueryOptions = (ticketId: string) =>
  queryOptions({
    queryKey: ['tickets', ticketId, 'estimate-suggestion'],
    queryFn: ({ signal }) =>
      api.get<EstimateSuggestion>(`/tickets/${encodeURIComponent(ticketId)}/estimate-suggestion`, { signal }),
    staleTime: 5 * 60_000,
  });
