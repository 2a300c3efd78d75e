import { queryOptions } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api.ts';

export type NotificationKind = 'sla_warning' | 'sla_breached';

/** GET /notifications: something a person should know about, newest first. */
export type AppNotification = {
  id: number;
  kind: NotificationKind | (string & {});
  ticketId: string | null;
  /** For SLA notifications: the request's number and title, and the due time it crossed. */
  data: { number?: number; title?: string; dueAt?: string | null } & Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
};

/** How many unread notifications the bell looks at; more shows as «50+». */
export const UNREAD_LIMIT = 50;

export const notificationsQueryKey = ['notifications'] as const;

export const unreadNotificationsQueryOptions = queryOptions({
  queryKey: [...notificationsQueryKey, 'unread'],
  queryFn: ({ signal }) =>
    api.get<Page<AppNotification>>('/notifications', {
      signal,
      query: { unread: true, limit: UNREAD_LIMIT },
    }),
  // Live updates come later; until then the bell asks once a minute.
  refetchInterval: 60_000,
  staleTime: 30_000,
});

export const markNotificationRead = (id: number): Promise<void> =>
  api.post<void>(`/notifications/${encodeURIComponent(String(id))}/read`);

export const markAllNotificationsRead = (): Promise<{ marked: number }> =>
  api.post<{ marked: number }>('/notifications/read-all');
