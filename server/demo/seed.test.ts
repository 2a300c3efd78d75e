import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, logInAs } from '#server/test/app.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './company.ts';
import { STATUSES } from '#common/tickets.ts';
import { seedDemoCompany } from './seed.ts';
import { seedDemoTickets } from './tickets.ts';
import { seedDemoContracts } from './contracts.ts';
import { DEMO_SERVICES, seedDemoServices } from './services.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('seedDemoCompany', () => {
  it('loads the company once, and a second run adds nothing', async () => {
    const first = await seedDemoCompany(t.db);
    expect(first.clients).toBe(40);
    const second = await seedDemoCompany(t.db);
    expect(second).toEqual({ clients: 0, users: 0 });
    const counts = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(counts.n).toBe(first.users);
  });

  it('gives each client outside Moscow a 9:00–18:00 calendar of his own time zone', async () => {
    const clients = await t.db
      .selectFrom('clients')
      .leftJoin('business_calendars as c', 'c.id', 'clients.calendar_id')
      .select(['clients.time_zone', 'c.time_zone as calendar_zone', 'c.name as calendar_name'])
      .execute();
    const far = clients.filter((client) => client.time_zone !== 'Europe/Moscow');
    expect(far.length).toBeGreaterThan(0);
    for (const client of far) {
      expect(client.calendar_zone).toBe(client.time_zone);
      expect(client.calendar_name).toMatch(/^Рабочие дни 9:00–18:00, /);
    }
    // Moscow's clients work by the default calendar.
    expect(
      clients.filter((client) => client.time_zone === 'Europe/Moscow').every((c) => c.calendar_zone === null),
    ).toBe(true);
  });

  it('lets every demo account of API.md log in with the password demo, with its role', async () => {
    const roles: Record<string, string> = {
      [DEMO_ACCOUNTS.admin]: 'admin',
      [DEMO_ACCOUNTS.dispatcher]: 'dispatcher',
      [DEMO_ACCOUNTS.agent1]: 'agent',
      [DEMO_ACCOUNTS.agent2]: 'agent',
      [DEMO_ACCOUNTS.client]: 'client_user',
      [DEMO_ACCOUNTS.approver]: 'client_approver',
      [DEMO_ACCOUNTS.employee]: 'employee',
    };
    for (const [email, role] of Object.entries(roles)) {
      const session = await logInAs(t.app, email, DEMO_PASSWORD);
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie: session.cookie },
      });
      expect(me.json(), email).toMatchObject({ email, role });
    }
  });

  it('puts agent1 on the first line only and agent2 on the second only', async () => {
    for (const [email, code] of [
      [DEMO_ACCOUNTS.agent1, 'L1'],
      [DEMO_ACCOUNTS.agent2, 'L2'],
    ] as const) {
      const session = await logInAs(t.app, email, DEMO_PASSWORD);
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie: session.cookie },
      });
      expect(me.json<{ lines: { code: string }[] }>().lines.map((l) => l.code)).toEqual([code]);
    }
  });

  it('gives client and approver the same company', async () => {
    const client = await logInAs(t.app, DEMO_ACCOUNTS.client, DEMO_PASSWORD);
    const approver = await logInAs(t.app, DEMO_ACCOUNTS.approver, DEMO_PASSWORD);
    const [a, b] = await Promise.all(
      [client, approver].map((s) =>
        t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } }),
      ),
    );
    expect(a?.json<{ client: { id: string } }>().client.id).toBe(
      b?.json<{ client: { id: string } }>().client.id,
    );
  });

  it('opens contracts of every kind with ledger history, once, and never below zero', async () => {
    expect(await seedDemoServices(t.db)).toBe(DEMO_SERVICES.length);
    expect(await seedDemoServices(t.db)).toBe(0);
    const opened = await seedDemoContracts(t.db, new Date('2026-03-02T07:00:00Z'));
    expect(opened).toBe(40);
    expect(await seedDemoContracts(t.db, new Date('2026-03-02T07:00:00Z'))).toBe(0);
    const kinds = await t.db.selectFrom('contracts').select('kind').distinct().execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['hourly', 'its', 'subscription']);
    const balances = await t.db
      .selectFrom('ledger_entries')
      .select(['contract_id', (eb) => eb.fn.sum<number>('hours').as('balance')])
      .groupBy('contract_id')
      .execute();
    expect(balances.length).toBeGreaterThan(20);
    expect(balances.every((b) => b.balance >= 0)).toBe(true);
  });
  it('loads requests in every status with their histories, once', async () => {
    const made = await seedDemoTickets(t.db, new Date('2026-03-02T07:00:00Z'));
    expect(made).toBeGreaterThan(30);
    expect(await seedDemoTickets(t.db)).toBe(0);
    const statuses = await t.db.selectFrom('tickets').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual([...STATUSES].sort());
    const completed = await t.db
      .selectFrom('tickets')
      .innerJoin('ticket_events', 'ticket_events.ticket_id', 'tickets.id')
      .select(['ticket_events.kind'])
      .where('tickets.status', '=', 'completed')
      .execute();
    const kinds = new Set(completed.map((e) => e.kind));
    for (const kind of ['created', 'transitioned', 'commented', 'timer_started', 'timer_stopped']) {
      expect(kinds.has(kind), kind).toBe(true);
    }
  });

  it('posts the specifications of completed requests, so this month’s statement agrees with the ledger', async () => {
    const client = await t.db
      .selectFrom('users')
      .select('client_id')
      .where('email', '=', 'client@demo.test')
      .executeTakeFirstOrThrow();
    const approver = await logInAs(t.app, 'approver@demo.test', DEMO_PASSWORD);
    const unposted = await t.db
      .selectFrom('tickets')
      .innerJoin('worklogs', 'worklogs.ticket_id', 'tickets.id')
      .leftJoin('specification_lines', 'specification_lines.ticket_id', 'tickets.id')
      .select('tickets.number')
      .where('tickets.status', '=', 'completed')
      .where('specification_lines.id', 'is', null)
      .execute();
    expect(unposted).toEqual([]);
    let requests = 0;
    for (const month of ['2026-02', '2026-03']) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/clients/${client.client_id}/statements/${month}`,
        headers: { cookie: approver.cookie },
      });
      expect(response.statusCode, response.body).toBe(200);
      const statement = response.json<{
        requests: unknown[];
        totals: { balanceHours: number };
        contracts: {
          consumedHours: number;
          openingHours: number;
          grantedHours: number;
          closingHours: number;
        }[];
      }>();
      requests += statement.requests.length;
      const consumed = statement.contracts.reduce((sum, c) => sum + c.consumedHours, 0);
      expect(Math.round(consumed * 100)).toBe(Math.round(statement.totals.balanceHours * 100));
      for (const c of statement.contracts) {
        expect(Math.round((c.openingHours + c.grantedHours - c.consumedHours) * 100)).toBe(
          Math.round(c.closingHours * 100),
        );
      }
    }
    expect(requests).toBeGreaterThan(2);
  });

  it('leaves a few agents at work now, never agent1 or agent2, and knowledge cards on some clients', async () => {
    const timers = await t.db
      .selectFrom('running_timers')
      .innerJoin('users', 'users.id', 'running_timers.user_id')
      .select(['users.email', 'running_timers.started_at'])
      .execute();
    expect(timers.length).toBeGreaterThanOrEqual(1);
    for (const timer of timers) {
      expect([DEMO_ACCOUNTS.agent1, DEMO_ACCOUNTS.agent2]).not.toContain(timer.email);
      expect(new Date(timer.started_at).getTime()).toBeLessThanOrEqual(Date.parse('2026-03-02T07:00:00Z'));
    }
    const morning = await t.db
      .selectFrom('worklogs')
      .select('id')
      .where('started_at', '>=', new Date('2026-03-01T21:00:00Z'))
      .where('started_at', '<=', new Date('2026-03-02T07:00:00Z'))
      .execute();
    expect(morning.length).toBeGreaterThanOrEqual(timers.length);
    const card = await t.db
      .selectFrom('users')
      .innerJoin('clients', 'clients.id', 'users.client_id')
      .select(['clients.knowledge_card', 'clients.knowledge_version'])
      .where('users.email', '=', DEMO_ACCOUNTS.client)
      .executeTakeFirstOrThrow();
    expect(card.knowledge_version).toBe(1);
    expect(card.knowledge_card).toContain('<h3>');
  });

  it('fills this week and the next with planned work in working hours, for the planning board', async () => {
    // Monday 2 March 2026 (the seed's now) to Friday 13 March; Monday 9 March is a holiday.
    const planned = await t.db
      .selectFrom('tickets')
      .select(['planned_start', 'planned_end', 'assignee_id'])
      .where('status', '=', 'planned')
      .execute();
    const onBoard = planned.filter(
      (row) =>
        row.planned_start !== null &&
        new Date(row.planned_start) >= new Date('2026-03-01T21:00:00Z') &&
        new Date(row.planned_start) < new Date('2026-03-13T21:00:00Z'),
    );
    expect(onBoard.length).toBeGreaterThanOrEqual(15);
    expect(new Set(onBoard.map((row) => row.assignee_id)).size).toBeGreaterThan(4);
    for (const row of onBoard) {
      const start = new Date(row.planned_start!);
      const moscow = new Date(start.getTime() + 3 * 3_600_000);
      expect(moscow.toISOString().slice(0, 10)).not.toBe('2026-03-09');
      expect([1, 2, 3, 4, 5]).toContain(moscow.getUTCDay());
      expect(moscow.getUTCHours()).toBeGreaterThanOrEqual(9);
      expect(moscow.getUTCHours()).toBeLessThan(18);
      expect(new Date(row.planned_end!).getTime()).toBeGreaterThan(start.getTime());
    }
  });
});
