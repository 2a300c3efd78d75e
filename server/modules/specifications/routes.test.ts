import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';

// The specification of a request from the worklogs' proposal to the statement, the act and 1C.

type Ticket = { id: string; number: number; status: string; version: number };
type Totals = { hours: number; balanceHours: number; paidHours: number; freeHours: number; amount: number };
type Spec = {
  lines: (Totals & { id: string; posted: boolean; tariffMode: string; performerId: string | null })[];
  proposal: { hours: number; performerId: string; tariffMode: string; serviceId: string | null }[];
  draftTotals: Totals & { balanceAfter: number | null };
  postedTotals: Totals;
  contract: { balanceHours: number } | null;
  canPost: boolean;
};

let t: TestApp;
let clientId: string;
let clientInn: string;
let contractId: string;
let clientUser: Session;
let approver: Session;
let strangerApprover: Session;
let agent: Session;
let dispatcher: Session;
let consulting: string;
let update: string;

beforeAll(async () => {
  t = await createTestApp();
  const first = await buildLine(t.db, { code: 'L1', level: 1 });
  const client = await buildClient(t.db, { name: 'ООО «Ромашка-Трейд»' });
  clientId = client.id;
  clientInn = client.inn;
  clientUser = await sessionFor(t, 'client_user', { clientId });
  approver = await sessionFor(t, 'client_approver', { clientId });
  strangerApprover = await sessionFor(t, 'client_approver');
  agent = await sessionFor(t, 'agent', { lineIds: [first.id] });
  dispatcher = await sessionFor(t, 'dispatcher');
  const admin = await sessionFor(t, 'admin');
  const service = async (payload: Record<string, unknown>) => {
    const response = await callAs(t.app, admin, { method: 'POST', url: '/api/v1/services', payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const product = await service({ name: '1С:Бухгалтерия', kind: 'product' });
  consulting = await service({
    name: 'Консультация',
    parentId: product,
    code: 'CONS',
    tariffMode: 'balance',
  });
  update = await service({
    name: 'Обновление конфигурации',
    parentId: product,
    code: 'UPD',
    tariffMode: 'free',
  });
  const contract = await callAs(t.app, dispatcher, {
    method: 'POST',
    url: `/api/v1/clients/${clientId}/contracts`,
    payload: {
      number: 'ИТС-7',
      kind: 'its',
      startsOn: '2026-01-01',
      hourlyRate: 2500,
      bonusHoursPerMonth: 3,
    },
  });
  contractId = contract.json<{ id: string }>().id;
  const grant = await callAs(t.app, dispatcher, {
    method: 'POST',
    url: `/api/v1/contracts/${contractId}/ledger`,
    payload: { kind: 'grant', hours: 3, externalId: '1c-grant-march' },
  });
  expect(grant.statusCode).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const move = async (session: Session, ticket: Ticket, payload: Record<string, unknown>) => {
  const response = await callAs(t.app, session, {
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/transitions`,
    payload: { version: ticket.version, ...payload },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Ticket>();
};

/** A request taken to `in_progress` with `minutes` of the agent's recorded work. */
async function workedRequest(minutes: number, serviceId: string | null = consulting): Promise<Ticket> {
  const created = await callAs(t.app, clientUser, {
    method: 'POST',
    url: '/api/v1/tickets',
    payload: {
      title: 'Не проводится реализация',
      description: 'Ошибка при проведении',
      ...(serviceId ? { serviceId } : {}),
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  let ticket = created.json<Ticket>();
  ticket = await move(agent, ticket, { to: 'evaluated', estimateHours: 0.5 });
  ticket = await move(dispatcher, ticket, {
    to: 'planned',
    assigneeId: agent.userId,
    plannedStart: '2026-03-03T06:00:00Z',
    plannedEnd: '2026-03-03T10:00:00Z',
    acceptanceCriteria: 'Документы проводятся',
  });
  ticket = await move(agent, ticket, { to: 'in_progress' });
  if (minutes) {
    const logged = await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/worklogs`,
      payload: { minutes, note: 'Исправлено проведение' },
    });
    expect(logged.statusCode, logged.body).toBe(201);
  }
  return ticket;
}

const spec = async (session: Session, ticket: Ticket) => {
  const response = await callAs(t.app, session, {
    method: 'GET',
    url: `/api/v1/tickets/${ticket.id}/specification`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Spec>();
};
const putLines = (session: Session, ticket: Ticket, lines: Record<string, unknown>[]) =>
  callAs(t.app, session, {
    method: 'PUT',
    url: `/api/v1/tickets/${ticket.id}/specification`,
    payload: { lines },
  });
const postSpec = (session: Session, ticket: Ticket) =>
  callAs(t.app, session, { method: 'POST', url: `/api/v1/tickets/${ticket.id}/specification/post` });
const balance = async () =>
  (await callAs(t.app, dispatcher, { method: 'GET', url: `/api/v1/contracts/${contractId}/balance` })).json<{
    hours: number;
  }>().hours;

describe('the specification of a request', () => {
  it('is proposed from the worklogs, previewed against the balance, and posted once the work is done', async () => {
    let ticket = await workedRequest(90);
    const proposed = await spec(agent, ticket);
    expect(proposed.lines).toEqual([]);
    expect(proposed.proposal).toEqual([
      expect.objectContaining({
        hours: 1.5,
        performerId: agent.userId,
        tariffMode: 'balance',
        serviceId: consulting,
      }),
    ]);

    // More than the balance holds: the agent sees which hours become paid before posting.
    const edited = await putLines(agent, ticket, [
      {
        serviceId: consulting,
        hours: 4,
        tariffMode: 'balance',
        performerId: agent.userId,
        description: 'Исправление проведения',
      },
      { serviceId: update, hours: 1, tariffMode: 'free', performerId: agent.userId },
    ]);
    expect(edited.statusCode, edited.body).toBe(200);
    const preview = edited.json<Spec>();
    expect(preview.draftTotals).toEqual({
      hours: 5,
      balanceHours: 3,
      paidHours: 1,
      freeHours: 1,
      amount: 2500,
      balanceAfter: 0,
    });
    expect(preview.canPost).toBe(false);
    expect(await balance()).toBe(3);

    const early = await postSpec(agent, ticket);
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json()).toMatchObject({ code: 'not_postable' });

    ticket = await move(agent, ticket, { to: 'done', resolution: 'Исправлено' });
    const posted = await postSpec(agent, ticket);
    expect(posted.statusCode, posted.body).toBe(200);
    const after = posted.json<Spec>();
    expect(after.lines.every((line) => line.posted)).toBe(true);
    expect(after.postedTotals).toEqual({
      hours: 5,
      balanceHours: 3,
      paidHours: 1,
      freeHours: 1,
      amount: 2500,
    });
    expect(await balance()).toBe(0);

    // Posting is history for staff, not for the client's contact.
    const kindsFor = async (session: Session) =>
      (await callAs(t.app, session, { method: 'GET', url: `/api/v1/tickets/${ticket.id}/events` }))
        .json<{ items: { kind: string }[] }>()
        .items.map((e) => e.kind);
    expect(await kindsFor(dispatcher)).toContain('specification_posted');
    expect(await kindsFor(clientUser)).not.toContain('specification_posted');

    const again = await postSpec(agent, ticket);
    expect(again.json()).toMatchObject({ code: 'nothing_to_post' });

    // A posted line does not change: the database itself refuses.
    const [line] = after.lines;
    await expect(
      t.db
        .updateTable('specification_lines')
        .set({ hours: 1 })
        .where('id', '=', line?.id ?? '')
        .execute(),
    ).rejects.toThrow(/posted specification lines do not change/);

    // A draft added later is posted when the client completes the request: the balance is spent, so it is paid.
    await putLines(agent, ticket, [{ serviceId: consulting, hours: 0.5, tariffMode: 'balance' }]);
    ticket = await move(clientUser, ticket, { to: 'completed' });
    const final = await spec(dispatcher, ticket);
    expect(final.lines).toHaveLength(3);
    expect(final.postedTotals).toEqual({
      hours: 5.5,
      balanceHours: 3,
      paidHours: 1.5,
      freeHours: 1,
      amount: 3750,
    });
  });

  it('posts the worklogs as they stand when a request is completed with no lines', async () => {
    await callAs(t.app, dispatcher, {
      method: 'POST',
      url: `/api/v1/contracts/${contractId}/ledger`,
      payload: { kind: 'grant', hours: 1, externalId: '1c-grant-extra' },
    });
    let ticket = await workedRequest(45);
    ticket = await move(agent, ticket, { to: 'done', resolution: 'Готово' });
    ticket = await move(clientUser, ticket, { to: 'completed' });
    const final = await spec(dispatcher, ticket);
    expect(final.lines).toEqual([
      expect.objectContaining({
        posted: true,
        hours: 0.75,
        balanceHours: 0.75,
        tariffMode: 'balance',
        performerId: agent.userId,
      }),
    ]);
    expect(await balance()).toBe(0.25);
  });

  it('lets two postings race for the last hours without overdrawing', async () => {
    const [a, b] = await Promise.all([workedRequest(0), workedRequest(0)]);
    if (!a || !b) {
      throw new Error('no requests');
    }
    const done = await Promise.all(
      [a, b].map(async (ticket) => {
        await putLines(agent, ticket, [{ serviceId: consulting, hours: 1, tariffMode: 'balance' }]);
        return move(agent, ticket, { to: 'done', resolution: 'Готово' });
      }),
    );
    const results = await Promise.all(done.map((ticket) => postSpec(agent, ticket)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    const totals = results.map((r) => r.json<Spec>().postedTotals);
    expect(totals.reduce((sum, x) => sum + x.balanceHours, 0)).toBe(0.25);
    expect(totals.reduce((sum, x) => sum + x.paidHours, 0)).toBe(1.75);
    expect(await balance()).toBe(0);
  });

  it('shows money to staff and the approver only, and validates lines', async () => {
    const ticket = await workedRequest(30);
    expect((await spec(approver, ticket)).proposal).toEqual([]);
    const byClient = await callAs(t.app, clientUser, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/specification`,
    });
    expect(byClient.statusCode).toBe(403);
    const byStranger = await callAs(t.app, strangerApprover, {
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/specification`,
    });
    expect(byStranger.statusCode).toBe(404);
    const byApprover = await putLines(approver, ticket, []);
    expect(byApprover.statusCode).toBe(403);
    const badHours = await putLines(agent, ticket, [{ hours: 1.005, tariffMode: 'paid' }]);
    expect(badHours.json()).toMatchObject({ errors: [{ path: 'lines/0/hours' }] });
    const badService = await putLines(agent, ticket, [
      { hours: 1, tariffMode: 'paid', serviceId: '00000000-0000-4000-8000-000000000000' },
    ]);
    expect(badService.json()).toMatchObject({ errors: [{ path: 'lines/0/serviceId' }] });
    const badPerformer = await putLines(agent, ticket, [
      { hours: 1, tariffMode: 'paid', performerId: clientUser.userId },
    ]);
    expect(badPerformer.json()).toMatchObject({ errors: [{ path: 'lines/0/performerId' }] });
  });
});

describe('the monthly statement', () => {
  type Statement = {
    client: { name: string };
    requests: { number: number; totals: Totals; lines: Totals[] }[];
    totals: Totals;
    contracts: { consumedHours: number; grantedHours: number; openingHours: number; closingHours: number }[];
    amountDue: number;
  };
  const url = () => `/api/v1/clients/${clientId}/statements/2026-03`;

  it('sums the posted lines of the month and agrees with the ledger', async () => {
    const response = await callAs(t.app, approver, { method: 'GET', url: url() });
    expect(response.statusCode, response.body).toBe(200);
    const statement = response.json<Statement>();
    expect(statement.client.name).toBe('ООО «Ромашка-Трейд»');
    expect(statement.requests.length).toBe(4);
    expect(statement.totals).toEqual({
      hours: 8.25,
      balanceHours: 4,
      paidHours: 3.25,
      freeHours: 1,
      amount: 8125,
    });
    const [contract] = statement.contracts;
    expect(contract).toMatchObject({ openingHours: 0, grantedHours: 4, consumedHours: 4, closingHours: 0 });
    expect(statement.amountDue).toBe(8125);
    for (const request of statement.requests) {
      expect(request.totals.hours).toBe(request.lines.reduce((sum, l) => sum + l.hours, 0));
    }
    const empty = (
      await callAs(t.app, approver, { method: 'GET', url: `/api/v1/clients/${clientId}/statements/2026-02` })
    ).json<Statement>();
    expect(empty.requests).toEqual([]);
    expect(empty.contracts[0]).toMatchObject({ openingHours: 0, closingHours: 0 });
  });

  it('lists the lines of a client who had no contract in force, and only his', async () => {
    // Posted with no contract (paid, at no rate): the statement reads a client's lines through his
    // contracts, and must not lose these.
    const other = await buildClient(t.db, { name: 'ИП Лисицын' });
    const ticket = await t.db
      .insertInto('tickets')
      .values({ title: 'Настроить обмен с банком', client_id: other.id, status: 'completed' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const postedAt = new Date('2026-03-10T10:00:00Z');
    await t.db
      .insertInto('specification_lines')
      .values({
        ticket_id: ticket.id,
        position: 0,
        hours: 1.5,
        tariff_mode: 'balance',
        posted_at: postedAt,
        balance_hours: 0,
        paid_hours: 1.5,
        free_hours: 0,
        amount: 0,
      })
      .execute();
    const response = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/clients/${other.id}/statements/2026-03`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const statement = response.json<Statement>();
    expect(statement.contracts).toEqual([]);
    expect(statement.totals).toEqual({
      hours: 1.5,
      balanceHours: 0,
      paidHours: 1.5,
      freeHours: 0,
      amount: 0,
    });
    // Nor do they appear on the statement of a client who has a contract.
    const mine = (await callAs(t.app, approver, { method: 'GET', url: url() })).json<Statement>();
    expect(mine.totals.hours).toBe(8.25);
  });

  it('is refused to the client’s contact and hidden from other companies', async () => {
    expect((await callAs(t.app, clientUser, { method: 'GET', url: url() })).statusCode).toBe(403);
    expect((await callAs(t.app, strangerApprover, { method: 'GET', url: url() })).statusCode).toBe(404);
    const badMonth = await callAs(t.app, approver, {
      method: 'GET',
      url: `/api/v1/clients/${clientId}/statements/2026-13`,
    });
    expect(badMonth.statusCode).toBe(400);
  });

  it('downloads as PDF, act and XLSX whose totals are the statement’s', async () => {
    for (const [path, type] of [
      ['statement.pdf', 'application/pdf'],
      ['act.pdf', 'application/pdf'],
    ] as const) {
      const response = await callAs(t.app, approver, { method: 'GET', url: `${url()}/${path}` });
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['content-disposition']).toContain(`attachment`);
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const xlsx = await callAs(t.app, approver, { method: 'GET', url: `${url()}/statement.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(`statement-2026-03-${clientInn}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const numbers: number[] = [];
    sheet?.eachRow((row) => {
      row.eachCell((cell) => {
        const value = cell.value;
        const result =
          typeof value === 'object' && value !== null && 'result' in value ? value.result : value;
        if (typeof result === 'number') {
          numbers.push(result);
        }
      });
    });
    // The grand totals appear as numbers in the sheet.
    expect(numbers).toEqual(expect.arrayContaining([8.25, 3.25, 8125]));
  });
});

describe('the 1C exchange', () => {
  it('gives the posted lines of a period with the counterparty and pages by keyset', async () => {
    const token = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '1С' },
    });
    const bearer = { authorization: `Bearer ${token.json<{ token: string }>().token}` };
    const first = await t.app.inject({
      method: 'GET',
      url: '/api/v1/exchange/sales?from=2026-03-01&to=2026-03-31&limit=2',
      headers: bearer,
    });
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json<{ items: { client: { inn: string }; amount: number }[]; nextCursor: string }>();
    expect(page.items).toHaveLength(2);
    expect(page.items[0]?.client.inn).toBe(clientInn);
    const all: { amount: number }[] = [...page.items];
    let cursor: string | null = page.nextCursor;
    while (cursor) {
      const next: Awaited<ReturnType<typeof t.app.inject>> = await t.app.inject({
        method: 'GET',
        url: `/api/v1/exchange/sales?from=2026-03-01&to=2026-03-31&limit=2&cursor=${cursor}`,
        headers: bearer,
      });
      const body: { items: { amount: number }[]; nextCursor: string | null } = next.json<{
        items: { amount: number }[];
        nextCursor: string | null;
      }>();
      all.push(...body.items);
      cursor = body.nextCursor;
    }
    expect(all.reduce((sum, item) => sum + item.amount, 0)).toBe(8125);
    const april = await t.app.inject({
      method: 'GET',
      url: '/api/v1/exchange/sales?from=2026-04-01&to=2026-04-30',
      headers: bearer,
    });
    expect(april.json()).toMatchObject({ items: [], nextCursor: null });
    const counterparty = await t.app.inject({
      method: 'GET',
      url: `/api/v1/exchange/counterparties?inn=${clientInn}`,
      headers: bearer,
    });
    expect(counterparty.json()).toMatchObject({
      items: [
        { name: 'ООО «Ромашка-Трейд»', contracts: [{ number: 'ИТС-7', kind: 'its', hourlyRate: 2500 }] },
      ],
    });
  });
});
