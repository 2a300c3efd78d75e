import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';

// Routing (seeds 002, 004): rules first, then the service's route, then the first line; escalation
// between lines with a reason, kept in the history; the catalog offers each audience its services.

type Ticket = {
  id: string;
  lineId: string | null;
  groupId: string | null;
  version: number;
  assigneeId: string | null;
};

let t: TestApp;
let admin: Session;
let dispatcher: Session;
let firstAgent: Session;
let secondAgent: Session;
let contact: Session;
let otherContact: Session;
let employee: Session;
let lines: { l1: string; l2: string; exp: string };
let clientId: string;
let group1c: string;

beforeAll(async () => {
  t = await createTestApp();
  const l1 = await buildLine(t.db, { code: 'L1', level: 1 });
  const l2 = await buildLine(t.db, { code: 'L2', level: 2 });
  const exp = await buildLine(t.db, { code: 'EXP', level: 3 });
  lines = { l1: l1.id, l2: l2.id, exp: exp.id };
  group1c = (
    await t.db
      .insertInto('support_groups')
      .values({ line_id: l2.id, code: 'ZUP', name: '1С:ЗУП' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  admin = await sessionFor(t, 'admin');
  dispatcher = await sessionFor(t, 'dispatcher');
  firstAgent = await sessionFor(t, 'agent', { lineIds: [l1.id] });
  secondAgent = await sessionFor(t, 'agent', { lineIds: [l2.id] });
  clientId = (await buildClient(t.db, { name: 'ООО «Маршрут»' })).id;
  contact = await sessionFor(t, 'client_user', { clientId });
  otherContact = await sessionFor(t, 'client_user');
  employee = await sessionFor(t, 'employee');
});
afterAll(async () => {
  await t.close();
});

const service = async (payload: Record<string, unknown>) => {
  const response = await callAs(t.app, admin, { method: 'POST', url: '/api/v1/services', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
};
const fileAs = async (session: Session, payload: Record<string, unknown>) =>
  callAs(t.app, session, {
    method: 'POST',
    url: '/api/v1/tickets',
    payload: { title: 'Заявка', ...payload },
  });
const filed = async (session: Session, payload: Record<string, unknown>) => {
  const response = await fileAs(session, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Ticket>();
};

describe('where a new request lands', () => {
  it('on the first line when nothing routes it; where its service (or product) routes; where a rule says', async () => {
    expect((await filed(contact, {})).lineId).toBe(lines.l1);

    const zup = await service({ name: '1С:ЗУП', kind: 'product', lineId: lines.l2, groupId: group1c });
    const payroll = await service({ name: 'Расчёт зарплаты', parentId: zup });
    expect(await filed(contact, { serviceId: payroll })).toMatchObject({
      lineId: lines.l2,
      groupId: group1c,
    });

    const rule = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/routing-rules',
      payload: { name: 'Аварии — экспертам', priority: 'critical', lineId: lines.exp },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect((await filed(contact, { serviceId: payroll, priority: 'critical' })).lineId).toBe(lines.exp);
    expect((await filed(contact, { serviceId: payroll, priority: 'high' })).lineId).toBe(lines.l2);

    const badGroup = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/routing-rules',
      payload: { name: 'Не та группа', lineId: lines.l1, groupId: group1c },
    });
    expect(badGroup.json()).toMatchObject({ errors: [{ path: 'groupId' }] });
    await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/routing-rules/${rule.json<{ id: string }>().id}`,
      payload: { isActive: false },
    });
    expect((await filed(contact, { serviceId: payroll, priority: 'critical' })).lineId).toBe(lines.l2);
  });

  it('offers each audience its services and refuses the rest', async () => {
    const listed = await service({
      name: 'Сопровождение по договору',
      audience: 'listed',
      clientIds: [clientId],
    });
    const hr = await service({ name: 'Справка 2-НДФЛ', audience: 'internal' });
    const catalogOf = async (session: Session) =>
      (await callAs(t.app, session, { method: 'GET', url: '/api/v1/services?forRequest=true' }))
        .json<{ items: { id: string }[] }>()
        .items.map((s) => s.id);
    expect(await catalogOf(contact)).toContain(listed);
    expect(await catalogOf(contact)).not.toContain(hr);
    expect(await catalogOf(otherContact)).not.toContain(listed);
    expect(await catalogOf(employee)).toEqual([hr]);
    const refused = await fileAs(otherContact, { serviceId: listed });
    expect(refused.json()).toMatchObject({ errors: [{ path: 'serviceId' }] });
    expect((await fileAs(employee, { serviceId: hr })).statusCode).toBe(201);
  });
});

describe('escalation', () => {
  it('moves a request up with a reason and back down; the line decides who sees it', async () => {
    let ticket = await filed(contact, {});
    ticket = (
      await callAs(t.app, dispatcher, {
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/transitions`,
        payload: { to: 'evaluated', version: ticket.version, estimateHours: 0.5 },
      })
    ).json<Ticket>();
    const up = await callAs(t.app, firstAgent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/escalations`,
      payload: { direction: 'up', reason: 'Нужна вторая линия: ошибка в расчёте', version: ticket.version },
    });
    expect(up.statusCode, up.body).toBe(200);
    // The first-line agent handed it over: he no longer sees it; the second line does.
    expect(up.json()).toMatchObject({ line: { id: lines.l2 }, ticket: null });
    expect(
      (await callAs(t.app, firstAgent, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).statusCode,
    ).toBe(404);
    const seen = await callAs(t.app, secondAgent, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` });
    expect(seen.json()).toMatchObject({ lineId: lines.l2 });

    const stale = await callAs(t.app, secondAgent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/escalations`,
      payload: { direction: 'down', reason: 'x', version: ticket.version },
    });
    expect(stale.statusCode).toBe(409);
    const down = await callAs(t.app, secondAgent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/escalations`,
      payload: { direction: 'down', reason: 'Решается настройкой', version: seen.json<Ticket>().version },
    });
    expect(down.json()).toMatchObject({ line: { id: lines.l1 } });

    const history = async (session: Session) =>
      (await callAs(t.app, session, { method: 'GET', url: `/api/v1/tickets/${ticket.id}/events` })).json<{
        items: { kind: string; data: { reason?: string } }[];
      }>().items;
    const moves = (await history(dispatcher)).filter((e) => e.kind.includes('escalated'));
    expect(moves.map((e) => [e.kind, e.data.reason])).toEqual([
      ['escalated', 'Нужна вторая линия: ошибка в расчёте'],
      ['de_escalated', 'Решается настройкой'],
    ]);
    expect((await history(contact)).some((e) => e.kind.includes('escalated'))).toBe(false);
    const row = await t.db
      .selectFrom('tickets')
      .select('escalations')
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(row.escalations).toBe(1);
  });

  it('says so when there is no line that way, and refuses clients', async () => {
    const ticket = await filed(contact, {});
    const down = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/escalations`,
      payload: { direction: 'down', reason: 'вниз', version: ticket.version },
    });
    expect(down.json()).toMatchObject({ code: 'no_line' });
    const byClient = await callAs(t.app, contact, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/escalations`,
      payload: { direction: 'up', reason: 'хочу эксперта', version: ticket.version },
    });
    expect(byClient.statusCode).toBe(403);
  });
});

