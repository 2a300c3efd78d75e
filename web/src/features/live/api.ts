import { queryOptions } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api.ts';
import { ticketsQueryKey, type Ticket } from '../tickets/api.ts';

/** What the server's change stream says about a request (GET /stream, event `ticket`): never its content. */
export type TicketChange = {
  ticketId: string;
  /** created; changed; opened: a member of staff opened it for the first time; sla: its SLA state moved. */
  kind: 'created' | 'changed' | 'opened' | 'sla';
  version: number;
};

/** How many unread requests the alert looks at (it names the newest and counts the rest). */
export const UNREAD_LIMIT = 20;

/**
 * New requests no member of the staff has opened yet, newest first. Under the tickets key, so whatever
 * refreshes the requests refreshes this too.
 */
export const unreadTicketsQueryOptions = queryOptions({
  queryKey: [...ticketsQueryKey, 'unread'],
  queryFn: ({ signal }) =>
    api.get<Page<Ticket>>('/tickets', {
      signal,
      query: { status: 'new', unopened: true, sort: '-number', limit: UNREAD_LIMIT },
    }),
});
