import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient } from '#server/test/factories.ts';

let t: TestApp;
let dispatcher: Session;
beforeAll(async () => {
  t = await createTestApp();
  dispatcher = await sessionFor(t, 'dispatcher');
});
afterAll(async () => {
  await t.close();
});

const create = (payload: Record<string, unknown>) =>
  callAs(t.app, dispatcher, { method: 'POST', url: '/api/v1/clients', payload });

describe('POST /api/v1/clients', () => {
  it('registers a company by a valid INN and finds it by ?inn=', async () => {
    const created = await create({ name: 'ПАО Сбербанк', inn: '7707083893', kpp: '773601001' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ inn: '7707083893', timeZone: 'Europe/Moscow', contactCount: 0 });
    const found = await callAs(t.app, dispatcher, { method: 'GET', url: '/api/v1/clients?inn=7707083893' });
    expect(found.json<{ items: { name: string }[] }>().items.map((c) => c.name)).toEqual(['ПАО Сбербанк']);
  });

  it('registers an individual entrepreneur by a 12-digit INN', async () => {
    const created = await create({ name: 'ИП Иванов', inn: '500100732259', timeZone: 'Asia/Novosibirsk' });
    expect(created.statusCode).toBe(201);
  });

  it.each([
    ['a checksum typo', '7707083894'],
    ['eleven digits', '77070838931'],
    ['letters', '77070838AB'],
    ['a 12-digit typo', '500100732258'],
  ])('answers 400 naming inn for %s', async (_, inn) => {
    const response = await create({ name: 'ООО Опечатка', inn });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ path: 'inn' }] });
  });

  it('answers 409 naming inn when the INN is taken', async () => {
    await create({ name: 'Первый', inn: '7736050003' });
    const again = await create({ name: 'Второй', inn: '7736050003' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ errors: [{ path: 'inn' }] });
  });

  it('refuses a KPP for an individual entrepreneur and an unknown time zone', async () => {
    const kpp = await create({ name: 'ИП Петров', inn: '500100732259', kpp: '773601001' });
    expect(kpp.statusCode).toBe(400);
    expect(kpp.json()).toMatchObject({ errors: [{ path: 'kpp' }] });
    const zone = await create({ name: 'ООО Зона', inn: '7702070139', timeZone: 'Moscow' });
    expect(zone.json()).toMatchObject({ errors: [{ path: 'timeZone' }] });
  });
});

describe('who sees which client', () => {
  it('shows a client contact his own company only, and 404 for another', async () => {
    const own = await buildClient(t.db, { name: 'ООО Своя' });
    const other = await buildClient(t.db, { name: 'ООО Чужая' });
    for (const role of ['client_user', 'client_approver'] as const) {
      const session = await sessionFor(t, role, { clientId: own.id });
      const list = await callAs(t.app, session, { method: 'GET', url: '/api/v1/clients?limit=200' });
      expect(list.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([own.id]);
      const byInn = await callAs(t.app, session, { method: 'GET', url: `/api/v1/clients?inn=${other.inn}` });
      expect(byInn.json<{ items: unknown[] }>().items).toEqual([]);
      const foreign = await callAs(t.app, session, { method: 'GET', url: `/api/v1/clients/${other.id}` });
      expect(foreign.statusCode).toBe(404);
      const mine = await callAs(t.app, session, { method: 'GET', url: `/api/v1/clients/${own.id}` });
      expect(mine.json()).toMatchObject({ id: own.id, contacts: expect.any(Array) });
    }
  });

  it('shows an internal employee no client at all', async () => {
    const client = await buildClient(t.db);
    const session = await sessionFor(t, 'employee');
    const list = await callAs(t.app, session, { method: 'GET', url: '/api/v1/clients' });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
    expect(
      (await callAs(t.app, session, { method: 'GET', url: `/api/v1/clients/${client.id}` })).statusCode,
    ).toBe(404);
  });

  it('lets staff search by part of the name, in any case, or by the start of the INN', async () => {
    const client = await buildClient(t.db, { name: 'ООО «Северный Ветер»' });
    const agent = await sessionFor(t, 'agent');
    const byName = await callAs(t.app, agent, {
      method: 'GET',
      url: `/api/v1/clients?q=${encodeURIComponent('северный')}`,
    });
    expect(byName.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toContain(client.id);
    const byInn = await callAs(t.app, agent, {
      method: 'GET',
      url: `/api/v1/clients?q=${client.inn.slice(0, 8)}`,
    });
    expect(byInn.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toContain(client.id);
  });
});