describe('types of requests', () => {
  it('are a dictionary an admin extends; a request takes only a known type', async () => {
    const added = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/ticket-types',
      payload: { code: 'access', name: 'Доступ', nameEn: 'Access' },
    });
    expect(added.statusCode).toBe(201);
    expect((await fileAs(contact, { type: 'access' })).statusCode).toBe(201);
    const unknown = await fileAs(contact, { type: 'nonsense' });
    expect(unknown.json()).toMatchObject({ errors: [{ path: 'type' }] });
  });

  it('a type switched off is no longer offered for new requests, and comes back when switched on', async () => {
    await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/ticket-types',
      payload: { code: 'purchase', name: 'Закупка', nameEn: 'Purchase' },
    });
    const off = await callAs(t.app, admin, {
      method: 'PATCH',
      url: '/api/v1/ticket-types/purchase',
      payload: { isActive: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const refused = await fileAs(contact, { type: 'purchase' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ path: 'type' }] });
    expect((await fileAs(contact, {})).statusCode).toBe(201);
    await callAs(t.app, admin, {
      method: 'PATCH',
      url: '/api/v1/ticket-types/purchase',
      payload: { isActive: true },
    });
    expect((await fileAs(contact, { type: 'purchase' })).statusCode).toBe(201);
  });
});
