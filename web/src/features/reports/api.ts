import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

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
