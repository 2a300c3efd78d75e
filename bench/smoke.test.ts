// Keeps the benchmark harness alive: a small desk is generated into an in-memory PGlite, checked for the
// invariants the benchmark relies on, and every scenario runs for a second against an in-process app.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateInn } from '#common/inn.ts';
import { STATUSES } from '#common/tickets.ts';
import { buildApp } from '#server/app.ts';
import { systemClock } from '#server/clock.ts';
import { loadConfig } from '#server/config.ts';
import type { DatabaseHandle } from '#server/db/client.ts';
import { createTestDatabase } from '#server/test/db.ts';
import { loadActor } from '#server/modules/auth/actor.ts';
import { recomputeSla } from '#server/modules/sla/service.ts';
import { getStatement } from '#server/modules/statements/service.ts';
import {
  AGENT_COUNT,
  BENCH_ACCOUNTS,
  CLIENT_COUNT,
  type DeskReport,
  generateDesk,
  writeDesk,
} from './desk.ts';
import { readSlaDefaults } from './sla.ts';
import { type Loader, encodeCopy } from './loader.ts';
import { tokensFor } from './run.ts';
import { cleanUp, loadFixtures, measureFloor, runScenarios } from './scenarios.ts';

const REQUESTS = 1000;

/** A loader that only fingerprints what it is given. */
const hashingLoader = (): { loader: Loader; digest: () => string } => {
  const hash = createHash('sha256');
  return {
    loader: {
      kind: 'insert',
      open: async (table) => ({
        write: async (rows) => {
          hash.update(table.name).update(encodeCopy(rows));
        },
        end: async () => 0,
      }),
    },
    digest: () => hash.digest('hex'),
  };
};

