import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/client.ts';
import { createTestDatabase } from '#server/test/db.ts';
import { buildClient, buildUser } from '#server/test/factories.ts';
import { recomputeOpenSla, recomputeSla } from './service.ts';

// The stored clock of requests, against the default calendar (9:00–18:00 Moscow with the production
// calendar) and the default policy (normal: reaction 4 h, resolution 40 h of working time).

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let agentId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  agentId = (await buildUser(db, { role: 'agent' })).id;
});
afterAll(async () => {
  await handle.close();
});

async function ticketAt(createdAt: string, clientId: string | null, priority = 'normal') {
  return (
    await db
      .insertInto('tickets')
      .values({
        title: 'SLA',
        client_id: clientId,
        priority: priority as 'normal',
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

const stored = (id: string) =>
  db
    .selectFrom('tickets')
    .select(['reacted_at', 'reaction_due_at', 'resolution_due_at', 'sla_due_at', 'sla_warn_at', 'sla_state'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('the stored SLA of a request', () => {
  it('counts from Friday evening to Monday in the client’s calendar, and stops at the first reaction', async () => {
    const client = await buildClient(db);
    // Friday 2026-02-27 17:00 MSK (14:00Z): 1 h left that day, then Monday from 9:00 → reaction due Mon 12:00 MSK.
    const id = await ticketAt('2026-02-27T14:00:00Z', client.id);
    await recomputeSla(db, [id], new Date('2026-03-02T07:00:00Z'));
    let row = await stored(id);
    expect(iso(row.reaction_due_at)).toBe('2026-03-02T09:00:00.000Z');
    expect(iso(row.sla_due_at)).toBe('2026-03-02T09:00:00.000Z');
    // Warning at 80% of 240 min = 192 min: 60 on Friday + 132 on Monday → 11:12 MSK.
    expect(iso(row.sla_warn_at)).toBe('2026-03-02T08:12:00.000Z');
    expect(row.sla_state).toBe('ok');

    await recomputeSla(db, [id], new Date('2026-03-02T08:30:00Z'));
    expect((await stored(id)).sla_state).toBe('warning');

    await db
      .insertInto('ticket_events')
      .values({
        ticket_id: id,
        actor_id: agentId,
        kind: 'commented',
        data: '{}',
        created_at: '2026-03-02T08:45:00Z',
      })
      .execute();
    await recomputeSla(db, [id], new Date('2026-03-02T10:00:00Z'));
    row = await stored(id);
    expect(iso(row.reacted_at)).toBe('2026-03-02T08:45:00.000Z');
    // Resolution: 40 h of working time from Friday 17:00 → 1 h Fri + 39 h = Mon..Thu (36 h) + 3 h Fri 6 Mar → 12:00 MSK.
    expect(iso(row.sla_due_at)).toBe('2026-03-06T09:00:00.000Z');
    expect(row.sla_state).toBe('ok');
  });

  it('pauses while the estimate waits for the client and breaches when time runs out', async () => {
    const client = await buildClient(db);
    const id = await ticketAt('2026-03-02T06:00:00Z', client.id, 'critical');
    // Critical: reaction 30 min. An internal note is no reaction; a transition by staff is.
    await db
      .insertInto('ticket_events')
      .values([
        {
          ticket_id: id,
          actor_id: agentId,
          kind: 'commented',
          internal: true,
          data: '{}',
          created_at: '2026-03-02T06:10:00Z',
        },
        {
          ticket_id: id,
          actor_id: agentId,
          kind: 'transitioned',
          data: JSON.stringify({ from: 'new', to: 'evaluated' }),
          created_at: '2026-03-02T06:20:00Z',
        },
      ])
      .execute();
    await db.updateTable('tickets').set({ status: 'evaluated' }).where('id', '=', id).execute();
    await recomputeSla(db, [id], new Date('2026-03-03T12:00:00Z'));
    let row = await stored(id);
    expect(iso(row.reacted_at)).toBe('2026-03-02T06:20:00.000Z');
    expect(row.sla_state).toBe('paused');
    expect(row.sla_due_at).toBeNull();

    await db
      .insertInto('ticket_events')
      .values({
        ticket_id: id,
        actor_id: null,
        kind: 'transitioned',
        data: JSON.stringify({ from: 'evaluated', to: 'approved' }),
        created_at: '2026-03-04T06:00:00Z',
      })
      .execute();
    await db.updateTable('tickets').set({ status: 'approved' }).where('id', '=', id).execute();
    // Resolution 8 h: 20 min ran before the pause (9:00–9:20 MSK on 2 Mar), then from 9:00 on 4 Mar 7 h 40 min → 16:40 MSK.
    await recomputeSla(db, [id], new Date('2026-03-04T14:00:00Z'));
    row = await stored(id);
    expect(iso(row.sla_due_at)).toBe('2026-03-04T13:40:00.000Z');
    expect(row.sla_state).toBe('breached');
  });

  it('recomputes the open requests of a calendar after it changes', async () => {
    const calendar = await db
      .insertInto('business_calendars')
      .values({
        name: '24×7',
        time_zone: 'Asia/Vladivostok',
        production_calendar: false,
        week: JSON.stringify(
          Object.fromEntries(
            ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: 0, end: 1440 }]]),
          ),
        ),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const client = await buildClient(db);
    await db.updateTable('clients').set({ calendar_id: calendar.id }).where('id', '=', client.id).execute();
    const id = await ticketAt('2026-02-28T00:00:00Z', client.id);
    const count = await recomputeOpenSla(db, new Date('2026-02-28T01:00:00Z'), { calendarId: calendar.id });
    expect(count).toBe(1);
    // Round the clock: reaction 4 h after creation, on a Saturday.
    expect(iso((await stored(id)).reaction_due_at)).toBe('2026-02-28T04:00:00.000Z');
  });
});
