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
import { AGENT_COUNT, CLIENT_COUNT, type DeskReport, generateDesk, writeDesk } from './desk.ts';
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

  it('gives the same rows for the same seed', async () => {
    const options = {
      requests: 200,
      seed: 7,
      now: new Date('2026-01-15T00:00:00Z'),
      years: 5,
      passwordHash: 'x',
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
        seconds: 1,
        warmupSeconds: 0,
        connections: 4,
        serverPid: process.pid,
      });
      expect(results.map((result) => [result.key, result.status])).toEqual([
        ['create', 'measured'],
        ['queue', 'measured'],
        ['queue-filtered', 'measured'],
        ['queue-sla', 'n/a'],
        ['search', 'measured'],
        ['page', 'measured'],
        ['transition', 'measured'],
        ['statements', 'n/a'],
      ]);
      for (const result of results.filter((candidate) => candidate.status === 'measured')) {
        expect({ key: result.key, errors: result.errors, codes: result.statusCodes }).toEqual({
          key: result.key,
          errors: 0,
          codes: expect.any(Object),
        });
        expect(result.requests).toBeGreaterThan(0);
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
  }, 60_000);
});
