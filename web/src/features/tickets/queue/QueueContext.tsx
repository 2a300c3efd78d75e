import { createContext, use } from 'react';
import type { QueueColumn } from '#common/queue.ts';
import type { Ticket, TicketSort } from '../api.ts';
import type { QueueLookups } from './useQueueLookups.ts';

/** What every list of the queue (the whole queue or one group's) shares: columns, selection, checks. */
export type QueueContextValue = {
  userId: string;
  sort: TicketSort;
  columns: readonly QueueColumn[];
  lookups: QueueLookups;
  now: number;
  fresh: ReadonlySet<string>;
  selectedId: string | null;
  checked: ReadonlySet<string>;
  onToggle: (tickets: Ticket[], on: boolean) => void;
  onSelect: (id: string) => void;
  /** The rows on screen by id, freshest version: keyboard checks and bulk actions read them here. */
  rows: Map<string, Ticket>;
};

export const QueueContext = createContext<QueueContextValue | null>(null);

export function useQueue(): QueueContextValue {
  const value = use(QueueContext);
  if (!value) {
    throw new Error('useQueue outside the queue');
  }
  return value;
}
