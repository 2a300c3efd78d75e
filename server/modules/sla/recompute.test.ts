import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/client.ts';
import { createTestDatabase } from '#server/test/db.ts';
import { buildClient, buildUser } from '#server/test/factories.ts';
import { changedWorkingTimeFrom } from './admin.ts';
import { recomputeOpenSla, recomputeSla } from './service.ts';
import { watchSla } from './watch.ts';

// The bulk recompute after a calendar or policy edit (recomputeOpenSla) reads the database its own way
// for speed; it must store exactly what the per-request recompute (recomputeSla) stores.

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-04-06T10:00:00Z');

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const week = (hours: { start: number; end: number }[], weekend: { start: number; end: number }[] = []) =>
  JSON.stringify({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: weekend, sun: weekend });

async function calendar(values: {
  name: string;
  time_zone: string;
  week: string;
  exceptions?: string;
  production_calendar: boolean;
}) {
  return (await db.insertInto('business_calendars').values(values).returning('id').executeTakeFirstOrThrow())
    .id;
}

async function policy(name: string, scale: number, warnShare: number) {
  const targets = Object.fromEntries(
    (
      [
        ['critical', 30, 240],
        ['high', 60, 480],
        ['normal', 240, 2400],
        ['low', 480, 4800],
      ] as const
    ).map(([p, reaction, resolution]) => [
      p,
      { reactionMinutes: reaction * scale, resolutionMinutes: resolution * scale },
    ]),
  );
  return (
    await db
      .insertInto('sla_policies')
      .values({ name, targets: JSON.stringify(targets), warn_share: warnShare })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

const SLA_COLUMNS = [
  'reacted_at',
  'reaction_due_at',
  'resolution_due_at',
  'sla_due_at',
  'sla_warn_at',
  'sla_state',
] as const;

async function snapshot(ids: readonly string[]) {
  const rows = await db
    .selectFrom('tickets')
    .select(['id', ...SLA_COLUMNS])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    ...row,
    ...Object.fromEntries(
      SLA_COLUMNS.filter((c) => c !== 'sla_state').map((c) => [
        c,
        row[c] === null ? null : new Date(row[c]).toISOString(),
      ]),
    ),
  }));
}

