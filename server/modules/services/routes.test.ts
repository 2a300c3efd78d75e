import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';

let t: TestApp;
let admin: Session;
let clientUser: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await sessionFor(t, 'admin');
  clientUser = await sessionFor(t, 'client_user');
});
afterAll(async () => {
  await t.close();
});

const create = async (payload: Record<string, unknown>) =>
  callAs(t.app, admin, { method: 'POST', url: '/api/v1/services', payload });
const idOf = async (payload: Record<string, unknown>) => {
  const response = await create(payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
};

describe('services and their tariffs', () => {
  it('builds a catalog whose leaves carry the tariff, balance by default', async () => {
    const product = await idOf({ name: '1С:ЗУП', kind: 'product', code: 'ZUP' });
    const module = await idOf({ name: 'Отпуска', kind: 'module', parentId: product });
    const service = await create({ name: 'Расчёт отпускных', parentId: module });
    expect(service.json()).toMatchObject({ kind: 'service', tariffMode: 'balance', parentId: module });
    const list = await callAs(t.app, clientUser, { method: 'GET', url: '/api/v1/services' });
    expect(list.json<{ items: { name: string }[] }>().items.map((s) => s.name)).toEqual(
      expect.arrayContaining(['1С:ЗУП', 'Отпуска', 'Расчёт отпускных']),
    );
  });

  it('refuses a taken code, a service as a parent, and a cycle', async () => {
    await idOf({ name: 'Обновления', code: 'UPD', tariffMode: 'free' });
    const duplicate = await create({ name: 'Ещё обновления', code: 'UPD' });
    expect(duplicate.statusCode).toBe(409);
    const leaf = await idOf({ name: 'Консультация' });
    const underLeaf = await create({ name: 'Вложенная', parentId: leaf });
    expect(underLeaf.json()).toMatchObject({ errors: [{ path: 'parentId' }] });
    const top = await idOf({ name: 'Продукт', kind: 'product' });
    const middle = await idOf({ name: 'Модуль', kind: 'module', parentId: top });
    const cycle = await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/services/${top}`,
      payload: { parentId: middle },
    });
    expect(cycle.json()).toMatchObject({
      errors: [{ path: 'parentId', message: expect.stringContaining('cycle') }],
    });
  });

  it('retires a service from the catalog without losing it', async () => {
    const id = await idOf({ name: 'Устаревшая услуга' });
    await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/services/${id}`,
      payload: { isActive: false },
    });
    const active = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/services' });
    expect(active.json<{ items: { id: string }[] }>().items.map((s) => s.id)).not.toContain(id);
    const all = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/services?includeInactive=true' });
    expect(all.json<{ items: { id: string }[] }>().items.map((s) => s.id)).toContain(id);
  });
});
