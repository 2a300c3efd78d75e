import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '#server/app.ts';
import { type Session, type TestApp, callAs, createTestApp, logInAs, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';
import { type OpenStream, type StreamEvent, openStreamAs } from '#server/test/stream.ts';
import { parseChange } from './hub.ts';
import { HEARTBEAT_MS, openStreamCount } from './routes.ts';

// The change feed (issue 7): every committed change of a request reaches the open workspaces of the people
// who may see it — also when it was made through another server process — and nobody else's; the first
// opening by staff is recorded once and announced, so every desk stops reading the request aloud.

type Ticket = { id: string; number: number; version: number; firstOpenedAt: string | null };

let t: TestApp;
let dispatcher: Session;
let firstLineAgent: Session;
let secondLineAgent: Session;
let contact: Session;
let strangerContact: Session;
let lines: { l1: string; l2: string };
const streams: OpenStream[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const l1 = await buildLine(t.db, { code: 'LIVE1', level: 1 });
  const l2 = await buildLine(t.db, { code: 'LIVE2', level: 2 });
  lines = { l1: l1.id, l2: l2.id };
  dispatcher = await sessionFor(t, 'dispatcher');
  firstLineAgent = await sessionFor(t, 'agent', { lineIds: [l1.id] });
  secondLineAgent = await sessionFor(t, 'agent', { lineIds: [l2.id] });
  const clientId = (await buildClient(t.db, { name: 'ООО «Прямой эфир»' })).id;
  contact = await sessionFor(t, 'client_user', { clientId });
  strangerContact = await sessionFor(t, 'client_user');
}, 180_000);
afterEach(() => {
  for (const stream of streams.splice(0)) {
    stream.close();
  }
});
afterAll(async () => {
  await t.close();
});

const open = async (who: Session | { token: string } | null, headers: Record<string, string> = {}) => {
  const stream = await openStreamAs(t.app, who, headers);
  streams.push(stream);
  if (stream.statusCode === 200) {
    await stream.waitFor((e) => e.event === 'ready');
  }
  return stream;
};

