// node bench/explain.ts --database-url postgres://… [--q принтеры] [--rare Zebra]
// EXPLAIN (ANALYZE, BUFFERS) of the queries behind the benchmark's scenarios. The queries are not copied
// here: the server's own service functions run against a Kysely that records what they send, and each
// recorder.queries statement is explained with its parameters — so the plans stay those of the current code.
// The create is run and explained inside transactions that are rolled back: the desk stays as it was.
import { parseArgs } from 'node:util';
import { benchActors, openRecordingDb } from './recording-db.ts';
import { type CompiledQuery, sql } from 'kysely';
import { systemClock } from '#server/clock.ts';
import { authenticateToken } from '#server/modules/auth/service.ts';
import {
  createTicket,
  getTicket,
  listComments,
  listEvents,
  listTickets,
} from '#server/modules/tickets/service.ts';
import { getStatement } from '#server/modules/statements/service.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      q: { type: 'string', default: 'принтеры' },
      rare: { type: 'string', default: 'Zebra' },
      month: { type: 'string' },
    },
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('usage: node bench/explain.ts --database-url postgres://…');
  }
  const { db, pool, recorder } = openRecordingDb(databaseUrl);
  try {
    const { agent, dispatcher } = await benchActors(db);
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

    const month =
      values.month ??
      (
        await sql<{
          month: string;
        }>`select to_char(date_trunc('month', max(posted_at) at time zone 'Europe/Moscow')
          - interval '1 month', 'YYYY-MM') as month from specification_lines`.execute(db)
      ).rows[0]?.month ??
      '';
    const statement = (clientId: string) => () =>
      getStatement({ db, clock: systemClock }, dispatcher, clientId, month);
    const smallest = await db
      .selectFrom('tickets')
      .select(['client_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('client_id')
      .orderBy('n', 'asc')
      .executeTakeFirstOrThrow();

    const rollback = new Error('rolled back');
    // `all`: explain every statement the case sends (a statement reads its lines and contracts apart).
    const cases: [string, () => Promise<unknown>, { all?: boolean }?][] = [
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
      ["agent's queue sorted by SLA due time", () => listTickets(db, agent, { sort: 'slaDueAt' })],
      ["dispatcher's queue sorted by SLA due time", () => listTickets(db, dispatcher, { sort: 'slaDueAt' })],
      [`statement of the heaviest client, ${month}`, statement(top.client_id ?? ''), { all: true }],
      [`statement of the lightest client, ${month}`, statement(smallest.client_id ?? ''), { all: true }],
    ];
    for (const [title, run, options] of cases) {
      recorder.reset();
      await run();
      // The statement that does the work: the last one, BEGIN and ROLLBACK aside (or each of them).
      const sent = recorder.queries.filter((q) => !/^(begin|commit|rollback)\b/i.test(q.sql));
      for (const [index, query] of (options?.all ? sent : sent.slice(-1)).entries()) {
        await explain(options?.all ? `${title} (${index + 1} of ${sent.length})` : title, query);
      }
    }
  } finally {
    await db.destroy();
  }

  async function explain(title: string, query: CompiledQuery) {
    {
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
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