describe('the benchmark desk and harness', () => {
  let handle: DatabaseHandle;
  let report: DeskReport;

  beforeAll(async () => {
    handle = await createTestDatabase();
    report = await generateDesk({ requests: REQUESTS, seed: 1, db: handle.db, now: new Date() });
  }, 120_000);

  afterAll(async () => {
    await handle.close();
  });

  it('generates the company and the requests it was asked for', async () => {
    const count = async (query: string) =>
      Number((await sql.raw<{ n: number }>(query).execute(handle.db)).rows[0]?.n);
    expect(await count('select count(*) n from tickets')).toBe(REQUESTS);
    expect(await count('select count(*) n from clients')).toBe(CLIENT_COUNT);
    expect(await count("select count(*) n from users where role = 'agent'")).toBe(AGENT_COUNT);
    expect(await count("select count(*) n from users where role in ('admin', 'dispatcher')")).toBe(2);
    expect(
      await count("select count(*) n from users where role in ('client_user', 'client_approver')"),
    ).toBeGreaterThan(CLIENT_COUNT);
    const worklogsPerRequest = (await count('select count(*) n from worklogs')) / REQUESTS;
    expect(worklogsPerRequest).toBeGreaterThan(2);
    expect(worklogsPerRequest).toBeLessThan(4.5);
    expect(await count('select count(*) n from ticket_comments')).toBeGreaterThan(REQUESTS);
    expect(report.tables.find((table) => table.table === 'tickets')?.rows).toBe(REQUESTS);
  });

  it('keeps the invariants of the application', async () => {
    const rows = async <T>(query: string) => (await sql.raw<T>(query).execute(handle.db)).rows;
    // Every request has its created event, first.
    expect(
      await rows(`select id from tickets t where (select kind from ticket_events e where e.ticket_id = t.id
        order by e.id limit 1) is distinct from 'created'`),
    ).toEqual([]);
    // Every status of the lifecycle is present.
    const statuses = await rows<{ status: string }>('select distinct status from tickets order by status');
    expect(statuses.map((row) => row.status)).toEqual([...STATUSES].sort());
    // The status is where the last transition left it, and the version counts the transitions.
    expect(
      await rows(`select id from tickets t where status <> coalesce((select e.data->>'to' from ticket_events e
        where e.ticket_id = t.id and e.kind = 'transitioned' order by e.id desc limit 1), 'new')`),
    ).toEqual([]);
    expect(
      await rows(`select id from tickets t where version <> 1 + (select count(*) from ticket_events e
        where e.ticket_id = t.id and e.kind = 'transitioned' and (e.data->>'reason') is distinct from 'auto_approved')`),
    ).toEqual([]);
    // Nothing the stale job would still have to move, and nothing closed without a closing time.
    expect(
      await rows(
        `select id from tickets where status in ('new', 'evaluated') and updated_at < now() - interval '30 days'`,
      ),
    ).toEqual([]);
    expect(
      await rows(
        `select id from tickets where (status in ('completed', 'rejected', 'irrelevant')) <> (closed_at is not null)`,
      ),
    ).toEqual([]);
    // The number sequence continues past the highest number.
    const [numbers] = await rows<{ next: number; max: number }>(
      "select nextval('ticket_number_seq') as next, (select max(number) from tickets) as max",
    );
    expect(Number(numbers?.next)).toBeGreaterThan(Number(numbers?.max));
    // INNs are valid, and a handful of clients file a large share of the requests.
    const inns = await rows<{ inn: string }>('select inn from clients');
    expect(inns.filter((row) => !validateInn(row.inn).ok)).toEqual([]);
    const [share] = await rows<{ share: number }>(`select (select sum(n) from (select count(*) n from tickets
      group by client_id order by n desc limit 5) top)::float / count(*) as share from tickets`);
    expect(Number(share?.share)).toBeGreaterThan(0.2);
    // Russian stemming: «принтеры» finds the requests about a «принтер» in any of its forms.
    const found = await rows<{ title: string }>(
      "select title from tickets where search @@ websearch_to_tsquery('russian', 'принтеры')",
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((row) => /принтер/i.test(row.title))).toBe(true);
  });

  it('books contracts, grants, postings and their ledger entries the way the product does', async () => {
    const rows = async <T>(query: string) => (await sql.raw<T>(query).execute(handle.db)).rows;
    const count = async (query: string) => Number((await rows<{ n: number }>(query))[0]?.n);
    // Every client has a contract in force; all kinds are there, and every kind of entry the desk makes.
    expect(
      await count(`select count(*) n from clients c where not exists (select 1 from contracts k
        where k.client_id = c.id and k.is_active and k.ends_on is null)`),
    ).toBe(0);
    expect(
      (await rows<{ kind: string }>('select distinct kind from contracts order by 1')).map((r) => r.kind),
    ).toEqual(['hourly', 'its', 'subscription']);
    expect(await count("select count(*) n from ledger_entries where kind = 'grant'")).toBeGreaterThan(
      CLIENT_COUNT,
    );
    expect(await count("select count(*) n from ledger_entries where kind = 'consume'")).toBeGreaterThan(100);
    const tariffs = await rows<{ tariff_mode: string }>(
      'select distinct tariff_mode from specification_lines order by 1',
    );
    expect(tariffs.map((r) => r.tariff_mode)).toEqual(['balance', 'free', 'paid']);
    // Requests are on the catalog's services; only completed ones have posted lines, and each posting
    // has its internal history event with the totals.
    expect(await count('select count(*) n from tickets where service_id is null')).toBe(0);
    expect(
      await count(`select count(*) n from specification_lines l join tickets t on t.id = l.ticket_id
        where t.status <> 'completed' or l.posted_at is distinct from t.closed_at`),
    ).toBe(0);
    expect(
      await count(`select count(*) n from tickets t where t.status = 'completed'
        and exists (select 1 from worklogs w where w.ticket_id = t.id)
        and not exists (select 1 from specification_lines l where l.ticket_id = t.id)`),
    ).toBe(0);
    expect(
      await count(`select count(*) n from tickets t
        where exists (select 1 from specification_lines l where l.ticket_id = t.id) <>
          exists (select 1 from ticket_events e where e.ticket_id = t.id and e.kind = 'specification_posted' and e.internal
            and (e.data->>'hours')::numeric = (select sum(hours) from specification_lines l where l.ticket_id = t.id))`),
    ).toBe(0);
    // A posted line accounts for its hours once, its money is its paid hours at the rate, and its balance
    // hours left the ledger by the entry posting.ts would have made.
    expect(
      await count(`select count(*) n from specification_lines where posted_at is null
        or balance_hours + paid_hours + free_hours <> hours
        or amount <> round(paid_hours * coalesce(rate, 0), 2)
        or (balance_hours > 0) <> (ledger_entry_id is not null)`),
    ).toBe(0);
    expect(
      await count(`select count(*) n from specification_lines l left join ledger_entries e on e.id = l.ledger_entry_id
        where l.ledger_entry_id is not null and (e.id is null or e.kind <> 'consume' or e.hours <> -l.balance_hours
          or e.external_id <> 'spec:' || l.id or e.contract_id <> l.contract_id or e.ticket_id <> l.ticket_id
          or e.created_at <> l.posted_at)`),
    ).toBe(0);
    expect(
      await count(`select count(*) n from ledger_entries e where e.kind = 'consume'
        and not exists (select 1 from specification_lines l where l.ledger_entry_id = e.id)`),
    ).toBe(0);
    // Ids follow time, and no balance without overdraft ever went below zero.
    expect(
      await count(`select count(*) n from (select created_at < lag(created_at) over (order by id) as back
        from ledger_entries) e where back`),
    ).toBe(0);
    expect(
      await count(`select count(*) n from (select sum(e.hours) over (partition by e.contract_id order by e.id) as running,
        k.allows_overdraft from ledger_entries e join contracts k on k.id = e.contract_id) r
        where r.running < 0 and not r.allows_overdraft`),
    ).toBe(0);
    // The next entry the product posts gets a fresh id.
    const [ids] = await rows<{ next: number; max: number }>(
      "select nextval(pg_get_serial_sequence('ledger_entries', 'id')) as next, (select max(id) from ledger_entries) as max",
    );
    expect(Number(ids?.next)).toBeGreaterThan(Number(ids?.max));

    // The product's own statement agrees with the ledger, month by month, for the heaviest clients.
    const dispatcherId = (
      await handle.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', BENCH_ACCOUNTS.dispatcher)
        .executeTakeFirstOrThrow()
    ).id;
    const dispatcher = await loadActor(handle.db, dispatcherId, { tokenId: 'smoke' });
    if (!dispatcher) {
      throw new Error('no dispatcher');
    }
    const heaviest = await rows<{ client_id: string }>(
      'select client_id from tickets group by client_id order by count(*) desc, client_id limit 3',
    );
    const months = Array.from({ length: 6 }, (_, back) => {
      const date = new Date(report.now);
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() - back);
      return date.toISOString().slice(0, 7);
    });
    let linesSeen = 0;
    for (const { client_id: clientId } of heaviest) {
      for (const month of months) {
        const statement = await getStatement(
          { db: handle.db, clock: systemClock },
          dispatcher,
          clientId,
          month,
        );
        const centi = (value: number) => Math.round(value * 100);
        const fromRequests = statement.requests.reduce(
          (sum, request) => sum + centi(request.totals.balanceHours),
          0,
        );
        const fromLedger = statement.contracts.reduce(
          (sum, contract) => sum + centi(contract.consumedHours),
          0,
        );
        expect({ clientId, month, hours: fromRequests }).toEqual({ clientId, month, hours: fromLedger });
        for (const contract of statement.contracts) {
          expect(
            centi(contract.openingHours) +
              centi(contract.grantedHours) -
              centi(contract.consumedHours) +
              centi(contract.adjustedHours) +
              centi(contract.reversedHours),
          ).toBe(centi(contract.closingHours));
        }
        linesSeen += statement.requests.length;
      }
    }
    expect(linesSeen).toBeGreaterThan(0);
  });

  it('stores the SLA of every request as the product recomputes it', async () => {
    // The open requests and a sample of closed ones, recomputed by the product at the desk's end.
    const sample = await sql<{
      id: string;
      reacted_at: Date | null;
      reaction_due_at: Date | null;
      resolution_due_at: Date | null;
      sla_due_at: Date | null;
      sla_warn_at: Date | null;
      sla_state: string | null;
    }>`select id, reacted_at, reaction_due_at, resolution_due_at, sla_due_at, sla_warn_at, sla_state from tickets
      where status not in ('completed', 'rejected', 'irrelevant') or number % 7 = 0 order by number`.execute(
      handle.db,
    );
    expect(sample.rows.length).toBeGreaterThan(100);
    const stored = new Map(sample.rows.map((row) => [row.id, row]));
    const ms = (date: Date | string | null) => (date === null ? null : new Date(date).getTime());
    const recomputed = await recomputeSla(
      handle.db,
      sample.rows.map((row) => row.id),
      new Date(report.now),
    );
    expect(recomputed.length).toBe(sample.rows.length);
    const differences = recomputed.flatMap(({ id, stored: product }) => {
      const generated = stored.get(id);
      const mine = generated && {
        reactedAt: ms(generated.reacted_at),
        reactionDueAt: ms(generated.reaction_due_at),
        resolutionDueAt: ms(generated.resolution_due_at),
        slaDueAt: ms(generated.sla_due_at),
        slaWarnAt: ms(generated.sla_warn_at),
        slaState: generated.sla_state,
      };
      const theirs = {
        reactedAt: ms(product.reactedAt),
        reactionDueAt: ms(product.reactionDueAt),
        resolutionDueAt: ms(product.resolutionDueAt),
        slaDueAt: ms(product.slaDueAt),
        slaWarnAt: ms(product.slaWarnAt),
        slaState: product.slaState,
      };
      return JSON.stringify(mine) === JSON.stringify(theirs) ? [] : [{ id, mine, theirs }];
    });
    expect(differences.slice(0, 3)).toEqual([]);
    // Closed, waiting and overdue requests are there, and the SLA queue has running clocks to sort (which
    // of ok and warning occur depends on the hour the test runs at).
    const states = await sql<{ sla_state: string }>`select distinct sla_state from tickets`.execute(
      handle.db,
    );
    expect(states.rows.map((row) => row.sla_state)).toEqual(
      expect.arrayContaining(['breached', 'met', 'paused']),
    );
    const running = await sql<{ n: number }>`select count(*)::int as n from tickets
      where sla_due_at is not null`.execute(handle.db);
    expect(running.rows[0]?.n).toBeGreaterThan(0);
  });

  it('gives the same rows for the same seed', async () => {
    const options = {
      requests: 200,
      seed: 7,
      now: new Date('2026-01-15T00:00:00Z'),
      years: 5,
      passwordHash: 'x',
      sla: await readSlaDefaults(handle.db),
    };
    const first = hashingLoader();
    const second = hashingLoader();
    const other = hashingLoader();
    await writeDesk(first.loader, options);
    await writeDesk(second.loader, options);
    await writeDesk(other.loader, { ...options, seed: 8 });
    const digest = first.digest();
    expect(second.digest()).toBe(digest);
    expect(other.digest()).not.toBe(digest);
  });

  it('runs every scenario and the floor against the app', async () => {
    const fixtures = await loadFixtures(handle.db);
    const floor = await measureFloor(handle.db, fixtures, { seconds: 0.5, concurrency: 8 });
    expect(floor.requests).toBeGreaterThan(0);

    const dataDir = await mkdtemp(path.join(tmpdir(), 'zayavka-bench-'));
    const app = await buildApp({
      db: handle.db,
      engine: handle.engine,
      listen: handle.listen,
      clock: systemClock,
      config: { ...loadConfig({}), dataDir },
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const results = await runScenarios({
        baseUrl,
        tokens: await tokensFor(baseUrl),
        fixtures,
        seconds: 0.5,
        warmupSeconds: 0,
        connections: 4,
        serverPid: process.pid,
        statementClients: 20,
      });
      expect(results.map((result) => [result.key, result.status])).toEqual([
        ['create', 'measured'],
        ['queue', 'measured'],
        ['queue-filtered', 'measured'],
        ['queue-sla', 'measured'],
        ['queue-sla-dispatcher', 'measured'],
        ['search', 'measured'],
        ['page', 'measured'],
        ['transition', 'measured'],
        ['statement', 'measured'],
        ['statement-pdf', 'measured'],
        ['statement-xlsx', 'measured'],
        ['act-pdf', 'measured'],
        ...[
          'volume',
          'stages',
          'sla',
          'labour',
          'utilization',
          'clients',
          'first-line',
          'estimates',
          'free-work',
          'clients-xlsx',
        ].map((report) => [`report-${report}`, 'measured']),
        ['statements-all', 'measured'],
        ['statements-all-pdf', 'measured'],
      ]);
      // All statements of the month were read, to the end.
      for (const key of ['statements-all', 'statements-all-pdf']) {
        expect(results.find((result) => result.key === key)?.requests).toBe(20);
      }
      for (const result of results.filter((candidate) => candidate.status === 'measured')) {
        expect({ key: result.key, errors: result.errors, codes: result.statusCodes }).toEqual({
          key: result.key,
          errors: 0,
          codes: expect.any(Object),
        });
        expect({ key: result.key, requests: result.requests }).toEqual({
          key: result.key,
          requests: expect.any(Number),
        });
        expect({ key: result.key, ok: (result.requests ?? 0) > 0 }).toEqual({ key: result.key, ok: true });
      }
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
    // What the run added goes, so the next run measures the same desk.
    expect(await cleanUp(handle.db, fixtures)).toBeGreaterThan(0);
    const left = await handle.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(REQUESTS);
  }, 120_000);
});