describe('the bulk recompute of open requests', () => {
  it('stores what the per-request recompute stores, for every calendar, policy and state', async () => {
    // Calendars: the default (Moscow 9–18 with the production calendar); Vladivostok with the production
    // calendar and a holiday of its own; Berlin with a lunch break across the spring DST change; round the clock.
    const vladivostok = await calendar({
      name: 'Владивосток',
      time_zone: 'Asia/Vladivostok',
      week: week([{ start: 540, end: 1080 }]),
      exceptions: JSON.stringify({ '2026-03-18': { kind: 'holiday' } }),
      production_calendar: true,
    });
    const berlin = await calendar({
      name: 'Berlin',
      time_zone: 'Europe/Berlin',
      week: week([
        { start: 480, end: 720 },
        { start: 780, end: 990 },
      ]),
      production_calendar: false,
    });
    const allDay = await calendar({
      name: '24×7',
      time_zone: 'UTC',
      week: week([{ start: 0, end: 1440 }], [{ start: 0, end: 1440 }]),
      production_calendar: false,
    });
    const strict = await policy('Строгий', 0.25, 0.5);
    const slow = await policy('Медленный', 3, 0.9);

    const plain = await buildClient(db);
    const east = await buildClient(db);
    const west = await buildClient(db);
    const night = await buildClient(db);
    for (const [client, calendarId] of [
      [east, vladivostok],
      [west, berlin],
      [night, allDay],
    ] as const) {
      await db.updateTable('clients').set({ calendar_id: calendarId }).where('id', '=', client.id).execute();
    }
    await db
      .insertInto('contracts')
      .values([
        { client_id: east.id, number: 'В-1', kind: 'its', starts_on: '2026-01-01', sla_policy_id: strict },
        // West: the latest active contract naming a policy counts; a newer inactive one and one without a
        // policy do not.
        { client_id: west.id, number: 'З-1', kind: 'hourly', starts_on: '2025-01-01', sla_policy_id: slow },
        {
          client_id: west.id,
          number: 'З-2',
          kind: 'its',
          starts_on: '2026-02-01',
          sla_policy_id: strict,
          is_active: false,
        },
        { client_id: west.id, number: 'З-3', kind: 'hourly', starts_on: '2026-03-01' },
      ])
      .execute();

    const agent = await buildUser(db, { role: 'agent' });
    const dispatcher = await buildUser(db, { role: 'dispatcher' });
    const contact = await buildUser(db, { role: 'client_user', clientId: plain.id });
    const actors = [agent.id, dispatcher.id, contact.id, null];
    const clients = [plain.id, east.id, west.id, night.id, null];
    const paths = [
      [],
      ['evaluated'],
      ['evaluated', 'approved'],
      ['evaluated', 'approved', 'planned'],
      ['evaluated', 'approved', 'planned', 'in_progress'],
      ['evaluated', 'approved', 'planned', 'in_progress', 'done'],
      ['evaluated', 'approved', 'planned', 'in_progress', 'done', 'in_progress'],
      ['stale'],
      ['evaluated', 'stale'],
      ['evaluated', 'approved', 'planned', 'in_progress', 'done', 'completed'],
      ['evaluated', 'rejected'],
    ];
    const priorities = ['low', 'normal', 'high', 'critical'] as const;
    const random = mulberry32(6);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

    const ids: string[] = [];
    for (let i = 0; i < 160; i += 1) {
      // Filed over five weeks before now, at any hour: some on weekends and holidays, some at night.
      const created = NOW.getTime() - random() * 36 * DAY;
      const path = pick(paths);
      const events: { at: number; kind: string; actor: string | null; data: object; internal: boolean }[] =
        [];
      let at = created;
      let status = 'new';
      for (const to of path) {
        at = Math.min(at + random() * 4 * DAY, NOW.getTime() - HOUR);
        events.push({
          at,
          kind: 'transitioned',
          actor: pick(actors),
          data: { from: status, to },
          internal: false,
        });
        status = to;
      }
      for (let k = Math.floor(random() * 3); k > 0; k -= 1) {
        events.push({
          at: created + random() * (NOW.getTime() - created),
          kind: 'commented',
          actor: pick(actors),
          data: {},
          internal: random() < 0.4,
        });
      }
      // Events not about the clock must not change it.
      events.push({ at: created + HOUR, kind: 'worklog_added', actor: agent.id, data: {}, internal: true });
      events.sort((a, b) => a.at - b.at);
      const stopped = ['completed', 'rejected'].includes(status);
      const ticket = await db
        .insertInto('tickets')
        .values({
          title: `Заявка ${i}`,
          client_id: pick(clients),
          priority: pick(priorities),
          status: status as 'new',
          created_at: new Date(created),
          updated_at: new Date(at),
          closed_at: stopped ? new Date(at) : null,
          // Some carry a stale stored clock, as before an edit.
          ...(random() < 0.3
            ? {
                sla_state: 'ok' as const,
                sla_due_at: new Date(created + DAY),
                reaction_due_at: new Date(created),
              }
            : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (events.length) {
        await db
          .insertInto('ticket_events')
          .values(
            events.map((e) => ({
              ticket_id: ticket.id,
              actor_id: e.actor,
              kind: e.kind,
              data: JSON.stringify(e.data),
              internal: e.internal,
              created_at: new Date(e.at),
            })),
          )
          .execute();
      }
      if (!stopped) {
        ids.push(ticket.id);
      }
    }

    // Small batches, several in flight: the batching must not matter.
    const written: string[] = [];
    const count = await recomputeOpenSla(db, NOW, {
      batchSize: 7,
      concurrency: 3,
      onWritten: async (_tx, rows) => {
        written.push(...rows.map((r) => r.id));
      },
    });
    expect(count).toBe(ids.length);
    expect(new Set(written).size).toBe(ids.length);
    const bulk = await snapshot(ids);

    await db
      .updateTable('tickets')
      .set({
        reacted_at: null,
        reaction_due_at: null,
        resolution_due_at: null,
        sla_due_at: null,
        sla_warn_at: null,
        sla_state: null,
      })
      .execute();
    for (let i = 0; i < ids.length; i += 25) {
      await recomputeSla(db, ids.slice(i, i + 25), NOW);
    }
    const one = await snapshot(ids);
    expect(bulk).toEqual(one);

    // The set covers what it should: every state an open request can be in, and reactions seen and not.
    const states = new Set(one.map((row) => row.sla_state));
    expect([...states].sort()).toEqual(['breached', 'ok', 'paused', 'warning']);
    expect(one.some((row) => row.reacted_at !== null)).toBe(true);
    expect(one.some((row) => row.reacted_at === null)).toBe(true);

    // Nothing changed since: a second run writes nothing.
    const again: string[] = [];
    await recomputeOpenSla(db, NOW, {
      onWritten: async (_tx, rows) => {
        again.push(...rows.map((r) => r.id));
      },
    });
    expect(again).toEqual([]);

    // An edit of one calendar recomputes its clients' requests only, again as the per-request recompute does.
    await db
      .updateTable('business_calendars')
      .set({ week: week([{ start: 600, end: 960 }]), version: 2 })
      .where('id', '=', vladivostok)
      .execute();
    const eastIds = (
      await db
        .selectFrom('tickets')
        .select('id')
        .where('client_id', '=', east.id)
        .where('id', 'in', ids)
        .execute()
    ).map((row) => row.id);
    const onlyEast = await recomputeOpenSla(db, NOW, { calendarId: vladivostok, batchSize: 5 });
    expect(onlyEast).toBe(eastIds.length);
    const afterEdit = await snapshot(ids);
    const others = (rows: typeof one) => rows.filter((row) => !eastIds.includes(row.id));
    expect(others(afterEdit)).toEqual(others(one));
    expect(afterEdit).not.toEqual(one);
    await recomputeSla(db, ids, NOW);
    expect(await snapshot(ids)).toEqual(afterEdit);

    // A holiday added on Tuesday 7 April: only the requests with a due time from the day before on are
    // read, and what they store is still what the per-request recompute stores for every request.
    const hours = JSON.parse(week([{ start: 600, end: 960 }])) as Parameters<
      typeof changedWorkingTimeFrom
    >[0]['week'];
    const holiday = { '2026-04-07': { kind: 'holiday' as const } };
    const from = changedWorkingTimeFrom(
      { timeZone: 'Asia/Vladivostok', week: hours, exceptions: {} },
      { timeZone: 'Asia/Vladivostok', week: hours, exceptions: holiday },
    );
    expect(from).toEqual(new Date('2026-04-06T00:00:00Z'));
    await db
      .updateTable('business_calendars')
      .set({ exceptions: JSON.stringify(holiday), version: 3 })
      .where('id', '=', vladivostok)
      .execute();
    const narrowed = await recomputeOpenSla(db, NOW, {
      calendarId: vladivostok,
      changedFrom: from ?? undefined,
    });
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(eastIds.length);
    const afterHoliday = await snapshot(ids);
    expect(afterHoliday).not.toEqual(afterEdit);
    await recomputeSla(db, ids, NOW);
    expect(await snapshot(ids)).toEqual(afterHoliday);
  });

  it('narrows a recompute to the first day an edit of exceptions touches, and only then', () => {
    const hours = JSON.parse(week([{ start: 540, end: 1080 }])) as Parameters<
      typeof changedWorkingTimeFrom
    >[0]['week'];
    const base = { timeZone: 'Europe/Moscow', week: hours, productionCalendar: true };
    const short = { '2026-12-30': { kind: 'short' as const, minutesShorter: 60 } };
    expect(changedWorkingTimeFrom({ ...base, exceptions: {} }, { ...base, exceptions: {} })).toBeUndefined();
    expect(
      changedWorkingTimeFrom(
        { ...base, exceptions: { ...short, '2026-05-04': { kind: 'holiday' } } },
        {
          ...base,
          exceptions: {
            '2026-12-30': { kind: 'short', minutesShorter: 90 },
            '2026-05-04': { kind: 'holiday' },
          },
        },
      ),
    ).toEqual(new Date('2026-12-29T00:00:00Z'));
    // A day removed counts as much as a day added.
    expect(
      changedWorkingTimeFrom(
        { ...base, exceptions: { '2026-03-09': { kind: 'holiday' }, ...short } },
        { ...base, exceptions: short },
      ),
    ).toEqual(new Date('2026-03-08T00:00:00Z'));
    // The week, the time zone or the production calendar may move any clock.
    expect(
      changedWorkingTimeFrom(
        { ...base, exceptions: short },
        { ...base, timeZone: 'Asia/Omsk', exceptions: {} },
      ),
    ).toBeNull();
    expect(
      changedWorkingTimeFrom(
        { ...base, exceptions: {} },
        { ...base, productionCalendar: false, exceptions: short },
      ),
    ).toBeNull();
    expect(
      changedWorkingTimeFrom(
        { ...base, exceptions: {} },
        { ...base, week: { ...hours, sat: [{ start: 600, end: 840 }] }, exceptions: {} },
      ),
    ).toBeNull();
  });

  it('signals the requests an edit pushes into breach, once', async () => {
    const office = await calendar({
      name: 'Офис',
      time_zone: 'Europe/Moscow',
      week: week([{ start: 540, end: 1080 }]),
      production_calendar: false,
    });
    const client = await buildClient(db);
    await db.updateTable('clients').set({ calendar_id: office }).where('id', '=', client.id).execute();
    const assignee = await buildUser(db, { role: 'agent' });
    // Saturday 4 April 10:00 MSK, normal: no working time has passed by 15:00 on the office calendar.
    const now = new Date('2026-04-04T12:00:00Z');
    const ticket = await db
      .insertInto('tickets')
      .values({
        title: 'Суббота',
        client_id: client.id,
        assignee_id: assignee.id,
        created_at: '2026-04-04T07:00:00Z',
        updated_at: '2026-04-04T07:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recomputeSla(db, [ticket.id], now);
    expect((await snapshot([ticket.id]))[0]?.sla_state).toBe('ok');

    // The office now works round the clock: 5 hours have passed against a reaction target of 4.
    await db
      .updateTable('business_calendars')
      .set({
        week: week([{ start: 0, end: 1440 }], [{ start: 0, end: 1440 }]),
        version: 2,
        recompute_requested_at: now,
      })
      .where('id', '=', office)
      .execute();
    const clock = { now: () => now };
    expect(await watchSla({ db, clock })).toMatchObject({ signalled: 1 });
    expect(await watchSla({ db, clock })).toMatchObject({ recomputed: 0, signalled: 0 });
    const row = (await snapshot([ticket.id]))[0];
    expect(row).toMatchObject({ sla_state: 'breached', reaction_due_at: '2026-04-04T11:00:00.000Z' });
    const events = await db
      .selectFrom('ticket_events')
      .select(['kind', 'data'])
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['sla_breached']);
    const notified = await db
      .selectFrom('notifications')
      .select('user_id')
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(notified.map((n) => n.user_id)).toContain(assignee.id);
  });
});
