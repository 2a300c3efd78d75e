// Search over the conversation (migration 0006: the words of public replies and of internal notes kept on
// the request row by a trigger), the one-statement create, and the request page's folded visibility check.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';

type Ticket = { id: string; number: number; description?: string };

let t: TestApp;
let clientId: string;
let clientUser: Session;
let employee: Session;
let agent: Session;
let dispatcher: Session;
let firstLineId: string;

beforeAll(async () => {
  t = await createTestApp();
  const first = await buildLine(t.db, { code: 'L1', level: 1 });
  firstLineId = first.id;
  await buildLine(t.db, { code: 'L2', level: 2 });
  clientId = (await buildClient(t.db, { name: 'ООО «Василёк»' })).id;
  clientUser = await sessionFor(t, 'client_user', { clientId });
  employee = await sessionFor(t, 'employee');
  agent = await sessionFor(t, 'agent', { lineIds: [first.id] });
  dispatcher = await sessionFor(t, 'dispatcher');
});
afterAll(async () => {
  await t.close();
});

const file = async (session: Session, title: string): Promise<Ticket> => {
  const response = await callAs(t.app, session, {
    method: 'POST',
    url: '/api/v1/tickets',
    payload: { title, description: '<p>Подробности</p>' },
  });
  expect(response.statusCode).toBe(201);
  return response.json<Ticket>();
};

const comment = async (ticket: Ticket, body: string, internal = false) => {
  const response = await callAs(t.app, agent, {
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/comments`,
    payload: { body, internal },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>();
};

const found = async (session: Session, q: string): Promise<string[]> => {
  const response = await callAs(t.app, session, {
    method: 'GET',
    url: `/api/v1/tickets?q=${encodeURIComponent(q)}&limit=200`,
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: { id: string }[] }>().items.map((item) => item.id);
};

describe('search over the conversation', () => {
  it('finds a reply’s words in any form, for clients and staff alike', async () => {
    const ticket = await file(clientUser, 'Не работает касса');
    await comment(ticket, 'Заменили сканеры штрихкода');
    for (const session of [clientUser, agent, dispatcher]) {
      expect(await found(session, 'сканер')).toContain(ticket.id);
    }
  });

  it('finds requests by the words of internal notes for staff only, never for clients or employees', async () => {
    const clients = await file(clientUser, 'Медленно открывается отчёт');
    const employees = await file(employee, 'Нужен доступ к папке');
    for (const ticket of [clients, employees]) {
      await comment(ticket, 'Долг по договору, работаем по предоплате', true);
    }
    expect(await found(agent, 'предоплата')).toContain(clients.id);
    expect(await found(dispatcher, 'предоплата')).toEqual(expect.arrayContaining([clients.id, employees.id]));
    expect(await found(clientUser, 'предоплата')).toEqual([]);
    expect(await found(employee, 'предоплата')).toEqual([]);
    // The client still finds his request by its own words.
    expect(await found(clientUser, 'отчёты')).toContain(clients.id);
  });

  it('follows a comment that is edited, made internal or deleted (the trigger rebuilds the vectors)', async () => {
    const ticket = await file(clientUser, 'Ошибка при проведении документа');
    const reply = await comment(ticket, 'Обновили конфигурацию');
    expect(await found(clientUser, 'конфигурация')).toContain(ticket.id);

    await t.db.updateTable('ticket_comments').set({ internal: true }).where('id', '=', reply.id).execute();
    expect(await found(clientUser, 'конфигурация')).not.toContain(ticket.id);
    expect(await found(agent, 'конфигурация')).toContain(ticket.id);

    await t.db
      .updateTable('ticket_comments')
      .set({ body: 'Перезапустили сервер лицензий' })
      .where('id', '=', reply.id)
      .execute();
    expect(await found(agent, 'конфигурация')).not.toContain(ticket.id);
    expect(await found(agent, 'лицензии')).toContain(ticket.id);

    await t.db.deleteFrom('ticket_comments').where('id', '=', reply.id).execute();
    expect(await found(agent, 'лицензии')).not.toContain(ticket.id);
    const vectors = await sql<{ comments: string; notes: string }>`select comments_search::text as comments,
      notes_search::text as notes from tickets where id = ${ticket.id}`.execute(t.db);
    expect(vectors.rows).toEqual([{ comments: '', notes: '' }]);
  });

  it('lets a request with comments be deleted (the cascade meets the trigger)', async () => {
    const ticket = await file(clientUser, 'Удаляемая заявка');
    await comment(ticket, 'Ответ');
    await comment(ticket, 'Заметка', true);
    await t.db.deleteFrom('tickets').where('id', '=', ticket.id).execute();
    expect(await found(agent, 'заметка')).not.toContain(ticket.id);
  });
});

describe('the request in lists, on create and on its page', () => {
  it('leaves the description out of lists and keeps it on the request', async () => {
    const ticket = await file(clientUser, 'Описание только на странице');
    expect(ticket.description).toBe('<p>Подробности</p>');
    const list = await callAs(t.app, agent, { method: 'GET', url: '/api/v1/tickets?limit=1' });
    const [item] = list.json<{ items: Record<string, unknown>[] }>().items;
    expect(item).toMatchObject({ id: ticket.id, title: 'Описание только на странице' });
    expect(item).not.toHaveProperty('description');
    const one = await callAs(t.app, agent, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` });
    expect(one.json<Ticket>().description).toBe('<p>Подробности</p>');
  });

  it('creates a request on the first line with its created event, as the API shows it', async () => {
    const response = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Звонок клиента', clientId, priority: 'high' },
    });
    expect(response.statusCode).toBe(201);
    const ticket = response.json<Ticket & Record<string, unknown>>();
    expect(ticket).toMatchObject({
      clientId,
      clientName: 'ООО «Василёк»',
      requesterId: null,
      channel: 'phone',
      priority: 'high',
      status: 'new',
      lineId: firstLineId,
      assigneeName: null,
      spentMinutes: 0,
      version: 1,
    });
    const again = await callAs(t.app, dispatcher, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` });
    expect(again.json()).toEqual(ticket);
    const events = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/events`,
    });
    expect(events.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({
        kind: 'created',
        data: {
          number: ticket.number,
          status: 'new',
          channel: 'phone',
          title: 'Звонок клиента',
          lineId: firstLineId,
          groupId: null,
        },
      }),
    ]);
  });

  it('answers 400 naming the field for a client that does not exist', async () => {
    const response = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Звонок', clientId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('clientId');
  });

  it('answers events and comments of a visible request, an empty conversation too, and 404 otherwise', async () => {
    const ticket = await file(clientUser, 'Без переписки');
    const comments = await callAs(t.app, clientUser, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/comments`,
    });
    expect(comments.statusCode).toBe(200);
    expect(comments.json()).toEqual({ items: [] });
    await comment(ticket, 'Только для своих', true);
    const onlyNote = await callAs(t.app, clientUser, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/comments`,
    });
    expect(onlyNote.json()).toEqual({ items: [] });
    const other = await sessionFor(t, 'client_user');
    for (const path of ['events', 'comments']) {
      for (const [session, id] of [
        [other, ticket.id],
        [dispatcher, '00000000-0000-4000-8000-000000000000'],
      ] as const) {
        const response = await callAs(t.app, session, {
          method: 'GET',
          url: `/api/v1/tickets/${id}/${path}`,
        });
        expect(response.statusCode).toBe(404);
      }
    }
  });
});
