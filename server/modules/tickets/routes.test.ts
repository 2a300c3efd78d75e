import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';
import { markStaleTickets } from './stale.ts';

type Ticket = {
  id: string;
  number: number;
  status: string;
  version: number;
  allowedTransitions: string[];
  spentMinutes: number;
  estimateHours: number | null;
};

let t: TestApp;
let clientId: string;
let clientUser: Session;
let approver: Session;
let agent: Session;
let dispatcher: Session;
let otherAgent: Session;

beforeAll(async () => {
  t = await createTestApp();
  const first = await buildLine(t.db, { code: 'L1', level: 1 });
  const second = await buildLine(t.db, { code: 'L2', level: 2 });
  const client = await buildClient(t.db, { name: 'ООО «Ромашка»' });
  clientId = client.id;
  clientUser = await sessionFor(t, 'client_user', { clientId });
  approver = await sessionFor(t, 'client_approver', { clientId });
  agent = await sessionFor(t, 'agent', { lineIds: [first.id] });
  otherAgent = await sessionFor(t, 'agent', { lineIds: [second.id] });
  dispatcher = await sessionFor(t, 'dispatcher');
});
afterAll(async () => {
  await t.close();
});

const create = async (
  session: Session,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
) => callAs(t.app, session, { method: 'POST', url: '/api/v1/tickets', payload, headers });

async function fileRequest(title = 'Не печатает принтер в бухгалтерии'): Promise<Ticket> {
  const response = await create(clientUser, { title, description: '<p>После обновления 1С</p>' });
  expect(response.statusCode).toBe(201);
  return response.json<Ticket>();
}

const move = (session: Session, ticket: Ticket, payload: Record<string, unknown>) =>
  callAs(t.app, session, {
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/transitions`,
    payload: { version: ticket.version, ...payload },
  });

async function moveOk(session: Session, ticket: Ticket, payload: Record<string, unknown>): Promise<Ticket> {
  const response = await move(session, ticket, payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Ticket>();
}

const plan = (ticket: Ticket) =>
  moveOk(dispatcher, ticket, {
    to: 'planned',
    assigneeId: agent.userId,
    plannedStart: '2026-03-03T06:00:00Z',
    plannedEnd: '2026-03-03T10:00:00Z',
    acceptanceCriteria: 'Печать из 1С проходит',
  });

describe('POST /api/v1/tickets', () => {
  it('registers a client’s request as new, with a number and its history', async () => {
    const ticket = await fileRequest();
    expect(ticket).toMatchObject({ status: 'new', version: 1, number: expect.any(Number) });
    const events = await callAs(t.app, clientUser, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/events`,
    });
    expect(events.json<{ items: { kind: string }[] }>().items.map((e) => e.kind)).toEqual(['created']);
  });

  it('strips scripts from rich text', async () => {
    const response = await create(clientUser, {
      title: 'XSS',
      description:
        '<p onclick="x()">Текст<script>alert(1)</script><a href="javascript:alert(1)">ссылка</a></p>',
    });
    const { description } = response.json<{ description: string }>();
    expect(description).not.toMatch(/script|onclick|javascript/);
    expect(description).toContain('Текст');
  });

  it('lets an agent register a phone call on a client’s behalf, and refuses one without a client', async () => {
    const response = await create(agent, { title: 'Звонок: не проводится документ', clientId });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ channel: 'phone', clientId });
    const without = await create(agent, { title: 'Без клиента' });
    expect(without.statusCode).toBe(400);
    expect(without.json()).toMatchObject({ errors: [{ path: 'clientId' }] });
  });

  it('refuses a client filing for another company', async () => {
    const other = await buildClient(t.db);
    const response = await create(clientUser, { title: 'Чужая', clientId: other.id });
    expect(response.statusCode).toBe(400);
  });

  it('creates one request for a retried create with the same Idempotency-Key', async () => {
    const payload = { title: 'Повтор' };
    const first = await create(clientUser, payload, { 'idempotency-key': 'create-1' });
    const second = await create(clientUser, payload, { 'idempotency-key': 'create-1' });
    expect(second.json<Ticket>().id).toBe(first.json<Ticket>().id);
  });
});

