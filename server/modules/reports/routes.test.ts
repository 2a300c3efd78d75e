import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';

// The work-done report against hand-computed sums: month boundaries in the client's time zone,
// the split of hours, reversed and draft lines left out, and who may see whose work.

type Report = {
  clientId: string | null;
  totals: { hours: number; balanceHours: number; paidHours: number; freeHours: number; requests: number };
  months: { month: string; hours: number; paidHours: number; requests: number }[];
  services: { serviceId: string | null; name: string | null; hours: number }[];
  requesters: { requesterId: string | null; name: string | null; hours: number }[];
};

let t: TestApp;
let vladivostok: string;
let other: string;
let approver: Session;
let contact: Session;
let colleague: Session;
let otherApprover: Session;
let dispatcher: Session;
let firstLineAgent: Session;
let secondLineAgent: Session;
let employee: Session;
let serviceId: string;

async function ticketOf(clientId: string, requester: Session, lineId: string) {
  const row = await t.db
    .insertInto('tickets')
    .values({
      title: 'Не проводится документ',
      description: '',
      client_id: clientId,
      requester_id: requester.userId,
      line_id: lineId,
      status: 'completed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function line(
  ticketId: string,
  postedAt: string | null,
  split: { balance?: number; paid?: number; free?: number },
  extra: { serviceId?: string; reversed?: boolean } = {},
) {
  const balance = split.balance ?? 0;
  const paid = split.paid ?? 0;
  const free = split.free ?? 0;
  await t.db
    .insertInto('specification_lines')
    .values({
      ticket_id: ticketId,
      position: 1,
      hours: balance + paid + free,
      tariff_mode: paid > 0 ? 'paid' : free > 0 ? 'free' : 'balance',
      service_id: extra.serviceId ?? null,
      ...(postedAt
        ? {
            posted_at: postedAt,
            balance_hours: balance,
            paid_hours: paid,
            free_hours: free,
            amount: paid * 2000,
            reversed_at: extra.reversed ? postedAt : null,
          }
        : {}),
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  const first = await buildLine(t.db, { code: 'R1', level: 1 });
  const second = await buildLine(t.db, { code: 'R2', level: 2 });
  vladivostok = (await buildClient(t.db, { name: 'ООО «Восток»', timeZone: 'Asia/Vladivostok' })).id;
  other = (await buildClient(t.db, { name: 'ООО «Запад»' })).id;
  approver = await sessionFor(t, 'client_approver', { clientId: vladivostok });
  contact = await sessionFor(t, 'client_user', { clientId: vladivostok });
  colleague = await sessionFor(t, 'client_user', { clientId: vladivostok });
  otherApprover = await sessionFor(t, 'client_approver', { clientId: other });
  dispatcher = await sessionFor(t, 'dispatcher');
  firstLineAgent = await sessionFor(t, 'agent', { lineIds: [first.id] });
  secondLineAgent = await sessionFor(t, 'agent', { lineIds: [second.id] });
  employee = await sessionFor(t, 'employee');
  serviceId = (
    await t.db
      .insertInto('services')
      .values({ name: 'Консультация', kind: 'service', tariff_mode: 'balance' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const a = await ticketOf(vladivostok, contact, first.id);
  const b = await ticketOf(vladivostok, colleague, second.id);
  const c = await ticketOf(other, otherApprover, first.id);
  // 31 Oct 20:00 UTC is already 1 November in Vladivostok (UTC+10): a November line.
  await line(a, '2026-10-31T20:00:00Z', { balance: 1.5, free: 0.5 }, { serviceId });
  // 31 Oct 13:00 UTC is 23:00 in Vladivostok: still October.
  await line(a, '2026-10-31T13:00:00Z', { balance: 2 }, { serviceId });
  await line(b, '2026-11-15T05:00:00Z', { paid: 3 });
  await line(b, '2026-11-16T05:00:00Z', { paid: 7 }, { reversed: true });
  await line(b, null, { balance: 4 }); // a draft: not work done yet
  await line(c, '2026-11-10T08:00:00Z', { balance: 5 });
});

afterAll(async () => {
  await t.close();
});

const get = (session: Session, query: string) =>
  callAs(t.app, session, { method: 'GET', url: `/api/v1/reports/work?${query}` });

describe('GET /reports/work', () => {
  it('sums posted, unreversed hours by the client’s months, services and requesters', async () => {
    const response = await get(dispatcher, `from=2026-10&to=2026-11&clientId=${vladivostok}`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<Report>();
    expect(report.totals).toEqual({ hours: 7, balanceHours: 3.5, paidHours: 3, freeHours: 0.5, requests: 2 });
    expect(report.months).toEqual([
      { month: '2026-10', hours: 2, balanceHours: 2, paidHours: 0, freeHours: 0, requests: 1 },
      { month: '2026-11', hours: 5, balanceHours: 1.5, paidHours: 3, freeHours: 0.5, requests: 2 },
    ]);
    expect(report.services.map((s) => [s.name, s.hours])).toEqual([
      ['Консультация', 4],
      [null, 3],
    ]);
    expect(report.requesters.map((r) => [r.requesterId, r.hours])).toEqual([
      [contact.userId, 4],
      [colleague.userId, 3],
    ]);
  });

  it('gives every month of the range, empty ones as zeros', async () => {
    const report = (await get(dispatcher, `from=2026-09&to=2026-10&clientId=${vladivostok}`)).json<Report>();
    expect(report.months.map((m) => [m.month, m.hours])).toEqual([
      ['2026-09', 0],
      ['2026-10', 2],
    ]);
    expect(report.totals.hours).toBe(2);
  });

  it('shows a client’s approver his own company only', async () => {
    const own = (await get(approver, 'from=2026-11&to=2026-11')).json<Report>();
    expect(own.clientId).toBe(vladivostok);
    expect(own.totals.hours).toBe(5);
    const foreign = await get(approver, `from=2026-11&to=2026-11&clientId=${other}`);
    expect(foreign.statusCode).toBe(403);
  });

  it('shows a client_user the hours only when his company shows him the balance', async () => {
    expect((await get(contact, 'from=2026-11&to=2026-11')).statusCode).toBe(403);
    await t.db
      .updateTable('clients')
      .set({ users_see_balance: true })
      .where('id', '=', vladivostok)
      .execute();
    const allowed = await get(contact, 'from=2026-11&to=2026-11');
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json<Report>().totals.hours).toBe(5);
    // When his client keeps contacts to their own requests, the colleague's work is not his to see.
    await t.db
      .updateTable('clients')
      .set({ users_see_company_requests: false })
      .where('id', '=', vladivostok)
      .execute();
    expect((await get(contact, 'from=2026-11&to=2026-11')).json<Report>().totals.hours).toBe(2);
  });

  it('counts for an agent only the requests of his lines', async () => {
    const firstLine = (await get(firstLineAgent, 'from=2026-11&to=2026-11')).json<Report>();
    expect(firstLine.totals.hours).toBe(7); // Восток's November line of request a, and Запад's 5
    const secondLine = (await get(secondLineAgent, 'from=2026-11&to=2026-11')).json<Report>();
    expect(secondLine.totals.hours).toBe(3);
  });

  it('refuses employees, reversed ranges and ranges over three years', async () => {
    expect((await get(employee, 'from=2026-11&to=2026-11')).statusCode).toBe(403);
    const reversed = await get(dispatcher, 'from=2026-11&to=2026-10');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ errors: [{ path: 'from' }] });
    expect((await get(dispatcher, 'from=2023-01&to=2026-11')).statusCode).toBe(400);
    expect((await get(dispatcher, 'from=2026-13&to=2026-11')).statusCode).toBe(400);
  });
});
