// node bench/explain.ts --database-url postgres://… [--q принтеры] [--rare Zebra]
// EXPLAIN (ANALYZE, BUFFERS) of the queries behind the benchmark's scenarios. The queries are not copied
// here: the server's own service functions run against a Kysely that records what they send, and each
// recorded statement is explained with its parameters — so the plans stay those of the current code.
// The create is run and explained inside transactions that are rolled back: the desk stays as it was.
import { parseArgs } from 'node:util';
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import '#server/db/client.ts';
import type { Database } from '#server/db/schema.ts';
import { systemClock } from '#server/clock.ts';
import { loadActor } from '#server/modules/auth/actor.ts';
import { authenticateToken } from '#server/modules/auth/service.ts';
import {
  createTicket,
  getTicket,
  listComments,
  listEvents,
  listTickets,
} from '#server/modules/tickets/service.ts';
import { BENCH_ACCOUNTS } from './desk.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      q: { type: 'string', default: 'принтеры' },
      rare: { type: 'string', default: 'Zebra' },
    },
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('usage: node bench/explain.ts --database-url postgres://…');
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let recorded: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') {
        recorded.push(event.query);
      }
    },
  });
  try {
    const idOf = async (email: string) =>
      (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const agent = await loadActor(db, await idOf(BENCH_ACCOUNTS.agent1), { tokenId: 'explain' });
    const dispatcher = await loadActor(db, await idOf(BENCH_ACCOUNTS.dispatcher), { tokenId: 'explain' });
    if (!agent || !dispatcher) {
      throw new Error('the bench users are missing');
    }
    const top = await db
      .selectFrom('tickets')
      .select(['client_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('client_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const sample = await db
      .selectFrom('tickets')
      .select('id')
      .orderBy('number')
      .offset(1000)
      .executeTakeFirstOrThrow();

    const rollback = new Error('rolled back');
    const cases: [string, () => Promise<unknown>][] = [
      [
        'authentication: an API token and its user, one query',
        () => authenticateToken({ db, clock: systemClock, sessionTtlHours: 1 }, 'zy_explain'),
      ],
      [
        'create a request (one statement; run in a transaction that is rolled back)',
        () =>
          db
            .transaction()
            .execute(async (tx) => {
              await createTicket(tx, systemClock, agent, {
                title: 'Не печатает принтер',
                clientId: top.client_id ?? '',
                channel: 'phone',
              });
              throw rollback;
            })
            .catch((error: unknown) => {
              if (error !== rollback) {
                throw error;
              }
            }),
      ],
      ["agent's default queue page", () => listTickets(db, agent, {})],
      [
        'queue by client and status (heaviest client, in_progress)',
        () => listTickets(db, agent, { clientId: top.client_id ?? '', status: ['in_progress'] }),
      ],
      [
        'queue by client and status (heaviest client, completed)',
        () => listTickets(db, agent, { clientId: top.client_id ?? '', status: ['completed'] }),
      ],
      [`search «${values.q}»`, () => listTickets(db, agent, { q: values.q })],
      [`search «${values.rare}» (a rare word)`, () => listTickets(db, agent, { q: values.rare })],
      ['request page: the request', () => getTicket(db, dispatcher, sample.id)],
      ['request page: events', () => listEvents(db, dispatcher, sample.id)],
      ['request page: comments', () => listComments(db, dispatcher, sample.id)],
    ];
    for (const [title, run] of cases) {
      recorded = [];
      await run();
      // The statement that does the work: the last one, BEGIN and ROLLBACK aside.
      const query = recorded.filter((q) => !/^(begin|commit|rollback)\b/i.test(q.sql)).at(-1);
      if (!query) {
        continue;
      }
      const client = await pool.connect();
      try {
        await client.query('begin');
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
          query.parameters as unknown[],
        );
        console.log(`\n=== ${title}\n${query.sql}\n`);
        console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
      } finally {
        await client.query('rollback');
        client.release();
      }
    }
  } finally {
    await db.destroy();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
