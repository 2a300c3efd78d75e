// node bench/explain-queue.ts --database-url postgres://… [--runs 5]
// EXPLAIN (ANALYZE, BUFFERS) of the queue's filters and group counts (issue 7, item 1), run through the
// server's own service functions as bench/explain.ts does. Prints each plan's shape once and the median
// execution time of several runs, so a cold cache does not decide the figure.
import { parseArgs } from 'node:util';
import { benchActors, openRecordingDb } from './recording-db.ts';
import type { CompiledQuery } from 'kysely';
import { countGroups } from '#server/modules/queue/groups.ts';
import { listTickets } from '#server/modules/tickets/service.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'database-url': { type: 'string' }, runs: { type: 'string', default: '5' } },
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('usage: node bench/explain-queue.ts --database-url postgres://…');
  }
  const runs = Number(values.runs);
  const { db, pool, recorder } = openRecordingDb(databaseUrl);
  try {
    const { agent, dispatcher } = await benchActors(db);
    const top = await db
      .selectFrom('tickets')
      .select(['client_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('client_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const rareType = await db
      .selectFrom('tickets')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('type')
      .orderBy('n', 'asc')
      .executeTakeFirstOrThrow();
    const latest = await db
      .selectFrom('tickets')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .executeTakeFirstOrThrow();
    const weekAgo = new Date(new Date(latest.at).getTime() - 7 * 86_400_000).toISOString();
    const open = ['new', 'evaluated', 'approved', 'planned', 'in_progress'] as const;

    const cases: [string, () => Promise<unknown>][] = [
      [
        `agent queue, type=${rareType.type} (rarest type)`,
        () => listTickets(db, agent, { sort: 'priority', type: rareType.type }),
      ],
      [
        'agent queue, channel=telegram',
        () => listTickets(db, agent, { sort: 'priority', channel: 'telegram' }),
      ],
      [
        'agent queue, created in the last week',
        () => listTickets(db, agent, { sort: 'priority', createdFrom: weekAgo }),
      ],
      [
        'agent queue, unassigned open',
        () => listTickets(db, agent, { sort: 'priority', status: [...open], without: ['assignee'] }),
      ],
      [
        'dispatcher queue, created last week, newest first',
        () => listTickets(db, dispatcher, { createdFrom: weekAgo }),
      ],
      ['group counts: agent, open by client', () => countGroups(db, agent, 'client', { status: [...open] })],
      ['group counts: agent, open by status', () => countGroups(db, agent, 'status', { status: [...open] })],
      ['group counts: agent, all by assignee', () => countGroups(db, agent, 'assignee', {})],
      [
        'group counts: agent, heaviest client by status',
        () => countGroups(db, agent, 'status', { clientId: top.client_id ?? '' }),
      ],
      [
        'group counts: dispatcher, open by line',
        () => countGroups(db, dispatcher, 'line', { status: [...open] }),
      ],
      ['group counts: dispatcher, all by status', () => countGroups(db, dispatcher, 'status', {})],
    ];
    for (const [title, run] of cases) {
      recorder.reset();
      await run();
      const query = recorder.queries.at(-1);
      if (query) {
        await explain(title, query);
      }
    }
  } finally {
    await db.destroy();
  }

  async function explain(title: string, query: CompiledQuery) {
    const times: number[] = [];
    let shape = '';
    for (let run = 0; run < runs; run += 1) {
      const plan = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
        query.parameters as unknown[],
      );
      const lines = plan.rows.map((row) => row['QUERY PLAN']);
      shape ||= lines.join('\n');
      const execution = lines.find((line) => line.startsWith('Execution Time'));
      times.push(Number(/([\d.]+) ms/.exec(execution ?? '')?.[1] ?? NaN));
    }
    times.sort((a, b) => a - b);
    console.log(`\n=== ${title}: median ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms of ${runs}\n`);
    console.log(shape);
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
