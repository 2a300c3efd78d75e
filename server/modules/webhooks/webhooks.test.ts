import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retryDelayMs, runDueJobs } from '#server/jobs/queue.ts';
import { JOB_HANDLERS, TICKET_EVENT_CONSUMERS } from '#server/jobs/registry.ts';
import { fanOutTicketEvent } from '#server/jobs/ticket-events.ts';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';
import { WEBHOOK_DELIVER_JOB, deliverWebhook, webhookConsumer } from './delivery.ts';
import { verifyWebhookSignature } from './rules.ts';

// Webhooks against a real HTTP receiver on 127.0.0.1 that checks every signature, with the queue driven
// by the test's clock: a failed attempt is retried after the queue's backoff, not at once.

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

let t: TestApp;
let admin: Session;
let dispatcher: Session;
let clientUser: Session;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** Status codes the receiver answers with, in turn; 200 once they run out. */
const answers: number[] = [];

// Only this module's consumer and jobs: other channels' deliveries are their tests' business.
const handlers = {
  'ticket-event': (deps: TestApp['deps'], job: Parameters<typeof deliverWebhook>[1]) =>
    fanOutTicketEvent(deps, job, [webhookConsumer]),
  [WEBHOOK_DELIVER_JOB]: (deps: TestApp['deps'], job: Parameters<typeof deliverWebhook>[1]) =>
    deliverWebhook(deps, job, { timeoutMs: 1_000 }),
};
const drain = () => runDueJobs(t.deps, handlers);

beforeAll(async () => {
  t = await createTestApp();
  await buildLine(t.db, { code: 'L1', level: 1 });
  const client = await buildClient(t.db, { name: 'ООО «Ромашка»' });
  admin = await sessionFor(t, 'admin');
  dispatcher = await sessionFor(t, 'dispatcher');
  clientUser = await sessionFor(t, 'client_user', { clientId: client.id });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (request.url === '/slow') {
        return; // never answers: the sender's timeout must end the attempt
      }
      response.statusCode = answers.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await t.close();
});
beforeEach(async () => {
  received.length = 0;
  answers.length = 0;
  // Subscriptions of earlier tests must not hear this test's events.
  await t.db.updateTable('webhook_subscriptions').set({ is_active: false }).execute();
});

type Created = { id: string; secret: string; secretHint: string };

