import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priority, Status } from '#common/tickets.ts';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine, buildUser } from '#server/test/factories.ts';
import type { ClientCard } from './client-card.ts';
import { dayIn } from './activity.ts';

type Activity = {
  date: string;
  timeZone: string;
  isToday: boolean;
  totalMinutes: number;
  people: {
    id: string;
    name: string;
    timer: { startedAt: string; ticket: { id: string; number: number; title: string } | null } | null;
    worklogs: {
      minutes: number;
      note: string | null;
      ticket: { id: string; number: number; title: string } | null;
    }[];
    totalMinutes: number;
  }[];
};

let t: TestApp;
let firstLineId: string;
let secondLineId: string;
let agent1: Session;
let agent2: Session;
let dispatcher: Session;

beforeAll(async () => {
  t = await createTestApp();
  firstLineId = (await buildLine(t.db, { code: 'L1', level: 1 })).id;
  secondLineId = (await buildLine(t.db, { code: 'L2', level: 2 })).id;
  agent1 = await sessionFor(t, 'agent', { lineIds: [firstLineId], name: 'Агент первой линии' });
  agent2 = await sessionFor(t, 'agent', { lineIds: [secondLineId], name: 'Агент второй линии' });
  dispatcher = await sessionFor(t, 'dispatcher');
});
afterAll(async () => {
  await t.close();
});

