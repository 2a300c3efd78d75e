import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '#common/limits.ts';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient } from '#server/test/factories.ts';

type Card = {
  clientId: string;
  body: string;
  version: number;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
};

let t: TestApp;
let agent: Session;
let dispatcher: Session;
beforeAll(async () => {
  t = await createTestApp();
  agent = await sessionFor(t, 'agent', { name: 'Соколова Анна' });
  dispatcher = await sessionFor(t, 'dispatcher');
});
afterAll(async () => {
  await t.close();
});

const read = (session: Session, clientId: string) =>
  callAs(t.app, session, { method: 'GET', url: `/api/v1/clients/${clientId}/knowledge` });
const save = (session: Session, clientId: string, payload: Record<string, unknown>) =>
  callAs(t.app, session, { method: 'PUT', url: `/api/v1/clients/${clientId}/knowledge`, payload });

describe('GET /api/v1/clients/:id/knowledge', () => {
  it('answers an empty card at version 0 for a client nobody has written about', async () => {
    const client = await buildClient(t.db);
    const response = await read(agent, client.id);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      clientId: client.id,
      body: '',
      version: 0,
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('answers 404 for an unknown client', async () => {
    expect((await read(agent, randomUUID())).statusCode).toBe(404);
  });

  it("refuses the client's own people: the card is the team's internal notes", async () => {
    const client = await buildClient(t.db);
    for (const role of ['client_user', 'client_approver'] as const) {
      const contact = await sessionFor(t, role, { clientId: client.id });
      expect((await read(contact, client.id)).statusCode).toBe(403);
      expect((await save(contact, client.id, { body: '<p>x</p>', version: 0 })).statusCode).toBe(403);
    }
  });
});

describe('PUT /api/v1/clients/:id/knowledge', () => {
  it('lets an agent write the card, sanitized, and names him and the time', async () => {
    const client = await buildClient(t.db);
    const response = await save(agent, client.id, {
      body: '<h2>Учёт</h2><p>Партии по FIFO, <a href="javascript:alert(1)">ссылка</a></p><script>alert(1)</script><img src=x onerror="alert(1)">',
      version: 0,
    });
    expect(response.statusCode).toBe(200);
    const card = response.json<Card>();
    expect(card).toMatchObject({
      version: 1,
      updatedAt: t.clock.now().toISOString(),
      updatedBy: { id: agent.userId, name: 'Соколова Анна' },
    });
    expect(card.body).toContain('<h2>Учёт</h2>');
    expect(card.body).toContain('Партии по FIFO');
    expect(card.body).not.toMatch(/script|onerror|javascript|<img/);
    const again = await read(dispatcher, client.id);
    expect(again.json<Card>()).toEqual(card);
  });

  it('answers 409 with the current card to an edit started from an older version, and keeps the newer text', async () => {
    const client = await buildClient(t.db);
    const first = await save(agent, client.id, {
      body: '<p>Доработан модуль обмена с сайтом</p>',
      version: 0,
    });
    expect(first.json<Card>().version).toBe(1);
    const stale = await save(dispatcher, client.id, { body: '<p>Моя версия</p>', version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({
      code: 'version_conflict',
      current: { version: 1, body: '<p>Доработан модуль обмена с сайтом</p>' },
    });
    const next = await save(dispatcher, client.id, { body: '<p>Моя версия</p>', version: 1 });
    expect(next.json<Card>()).toMatchObject({ version: 2, body: '<p>Моя версия</p>' });
    // A version from the future is as stale as one from the past.
    expect((await save(agent, client.id, { body: '<p>?</p>', version: 7 })).statusCode).toBe(409);
  });

  it('answers 404 for an unknown client and 400 naming the field for bad input', async () => {
    expect((await save(agent, randomUUID(), { body: '<p>x</p>', version: 0 })).statusCode).toBe(404);
    const client = await buildClient(t.db);
    const long = await save(agent, client.id, { body: 'я'.repeat(LIMITS.knowledgeCardMax + 1), version: 0 });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ errors: [{ path: 'body' }] });
    const noVersion = await save(agent, client.id, { body: '<p>x</p>' });
    expect(noVersion.json()).toMatchObject({ errors: [{ path: 'version' }] });
    const textVersion = await save(agent, client.id, { body: '<p>x</p>', version: '0' });
    expect(textVersion.statusCode).toBe(400);
  });
});