describe('the lifecycle through the API', () => {
  it('goes from a client’s request to his confirmation, with the timer on the way', async () => {
    let ticket = await fileRequest();
    ticket = await moveOk(agent, ticket, { to: 'evaluated', estimateHours: 0.5 });
    expect(ticket.status).toBe('approved');
    const history = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/events`,
    });
    expect(
      history.json<{ items: { kind: string; data: Record<string, unknown>; actorId: string | null }[] }>()
        .items,
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'transitioned',
          actorId: null,
          data: expect.objectContaining({ to: 'approved', reason: 'auto_approved' }),
        }),
      ]),
    );
    ticket = await plan(ticket);
    expect(ticket.status).toBe('planned');

    const started = await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/timer/start`,
    });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json<{ ticket: Ticket }>().ticket.status).toBe('in_progress');
    t.clock.advance(25 * 60_000);
    const stopped = await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/timer/stop`,
    });
    expect(stopped.json()).toMatchObject({ minutes: 25, source: 'timer' });

    ticket = (
      await callAs(t.app, agent, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` })
    ).json<Ticket>();
    expect(ticket.spentMinutes).toBe(25);
    const noResolution = await move(agent, ticket, { to: 'done' });
    expect(noResolution.statusCode).toBe(400);
    expect(noResolution.json()).toMatchObject({ errors: [{ path: 'resolution' }] });
    ticket = await moveOk(agent, ticket, { to: 'done', resolution: 'Переустановлен драйвер принтера' });

    const sendBackBare = await move(clientUser, ticket, { to: 'in_progress' });
    expect(sendBackBare.statusCode).toBe(400);
    ticket = await moveOk(clientUser, ticket, { to: 'in_progress', comment: 'Печатает с полосами' });
    ticket = await moveOk(agent, ticket, { to: 'done', resolution: 'Заменён картридж' });
    ticket = await moveOk(clientUser, ticket, { to: 'completed' });
    expect(ticket).toMatchObject({ status: 'completed', allowedTransitions: [] });

    const comments = await callAs(t.app, clientUser, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/comments`,
    });
    expect(comments.json<{ items: { body: string }[] }>().items.map((c) => c.body)).toEqual([
      'Печатает с полосами',
    ]);
  });

  it('waits for the approver on a 3 h estimate: a client_user may not approve, the approver may', async () => {
    let ticket = await fileRequest();
    ticket = await moveOk(agent, ticket, { to: 'evaluated', estimateHours: 3 });
    expect(ticket.status).toBe('evaluated');
    const byUser = await move(clientUser, ticket, { to: 'approved' });
    expect(byUser.statusCode).toBe(403);
    ticket = await moveOk(approver, ticket, { to: 'approved' });
    expect(ticket.status).toBe('approved');
  });

  it('lets the approver reject an estimate', async () => {
    let ticket = await fileRequest();
    ticket = await moveOk(agent, ticket, { to: 'evaluated', estimateHours: 6.5 });
    ticket = await moveOk(approver, ticket, { to: 'rejected' });
    expect(ticket.status).toBe('rejected');
  });

  it('approves automatically within the client’s approval limit', async () => {
    await t.db.updateTable('clients').set({ approval_limit_hours: 4 }).where('id', '=', clientId).execute();
    let ticket = await fileRequest();
    ticket = await moveOk(agent, ticket, { to: 'evaluated', estimateHours: 4 });
    expect(ticket.status).toBe('approved');
    await t.db
      .updateTable('clients')
      .set({ approval_limit_hours: null })
      .where('id', '=', clientId)
      .execute();
  });

  it('refuses an estimate off the scale, naming estimateHours', async () => {
    const ticket = await fileRequest();
    const response = await move(agent, ticket, { to: 'evaluated', estimateHours: 1.5 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ path: 'estimateHours' }] });
  });

  it('answers 409 with the allowed transitions to an illegal one', async () => {
    const ticket = await fileRequest();
    const response = await move(dispatcher, ticket, { to: 'done', resolution: 'x' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ allowed: ['evaluated'] });
  });

  it('answers 409 with the current request to a stale version', async () => {
    const ticket = await fileRequest();
    await moveOk(agent, ticket, { to: 'evaluated', estimateHours: 2 });
    const late = await move(agent, ticket, { to: 'evaluated', estimateHours: 3 });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({
      code: 'version_conflict',
      current: { status: 'evaluated', version: 2 },
    });
  });

  it('marks requests stale after 30 days without change; the dispatcher returns one and closes another', async () => {
    const first = await fileRequest('Старая заявка 1');
    const second = await moveOk(agent, await fileRequest('Старая заявка 2'), {
      to: 'evaluated',
      estimateHours: 13,
    });
    const start = t.clock.now();
    t.clock.advance(29 * 24 * 3600_000);
    expect(await markStaleTickets(t.deps)).toBe(0);
    t.clock.advance(2 * 24 * 3600_000);
    expect(await markStaleTickets(t.deps)).toBeGreaterThanOrEqual(2);
    // A month on, yesterday's logins have expired: the dispatcher logs in again.
    const dispatcher = await sessionFor(t, 'dispatcher');
    const staleFirst = (
      await callAs(t.app, dispatcher, { method: 'GET', url: `/api/v1/tickets/${first.id}` })
    ).json<Ticket>();
    const staleSecond = (
      await callAs(t.app, dispatcher, { method: 'GET', url: `/api/v1/tickets/${second.id}` })
    ).json<Ticket>();
    expect(staleFirst.status).toBe('stale');
    expect(staleFirst.allowedTransitions.sort()).toEqual(['irrelevant', 'new']);
    const wrongReturn = await move(dispatcher, staleSecond, { to: 'new' });
    expect(wrongReturn.statusCode).toBe(409);
    expect((await moveOk(dispatcher, staleSecond, { to: 'evaluated' })).status).toBe('evaluated');
    expect((await moveOk(dispatcher, staleFirst, { to: 'irrelevant' })).status).toBe('irrelevant');
    t.clock.set(start);
  });
});

describe('who sees a request', () => {
  it('answers 404 to a client of another company on every path', async () => {
    const ticket = await fileRequest();
    const stranger = await sessionFor(t, 'client_approver');
    for (const url of ['', '/events', '/comments', '/worklogs']) {
      const response = await callAs(t.app, stranger, {
        method: 'GET',
        url: `/api/v1/tickets/${ticket.id}${url}`,
      });
      expect(response.statusCode, url).toBe(404);
    }
    expect((await move(stranger, ticket, { to: 'approved' })).statusCode).toBe(404);
    const list = await callAs(t.app, stranger, { method: 'GET', url: '/api/v1/tickets' });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('hides the first line’s requests from a second-line agent until assigned to him', async () => {
    const ticket = await fileRequest();
    expect(
      (await callAs(t.app, otherAgent, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).statusCode,
    ).toBe(404);
    expect(
      (await callAs(t.app, agent, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).statusCode,
    ).toBe(200);
  });

  it('never shows an internal note to a client, nor its event', async () => {
    const ticket = await fileRequest();
    const note = await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/comments`,
      payload: { body: 'Клиент опять без ИТС', internal: true },
    });
    expect(note.statusCode).toBe(201);
    await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/comments`,
      payload: { body: 'Подключаюсь через 10 минут' },
    });
    for (const session of [clientUser, approver]) {
      const comments = await callAs(t.app, session, {
        method: 'GET',
        url: `/api/v1/tickets/${ticket.id}/comments`,
      });
      expect(comments.json<{ items: { body: string }[] }>().items.map((c) => c.body)).toEqual([
        'Подключаюсь через 10 минут',
      ]);
      const events = await callAs(t.app, session, {
        method: 'GET',
        url: `/api/v1/tickets/${ticket.id}/events`,
      });
      expect(JSON.stringify(events.json())).not.toContain(note.json<{ id: string }>().id);
    }
    const staff = await callAs(t.app, agent, { method: 'GET', url: `/api/v1/tickets/${ticket.id}/comments` });
    expect(staff.json<{ items: unknown[] }>().items).toHaveLength(2);
    const clientNote = await callAs(t.app, clientUser, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/comments`,
      payload: { body: 'secret', internal: true },
    });
    expect(clientNote.statusCode).toBe(403);
  });
});

