import ExcelJS from 'exceljs';
import type { Status } from '#common/tickets.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine, buildUser } from '#server/test/factories.ts';
import { median, roundUpToScale } from './estimate-suggestion.ts';

// The period reports against numbers worked out by hand (in the comments) on a small history written
// straight into the tables: two weeks of Moscow time, 9 to 30 November 2026 (no holidays in it), with
//   T1 — registered on a Friday evening and reacted to on Monday: the weekend is not working time;
//   T2 — high priority, paused a day waiting for approval, then done 1.5 working hours late;
//   T3 — escalated from the first line to the second, reacted to late, done, returned by the client
//        (done → in_progress) and done again;
//   T4 — registered before the period and still new: the backlog at its start;
//   T5 — another client's, by phone, still in progress and within its targets.
// The period is [9 Nov, 23 Nov) by weeks; «now» is Friday 20 November, 12:00 Moscow.

const msk = (local: string) => new Date(`${local.replace(' ', 'T')}:00+03:00`);

let t: TestApp;
let dispatcher: Session;
let secondLineAgent: Session;
let approverB: Session;
let approverA: Session;
let employee: Session;
let contact: Session;
let clientA: string;
let clientB: string;
let lineOne: string;
let lineTwo: string;
let agentA: string;
let agentB: string;
let serviceOne: string;
let serviceTwo: string;
const ticket: Record<string, string> = {};

type Fields = {
  created: string;
  client: string;
  line: string;
  service: string;
  status: Status;
  priority?: 'normal' | 'high';
  channel?: 'portal' | 'phone';
  closed?: string;
  assignee?: string;
  estimate?: number;
  plannedEnd?: string;
  escalations?: number;
};