async function subscribe(payload: Record<string, unknown>): Promise<Created> {
  const response = await callAs(t.app, admin, { method: 'POST', url: '/api/v1/webhooks', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Created>();
}

async function fileRequest(title = 'Не проводится реализация') {
  const response = await callAs(t.app, clientUser, {
    method: 'POST',
    url: '/api/v1/tickets',
    payload: { title, description: '<p>Ошибка при проведении</p>' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; number: number; version: number }>();
}

const deliveriesOf = async (id: string) => {
  const response = await callAs(t.app, admin, { method: 'GET', url: `/api/v1/webhooks/${id}/deliveries` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{
    items: {
      id: string;
      event: string;
      state: string;
      ticketNumber: number | null;
      attempts: { attempt: number; statusCode: number | null; durationMs: number; error: string | null }[];
    }[];
  }>().items;
};

describe('webhook deliveries', () => {
  it('are registered with the job queue as a ticket-event consumer', () => {
    expect(TICKET_EVENT_CONSUMERS).toContain(webhookConsumer);
    expect(JOB_HANDLERS[WEBHOOK_DELIVER_JOB]).toBeTypeOf('function');
  });

  it('signs each POST, retries a 500 after the backoff with the same body and delivery id, and logs both attempts', async () => {
    const hook = await subscribe({ url: `${base}/hooks`, events: ['request.created'] });
    expect(hook.secret).toMatch(/^whsec_/);
    answers.push(500);
    const ticket = await fileRequest();

    await drain();
    expect(received).toHaveLength(1);
    const first = received[0]!;
    expect(first.headers['x-zayavka-event']).toBe('request.created');
    expect(
      verifyWebhookSignature(hook.secret, first.body, first.headers['x-zayavka-signature'] as string),
    ).toBe(true);
    expect(
      verifyWebhookSignature('whsec_wrong', first.body, first.headers['x-zayavka-signature'] as string),
    ).toBe(false);
    expect(Number(first.headers['x-zayavka-timestamp'])).toBe(Math.floor(t.clock.now().getTime() / 1000));
    const body = JSON.parse(first.body) as {
      id: string;
      event: string;
      request: { id: string; number: number };
    };
    expect(body).toMatchObject({ id: first.headers['x-zayavka-delivery'], event: 'request.created' });
    expect(body.request).toMatchObject({ id: ticket.id, number: ticket.number, status: 'new' });

    // Not before its time…
    t.clock.advance(retryDelayMs(1) - 1_000);
    await drain();
    expect(received).toHaveLength(1);
    // …and then once.
    t.clock.advance(1_000);
    await drain();
    expect(received).toHaveLength(2);
    const second = received[1]!;
    expect(second.body).toBe(first.body);
    expect(second.headers['x-zayavka-delivery']).toBe(first.headers['x-zayavka-delivery']);
    expect(
      verifyWebhookSignature(hook.secret, second.body, second.headers['x-zayavka-signature'] as string),
    ).toBe(true);

    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({
      id: first.headers['x-zayavka-delivery'],
      event: 'request.created',
      state: 'delivered',
      ticketNumber: ticket.number,
    });
    expect(delivery!.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'the receiver answered 500'],
      [2, 200, null],
    ]);
    t.clock.advance(24 * 60 * 60_000);
    await drain();
    expect(received).toHaveLength(2);
  });

  it('tells status changes and public comments, and internal notes only to a subscription that asks for them', async () => {
    const publicOnly = await subscribe({
      url: `${base}/public`,
      events: ['request.status_changed', 'comment.added'],
    });
    const withNotes = await subscribe({
      url: `${base}/all`,
      events: ['comment.added'],
      includeInternal: true,
    });
    const ticket = await fileRequest('Не печатает принтер');
    const move = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/transitions`,
      payload: { to: 'evaluated', version: ticket.version, estimateHours: 0.5 },
    });
    expect(move.statusCode, move.body).toBe(200);
    for (const [body, internal] of [
      ['<p>Перезагрузите диспетчер печати</p>', false],
      ['<p>Клиент раздражён</p>', true],
    ] as const) {
      const comment = await callAs(t.app, dispatcher, {
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/comments`,
        payload: { body, internal },
      });
      expect(comment.statusCode, comment.body).toBe(201);
    }
    await drain();

    const at = (path: string) =>
      received
        .filter((r) => r.path === path)
        .map((r) => JSON.parse(r.body) as { event: string; change?: unknown; comment?: { body: string } });
    // Under 1 h the estimate is approved at once: two steps, two status changes. Deliveries run side by
    // side, so they may arrive in any order (receivers order by occurredAt).
    const publicBodies = at('/public').map((b) => [b.event, b.change ?? b.comment?.body]);
    expect(publicBodies).toHaveLength(3);
    expect(publicBodies).toEqual(
      expect.arrayContaining([
        ['request.status_changed', { from: 'new', to: 'evaluated', reason: null }],
        ['request.status_changed', { from: 'evaluated', to: 'approved', reason: 'auto_approved' }],
        ['comment.added', '<p>Перезагрузите диспетчер печати</p>'],
      ]),
    );
    expect(
      at('/all')
        .map((b) => b.comment?.body)
        .sort(),
    ).toEqual(['<p>Клиент раздражён</p>', '<p>Перезагрузите диспетчер печати</p>']);
    expect((await deliveriesOf(publicOnly.id)).every((d) => d.state === 'delivered')).toBe(true);
    expect(await deliveriesOf(withNotes.id)).toHaveLength(2);
  });

  it('sends nothing to a disabled subscription, and a test ping to it on demand', async () => {
    const hook = await subscribe({ url: `${base}/off`, events: ['request.created'] });
    const disabled = await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      payload: { isActive: false },
    });
    expect(disabled.json()).toMatchObject({ isActive: false });
    await fileRequest();
    await drain();
    expect(received).toHaveLength(0);

    const test = await callAs(t.app, admin, { method: 'POST', url: `/api/v1/webhooks/${hook.id}/test` });
    expect(test.statusCode, test.body).toBe(202);
    await drain();
    expect(received.map((r) => r.headers['x-zayavka-event'])).toEqual(['ping']);
    expect(
      verifyWebhookSignature(
        hook.secret,
        received[0]!.body,
        received[0]!.headers['x-zayavka-signature'] as string,
      ),
    ).toBe(true);
    expect((await deliveriesOf(hook.id)).map((d) => [d.event, d.state])).toEqual([['ping', 'delivered']]);
  });

  it('ends an attempt the receiver does not answer and records the timeout', async () => {
    const hook = await subscribe({ url: `${base}/slow`, events: ['request.created'] });
    await fileRequest();
    await drain();
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ state: 'pending' });
    expect(delivery!.attempts).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: null, error: 'no answer within 1 s' }),
    ]);
    expect(delivery!.attempts[0]!.durationMs).toBeGreaterThanOrEqual(900);
    await callAs(t.app, admin, { method: 'DELETE', url: `/api/v1/webhooks/${hook.id}` });
  });

  it('gives a delivery up after its last attempt', async () => {
    const hook = await subscribe({ url: `${base}/down`, events: ['request.created'] });
    answers.push(...Array.from({ length: 8 }, () => 503));
    await fileRequest();
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      await drain();
      t.clock.advance(retryDelayMs(attempt));
    }
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery!.state).toBe('failed');
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual(Array.from({ length: 8 }, () => 503));
  });
});

describe('/api/v1/webhooks', () => {
  it('refuses URLs that are not http(s) and names the field', async () => {
    for (const url of [
      'ftp://example.test/hook',
      'javascript:alert(1)',
      'not a url at all',
      'https://user:pw@example.test/',
    ]) {
      const response = await callAs(t.app, admin, {
        method: 'POST',
        url: '/api/v1/webhooks',
        payload: { url, events: ['request.created'] },
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ errors: { path: string }[] }>().errors[0]?.path).toMatch(/url/);
    }
    const unknownEvent = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: `${base}/x`, events: ['ticket.deleted'] },
    });
    expect(unknownEvent.statusCode).toBe(400);
  });

  it('shows the secret only in the answer to its creation', async () => {
    const hook = await subscribe({ name: 'CRM', url: `${base}/crm`, events: ['sla.breached'] });
    const list = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/webhooks' });
    expect(list.body).not.toContain(hook.secret);
    const shown = list
      .json<{ items: { id: string; name: string; secretHint: string }[] }>()
      .items.find((item) => item.id === hook.id);
    expect(shown).toMatchObject({ name: 'CRM', secretHint: `…${hook.secret.slice(-4)}` });
  });

  it('answers 404 for a subscription that does not exist', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const call of [
      { method: 'PATCH' as const, url: `/api/v1/webhooks/${id}`, payload: { isActive: true } },
      { method: 'DELETE' as const, url: `/api/v1/webhooks/${id}` },
      { method: 'GET' as const, url: `/api/v1/webhooks/${id}/deliveries` },
      { method: 'POST' as const, url: `/api/v1/webhooks/${id}/test` },
    ]) {
      expect((await callAs(t.app, admin, call)).statusCode, call.method).toBe(404);
    }
  });
});