describe('GET /api/v1/tickets', () => {
  it('finds words in other forms: «принтеры» finds «принтер», also in comments', async () => {
    const ticket = await fileRequest('Сломался принтер HP');
    await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/comments`,
      payload: { body: 'Нужен новый картридж' },
    });
    const byTitle = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets?q=${encodeURIComponent('принтеры')}&limit=200`,
    });
    expect(byTitle.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(ticket.id);
    const byComment = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets?q=${encodeURIComponent('картриджи')}`,
    });
    expect(byComment.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(ticket.id);
    const byNumber = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets?q=%23${ticket.number}`,
    });
    expect(byNumber.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([ticket.id]);
  });

  it('filters by status and pages by keyset without gaps', async () => {
    for (let i = 0; i < 5; i += 1) {
      await fileRequest(`Пачка ${i}`);
    }
    const numbers: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/tickets?status=new&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await callAs(t.app, dispatcher, { method: 'GET', url })).json<{
        items: Ticket[];
        nextCursor: string | null;
      }>();
      expect(page.items.every((i) => i.status === 'new')).toBe(true);
      numbers.push(...page.items.map((i) => i.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe('worklogs', () => {
  it('records work by hand and keeps every correction in the history', async () => {
    const ticket = await fileRequest();
    const added = await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/worklogs`,
      payload: { minutes: 30, note: 'Созвон с бухгалтером' },
    });
    expect(added.statusCode).toBe(201);
    const { id } = added.json<{ id: string }>();
    const fixed = await callAs(t.app, agent, {
      method: 'PATCH',
      url: `/api/v1/worklogs/${id}`,
      payload: { minutes: 45 },
    });
    expect(fixed.json()).toMatchObject({ minutes: 45 });
    const byColleague = await callAs(t.app, otherAgent, {
      method: 'PATCH',
      url: `/api/v1/worklogs/${id}`,
      payload: { minutes: 5 },
    });
    expect(byColleague.statusCode).toBe(404);
    const events = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/events`,
    });
    expect(events.json<{ items: { kind: string; data: Record<string, unknown> }[] }>().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'worklog_changed',
          data: expect.objectContaining({
            before: expect.objectContaining({ minutes: 30 }),
            after: expect.objectContaining({ minutes: 45 }),
          }),
        }),
      ]),
    );
    const approverView = await callAs(t.app, approver, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/worklogs`,
    });
    expect(approverView.json<{ items: unknown[] }>().items).toHaveLength(1);
    const userView = await callAs(t.app, clientUser, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/worklogs`,
    });
    expect(userView.statusCode).toBe(403);
  });

  it('keeps one running timer per person: starting another stops and records the first', async () => {
    const a = await fileRequest('Таймер А');
    const b = await fileRequest('Таймер Б');
    await callAs(t.app, agent, { method: 'POST', url: `/api/v1/tickets/${a.id}/timer/start` });
    t.clock.advance(10 * 60_000);
    const second = await callAs(t.app, agent, { method: 'POST', url: `/api/v1/tickets/${b.id}/timer/start` });
    expect(second.json()).toMatchObject({ stopped: { ticketId: a.id, minutes: 10 } });
    const running = await callAs(t.app, agent, { method: 'GET', url: '/api/v1/timer' });
    expect(running.json()).toMatchObject({ timer: { ticketId: b.id } });
    const again = await callAs(t.app, agent, { method: 'POST', url: `/api/v1/tickets/${b.id}/timer/start` });
    expect(again.statusCode).toBe(409);
    await callAs(t.app, agent, { method: 'POST', url: `/api/v1/tickets/${b.id}/timer/stop` });
  });
});

describe('retried writes', () => {
  it('records one comment and one worklog for writes retried with the same Idempotency-Key', async () => {
    const ticket = await fileRequest();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const comment = await callAs(t.app, agent, {
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/comments`,
        payload: { body: 'Один раз' },
        headers: { 'idempotency-key': 'reply-1' },
      });
      expect(comment.statusCode).toBe(201);
      const worklog = await callAs(t.app, agent, {
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/worklogs`,
        payload: { minutes: 10 },
        headers: { 'idempotency-key': 'work-1' },
      });
      expect(worklog.statusCode).toBe(201);
    }
    const comments = await callAs(t.app, agent, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/comments`,
    });
    expect(comments.json<{ items: unknown[] }>().items).toHaveLength(1);
    const worklogs = await callAs(t.app, agent, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/worklogs`,
    });
    expect(worklogs.json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});
