import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';

// The planning board through HTTP: what each role sees, the days' capacity against planned hours, the
// backlog, and moving bars through POST /tickets/{id}/plan. The clock is Monday 2 March 2026, 10:00 Moscow.

type Item = {
  id: string;
  number: number;
  plannedStart: string;
  plannedEnd: string;
  canMove: boolean;
  version: number;
};
type Board = {
  from: string;
  timeZone: string;
  canPlan: boolean;
  days: { date: string; kind: string; capacityHours: number; start: string; workingSpans: unknown[] }[];
  employees: { id: string; name: string; items: Item[]; plannedHours: number[] }[];
  backlog: { id: string; number: number; canPlan: boolean; version: number; priority: string }[];
  backlogTotal: number;
};
type Ticket = {
  id: string;
  number: number;
  version: number;
  status: string;
  plannedStart: string;
  plannedEnd: string;
};

let t: TestApp;
let clientId: string;
let dispatcher: Session;
let admin: Session;
let firstAgent: Session;
let secondAgent: Session;
let expert: Session;
let clientUser: Session;
let firstLine: string;
let secondLine: string;

beforeAll(async () => {
  t = await createTestApp();
  firstLine = (await buildLine(t.db, { code: 'L1', level: 1 })).id;
  secondLine = (await buildLine(t.db, { code: 'L2', level: 2 })).id;
  clientId = (await buildClient(t.db, { name: 'ООО «Ромашка»' })).id;
  dispatcher = await sessionFor(t, 'dispatcher');
  admin = await sessionFor(t, 'admin');
  firstAgent = await sessionFor(t, 'agent', { lineIds: [firstLine], name: 'Алексеев Антон' });
  secondAgent = await sessionFor(t, 'agent', { lineIds: [firstLine], name: 'Борисова Вера' });
  expert = await sessionFor(t, 'agent', { lineIds: [secondLine], name: 'Васильев Глеб' });
  clientUser = await sessionFor(t, 'client_user', { clientId });
});
afterAll(async () => {
  await t.close();
});

async function ok<T>(session: Session, call: Parameters<typeof callAs>[2], status = 200): Promise<T> {
  const response = await callAs(t.app, session, call);
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
}

/** A request estimated at half an hour: approved automatically, so it waits in the backlog. */
async function approvedRequest(title: string, priority = 'normal'): Promise<Ticket> {
  const created = await ok<Ticket>(
    clientUser,
    { method: 'POST', url: '/api/v1/tickets', payload: { title, priority } },
    201,
  );
  return ok<Ticket>(firstAgent, {
    method: 'POST',
    url: `/api/v1/tickets/${created.id}/transitions`,
    payload: { to: 'evaluated', version: created.version, estimateHours: 0.5 },
  });
}

