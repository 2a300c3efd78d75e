import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#common/roles.ts';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine, buildUser } from '#server/test/factories.ts';
import { phoneDigitsQuery } from './search.ts';

// The phone desk: an agent finds the caller by a fragment of his name, phone or company INN and
// registers the call as a request on his behalf.

let t: TestApp;
const sessions = new Map<Role, Session>();
let caller: { id: string };
let clientId: string;
const INN = '7736050003';

beforeAll(async () => {
  t = await createTestApp();
  const line = await buildLine(t.db, { code: 'L1', level: 1 });
  const client = await buildClient(t.db, { name: 'ООО «Газовик-Сервис»', inn: INN });
  clientId = client.id;
  for (const role of ROLES) {
    sessions.set(role, await sessionFor(t, role, { clientId, lineIds: role === 'agent' ? [line.id] : [] }));
  }
  caller = await buildUser(t.db, { role: 'client_user', clientId, name: 'Светлана Кассирова' });
  await t.db.updateTable('users').set({ phone: '+7 (495) 727-15-40' }).where('id', '=', caller.id).execute();
  const gone = await buildUser(t.db, { role: 'client_user', clientId, name: 'Светлана Уволенная' });
  await t.db.updateTable('users').set({ is_active: false }).where('id', '=', gone.id).execute();
  await buildUser(t.db, { role: 'agent', name: 'Светлана Агентова' });
  await buildUser(t.db, { role: 'employee', name: 'Светлана Внутренняя' });
});
afterAll(async () => {
  await t.close();
});

const search = (role: Role, q: string) =>
  callAs(t.app, sessions.get(role)!, {
    method: 'GET',
    url: `/api/v1/contacts/search?q=${encodeURIComponent(q)}`,
  });

type Hit = { id: string; name: string; phone: string | null; client: { inn: string; name: string } | null };
const names = async (q: string) =>
  (await search('agent', q)).json<{ items: Hit[] }>().items.map((hit) => hit.name);

describe('phoneDigitsQuery', () => {
  it.each([
    ['+7 (495) 727-15-40', ['74957271540', '4957271540']],
    ['8 916 700', ['8916700', '916700']],
    ['727-15', ['72715']],
    ['12', null],
    ['Иванов 495', null],
  ])('reads %s as %s', (q, digits) => {
    expect(phoneDigitsQuery(q)).toEqual(digits);
  });
});

describe('GET /api/v1/contacts/search', () => {
  it('finds an active contact by a part of the name, the phone typed any way, or the client’s INN', async () => {
    expect(await names('светлана')).toEqual(['Светлана Внутренняя', 'Светлана Кассирова']);
    expect(await names('Кассир')).toEqual(['Светлана Кассирова']);
    for (const phone of ['84957271540', '+7 495 727-15-40', '727-15-40', '8 495 727']) {
      expect(await names(phone), phone).toEqual(['Светлана Кассирова']);
    }
    const byInn = (await search('agent', INN.slice(0, 6))).json<{ items: Hit[] }>().items;
    expect(byInn.map((hit) => hit.name)).toContain('Светлана Кассирова');
    expect(byInn.find((hit) => hit.id === caller.id)).toMatchObject({
      phone: '+7 (495) 727-15-40',
      client: { inn: INN, name: 'ООО «Газовик-Сервис»' },
    });
    expect(await names('газовик')).toContain('Светлана Кассирова');
    expect(await names('%')).toEqual([]);
  });

  it('answers staff and refuses clients and employees', async () => {
    for (const role of ROLES) {
      const response = await search(role, 'Кассир');
      const staff = role === 'admin' || role === 'dispatcher' || role === 'agent';
      expect(response.statusCode, role).toBe(staff ? 200 : 403);
      if (staff) {
        expect(response.json<{ items: Hit[] }>().items.map((hit) => hit.id)).toEqual([caller.id]);
      }
    }
  });

  it('lets the agent register the call as the contact’s request on the phone channel', async () => {
    const [hit] = (await search('agent', '727 15 40')).json<{ items: Hit[] }>().items;
    const response = await callAs(t.app, sessions.get('agent')!, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {
        title: 'Не печатаются чеки',
        description: '<p>Звонок: касса 2, ошибка 234</p>',
        requesterId: hit!.id,
        channel: 'phone',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      channel: 'phone',
      requesterId: caller.id,
      clientId,
      status: 'new',
    });
    // The caller sees it in the portal as his own.
    const own = await callAs(t.app, await sessionFor(t, 'client_approver', { clientId }), {
      method: 'GET',
      url: `/api/v1/tickets/${response.json<{ id: string }>().id}`,
    });
    expect(own.json()).toMatchObject({ requesterName: 'Светлана Кассирова', channel: 'phone' });
  });
});
