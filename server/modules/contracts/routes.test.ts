import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';
import { postEntry } from './service.ts';

type Contract = { id: string; balanceHours: number; approvalLimitHours: number | null };

let t: TestApp;
let dispatcher: Session;
let clientId: string;

beforeAll(async () => {
  t = await createTestApp();
  dispatcher = await sessionFor(t, 'dispatcher');
  clientId = (await buildClient(t.db, { name: 'ООО «Баланс»' })).id;
});
afterAll(async () => {
  await t.close();
});

async function openContract(payload: Record<string, unknown> = {}): Promise<Contract> {
  const response = await callAs(t.app, dispatcher, {
    method: 'POST',
    url: `/api/v1/clients/${clientId}/contracts`,
    payload: {
      number: `ИТС-${Math.random().toString(36).slice(2, 8)}`,
      kind: 'its',
      startsOn: '2026-01-01',
      ...payload,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Contract>();
}

const post = (contract: Contract, payload: Record<string, unknown>, session = dispatcher) =>
  callAs(t.app, session, { method: 'POST', url: `/api/v1/contracts/${contract.id}/ledger`, payload });

describe('contracts', () => {
  it('opens contracts of every kind and lists them for the client', async () => {
    await openContract({ kind: 'hourly', hourlyRate: 2500 });
    await openContract({ kind: 'subscription', monthlyFee: 30_000 });
    await openContract({ kind: 'its', bonusHoursPerMonth: 2 });
    await openContract({ kind: 'internal' });
    const list = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/clients/${clientId}/contracts`,
    });
    expect(list.json<{ items: { kind: string }[] }>().items.map((c) => c.kind)).toEqual(
      expect.arrayContaining(['hourly', 'subscription', 'its', 'internal']),
    );
  });

  it('asks for the terms each kind needs, naming the field', async () => {
    const hourly = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/clients/${clientId}/contracts`,
      payload: { number: 'Ч-1', kind: 'hourly', startsOn: '2026-01-01' },
    });
    expect(hourly.json()).toMatchObject({ errors: [{ path: 'hourlyRate' }] });
    const period = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/clients/${clientId}/contracts`,
      payload: { number: 'Ч-2', kind: 'its', startsOn: '2026-05-01', endsOn: '2026-04-01' },
    });
    expect(period.json()).toMatchObject({ errors: [{ path: 'endsOn' }] });
  });

  it('changes one term without restating the others, and refuses to drop a required one', async () => {
    const contract = await openContract({ kind: 'hourly', hourlyRate: 2500 });
    const url = `/api/v1/contracts/${contract.id}`;
    const off = await callAs(t.app, dispatcher, { method: 'PATCH', url, payload: { isActive: false } });
    expect(off.json()).toMatchObject({ isActive: false, hourlyRate: 2500 });
    const noRate = await callAs(t.app, dispatcher, { method: 'PATCH', url, payload: { hourlyRate: null } });
    expect(noRate.json()).toMatchObject({ errors: [{ path: 'hourlyRate' }] });
    const nullOnCreate = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/clients/${clientId}/contracts`,
      payload: { number: 'Ч-3', kind: 'hourly', startsOn: '2026-01-01', hourlyRate: null },
    });
    expect(nullOnCreate.statusCode).toBe(400);
  });
});