async function addTicket(name: string, f: Fields) {
  const row = await t.db
    .insertInto('tickets')
    .values({
      title: `Заявка ${name}`,
      client_id: f.client,
      line_id: f.line,
      service_id: f.service,
      status: f.status,
      priority: f.priority ?? 'normal',
      channel: f.channel ?? 'portal',
      created_at: msk(f.created),
      closed_at: f.closed ? msk(f.closed) : null,
      assignee_id: f.assignee ?? null,
      estimate_hours: f.estimate ?? null,
      planned_start: f.plannedEnd ? msk('2026-11-01 09:00') : null,
      planned_end: f.plannedEnd ? msk(f.plannedEnd) : null,
      escalations: f.escalations ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ticket[name] = row.id;
  return row.id;
}

/** Transitions `[at, from, to]` by a member of the staff (or the client's contact for the last word). */
async function history(id: string, actor: string, steps: [string, string, string][]) {
  await t.db
    .insertInto('ticket_events')
    .values(
      steps.map(([at, from, to]) => ({
        ticket_id: id,
        actor_id: actor,
        kind: 'transitioned',
        data: JSON.stringify({ from, to }),
        created_at: msk(at),
      })),
    )
    .execute();
}

async function work(id: string, user: string, at: string, minutes: number) {
  await t.db
    .insertInto('worklogs')
    .values({ ticket_id: id, user_id: user, started_at: msk(at), minutes })
    .execute();
}

async function posted(
  id: string,
  at: string,
  split: { balance?: number; paid?: number; free?: number },
  extra: { service?: string; contract?: string; reversed?: boolean } = {},
) {
  const balance = split.balance ?? 0;
  const paid = split.paid ?? 0;
  const free = split.free ?? 0;
  await t.db
    .insertInto('specification_lines')
    .values({
      ticket_id: id,
      position: 1,
      hours: balance + paid + free,
      tariff_mode: paid > 0 ? 'paid' : free > 0 ? 'free' : 'balance',
      service_id: extra.service ?? null,
      contract_id: extra.contract ?? null,
      posted_at: msk(at),
      balance_hours: balance,
      paid_hours: paid,
      free_hours: free,
      rate: 2000,
      amount: paid * 2000,
      reversed_at: extra.reversed ? msk(at) : null,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(msk('2026-11-20 12:00'));
  lineOne = (await buildLine(t.db, { code: 'P1', level: 1 })).id;
  lineTwo = (await buildLine(t.db, { code: 'P2', level: 2 })).id;
  clientA = (await buildClient(t.db, { name: 'ООО «Альфа»' })).id;
  clientB = (await buildClient(t.db, { name: 'ООО «Бета»' })).id;
  agentA = (await buildUser(t.db, { role: 'agent', name: 'Агент Первый', lineIds: [lineOne] })).id;
  agentB = (await buildUser(t.db, { role: 'agent', name: 'Агент Второй', lineIds: [lineTwo] })).id;
  dispatcher = await sessionFor(t, 'dispatcher');
  secondLineAgent = await sessionFor(t, 'agent', { lineIds: [lineTwo] });
  approverA = await sessionFor(t, 'client_approver', { clientId: clientA });
  approverB = await sessionFor(t, 'client_approver', { clientId: clientB });
  contact = await sessionFor(t, 'client_user', { clientId: clientA });
  employee = await sessionFor(t, 'employee');
  [serviceOne, serviceTwo] = (await Promise.all(
    ['Консультация', 'Доработка'].map(
      async (name) =>
        (
          await t.db
            .insertInto('services')
            .values({ name, kind: 'service', tariff_mode: 'balance' })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
    ),
  )) as [string, string];
  const contract = (
    await t.db
      .insertInto('contracts')
      .values({
        client_id: clientA,
        number: 'Р-1',
        kind: 'hourly',
        starts_on: '2026-01-01',
        hourly_rate: 2000,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const t1 = await addTicket('T1', {
    created: '2026-11-13 16:00',
    client: clientA,
    line: lineOne,
    service: serviceOne,
    status: 'completed',
    closed: '2026-11-18 10:00',
    assignee: agentA,
    estimate: 3,
    plannedEnd: '2026-11-17 18:00',
  });
  await history(t1, agentA, [
    ['2026-11-16 10:00', 'new', 'evaluated'],
    ['2026-11-16 10:00', 'evaluated', 'approved'],
    ['2026-11-16 11:00', 'approved', 'planned'],
    ['2026-11-16 12:00', 'planned', 'in_progress'],
    ['2026-11-17 12:00', 'in_progress', 'done'],
  ]);
  await history(t1, contact.userId, [['2026-11-18 10:00', 'done', 'completed']]);

  const t2 = await addTicket('T2', {
    created: '2026-11-09 09:00',
    client: clientA,
    line: lineOne,
    service: serviceOne,
    status: 'completed',
    priority: 'high',
    closed: '2026-11-12 12:00',
    assignee: agentA,
    estimate: 6.5,
    plannedEnd: '2026-11-11 12:00',
  });
  await history(t2, agentA, [
    ['2026-11-09 09:30', 'new', 'evaluated'],
    ['2026-11-10 09:00', 'evaluated', 'approved'],
    ['2026-11-10 09:00', 'approved', 'planned'],
    ['2026-11-10 10:00', 'planned', 'in_progress'],
    ['2026-11-11 17:00', 'in_progress', 'done'],
  ]);
  await history(t2, contact.userId, [['2026-11-12 12:00', 'done', 'completed']]);

  const t3 = await addTicket('T3', {
    created: '2026-11-10 10:00',
    client: clientA,
    line: lineTwo,
    service: serviceTwo,
    status: 'completed',
    closed: '2026-11-16 10:00',
    assignee: agentB,
    estimate: 4,
    plannedEnd: '2026-11-12 18:00',
    escalations: 1,
  });
  await t.db
    .insertInto('ticket_events')
    .values({
      ticket_id: t3,
      actor_id: agentA,
      kind: 'escalated',
      internal: true,
      data: JSON.stringify({
        from: { lineId: lineOne },
        to: { lineId: lineTwo },
        reason: 'Нужен программист',
      }),
      created_at: msk('2026-11-10 11:00'),
    })
    .execute();
  await history(t3, agentB, [
    ['2026-11-10 15:00', 'new', 'evaluated'],
    ['2026-11-10 15:00', 'evaluated', 'approved'],
    ['2026-11-11 10:00', 'approved', 'planned'],
    ['2026-11-11 11:00', 'planned', 'in_progress'],
    ['2026-11-12 11:00', 'in_progress', 'done'],
  ]);
  await history(t3, contact.userId, [['2026-11-12 15:00', 'done', 'in_progress']]);
  await history(t3, agentB, [['2026-11-13 11:00', 'in_progress', 'done']]);
  await history(t3, contact.userId, [['2026-11-16 10:00', 'done', 'completed']]);

  const t4 = await addTicket('T4', {
    created: '2026-11-06 12:00',
    client: clientA,
    line: lineOne,
    service: serviceOne,
    status: 'new',
  });

  const t5 = await addTicket('T5', {
    created: '2026-11-18 10:00',
    client: clientB,
    line: lineTwo,
    service: serviceTwo,
    status: 'in_progress',
    channel: 'phone',
    assignee: agentB,
  });
  await history(t5, agentB, [
    ['2026-11-18 10:30', 'new', 'evaluated'],
    ['2026-11-18 10:30', 'evaluated', 'approved'],
    ['2026-11-18 11:00', 'approved', 'planned'],
    ['2026-11-19 09:00', 'planned', 'in_progress'],
  ]);

  await work(t1, agentA, '2026-11-16 12:00', 120);
  await work(t1, agentA, '2026-11-17 09:00', 90);
  await work(t2, agentA, '2026-11-10 10:00', 240);
  await work(t2, agentA, '2026-11-11 10:00', 180);
  await work(t3, agentB, '2026-11-11 11:00', 60);
  await work(t3, agentB, '2026-11-12 15:00', 120);
  await work(t5, agentB, '2026-11-19 09:00', 30);
  await work(t4, agentA, '2026-11-06 13:00', 60); // before the period

  await posted(t1, '2026-11-18 10:00', { balance: 3.5 }, { service: serviceOne, contract });
  await posted(t2, '2026-11-12 12:00', { paid: 5 }, { service: serviceOne, contract });
  await posted(t2, '2026-11-12 12:00', { free: 2 }, { service: serviceOne, contract });
  await posted(t3, '2026-11-16 10:00', { balance: 2, paid: 1 }, { service: serviceTwo, contract });
  await posted(t3, '2026-11-16 10:00', { free: 10 }, { service: serviceTwo, contract, reversed: true });
});

afterAll(async () => {
  await t.close();
});

const PERIOD = 'from=2026-11-09&to=2026-11-23&timeZone=Europe/Moscow';
async function report<T>(session: Session, name: string, extra = '', period = PERIOD): Promise<T> {
  const response = await callAs(t.app, session, {
    method: 'GET',
    url: `/api/v1/reports/${name}?${period}${extra}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}
const statusOf = async (session: Session, url: string) =>
  (await callAs(t.app, session, { method: 'GET', url })).statusCode;

describe('volume', () => {
  it('counts opened and closed per week and carries the backlog from the period’s start', async () => {
    const r = await report<{
      totals: unknown;
      series: unknown;
      channels: unknown;
      services: { name: string; opened: number; closed: number }[];
    }>(dispatcher, 'volume', '&granularity=week');
    // Opened T1, T2, T3 (week of 9 Nov), T5 (week of 16 Nov); closed T2 (12 Nov), T3 (16 Nov), T1 (18 Nov);
    // T4 is open since 6 Nov: the backlog at the start is 1, then 1 + 3 − 1 = 3, then 3 + 1 − 2 = 2.
    expect(r.totals).toEqual({ opened: 4, closed: 3, backlogStart: 1, backlogEnd: 2 });
    expect(r.series).toEqual([
      { bucket: '2026-11-09', opened: 3, closed: 1, backlog: 3 },
      { bucket: '2026-11-16', opened: 1, closed: 2, backlog: 2 },
    ]);
    expect(r.channels).toEqual([
      { channel: 'portal', opened: 3 },
      { channel: 'phone', opened: 1 },
    ]);
    // Most opened first, then most closed.
    expect(r.services.map((s) => [s.name, s.opened, s.closed])).toEqual([
      ['Консультация', 2, 2],
      ['Доработка', 2, 1],
    ]);
  });

  it('gives every day of a daily series, the empty ones as zeros', async () => {
    const r = await report<{ series: { bucket: string; opened: number; backlog: number }[] }>(
      dispatcher,
      'volume',
    );
    expect(r.series).toHaveLength(14);
    expect(r.series[0]).toEqual({ bucket: '2026-11-09', opened: 1, closed: 0, backlog: 2 });
    expect(r.series[5]).toEqual({ bucket: '2026-11-14', opened: 0, closed: 0, backlog: 3 });
  });

  it('applies the filters and the caller’s visibility', async () => {
    expect(
      (await report<{ totals: { opened: number } }>(dispatcher, 'volume', '&priority=high')).totals.opened,
    ).toBe(1);
    expect(
      (await report<{ totals: { opened: number } }>(dispatcher, 'volume', `&clientId=${clientB}`)).totals
        .opened,
    ).toBe(1);
    // The second line sees T3 (escalated to it) and T5.
    expect((await report<{ totals: { opened: number } }>(secondLineAgent, 'volume')).totals).toEqual({
      opened: 2,
      closed: 1,
      backlogStart: 0,
      backlogEnd: 1,
    });
    expect((await report<{ totals: { opened: number } }>(approverB, 'volume')).totals.opened).toBe(1);
    expect(await statusOf(approverB, `/api/v1/reports/volume?${PERIOD}&clientId=${clientA}`)).toBe(403);
    expect(await statusOf(employee, `/api/v1/reports/volume?${PERIOD}`)).toBe(403);
    expect(await statusOf(contact, `/api/v1/reports/volume?${PERIOD}`)).toBe(403);
  });

  it('refuses a reversed or malformed period', async () => {
    expect(await statusOf(dispatcher, '/api/v1/reports/volume?from=2026-11-23&to=2026-11-09')).toBe(400);
    expect(await statusOf(dispatcher, '/api/v1/reports/volume?from=2026-11&to=2026-12')).toBe(400);
    expect(await statusOf(dispatcher, '/api/v1/reports/volume?from=2020-01-01&to=2026-01-01')).toBe(400);
  });
});

describe('stages', () => {
  it('gives the median and p90 of the finished stays in each status, in wall-clock hours', async () => {
    const r = await report<{ stages: unknown; leadTime: unknown }>(dispatcher, 'stages');
    // new: T1 66 (Fri 16:00 → Mon 10:00), T2 0.5, T3 5, T5 0.5; percentile_cont interpolates:
    // median (0.5 + 5) / 2, p90 at 0.9 × 3 = 2.7 → 5 + 0.7 × (66 − 5).
    // in_progress: T1 24, T2 31, T3 24 and, after the client sent it back, 20.
    // done: T1 22, T2 19, T3 4 (returned) and 71 (Fri 11:00 → Mon 10:00).
    expect(r.stages).toEqual([
      { status: 'new', stays: 4, medianHours: 2.75, p90Hours: 47.7, avgHours: 18 },
      { status: 'evaluated', stays: 4, medianHours: 0, p90Hours: 16.45, avgHours: 5.88 },
      { status: 'approved', stays: 4, medianHours: 0.75, p90Hours: 13.6, avgHours: 5.13 },
      { status: 'planned', stays: 4, medianHours: 1, p90Hours: 15.7, avgHours: 6.25 },
      { status: 'in_progress', stays: 4, medianHours: 24, p90Hours: 28.9, avgHours: 24.75 },
      { status: 'done', stays: 4, medianHours: 20.5, p90Hours: 56.3, avgHours: 29 },
    ]);
    // T2 75 h, T1 114 h, T3 144 h.
    expect(r.leadTime).toEqual({ requests: 3, medianHours: 114, p90Hours: 138 });
  });
});

describe('sla', () => {
  it('judges both timers on working time and lists the breaches with their cause', async () => {
    const r = await report<{
      requests: number;
      reaction: unknown;
      resolution: unknown;
      byPriority: unknown;
      breaches: unknown;
    }>(dispatcher, 'sla');
    expect(r.requests).toBe(4);
    // Reaction (normal 4 h, high 1 h): T1 3 working hours (Fri 16–18, Mon 9–10), T2 0.5, T5 0.5 met;
    // T3 5 h (Tue 10–15) breached, due at 14:00.
    expect(r.reaction).toEqual({ met: 3, breached: 1, pending: 0, metShare: 0.75 });
    // Resolution (normal 40 h, high 16 h): T1 14 h and T3 24 h met; T2 is due Wed 15:30 (0.5 + 1 + 8 h by
    // Tuesday evening, the day in `evaluated` paused) and done at 17:00; T5 still running.
    expect(r.resolution).toEqual({ met: 2, breached: 1, pending: 1, metShare: 0.667 });
    expect(r.byPriority).toEqual([
      {
        priority: 'high',
        reaction: { met: 1, breached: 0, pending: 0, metShare: 1 },
        resolution: { met: 0, breached: 1, pending: 0, metShare: 0 },
      },
      {
        priority: 'normal',
        reaction: { met: 2, breached: 1, pending: 0, metShare: 0.667 },
        resolution: { met: 2, breached: 0, pending: 1, metShare: 1 },
      },
    ]);
    expect(r.breaches).toEqual([
      expect.objectContaining({
        ticketId: ticket.T2,
        timer: 'resolution',
        dueAt: msk('2026-11-11 15:30').toISOString(),
        overdueWorkingHours: 1.5,
        statusAtDue: 'in_progress',
        escalated: false,
      }),
      expect.objectContaining({
        ticketId: ticket.T3,
        timer: 'reaction',
        dueAt: msk('2026-11-10 14:00').toISOString(),
        metAt: msk('2026-11-10 15:00').toISOString(),
        overdueWorkingHours: 1,
        statusAtDue: 'new',
        escalated: true,
      }),
    ]);
  });
});

describe('labour', () => {
  it('splits each request’s recorded hours in the proportions it was billed', async () => {
    const r = await report<{ totals: unknown; rows: { key: string }[]; series: unknown }>(
      dispatcher,
      'labour',
      '&granularity=week&groupBy=employee',
    );
    // T1 3.5 h all from the balance; T2 7 h billed 5 paid + 2 free; T3 3 h billed 2 balance + 1 paid (the
    // reversed free line does not count); T5 0.5 h with nothing posted; T4's hour is before the period.
    expect(r.totals).toEqual({
      hours: 14,
      balanceHours: 5.5,
      paidHours: 6,
      freeHours: 2,
      unbilledHours: 0.5,
    });
    expect(r.rows).toEqual([
      {
        key: agentA,
        name: 'Агент Первый',
        hours: 10.5,
        balanceHours: 3.5,
        paidHours: 5,
        freeHours: 2,
        unbilledHours: 0,
      },
      {
        key: agentB,
        name: 'Агент Второй',
        hours: 3.5,
        balanceHours: 2,
        paidHours: 1,
        freeHours: 0,
        unbilledHours: 0.5,
      },
    ]);
    expect(r.series).toEqual([
      { bucket: '2026-11-09', hours: 10, balanceHours: 2, paidHours: 6, freeHours: 2, unbilledHours: 0 },
      { bucket: '2026-11-16', hours: 4, balanceHours: 3.5, paidHours: 0, freeHours: 0, unbilledHours: 0.5 },
    ]);
  });

  it('groups by client and filters by who did the work', async () => {
    const byClient = await report<{ rows: { key: string; hours: number }[] }>(
      dispatcher,
      'labour',
      '&groupBy=client',
    );
    expect(byClient.rows.map((row) => [row.key, row.hours])).toEqual([
      [clientA, 13.5],
      [clientB, 0.5],
    ]);
    const ofB = await report<{ totals: { hours: number } }>(dispatcher, 'labour', `&employeeId=${agentB}`);
    expect(ofB.totals.hours).toBe(3.5);
  });
});

describe('utilization', () => {
  it('sets recorded hours against the calendar’s working hours', async () => {
    // Ten working days of 9:00–18:00: 90 hours.
    const r = await report<{
      workingHours: number;
      employees: { userId: string; recordedHours: number; utilization: number }[];
    }>(dispatcher, 'utilization', `&lineId=${lineOne}`);
    expect(r.workingHours).toBe(90);
    expect(r.employees).toEqual([
      { userId: agentA, name: 'Агент Первый', recordedHours: 10.5, workingHours: 90, utilization: 0.117 },
    ]);
    expect(await statusOf(approverA, `/api/v1/reports/utilization?${PERIOD}`)).toBe(403);
  });
});

describe('clients', () => {
  it('ranks clients by hours with the cumulative share and prices the billed hours', async () => {
    const r = await report<{ totals: unknown; clients: unknown }>(dispatcher, 'clients');
    expect(r.clients).toEqual([
      {
        clientId: clientA,
        name: 'ООО «Альфа»',
        requests: 3,
        hours: 13.5,
        hoursShare: 0.964,
        cumulativeShare: 0.964,
        paretoClass: 'A',
        balanceHours: 5.5,
        paidHours: 6,
        balanceAmount: 11000,
        paidAmount: 12000,
      },
      {
        clientId: clientB,
        name: 'ООО «Бета»',
        requests: 1,
        hours: 0.5,
        hoursShare: 0.036,
        cumulativeShare: 1,
        paretoClass: 'C',
        balanceHours: 0,
        paidHours: 0,
        balanceAmount: 0,
        paidAmount: 0,
      },
    ]);
    expect(r.totals).toEqual({
      requests: 4,
      hours: 14,
      balanceHours: 5.5,
      paidHours: 6,
      balanceAmount: 11000,
      paidAmount: 12000,
    });
  });
});

describe('first-line resolution', () => {
  it('counts an escalated request against the line it started on', async () => {
    const r = await report<{ totals: unknown; lines: unknown; services: unknown }>(dispatcher, 'first-line');
    expect(r.totals).toEqual({ completed: 3, withoutEscalation: 2, share: 0.667 });
    expect(r.lines).toEqual([
      { lineId: lineOne, name: 'Линия P1', level: 1, completed: 3, withoutEscalation: 2, share: 0.667 },
    ]);
    expect(r.services).toEqual([
      { serviceId: serviceOne, name: 'Консультация', completed: 2, withoutEscalation: 2, share: 1 },
      { serviceId: serviceTwo, name: 'Доработка', completed: 1, withoutEscalation: 0, share: 0 },
    ]);
  });
});

describe('estimates', () => {
  it('compares actual hours with the estimate and checks the planned ends', async () => {
    const r = await report<{ totals: unknown; employees: unknown }>(dispatcher, 'estimates');
    // T1 3 → 3.5 (ratio 1.167), T2 6.5 → 7 (1.077), T3 4 → 3 (0.75); the first `done` of T1 (Tue 12:00)
    // and T3 (Thu 11:00, before it was returned) were by their planned end, T2's (Wed 17:00) was not.
    expect(r.totals).toEqual({
      requests: 3,
      estimateHours: 13.5,
      actualHours: 13.5,
      ratio: 1,
      medianRatio: 1.08,
      planned: 3,
      plannedKept: 2,
      plannedKeptShare: 0.667,
    });
    expect(r.employees).toEqual([
      {
        userId: agentA,
        name: 'Агент Первый',
        requests: 2,
        estimateHours: 9.5,
        actualHours: 10.5,
        ratio: 1.11,
        medianRatio: 1.12,
        planned: 2,
        plannedKept: 1,
        plannedKeptShare: 0.5,
      },
      {
        userId: agentB,
        name: 'Агент Второй',
        requests: 1,
        estimateHours: 4,
        actualHours: 3,
        ratio: 0.75,
        medianRatio: 0.75,
        planned: 1,
        plannedKept: 1,
        plannedKeptShare: 1,
      },
    ]);
  });
});

describe('free work', () => {
  it('counts the requests with free hours and their share of the billed hours', async () => {
    const r = await report<{ totals: unknown; services: unknown; clients: unknown }>(dispatcher, 'free-work');
    // Billed in the period: 3.5 + 7 + 3 = 13.5 h, of which T2's 2 h free.
    expect(r.totals).toEqual({ requests: 1, freeHours: 2, avgHoursPerRequest: 2, shareOfBilledHours: 0.148 });
    expect(r.services).toEqual([
      {
        serviceId: serviceOne,
        name: 'Консультация',
        requests: 1,
        freeHours: 2,
        avgHoursPerRequest: 2,
        shareOfBilledHours: 0.19,
      },
    ]);
    expect(r.clients).toEqual([
      {
        clientId: clientA,
        name: 'ООО «Альфа»',
        requests: 1,
        freeHours: 2,
        avgHoursPerRequest: 2,
        shareOfBilledHours: 0.148,
      },
    ]);
  });
});

describe('XLSX export', () => {
  it('holds the numbers the JSON answer gives', async () => {
    const response = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/reports/clients.xlsx?${PERIOD}&locale=ru`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Клиенты');
    expect(sheet?.getRow(1).getCell(1).value).toBe('Название');
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      'ООО «Альфа»',
      3,
      13.5,
      0.964,
      0.964,
      'A',
      5.5,
      6,
      11000,
      12000,
    ]);
    expect(sheet?.getRow(3).getCell(1).value).toBe('ООО «Бета»');
  });

  it('is refused to whoever the report is refused to', async () => {
    expect(await statusOf(employee, `/api/v1/reports/volume.xlsx?${PERIOD}`)).toBe(403);
  });
});

describe('the day’s dashboard', () => {
  it('counts today’s new requests, the unassigned, SLA breaches and the running timers', async () => {
    await addTicket('T6', {
      created: '2026-11-20 10:15',
      client: clientB,
      line: lineOne,
      service: serviceOne,
      status: 'new',
    });
    await t.db
      .updateTable('tickets')
      .set({ sla_state: 'breached' })
      .where('id', '=', ticket.T4 ?? '')
      .execute();
    await t.db
      .insertInto('running_timers')
      .values({ user_id: agentB, ticket_id: ticket.T5 ?? '', started_at: msk('2026-11-20 11:00') })
      .execute();
    const response = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: '/api/v1/reports/today?timeZone=Europe/Moscow',
    });
    expect(response.statusCode, response.body).toBe(200);
    const today = response.json<Record<string, unknown> & { byHour: { hour: number; opened: number }[] }>();
    // Open: T4 (new since 6 Nov, nobody on it), T5 (in progress, agent B), T6 (new today, nobody on it).
    expect(today).toMatchObject({
      day: '2026-11-20',
      newToday: 1,
      open: 3,
      unassigned: 2,
      slaWarning: 0,
      slaBreached: 1,
      overdue: 0,
      runningTimers: [
        { userId: agentB, ticketId: ticket.T5, startedAt: msk('2026-11-20 11:00').toISOString() },
      ],
      byStatus: [
        { status: 'new', count: 2 },
        { status: 'in_progress', count: 1 },
      ],
      byPriority: [{ priority: 'normal', open: 3, breached: 1 }],
    });
    // Hours 0…12 of the day so far, the request at 10:15 in hour 10.
    expect(today.byHour).toHaveLength(13);
    expect(today.byHour[10]).toEqual({ hour: 10, opened: 1 });
    // The second line sees T5 only (and T3, which is closed).
    const agent = (
      await callAs(t.app, secondLineAgent, {
        method: 'GET',
        url: '/api/v1/reports/today?timeZone=Europe/Moscow',
      })
    ).json<{ open: number; runningTimers: unknown[] }>();
    expect(agent.open).toBe(1);
    expect(agent.runningTimers).toHaveLength(1);
    expect(await statusOf(approverA, '/api/v1/reports/today')).toBe(403);
  });
});

describe('estimate suggestion', () => {
  it('suggests the median of similar completed requests’ hours, rounded up to the scale', async () => {
    // T6 (Консультация, ООО «Бета», «Заявка T6») is like T1 and T2 (the same service, 3.5 h and 7 h)
    // and, by its words only, T3 (3 h): the median 3.5 h becomes 4 on the scale.
    const response = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.T6 ?? ''}/estimate-suggestion`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const suggestion = response.json<{
      suggestedHours: number;
      medianActualHours: number;
      requests: { ticketId: string; actualHours: number; sameService: boolean; sameClient: boolean }[];
    }>();
    expect(suggestion.suggestedHours).toBe(4);
    expect(suggestion.medianActualHours).toBe(3.5);
    expect(suggestion.requests.map((r) => [r.ticketId, r.actualHours, r.sameService, r.sameClient])).toEqual([
      [ticket.T2, 7, true, false],
      [ticket.T1, 3.5, true, false],
      [ticket.T3, 3, false, false],
    ]);
    // A request the caller may not see is not found; what he may not see is not drawn from.
    expect(await statusOf(secondLineAgent, `/api/v1/tickets/${ticket.T6 ?? ''}/estimate-suggestion`)).toBe(
      404,
    );
    const fromTheSecondLine = (
      await callAs(t.app, secondLineAgent, {
        method: 'GET',
        url: `/api/v1/tickets/${ticket.T5 ?? ''}/estimate-suggestion`,
      })
    ).json<{ suggestedHours: number; requests: { ticketId: string }[] }>();
    expect(fromTheSecondLine.requests.map((r) => r.ticketId)).toEqual([ticket.T3]);
    expect(fromTheSecondLine.suggestedHours).toBe(3);
  });

  it('rounds up to the estimate scale', () => {
    expect([0.05, 0.15, 0.8, 1.01, 5, 13, 40].map(roundUpToScale)).toEqual([0.1, 0.2, 0.8, 2, 6.5, 13, 13]);
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
  });
});
