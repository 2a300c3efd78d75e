import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { API_BASE } from '../../lib/api.ts';
import { meQueryKey } from '../auth/api.ts';
import { notificationsQueryKey } from '../notifications/api.ts';
import { ticketQueryKey, ticketsQueryKey } from '../tickets/api.ts';
import { unreadTicketsQueryOptions, type TicketChange } from './api.ts';
import { whileLeader } from './leadership.ts';

// Live updates: the server's event stream (GET /stream) says which visible request changed, never what;
// the pages refetch what they show. Opened once per browser (see leadership.ts) and passed on to the
// other tabs.

type LiveMessage = { type: 'ticket'; change: TicketChange } | { type: 'resync' } | { type: 'end' };

const STREAM_URL = `${API_BASE}/stream`;
const CHANNEL = 'zy-live';
const STREAM_LOCK = 'zy-live-stream';
/** Changes arriving together (a transition writes several) refresh the pages once. */
const SETTLE_MS = 200;
const RECONNECT_MIN_MS = 2_000;
const RECONNECT_MAX_MS = 60_000;
/** How long a request that just arrived stays highlighted in the queue. */
export const FRESH_FOR_MS = 60_000;

// ---- Requests that just arrived, for the queue to highlight ---------------------------------------

let fresh: ReadonlySet<string> = new Set();
const freshListeners = new Set<() => void>();
const setFresh = (next: ReadonlySet<string>) => {
  fresh = next;
  freshListeners.forEach((listener) => listener());
};
const markFresh = (ticketId: string) => {
  setFresh(new Set([...fresh, ticketId]));
  setTimeout(() => {
    const next = new Set(fresh);
    next.delete(ticketId);
    setFresh(next);
  }, FRESH_FOR_MS);
};

/** The requests created in the last minute while this page was open. */
export function useFreshTickets(): ReadonlySet<string> {
  return useSyncExternalStore(
    (listener) => {
      freshListeners.add(listener);
      return () => freshListeners.delete(listener);
    },
    () => fresh,
  );
}

// ---- Other features that want to hear the changes (a planning board, say) --------------------------

const changeListeners = new Set<(change: TicketChange | 'resync') => void>();

/** Calls `listener` for each change the stream reports (or 'resync'); returns the unsubscribe. */
export function onLiveChange(listener: (change: TicketChange | 'resync') => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

// ---- Applying what the stream says -----------------------------------------------------------------

function createApplier(queryClient: QueryClient) {
  let everything = false;
  let lists = false;
  let notifications = false;
  const tickets = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    if (everything) {
      // Something may have been missed: every page on screen refetches.
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    } else {
      if (lists) {
        void queryClient.invalidateQueries({ queryKey: [...ticketsQueryKey, 'list'] });
        void queryClient.invalidateQueries({ queryKey: unreadTicketsQueryOptions.queryKey });
      }
      for (const id of tickets) {
        // The request and its parts (history, conversation, work): the page open on it refreshes.
        void queryClient.invalidateQueries({ queryKey: ticketQueryKey(id) });
      }
      if (notifications) {
        void queryClient.invalidateQueries({ queryKey: notificationsQueryKey });
      }
    }
    everything = lists = notifications = false;
    tickets.clear();
  };

  const apply = (message: LiveMessage) => {
    switch (message.type) {
      case 'ticket': {
        const { change } = message;
        lists = true;
        if (change.kind === 'created') {
          markFresh(change.ticketId);
        } else if (change.kind !== 'opened') {
          tickets.add(change.ticketId);
        }
        // An SLA warning or breach also notifies people: the bell refreshes.
        if (change.kind === 'sla') {
          notifications = true;
        }
        changeListeners.forEach((listener) => listener(change));
        break;
      }
      case 'resync':
        everything = true;
        changeListeners.forEach((listener) => listener('resync'));
        break;
      case 'end':
        // The session is over: asking who is signed in sends the browser to the login page.
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
        return;
    }
    timer ??= setTimeout(flush, SETTLE_MS);
  };
  apply.cancel = () => clearTimeout(timer);
  return apply;
}

const isChange = (value: unknown): value is TicketChange =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as TicketChange).ticketId === 'string' &&
  typeof (value as TicketChange).kind === 'string';

/**
 * Holds the event stream, reconnecting when it drops. The browser reconnects a dropped stream by itself
 * (sending the last event id, so the server can say `resync`); when it gives up (the server answered an
 * error) a new stream is opened after a growing pause, and the pages refetch once it is up.
 */
function holdStream(publish: (message: LiveMessage) => void): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = RECONNECT_MIN_MS;
  let reopened = false;
  let stopped = false;

  const reconnectLater = () => {
    source?.close();
    source = null;
    if (stopped || retry !== undefined) {
      return;
    }
    retry = setTimeout(() => {
      retry = undefined;
      reopened = true;
      connect();
    }, delay);
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = () => {
    const stream = new EventSource(STREAM_URL);
    source = stream;
    stream.addEventListener('ready', () => {
      delay = RECONNECT_MIN_MS;
      if (reopened) {
        reopened = false;
        publish({ type: 'resync' });
      }
    });
    stream.addEventListener('ticket', (event) => {
      try {
        const change: unknown = JSON.parse((event as MessageEvent<string>).data);
        if (isChange(change)) {
          publish({ type: 'ticket', change });
        }
      } catch {
        // Not ours to understand: ignored.
      }
    });
    stream.addEventListener('resync', () => publish({ type: 'resync' }));
    stream.addEventListener('end', () => {
      publish({ type: 'end' });
      reconnectLater();
    });
    stream.addEventListener('error', () => {
      if (stream.readyState === EventSource.CLOSED) {
        reconnectLater();
      }
    });
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}

/**
 * Keeps the pages of the workspace (or the portal) current: queues, the open request, the unread
 * requests and the notifications refetch when the server says a request they may show has changed.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      return undefined;
    }
    const apply = createApplier(queryClient);
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
    channel?.addEventListener('message', (event: MessageEvent<LiveMessage>) => apply(event.data));
    const resign = whileLeader(STREAM_LOCK, () =>
      holdStream((message) => {
        apply(message);
        channel?.postMessage(message);
      }),
    );
    return () => {
      resign();
      channel?.close();
      apply.cancel();
    };
  }, [queryClient]);
}