describe('POST /api/v1/contracts/:id/ledger', () => {
  it('grants hours, shows the balance, and changes nothing for the same externalId', async () => {
    const contract = await openContract();
    const first = await post(contract, { kind: 'grant', hours: 10, externalId: '1C-ПКО-0001' });
    expect(first.statusCode).toBe(201);
    const again = await post(contract, { kind: 'grant', hours: 10, externalId: '1C-ПКО-0001' });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: number }>().id).toBe(first.json<{ id: number }>().id);
    const other = await post(contract, { kind: 'grant', hours: 12, externalId: '1C-ПКО-0001' });
    expect(other.statusCode).toBe(409);
    const balance = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/contracts/${contract.id}/balance`,
    });
    expect(balance.json()).toMatchObject({ hours: 10, granted: 10, entries: 1 });
  });

  it('refuses an adjustment that would overdraw, and a grant that takes away', async () => {
    const contract = await openContract();
    await post(contract, { kind: 'grant', hours: 1.5, externalId: 'g1' });
    const over = await post(contract, { kind: 'adjust', hours: -2, externalId: 'a1' });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'insufficient_balance', missing: 0.5 });
    const negativeGrant = await post(contract, { kind: 'grant', hours: -1, externalId: 'g2' });
    expect(negativeGrant.json()).toMatchObject({ errors: [{ path: 'hours' }] });
    expect((await post(contract, { kind: 'adjust', hours: -1.5, externalId: 'a2' })).statusCode).toBe(201);
  });

  it('works with an API token, as the 1C exchange does', async () => {
    const contract = await openContract();
    const token = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '1C' },
    });
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contracts/${contract.id}/ledger`,
      headers: { authorization: `Bearer ${token.json<{ token: string }>().token}` },
      payload: { kind: 'grant', hours: 4, externalId: 'ПКО-77' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('keeps the ledger append-only in the database itself', async () => {
    const contract = await openContract();
    await post(contract, { kind: 'grant', hours: 2, externalId: 'x' });
    await expect(t.db.updateTable('ledger_entries').set({ note: 'tampered' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.deleteFrom('ledger_entries').execute()).rejects.toThrow(/append-only/);
  });

  it('never overdraws when many postings race for the last hours', async () => {
    const contract = await openContract();
    await post(contract, { kind: 'grant', hours: 5, externalId: 'race-grant' });
    // On PostgreSQL these run on separate pooled connections, truly in parallel.
    const actor = null;
    const attempts = Array.from({ length: 12 }, (_, i) =>
      postEntry(t.deps, actor, contract.id, { kind: 'consume', hours: -1, externalId: `race-${i}` }).then(
        () => 'posted',
        () => 'refused',
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === 'posted')).toHaveLength(5);
    const balance = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/contracts/${contract.id}/balance`,
    });
    expect(balance.json()).toMatchObject({ hours: 0, consumed: 5 });
  });
});

describe('who sees the money', () => {
  it('shows the approver his company’s balance, the client_user only when his client allows, nobody else', async () => {
    const contract = await openContract();
    const approver = await sessionFor(t, 'client_approver', { clientId });
    const user = await sessionFor(t, 'client_user', { clientId });
    const stranger = await sessionFor(t, 'client_approver');
    const url = `/api/v1/contracts/${contract.id}/balance`;
    const listUrl = `/api/v1/clients/${clientId}/contracts`;
    expect((await callAs(t.app, approver, { method: 'GET', url })).statusCode).toBe(200);
    expect((await callAs(t.app, user, { method: 'GET', url })).statusCode).toBe(404);
    expect((await callAs(t.app, user, { method: 'GET', url: listUrl })).json()).toEqual({ items: [] });
    expect((await callAs(t.app, stranger, { method: 'GET', url })).statusCode).toBe(404);

    const allow = (usersSeeBalance: boolean) =>
      callAs(t.app, dispatcher, {
        method: 'PATCH',
        url: `/api/v1/clients/${clientId}`,
        payload: { usersSeeBalance },
      });
    expect((await allow(true)).json()).toMatchObject({ usersSeeBalance: true });
    expect((await callAs(t.app, user, { method: 'GET', url })).statusCode).toBe(200);
    expect(
      (await callAs(t.app, user, { method: 'GET', url: listUrl })).json<{ items: unknown[] }>().items.length,
    ).toBeGreaterThan(0);
    expect((await callAs(t.app, stranger, { method: 'GET', url })).statusCode).toBe(404);
    await allow(false);
    expect((await callAs(t.app, user, { method: 'GET', url })).statusCode).toBe(404);
    expect((await post(contract, { kind: 'grant', hours: 1, externalId: 'z' }, approver)).statusCode).toBe(
      403,
    );
  });

  it('lets the contract’s approval limit approve estimates automatically', async () => {
    await buildLine(t.db, { level: 1 });
    const contract = await openContract({ approvalLimitHours: 4 });
    expect(contract.approvalLimitHours).toBe(4);
    const client = await sessionFor(t, 'client_user', { clientId });
    const agent = await sessionFor(t, 'dispatcher');
    const ticket = await callAs(t.app, client, {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { title: 'Лимит' },
    });
    const moved = await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.json<{ id: string }>().id}/transitions`,
      payload: { to: 'evaluated', version: 1, estimateHours: 3 },
    });
    expect(moved.json()).toMatchObject({ status: 'approved' });
  });
});
