// The change feed of requests, as one server process hears it: the database notifies every committed
// write of a request (migration 0011), and the hub passes each one on to the connected people who may see
// that request — decided by the one visibility filter, for all of them in one query per batch.
import { randomBytes } from 'node:crypto';
import type { Db, Listen } from '#server/db/client.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';

export const CHANGE_CHANNEL = 'zy_ticket_changes';

export const CHANGE_KINDS = ['created', 'changed', 'opened', 'sla'] as const;
/** created: a new request; opened: a member of staff opened it for the first time; sla: its SLA state moved. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type TicketChange = { ticketId: string; kind: ChangeKind; version: number };

export type Subscriber = {
  actor: Actor;
  /** `eventId` orders the changes of this process; a client that reconnects sends back the last it saw. */
  onChange: (change: TicketChange, eventId: string) => void;
  /** Something was missed or too much changed at once: whoever listens refetches what he shows. */
  onResync: (eventId: string) => void;
};

type Logger = { error: (object: unknown, message?: string) => void };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL allows 1664 columns in a result: people are asked about in slices well below it.
const PEOPLE_PER_QUERY = 500;
// Notifications of one transaction arrive together; a short wait lets a burst share its query.
const BATCH_WAIT_MS = 15;

/** The notification's payload as the trigger writes it, or null for anything else. */
export function parseChange(payload: string): TicketChange | 'resync' | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const record = value as Record<string, unknown>;
  if (record.resync === true) {
    return 'resync';
  }
  const { id, v, k } = record;
  if (
    typeof id !== 'string' ||
    !UUID.test(id) ||
    typeof v !== 'number' ||
    !(CHANGE_KINDS as readonly unknown[]).includes(k)
  ) {
    return null;
  }
  return { ticketId: id, kind: k as ChangeKind, version: v };
}

/**
 * Who sees the same requests: everything the visibility filter reads of an actor. People with equal keys
 * (one person's several tabs) share a column of the batch query.
 */
const audienceKey = (actor: Actor): string =>
  JSON.stringify([actor.role, actor.id, actor.clientId, actor.lineIds, actor.groupIds]);

export class ChangeHub {
  readonly #db: Db;
  readonly #listen: Listen;
  readonly #log: Logger;
  readonly #subscribers = new Set<Subscriber>();
  // A new process starts a new sequence: an event id from an earlier one never matches.
  readonly #bootId = randomBytes(4).toString('hex');
  #sequence = 0;
  #pending: TicketChange[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  #listening: Promise<() => Promise<void>> | null = null;
  #closed = false;

  constructor(deps: { db: Db; listen: Listen; log: Logger }) {
    this.#db = deps.db;
    this.#listen = deps.listen;
    this.#log = deps.log;
  }

  /** The id of the last event this process sent anyone: a reconnecting client that saw it missed nothing. */
  get lastEventId(): string {
    return `${this.#bootId}-${this.#sequence}`;
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /**
   * Starts passing changes to `subscriber` (listening to the database on the first one); resolves to the
   * function that stops it.
   */
  async subscribe(subscriber: Subscriber): Promise<() => void> {
    if (this.#closed) {
      throw new Error('the change feed is closed');
    }
    this.#listening ??= this.#listen(CHANGE_CHANNEL, {
      onMessage: (payload) => this.#receive(payload),
      onGap: () => this.#resyncAll(),
    });
    try {
      await this.#listening;
    } catch (error) {
      // The next subscriber tries again (the database may be back by then).
      this.#listening = null;
      throw error;
    }
    this.#subscribers.add(subscriber);
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  /** Stops listening; subscribers are the route's to end. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    await this.#flushing;
    const listening = this.#listening;
    this.#listening = null;
    if (listening) {
      const stop = await listening.catch(() => null);
      await stop?.();
    }
  }

  #receive(payload: string): void {
    const change = parseChange(payload);
    if (change === 'resync') {
      // Whatever waits in the batch is covered by the refetch.
      this.#pending = [];
      this.#resyncAll();
      return;
    }
    if (!change || this.#closed) {
      return;
    }
    this.#pending.push(change);
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#flushing ??= this.#drain().finally(() => {
        this.#flushing = null;
      });
    }, BATCH_WAIT_MS);
  }

  #resyncAll(): void {
    this.#sequence += 1;
    const eventId = this.lastEventId;
    for (const subscriber of this.#subscribers) {
      subscriber.onResync(eventId);
    }
  }

  /** One batch at a time, in the order the database committed them; what arrives meanwhile comes next. */
  async #drain(): Promise<void> {
    while (this.#pending.length > 0 && !this.#closed) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await this.#deliver(batch);
      } catch (error) {
        this.#log.error({ err: error }, 'change feed: could not tell who sees the changed requests');
        this.#resyncAll();
      }
    }
  }

  async #deliver(batch: TicketChange[]): Promise<void> {
    const audiences = new Map<string, { actor: Actor; subscribers: Subscriber[] }>();
    for (const subscriber of this.#subscribers) {
      const key = audienceKey(subscriber.actor);
      const audience = audiences.get(key);
      if (audience) {
        audience.subscribers.push(subscriber);
      } else {
        audiences.set(key, { actor: subscriber.actor, subscribers: [subscriber] });
      }
    }
    if (audiences.size === 0) {
      return;
    }
    const ids = [...new Set(batch.map((change) => change.ticketId))];
    const list = [...audiences.values()];
    // sees.get(ticketId)[i]: whether audience i may see that request now (false unless the database says so).
    const sees = new Map<string, boolean[]>(ids.map((id) => [id, list.map(() => false)]));
    for (let start = 0; start < list.length; start += PEOPLE_PER_QUERY) {
      const slice = list.slice(start, start + PEOPLE_PER_QUERY);
      const rows = (await this.#db
        .selectFrom('tickets')
        .select('tickets.id')
        .select((eb) => slice.map((audience, i) => visibleTickets(audience.actor)(eb).as(`a${i}`)))
        .where('tickets.id', 'in', ids)
        .execute()) as unknown as Record<string, unknown>[];
      for (const row of rows) {
        const flags = sees.get(String(row.id));
        slice.forEach((_, i) => {
          if (flags && row[`a${i}`] === true) {
            flags[start + i] = true;
          }
        });
      }
    }
    const seen = new Set<string>();
    for (const change of batch) {
      const key = `${change.ticketId}/${change.kind}/${change.version}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const flags = sees.get(change.ticketId) ?? [];
      this.#sequence += 1;
      const eventId = this.lastEventId;
      list.forEach((audience, i) => {
        if (flags[i] === true) {
          for (const subscriber of audience.subscribers) {
            subscriber.onChange(change, eventId);
          }
        }
      });
    }
  }
}
