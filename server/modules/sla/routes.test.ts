import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildUser } from '#server/test/factories.ts';
import { watchSla } from './watch.ts';

let t: TestApp;
let admin: Session;
let dispatcher: Session;

const WEEK = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d, i) => [
    d,
    i < 5 ? [{ start: 540, end: 1080 }] : [],
  ]),
);

beforeAll(async () => {
  t = await createTestApp();
  admin = await sessionFor(t, 'admin');
  dispatcher = await sessionFor(t, 'dispatcher');
});
afterAll(async () => {
  await t.close();
});

describe('calendars and policies', () => {
  it('ships a default calendar with the production calendar and a default policy', async () => {
    const calendars = await callAs(t.app, dispatcher, { method: 'GET', url: '/api/v1/calendars' });
    expect(calendars.json<{ items: unknown[] }>().items[0]).toMatchObject({
      isDefault: true,
      productionCalendar: true,
      timeZone: 'Europe/Moscow',
    });
    const policies = await callAs(t.app, dispatcher, { method: 'GET', url: '/api/v1/sla-policies' });
    expect(policies.json<{ items: unknown[] }>().items[0]).toMatchObject({
      isDefault: true,
      targets: { critical: { reactionMinutes: 30 } },
    });
  });

  it('names the field of a calendar the engine could not use', async () => {
    const reversed = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/calendars',
      payload: {
        name: 'Кривой',
        timeZone: 'Europe/Moscow',
        week: { ...WEEK, mon: [{ start: 1080, end: 540 }] },
      },
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ errors: [{ path: 'week/mon' }] });
    const zone = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Марс', timeZone: 'Mars/Olympus', week: WEEK },
    });
    expect(zone.json()).toMatchObject({ errors: [{ path: 'timeZone' }] });
  });

  it('keeps exactly one default, and an edit asks for a recompute', async () => {
    const created = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Владивосток', timeZone: 'Asia/Vladivostok', week: WEEK, isDefault: true },
    });
    expect(created.json()).toMatchObject({ isDefault: true, recomputePending: true });
    const all = (await callAs(t.app, admin, { method: 'GET', url: '/api/v1/calendars' })).json<{
      items: { isDefault: boolean; id: string; productionCalendar: boolean }[];
    }>().items;
    expect(all.filter((c) => c.isDefault)).toHaveLength(1);
    const id = created.json<{ id: string }>().id;
    const undefault = await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/calendars/${id}`,
      payload: { isDefault: false },
    });
    expect(undefault.statusCode).toBe(409);
    const moscow = all.find((c) => c.id !== id && c.productionCalendar);
    await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/calendars/${moscow?.id}`,
      payload: { isDefault: true },
    });
    await watchSla(t.deps);
    const after = (await callAs(t.app, admin, { method: 'GET', url: `/api/v1/calendars/${id}` })).json();
    expect(after).toMatchObject({ isDefault: false, recomputePending: false });
  });

  it('keeps from which day an edit of exceptions changes working time, merging edits the job has not seen', async () => {
    const created = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Самара', timeZone: 'Europe/Samara', week: WEEK },
    });
    const id = created.json<{ id: string }>().id;
    const mark = () =>
      t.db
        .selectFrom('business_calendars')
        .select(['recompute_requested_at', 'recompute_from'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const patch = (payload: Record<string, unknown>) =>
      callAs(t.app, admin, { method: 'PATCH', url: `/api/v1/calendars/${id}`, payload });

    // A new name moves no clock.
    expect((await patch({ name: 'Самара, офис' })).statusCode).toBe(200);
    expect(await mark()).toEqual({ recompute_requested_at: null, recompute_from: null });
    await patch({ exceptions: { '2026-06-15': { kind: 'holiday' } } });
    expect(new Date((await mark()).recompute_from ?? '').toISOString()).toBe('2026-06-14T00:00:00.000Z');
    await patch({ exceptions: { '2026-06-15': { kind: 'holiday' }, '2026-05-08': { kind: 'holiday' } } });
    expect(new Date((await mark()).recompute_from ?? '').toISOString()).toBe('2026-05-07T00:00:00.000Z');
    await patch({ exceptions: { '2026-06-15': { kind: 'holiday' } } });
    expect(new Date((await mark()).recompute_from ?? '').toISOString()).toBe('2026-05-07T00:00:00.000Z');
    // The week changes everything, and stays "everything" until the job has run.
    await patch({ week: { ...WEEK, sat: [{ start: 600, end: 840 }] } });
    expect((await mark()).recompute_from).toBeNull();
    await patch({ exceptions: {} });
    expect(await mark()).toMatchObject({ recompute_from: null });
    expect((await mark()).recompute_requested_at).not.toBeNull();
    await watchSla(t.deps);
    expect(await mark()).toEqual({ recompute_requested_at: null, recompute_from: null });
  });

  it('refuses a resolution target shorter than the reaction', async () => {
    const targets = Object.fromEntries(
      ['low', 'normal', 'high', 'critical'].map((p) => [p, { reactionMinutes: 120, resolutionMinutes: 60 }]),
    );
    const response = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/sla-policies',
      payload: { name: 'X', targets },
    });
    expect(response.json()).toMatchObject({ errors: [{ path: 'targets/low/resolutionMinutes' }] });
  });
});

