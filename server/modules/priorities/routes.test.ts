// Priorities as a dictionary (issue 6): fixed codes and order, names, colour and "offered" edited by an admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';

type Entry = { code: string; rank: number; name: string; nameEn: string; color: string; isActive: boolean };

let t: TestApp;
let admin: Session;
let contact: Session;

beforeAll(async () => {
  t = await createTestApp();
  await buildLine(t.db, { code: 'L1', level: 1 });
  admin = await sessionFor(t, 'admin');
  contact = await sessionFor(t, 'client_user', { clientId: (await buildClient(t.db)).id });
});
afterAll(async () => {
  await t.close();
});

const list = async (session: Session) => {
  const response = await callAs(t.app, session, { method: 'GET', url: '/api/v1/priorities' });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: Entry[] }>().items;
};
const patch = (code: string, payload: Record<string, unknown>) =>
  callAs(t.app, admin, { method: 'PATCH', url: `/api/v1/priorities/${code}`, payload });

describe('GET /api/v1/priorities', () => {
  it('lists the four levels, lowest first, with Russian and English names, to any signed-in user', async () => {
    expect(await list(contact)).toEqual([
      { code: 'low', rank: 1, name: 'Низкий', nameEn: 'Low', color: 'gray', isActive: true },
      { code: 'normal', rank: 2, name: 'Обычный', nameEn: 'Normal', color: 'blue', isActive: true },
      { code: 'high', rank: 3, name: 'Высокий', nameEn: 'High', color: 'orange', isActive: true },
      { code: 'critical', rank: 4, name: 'Критический', nameEn: 'Critical', color: 'red', isActive: true },
    ]);
  });
});

describe('PATCH /api/v1/priorities/:code', () => {
  it('renames and recolours a level; its code and rank stay', async () => {
    const response = await patch('critical', { name: '  Авария ', nameEn: 'Outage', color: 'grape' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      code: 'critical',
      rank: 4,
      name: 'Авария',
      nameEn: 'Outage',
      color: 'grape',
      isActive: true,
    });
    expect((await list(contact)).map((entry) => entry.code)).toEqual(['low', 'normal', 'high', 'critical']);
  });

  it('retires a level from new requests; a request that has it keeps it and is still found by it', async () => {
    const before = await callAs(t.app, contact, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Не к спеху', priority: 'low' },
    });
    expect(before.statusCode).toBe(201);
    expect((await patch('low', { isActive: false })).json()).toMatchObject({ code: 'low', isActive: false });
    const refused = await callAs(t.app, contact, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Тоже не к спеху', priority: 'low' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ path: 'priority' }] });
    const found = await callAs(t.app, contact, { method: 'GET', url: '/api/v1/tickets?priority=low' });
    expect(found.json<{ items: { id: string; priority: string }[] }>().items).toEqual([
      expect.objectContaining({ id: before.json<{ id: string }>().id, priority: 'low' }),
    ]);
    expect((await patch('low', { isActive: true })).json()).toMatchObject({ isActive: true });
  });

  it('keeps at least one level offered', async () => {
    for (const code of ['low', 'normal', 'high']) {
      expect((await patch(code, { isActive: false })).statusCode).toBe(200);
    }
    const last = await patch('critical', { isActive: false });
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ code: 'last_active' });
    expect((await list(admin)).filter((entry) => entry.isActive).map((entry) => entry.code)).toEqual([
      'critical',
    ]);
    for (const code of ['low', 'normal', 'high']) {
      await patch(code, { isActive: true });
    }
  });

  it('refuses an unknown level, a blank name, a colour outside the palette and a new code', async () => {
    expect((await patch('urgent', { name: 'Срочный' })).json()).toMatchObject({ status: 400 });
    expect((await patch('high', { name: '   ' })).json()).toMatchObject({ errors: [{ path: 'name' }] });
    expect((await patch('high', { color: '#ff0000' })).json()).toMatchObject({ errors: [{ path: 'color' }] });
    expect((await patch('high', { code: 'urgent' })).statusCode).toBe(400);
  });
});