const plan = (session: Session, ticket: { id: string; version: number }, payload: Record<string, unknown>) =>
  callAs(t.app, session, {
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/plan`,
    payload: { version: ticket.version, ...payload },
  });

const board = (session: Session, query = 'from=2026-03-02') =>
  ok<Board>(session, { method: 'GET', url: `/api/v1/planning?${query}` });

describe('GET /api/v1/planning', () => {
  let tuesday: Ticket;
  let waiting: Ticket;

  beforeAll(async () => {
    const toPlan = await approvedRequest('Обновить конфигурацию');
    const response = await plan(dispatcher, toPlan, {
      assigneeId: firstAgent.userId,
      plannedStart: '2026-03-03T10:00:00+03:00',
      plannedEnd: '2026-03-03T14:00:00+03:00',
      acceptanceCriteria: 'Отчёты открываются',
    });
    expect(response.statusCode, response.body).toBe(200);
    tuesday = response.json<Ticket>();
    waiting = await approvedRequest('Настроить права бухгалтеру', 'high');
    await approvedRequest('Обычная заявка в очереди');
  });

  it('shows the dispatcher every agent, the week’s capacity, the planned hours and the backlog', async () => {
    const week = await board(dispatcher);
    expect(week).toMatchObject({ from: '2026-03-02', timeZone: 'Europe/Moscow', canPlan: true });
    expect(week.days.map((d) => [d.date, d.kind, d.capacityHours])).toEqual([
      ['2026-03-02', 'working', 9],
      ['2026-03-03', 'working', 9],
      ['2026-03-04', 'working', 9],
      ['2026-03-05', 'working', 9],
      ['2026-03-06', 'working', 9],
      ['2026-03-07', 'weekend', 0],
      ['2026-03-08', 'weekend', 0],
    ]);
    expect(week.days[0]?.start).toBe('2026-03-01T21:00:00.000Z');
    expect(week.employees.map((e) => e.name)).toEqual(['Алексеев Антон', 'Борисова Вера', 'Васильев Глеб']);
    const anton = week.employees[0]!;
    expect(anton.items).toEqual([
      expect.objectContaining({
        id: tuesday.id,
        number: tuesday.number,
        title: 'Обновить конфигурацию',
        clientName: 'ООО «Ромашка»',
        status: 'planned',
        plannedStart: '2026-03-03T07:00:00.000Z',
        plannedEnd: '2026-03-03T11:00:00.000Z',
        estimateHours: 0.5,
        canMove: true,
      }),
    ]);
    // The half-hour estimate, not the four-hour window, is what the plan costs Anton on Tuesday.
    expect(anton.plannedHours).toEqual([0, 0.5, 0, 0, 0, 0, 0]);
    // The most urgent waits first.
    expect(week.backlog.map((b) => b.number)[0]).toBe(waiting.number);
    expect(week.backlog).toHaveLength(2);
    expect(week.backlogTotal).toBe(2);
    expect(week.backlog.every((b) => b.canPlan)).toBe(true);
  });

  it('lets an agent look at his line’s board without planning anything', async () => {
    const seen = await board(secondAgent);
    expect(seen.canPlan).toBe(false);
    expect(seen.employees.map((e) => e.name)).toEqual(['Алексеев Антон', 'Борисова Вера']);
    expect(seen.employees[0]?.items.map((i) => [i.id, i.canMove])).toEqual([[tuesday.id, false]]);
    expect(seen.backlog.every((b) => !b.canPlan)).toBe(true);
    // The second line sees neither the first line's agents nor its requests.
    const expertView = await board(expert);
    expect(expertView.employees.map((e) => e.name)).toEqual(['Васильев Глеб']);
    expect(expertView.backlog).toEqual([]);
  });

  it('narrows to one line, shows two weeks, and leaves out what lies outside the range', async () => {
    const second = await board(admin, `from=2026-03-02&days=14&lineId=${secondLine}`);
    expect(second.days).toHaveLength(14);
    // 9 March 2026 is the holiday moved from Sunday 8 March.
    expect(second.days[7]).toMatchObject({ date: '2026-03-09', kind: 'holiday', capacityHours: 0 });
    expect(second.employees.map((e) => e.name)).toEqual(['Васильев Глеб']);
    expect(second.backlog).toEqual([]);
    const later = await board(dispatcher, 'from=2026-03-16');
    expect(later.employees.flatMap((e) => e.items)).toEqual([]);
  });

  it('refuses client roles, dates that do not exist and other lengths', async () => {
    expect(
      (await callAs(t.app, clientUser, { method: 'GET', url: '/api/v1/planning?from=2026-03-02' }))
        .statusCode,
    ).toBe(403);
    for (const query of ['from=2026-02-30', 'from=2026-3-2', 'from=2026-03-02&days=10', '']) {
      const response = await callAs(t.app, dispatcher, { method: 'GET', url: `/api/v1/planning?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe('POST /api/v1/tickets/{id}/plan', () => {
  it('plans from the backlog, moves the bar to another day and another agent, and shows it on the board', async () => {
    const ticket = await approvedRequest('Выгрузка в банк');
    const planned = await ok<Ticket>(dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/plan`,
      payload: {
        version: ticket.version,
        assigneeId: secondAgent.userId,
        plannedStart: '2026-03-04T15:00:00+03:00',
        acceptanceCriteria: 'Выгрузка проходит',
      },
    });
    expect(planned).toMatchObject({ status: 'planned', plannedEnd: '2026-03-04T12:30:00.000Z' });
    const moved = await ok<Ticket>(dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/plan`,
      payload: {
        version: planned.version,
        plannedStart: '2026-03-05T09:00:00+03:00',
        assigneeId: expert.userId,
      },
    });
    expect(moved).toMatchObject({
      plannedStart: '2026-03-05T06:00:00.000Z',
      plannedEnd: '2026-03-05T06:30:00.000Z',
    });
    const week = await board(dispatcher);
    const glebs = week.employees.find((e) => e.id === expert.userId);
    expect(glebs?.items.map((i) => i.id)).toContain(ticket.id);
    expect(glebs?.plannedHours[3]).toBe(0.5);
    const events = await ok<{ items: { kind: string; data: { to: { assigneeId: string } } }[] }>(dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/events`,
    });
    expect(events.items.at(-1)).toMatchObject({
      kind: 'replanned',
      data: { to: { assigneeId: expert.userId } },
    });
  });

  it('answers 409 with the current request to a stale version, and 403 to an agent', async () => {
    const ticket = await approvedRequest('Права на кассу');
    const planned = await ok<Ticket>(dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/plan`,
      payload: {
        version: ticket.version,
        assigneeId: firstAgent.userId,
        plannedStart: '2026-03-04T10:00:00+03:00',
        acceptanceCriteria: 'Права выданы',
      },
    });
    const stale = await plan(dispatcher, ticket, { plannedStart: '2026-03-05T10:00:00+03:00' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'version_conflict',
      current: { id: ticket.id, version: planned.version },
    });
    const byAgent = await plan(firstAgent, planned, { plannedStart: '2026-03-05T10:00:00+03:00' });
    expect(byAgent.statusCode).toBe(403);
    const reversed = await plan(dispatcher, planned, {
      plannedStart: '2026-03-05T10:00:00+03:00',
      plannedEnd: '2026-03-05T09:00:00+03:00',
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ errors: [{ path: 'plannedEnd' }] });
  });
});