describe('the SLA job', () => {
  it('signals a breach once: an internal event and a notification to the assignee and the dispatchers', async () => {
    const client = await buildClient(t.db);
    const agent = await buildUser(t.db, { role: 'agent' });
    // Created on Monday 2 March 10:00 MSK (07:00Z), critical: reaction due in 30 working minutes.
    const ticket = await t.db
      .insertInto('tickets')
      .values({
        title: 'Упал сервер 1С',
        client_id: client.id,
        priority: 'critical',
        assignee_id: agent.id,
        created_at: '2026-03-02T07:00:00Z',
        sla_state: 'ok',
        sla_warn_at: '2026-03-02T07:24:00Z',
        sla_due_at: '2026-03-02T07:30:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    t.clock.set(new Date('2026-03-02T07:25:00Z'));
    expect((await watchSla(t.deps)).signalled).toBe(1);
    t.clock.set(new Date('2026-03-02T07:31:00Z'));
    expect((await watchSla(t.deps)).signalled).toBe(1);
    expect((await watchSla(t.deps)).signalled).toBe(0);

    const events = await t.db
      .selectFrom('ticket_events')
      .select(['kind', 'internal'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { kind: 'sla_warning', internal: true },
      { kind: 'sla_breached', internal: true },
    ]);
    const mine = await callAs(t.app, dispatcher, { method: 'GET', url: '/api/v1/notifications?unread=true' });
    const items = mine.json<{ items: { id: number; kind: string; ticketId: string }[] }>().items;
    expect(items.filter((n) => n.ticketId === ticket.id).map((n) => n.kind)).toEqual([
      'sla_breached',
      'sla_warning',
    ]);
    const agentNotes = await t.db
      .selectFrom('notifications')
      .select('kind')
      .where('user_id', '=', agent.id)
      .execute();
    expect(agentNotes).toHaveLength(2);
    const [first] = items;
    const read = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/notifications/${first?.id}/read`,
    });
    expect(read.statusCode).toBe(204);
    const stranger = await callAs(t.app, admin, {
      method: 'POST',
      url: `/api/v1/notifications/${first?.id}/read`,
    });
    expect(stranger.statusCode).toBe(404);

    // «Read all» takes the rest of the dispatcher's unread ones and touches nobody else's.
    const all = await callAs(t.app, dispatcher, { method: 'POST', url: '/api/v1/notifications/read-all' });
    expect(all.json()).toEqual({ marked: items.length - 1 });
    const left = await callAs(t.app, dispatcher, { method: 'GET', url: '/api/v1/notifications?unread=true' });
    expect(left.json<{ items: unknown[] }>().items).toEqual([]);
    const agentUnread = await t.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', agent.id)
      .where('read_at', 'is', null)
      .execute();
    expect(agentUnread).toHaveLength(2);
  });
});

describe('the clock of a request through the API', () => {
  it('sets the due times at registration, stops the reaction at the first public reply, and sorts queues by them', async () => {
    // The earlier test made Vladivostok the default for a while; Moscow is the default again.
    const client = await buildClient(t.db, { name: 'ООО «Часы»' });
    const contact = await sessionFor(t, 'client_user', { clientId: client.id });
    t.clock.set(new Date('2026-03-02T07:00:00Z')); // Monday 10:00 MSK
    const normal = await callAs(t.app, contact, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Не формируется отчёт' },
    });
    expect(normal.statusCode, normal.body).toBe(201);
    // Normal: reaction 4 working hours → 14:00 MSK; resolution 40 h of 9-hour days: Mon 8 + Tue–Thu 27 + Fri 5 → Fri 14:00 MSK.
    expect(normal.json()).toMatchObject({
      slaState: 'ok',
      reactionDueAt: '2026-03-02T11:00:00.000Z',
      resolutionDueAt: '2026-03-06T11:00:00.000Z',
      slaDueAt: '2026-03-02T11:00:00.000Z',
      reactedAt: null,
    });
    const critical = await callAs(t.app, contact, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Не запускается 1С у всех', priority: 'critical' },
    });
    expect(critical.json()).toMatchObject({ slaDueAt: '2026-03-02T07:30:00.000Z' });

    const { id } = normal.json<{ id: string }>();
    t.clock.set(new Date('2026-03-02T08:00:00Z'));
    const reply = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${id}/comments`,
      payload: { body: 'Смотрим', internal: false },
    });
    expect(reply.statusCode).toBe(201);
    const after = await callAs(t.app, contact, { method: 'GET', url: `/api/v1/tickets/${id}` });
    expect(after.json()).toMatchObject({
      reactedAt: '2026-03-02T08:00:00.000Z',
      slaDueAt: '2026-03-06T11:00:00.000Z',
      slaState: 'ok',
    });

    const queue = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets?clientId=${client.id}&sort=slaDueAt&limit=1`,
    });
    const first = queue.json<{ items: { title: string }[]; nextCursor: string }>();
    expect(first.items.map((i) => i.title)).toEqual(['Не запускается 1С у всех']);
    const next = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets?clientId=${client.id}&sort=slaDueAt&limit=1&cursor=${first.nextCursor}`,
    });
    expect(next.json<{ items: { title: string }[] }>().items.map((i) => i.title)).toEqual([
      'Не формируется отчёт',
    ]);

    t.clock.set(new Date('2026-03-02T08:00:00Z'));
    await watchSla(t.deps);
    const breached = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets?clientId=${client.id}&slaState=breached`,
    });
    expect(breached.json<{ items: { title: string }[] }>().items.map((i) => i.title)).toEqual([
      'Не запускается 1С у всех',
    ]);
  });
});

describe('a client’s own calendar and a contract’s policy', () => {
  it('counts in the client’s time zone and refuses a calendar or policy that does not exist', async () => {
    const calendars = (await callAs(t.app, admin, { method: 'GET', url: '/api/v1/calendars' })).json<{
      items: { id: string; timeZone: string }[];
    }>().items;
    const vladivostok = calendars.find((c) => c.timeZone === 'Asia/Vladivostok');
    const client = await buildClient(t.db, { name: 'ООО «Восток»' });
    const set = await callAs(t.app, dispatcher, {
      method: 'PATCH',
      url: `/api/v1/clients/${client.id}`,
      payload: { calendarId: vladivostok?.id },
    });
    expect(set.json()).toMatchObject({ calendarId: vladivostok?.id });
    const wrong = await callAs(t.app, dispatcher, {
      method: 'PATCH',
      url: `/api/v1/clients/${client.id}`,
      payload: { calendarId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(wrong.json()).toMatchObject({ errors: [{ path: 'calendarId' }] });

    // Monday 2 March 10:00 MSK is 17:00 in Vladivostok: one working hour left there, then Tuesday 9:00.
    t.clock.set(new Date('2026-03-02T07:00:00Z'));
    const contact = await sessionFor(t, 'client_user', { clientId: client.id });
    const created = await callAs(t.app, contact, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Время' },
    });
    // Reaction 4 h: 17:00–18:00 Monday, then 9:00–12:00 Tuesday Vladivostok (UTC+10) = 02:00Z.
    expect(created.json()).toMatchObject({ reactionDueAt: '2026-03-03T02:00:00.000Z' });

    const badPolicy = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/clients/${client.id}/contracts`,
      payload: {
        number: 'С-1',
        kind: 'its',
        startsOn: '2026-01-01',
        slaPolicyId: '00000000-0000-4000-8000-000000000000',
      },
    });
    expect(badPolicy.json()).toMatchObject({ errors: [{ path: 'slaPolicyId' }] });
  });
});