async function buildTicket(values: {
  title: string;
  clientId?: string | null;
  lineId?: string;
  status?: Status;
  priority?: Priority;
  requesterId?: string;
}) {
  return t.db
    .insertInto('tickets')
    .values({
      title: values.title,
      client_id: values.clientId ?? null,
      line_id: values.lineId ?? firstLineId,
      status: values.status ?? 'new',
      priority: values.priority ?? 'normal',
      requester_id: values.requesterId ?? null,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

const cardOf = (session: Session, ticketId: string) =>
  callAs(t.app, session, { method: 'GET', url: `/api/v1/tickets/${ticketId}/client-card` });

describe('GET /api/v1/tickets/:id/client-card', () => {
  it('gathers the client, the contract in force with its balance, the SLA, his other open requests and the knowledge card', async () => {
    const client = await buildClient(t.db, { name: 'ООО «Ромашка-Трейд»' });
    const requester = await buildUser(t.db, {
      role: 'client_user',
      clientId: client.id,
      name: 'Петрова Анна',
    });
    await t.db
      .updateTable('users')
      .set({ phone: '+7 495 123-45-67' })
      .where('id', '=', requester.id)
      .execute();
    await buildUser(t.db, { role: 'client_approver', clientId: client.id });
    const calendar = await t.db
      .selectFrom('business_calendars')
      .select(['id', 'name'])
      .where('is_default', '=', false)
      .executeTakeFirstOrThrow();
    await t.db.updateTable('clients').set({ calendar_id: calendar.id }).where('id', '=', client.id).execute();
    const policy = await t.db
      .insertInto('sla_policies')
      .values({
        name: 'Премиум',
        targets: JSON.stringify({
          critical: { reactionMinutes: 15, resolutionMinutes: 120 },
          high: { reactionMinutes: 30, resolutionMinutes: 240 },
          normal: { reactionMinutes: 60, resolutionMinutes: 480 },
          low: { reactionMinutes: 120, resolutionMinutes: 960 },
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // An older contract that has ended, and the one in force (the clock stands at 2 March 2026).
    await t.db
      .insertInto('contracts')
      .values({
        client_id: client.id,
        number: 'Д-2025-007',
        kind: 'hourly',
        starts_on: '2025-01-01',
        ends_on: '2025-12-31',
        hourly_rate: 2500,
      })
      .execute();
    const contract = await t.db
      .insertInto('contracts')
      .values({
        client_id: client.id,
        number: 'ИТС-2026-014',
        kind: 'its',
        starts_on: '2026-01-01',
        ends_on: '2026-12-31',
        bonus_hours_per_month: 2,
        sla_policy_id: policy.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('ledger_entries')
      .values([
        { contract_id: contract.id, kind: 'grant', hours: 10, external_id: 'ПКО-1' },
        { contract_id: contract.id, kind: 'consume', hours: -2.5 },
      ])
      .execute();

    const current = await buildTicket({
      title: 'Не проводится реализация',
      clientId: client.id,
      priority: 'high',
      requesterId: requester.id,
    });
    const sibling = await buildTicket({ title: 'Обновить конфигурацию', clientId: client.id });
    await buildTicket({ title: 'Закрытая', clientId: client.id, status: 'completed' });
    const elsewhere = await buildTicket({
      title: 'Секрет второй линии',
      clientId: client.id,
      lineId: secondLineId,
    });
    await buildTicket({ title: 'Чужой клиент', clientId: (await buildClient(t.db)).id });

    const response = await cardOf(agent1, current.id);
    expect(response.statusCode).toBe(200);
    const card = response.json<ClientCard>();
    expect(card).toMatchObject({
      ticketId: current.id,
      client: { id: client.id, name: 'ООО «Ромашка-Трейд»', inn: client.inn, contactCount: 2 },
      requester: { id: requester.id, name: 'Петрова Анна', phone: '+7 495 123-45-67', role: 'client_user' },
      contract: {
        id: contract.id,
        number: 'ИТС-2026-014',
        kind: 'its',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        balanceHours: 7.5,
        bonusHoursPerMonth: 2,
      },
      sla: {
        policy: {
          id: policy.id,
          name: 'Премиум',
          priority: 'high',
          reactionMinutes: 30,
          resolutionMinutes: 240,
        },
        calendar: { id: calendar.id, name: calendar.name, timeZone: 'Europe/Moscow' },
      },
      knowledge: { clientId: client.id, body: '', version: 0 },
    });
    expect(card.sla.calendar?.week.mon).toEqual([{ start: 0, end: 1440 }]);
    // The first line sees neither the second line's request nor, through the count, that it exists.
    expect(card.openTickets).toEqual({
      items: [expect.objectContaining({ id: sibling.id, title: 'Обновить конфигурацию', status: 'new' })],
      total: 1,
    });
    expect(response.body).not.toContain('Секрет второй линии');

    const all = (await cardOf(dispatcher, current.id)).json<ClientCard>();
    expect(all.openTickets.items.map((item) => item.id)).toEqual([elsewhere.id, sibling.id]);
    expect(all.openTickets.total).toBe(2);
  });

  it('shows the knowledge card as saved, and no contract when none is in force', async () => {
    const client = await buildClient(t.db);
    await t.db
      .insertInto('contracts')
      .values({
        client_id: client.id,
        number: 'Д-2027',
        kind: 'hourly',
        starts_on: '2027-01-01',
        hourly_rate: 1,
      })
      .execute();
    const ticket = await buildTicket({ title: 'Вопрос', clientId: client.id });
    const saved = await callAs(t.app, agent1, {
      method: 'PUT',
      url: `/api/v1/clients/${client.id}/knowledge`,
      payload: { body: '<p>Склад ведётся по ордерной схеме</p>', version: 0 },
    });
    expect(saved.statusCode).toBe(200);
    const card = (await cardOf(agent1, ticket.id)).json<ClientCard>();
    expect(card.contract).toBeNull();
    expect(card.openTickets).toEqual({ items: [], total: 0 });
    expect(card.knowledge).toMatchObject({
      body: '<p>Склад ведётся по ордерной схеме</p>',
      version: 1,
      updatedBy: { id: agent1.userId, name: 'Агент первой линии' },
    });
    // Without a contract's policy the default one applies, on the default calendar.
    expect(card.sla.policy?.name).toBe('Стандартный');
    expect(card.sla.calendar?.name).toBe('Рабочие дни 9:00–18:00 по Москве');
  });

  it('answers an internal request (no client) with the SLA only', async () => {
    const ticket = await buildTicket({ title: 'Не работает принтер в офисе' });
    const card = (await cardOf(agent1, ticket.id)).json<ClientCard>();
    expect(card).toMatchObject({ client: null, contract: null, knowledge: null, requester: null });
    expect(card.openTickets).toEqual({ items: [], total: 0 });
    expect(card.sla.policy?.name).toBe('Стандартный');
  });

  it('answers 404 for a request the agent may not see, and for an unknown one', async () => {
    const client = await buildClient(t.db);
    const ticket = await buildTicket({ title: 'Вторая линия', clientId: client.id, lineId: secondLineId });
    expect((await cardOf(agent1, ticket.id)).statusCode).toBe(404);
    expect((await cardOf(agent2, ticket.id)).statusCode).toBe(200);
    expect((await cardOf(dispatcher, randomUUID())).statusCode).toBe(404);
  });
});

describe('GET /api/v1/activity', () => {
  const activity = (session: Session, query = '') =>
    callAs(t.app, session, { method: 'GET', url: `/api/v1/activity${query}` });
  const personIn = (body: Activity, userId: string) => {
    const person = body.people.find((p) => p.id === userId);
    if (!person) {
      throw new Error(`${userId} is not on the activity page`);
    }
    return person;
  };

  it("shows a first-line agent a second-line colleague's running timer and work without naming the request", async () => {
    const client = await buildClient(t.db);
    const open = await buildTicket({ title: 'Открытая первой линии', clientId: client.id });
    const secret = await buildTicket({
      title: 'Секретная доработка',
      clientId: client.id,
      lineId: secondLineId,
    });
    const logged = await callAs(t.app, agent2, {
      method: 'POST',
      url: `/api/v1/tickets/${secret.id}/worklogs`,
      payload: { minutes: 40, note: 'Секретная заметка о доработке' },
    });
    expect(logged.statusCode).toBe(201);
    const started = await callAs(t.app, agent2, {
      method: 'POST',
      url: `/api/v1/tickets/${secret.id}/timer/start`,
    });
    expect(started.statusCode).toBe(200);
    await callAs(t.app, agent1, {
      method: 'POST',
      url: `/api/v1/tickets/${open.id}/worklogs`,
      payload: { minutes: 25, note: 'Созвон с бухгалтером' },
    });

    const response = await activity(agent1);
    expect(response.statusCode).toBe(200);
    const body = response.json<Activity>();
    expect(body).toMatchObject({ date: '2026-03-02', timeZone: 'Europe/Moscow', isToday: true });
    const colleague = personIn(body, agent2.userId);
    expect(colleague.timer).toEqual({ startedAt: t.clock.now().toISOString(), ticket: null });
    expect(colleague.worklogs).toEqual([
      expect.objectContaining({ minutes: 40, note: null, ticket: null, source: 'manual' }),
    ]);
    expect(colleague.totalMinutes).toBe(40);
    expect(response.body).not.toContain('Секрет');
    expect(response.body).not.toContain(secret.id);
    const self = personIn(body, agent1.userId);
    expect(self.worklogs).toEqual([
      expect.objectContaining({
        minutes: 25,
        note: 'Созвон с бухгалтером',
        ticket: { id: open.id, number: open.number, title: 'Открытая первой линии' },
      }),
    ]);
    // Whoever runs a timer comes first.
    expect(body.people[0]?.timer).not.toBeNull();

    const seenByDispatcher = personIn((await activity(dispatcher)).json<Activity>(), agent2.userId);
    expect(seenByDispatcher.timer?.ticket).toEqual({
      id: secret.id,
      number: secret.number,
      title: 'Секретная доработка',
    });
    expect(seenByDispatcher.worklogs[0]?.note).toBe('Секретная заметка о доработке');
    // agent2 sees his own request by name.
    expect(personIn((await activity(agent2)).json<Activity>(), agent2.userId).timer?.ticket?.title).toBe(
      'Секретная доработка',
    );
  });

  it("counts a day from midnight to midnight in the caller's time zone", async () => {
    const worker = await buildUser(t.db, { role: 'agent', lineIds: [firstLineId] });
    const ticket = await buildTicket({ title: 'Ночная работа' });
    // 23:30 and 00:30 Moscow time, either side of the midnight that starts 2 March.
    await t.db
      .insertInto('worklogs')
      .values([
        { ticket_id: ticket.id, user_id: worker.id, started_at: '2026-03-01T20:30:00Z', minutes: 50 },
        { ticket_id: ticket.id, user_id: worker.id, started_at: '2026-03-01T21:30:00Z', minutes: 20 },
      ])
      .execute();
    const yesterday = (await activity(dispatcher, '?date=2026-03-01')).json<Activity>();
    expect(yesterday.isToday).toBe(false);
    expect(personIn(yesterday, worker.id)).toMatchObject({ totalMinutes: 50, timer: null });
    const today = (await activity(dispatcher, '?date=2026-03-02')).json<Activity>();
    expect(personIn(today, worker.id).totalMinutes).toBe(20);
    expect(today.totalMinutes).toBe(today.people.reduce((sum, p) => sum + p.totalMinutes, 0));
  });

  it('keeps a colleague who has left on the days he worked, and no other', async () => {
    const leaver = await buildUser(t.db, { role: 'agent', lineIds: [firstLineId] });
    const ticket = await buildTicket({ title: 'Последняя заявка' });
    await t.db
      .insertInto('worklogs')
      .values({ ticket_id: ticket.id, user_id: leaver.id, started_at: '2026-02-27T08:00:00Z', minutes: 30 })
      .execute();
    await t.db.updateTable('users').set({ is_active: false }).where('id', '=', leaver.id).execute();
    const then = (await activity(dispatcher, '?date=2026-02-27')).json<Activity>();
    expect(then.people.find((p) => p.id === leaver.id)).toMatchObject({ totalMinutes: 30, isActive: false });
    const now = (await activity(dispatcher)).json<Activity>();
    expect(now.people.some((p) => p.id === leaver.id)).toBe(false);
  });

  it('answers 400 naming date for a malformed day', async () => {
    const response = await activity(agent1, '?date=02.03.2026');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ path: expect.stringContaining('date') }] });
  });
});

describe('dayIn', () => {
  it.each([
    ['Europe/Moscow', '2026-03-01T20:59:59Z', '2026-03-01'],
    ['Europe/Moscow', '2026-03-01T21:00:00Z', '2026-03-02'],
    ['Asia/Vladivostok', '2026-03-01T14:00:00Z', '2026-03-02'],
    ['America/New_York', '2026-03-02T03:00:00Z', '2026-03-01'],
  ])('in %s, %s falls on %s', (zone, at, day) => {
    expect(dayIn(zone, new Date(at))).toBe(day);
  });
});