const file = async (title: string, app = t.app): Promise<Ticket> => {
  const response = await callAs(app, contact, {
    method: 'POST',
    url: '/api/v1/tickets',
    payload: { title, description: 'Не проводится документ' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Ticket>();
};

const about = (ticketId: string, kind?: string) => (event: StreamEvent) =>
  event.event === 'ticket' &&
  (event.data as { ticketId?: string }).ticketId === ticketId &&
  (kind === undefined || (event.data as { kind?: string }).kind === kind);

/** Waits long enough for a batch to have been delivered, then says what this stream got about the request. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('the change stream', () => {
  it('answers 401 without a session, and an event stream with a session', async () => {
    const nobody = await open(null);
    expect(nobody.statusCode).toBe(401);
    expect(nobody.headers['content-type']).toContain('application/problem+json');

    const stream = await open(dispatcher);
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toContain('no-cache');
    expect(stream.events[0]).toMatchObject({ event: 'ready' });
    expect(stream.events[0]?.id).toMatch(/^[0-9a-f]{8}-\d+$/);
  });

  it('tells those who see a new request, and only them, without its content', async () => {
    const streamOf = {
      dispatcher: await open(dispatcher),
      firstLine: await open(firstLineAgent),
      secondLine: await open(secondLineAgent),
      requester: await open(contact),
      stranger: await open(strangerContact),
    };
    const ticket = await file('Секретная тема: не для чужих глаз');

    for (const seer of [streamOf.dispatcher, streamOf.firstLine, streamOf.requester]) {
      const event = await seer.waitFor(about(ticket.id, 'created'));
      expect(event.data).toEqual({ ticketId: ticket.id, kind: 'created', version: 1 });
    }
    await settle();
    // The second line and another client's contact hear nothing of it, not even that it exists.
    for (const other of [streamOf.secondLine, streamOf.stranger]) {
      expect(other.events.filter((e) => e.event === 'ticket')).toEqual([]);
    }
    expect(JSON.stringify(streamOf.firstLine.events)).not.toContain('Секретная');
  });

  it('follows the request between lines: after an escalation the new line hears, the old one no longer', async () => {
    const firstLine = await open(firstLineAgent);
    const secondLine = await open(secondLineAgent);
    const ticket = await file('Ошибка в расчёте отпускных');
    const evaluated = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/transitions`,
      payload: { to: 'evaluated', version: ticket.version, estimateHours: 0.5 },
    });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    await firstLine.waitFor((e) => about(ticket.id, 'changed')(e) && (e.data as Ticket).version === 2);

    const up = await callAs(t.app, firstLineAgent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/escalations`,
      payload: { direction: 'up', reason: 'Нужна вторая линия', version: evaluated.json<Ticket>().version },
    });
    expect(up.statusCode, up.body).toBe(200);
    await secondLine.waitFor((e) => about(ticket.id, 'changed')(e) && (e.data as Ticket).version === 3);
    await settle();
    // Up to the escalation the first line heard of it; of the escalation itself, no more.
    expect(firstLine.events.filter(about(ticket.id)).map((e) => (e.data as Ticket).version)).toEqual([1, 2]);
    expect(secondLine.events.filter(about(ticket.id)).map((e) => (e.data as Ticket).version)).toEqual([3]);
  });

  it('carries a change made through another server process sharing the database', async () => {
    // A second application on the same database: on PostgreSQL its writes go over its own connections and
    // reach this process only through LISTEN/NOTIFY.
    const other = await buildApp(t.deps);
    await other.ready();
    try {
      const stream = await open(dispatcher);
      const ticket = await file('Заявка через другой сервер', other);
      await stream.waitFor(about(ticket.id, 'created'));
      const reply = await callAs(other, dispatcher, {
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/comments`,
        payload: { body: 'Смотрим', internal: false },
      });
      expect(reply.statusCode, reply.body).toBe(201);
      await stream.waitFor(about(ticket.id, 'changed'));
    } finally {
      await other.close();
    }
  });

  it('counts a change of the history alone (a timer started) as a change, sent once per transaction', async () => {
    const stream = await open(dispatcher);
    const ticket = await file('Долго открывается форма');
    await stream.waitFor(about(ticket.id, 'created'));
    const started = await callAs(t.app, firstLineAgent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/timer/start`,
    });
    expect(started.statusCode, started.body).toBe(200);
    await stream.waitFor(about(ticket.id, 'changed'));
    // A transition updates the request and writes its event: one notification, not two.
    const evaluated = await callAs(t.app, firstLineAgent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/transitions`,
      payload: { to: 'evaluated', version: ticket.version, estimateHours: 0.5 },
    });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    const version = evaluated.json<Ticket>().version;
    await stream.waitFor((e) => about(ticket.id, 'changed')(e) && (e.data as Ticket).version === version);
    await settle();
    expect(
      stream.events.filter((e) => about(ticket.id, 'changed')(e) && (e.data as Ticket).version === version),
    ).toHaveLength(1);
  });

  it('sends one resync for a change of many requests at once, not a flood', async () => {
    const stream = await open(dispatcher);
    await t.db
      .insertInto('tickets')
      .values(Array.from({ length: 120 }, (_, i) => ({ title: `Импорт ${i}`, line_id: lines.l1 })))
      .execute();
    await stream.waitFor((e) => e.event === 'resync');
    await settle();
    expect(stream.events.filter((e) => e.event === 'ticket')).toEqual([]);
  });

  it('tells a client reconnecting with an old event id to resync, and one that missed nothing not to', async () => {
    await settle();
    const first = await open(dispatcher);
    const seen = first.events[0]?.id ?? '';
    first.close();
    const unchanged = await open(dispatcher, { 'last-event-id': seen });
    await settle();
    expect(unchanged.events.map((e) => e.event)).toEqual(['ready']);

    await file('Пока нас не было');
    await unchanged.waitFor((e) => e.event === 'ticket');
    const behind = await open(dispatcher, { 'last-event-id': seen });
    await behind.waitFor((e) => e.event === 'resync');
    const fromAnotherProcess = await open(dispatcher, { 'last-event-id': '00000000-7' });
    await fromAnotherProcess.waitFor((e) => e.event === 'resync');
  });
});

describe('connections', () => {
  it('lets go of a stream when the browser goes away, and ends the open ones when the server stops', async () => {
    const deps = { ...t.deps };
    const server = await buildApp(deps);
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/stream`;
    const connect = async () => {
      const controller = new AbortController();
      const response = await fetch(url, {
        headers: { cookie: dispatcher.cookie },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body?.getReader();
      const first = await reader?.read();
      expect(new TextDecoder().decode(first?.value)).toContain('event: ready');
      return { controller, reader };
    };
    const waitUntil = async (condition: () => boolean) => {
      for (let i = 0; i < 100 && !condition(); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return condition();
    };
    try {
      const leaving = await connect();
      const staying = await connect();
      expect(openStreamCount(deps)).toBe(2);
      leaving.controller.abort();
      expect(await waitUntil(() => openStreamCount(deps) === 1)).toBe(true);

      const closing = server.close();
      // The server ends the stream instead of waiting for the browser to leave.
      let done = false;
      while (!done) {
        done = (await staying.reader?.read())?.done ?? true;
      }
      await closing;
      expect(openStreamCount(deps)).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('the session behind a stream', () => {
  it('ends the stream at the next heartbeat once the session is over', async () => {
    const user = await t.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', firstLineAgent.userId)
      .executeTakeFirstOrThrow();
    const session = await logInAs(t.app, user.email);
    // Only the heartbeat's interval is simulated: the database and the stream run on real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const stream = await open(session);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      await settle();
      expect(stream.events.map((e) => e.event)).toEqual(['ready']);

      const out = await callAs(t.app, session, { method: 'POST', url: '/api/v1/auth/logout' });
      expect(out.statusCode).toBe(204);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      const end = await stream.waitFor((e) => e.event === 'end');
      expect(end.data).toEqual({ reason: 'unauthorized' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('unread requests and the alert', () => {
  const unopened = async (session: Session) => {
    const response = await callAs(t.app, session, {
      method: 'GET',
      url: '/api/v1/tickets?status=new&unopened=true',
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: Ticket[] }>().items.map((item) => item.id);
  };

  it('records the first opening by staff once, announces it, and drops the request from the unread', async () => {
    const ticket = await file('Не печатается счёт');
    expect(ticket.firstOpenedAt).toBeNull();
    expect(await unopened(dispatcher)).toContain(ticket.id);
    expect(await unopened(firstLineAgent)).toContain(ticket.id);
    // The requester reading his own request is not staff reading it.
    await callAs(t.app, contact, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` });
    expect(await unopened(dispatcher)).toContain(ticket.id);

    const stream = await open(dispatcher);
    t.clock.advance(60_000);
    const read = await callAs(t.app, firstLineAgent, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` });
    expect(read.statusCode).toBe(200);
    const openedAt = read.json<Ticket>().firstOpenedAt;
    expect(openedAt).toBe(t.clock.now().toISOString());
    const event = await stream.waitFor(about(ticket.id, 'opened'));
    // Opening changes nothing a writer holds: the version stays.
    expect(event.data).toMatchObject({ version: ticket.version });
    expect(await unopened(dispatcher)).not.toContain(ticket.id);
    expect(await unopened(firstLineAgent)).not.toContain(ticket.id);

    // Later readings keep the first one and announce nothing.
    t.clock.advance(60_000);
    const again = await callAs(t.app, dispatcher, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` });
    expect(again.json<Ticket>().firstOpenedAt).toBe(openedAt);
    await settle();
    expect(stream.events.filter(about(ticket.id, 'opened'))).toHaveLength(1);
    expect(stream.events.filter(about(ticket.id, 'changed'))).toEqual([]);
  });

  it('leaves a request unread when an integration reads it by token, and never asks about one staff registered', async () => {
    const ticket = await file('Ошибка обмена с банком');
    const token = (
      await callAs(t.app, dispatcher, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'Бот' } })
    ).json<{ token: string }>().token;
    const byToken = await t.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byToken.statusCode).toBe(200);
    expect(await unopened(dispatcher)).toContain(ticket.id);

    const call = await callAs(t.app, firstLineAgent, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Звонок: не открывается база', requesterId: contact.userId },
    });
    expect(call.statusCode, call.body).toBe(201);
    expect(call.json<Ticket>().firstOpenedAt).not.toBeNull();
    expect(await unopened(dispatcher)).not.toContain(call.json<Ticket>().id);
  });

  it('keeps each person’s choice to hear the alert, wherever he logs in', async () => {
    const me = await callAs(t.app, secondLineAgent, { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({ speechAlerts: true });
    const off = await callAs(t.app, secondLineAgent, {
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { speechAlerts: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ speechAlerts: false });
    expect((await callAs(t.app, secondLineAgent, { method: 'GET', url: '/api/v1/me' })).json()).toMatchObject(
      {
        speechAlerts: false,
      },
    );
    expect((await callAs(t.app, firstLineAgent, { method: 'GET', url: '/api/v1/me' })).json()).toMatchObject({
      speechAlerts: true,
    });
    const wrong = await callAs(t.app, secondLineAgent, {
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { speechAlerts: 'no' },
    });
    expect(wrong.statusCode).toBe(400);
  });
});

describe('the notification payload', () => {
  it('reads what the trigger writes and refuses anything else', () => {
    const id = '6f1c7c0e-3a43-4a8e-9d59-0b8a1f0c2d11';
    expect(parseChange(JSON.stringify({ id, v: 3, k: 'opened' }))).toEqual({
      ticketId: id,
      kind: 'opened',
      version: 3,
    });
    expect(parseChange('{"resync":true}')).toBe('resync');
    expect(parseChange(JSON.stringify({ id: 'x', v: 1, k: 'created' }))).toBeNull();
    expect(parseChange(JSON.stringify({ id, v: 1, k: 'deleted' }))).toBeNull();
    expect(parseChange('not json')).toBeNull();
  });
});
