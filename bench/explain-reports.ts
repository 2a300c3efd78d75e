// node bench/explain-reports.ts --database-url postgres://… [--from 2026-10-01 --to 2026-11-01] [--plans]
// Times every period report of issue 9 for one month, all clients, as the dispatcher and as an agent,
// through the server's own report functions; with --plans, EXPLAIN (ANALYZE, BUFFERS) of each statement
// they send (recorder.queries from a logging Kysely, so the plans are those of the current code).
import { parseArgs } from 'node:util';
import { openRecordingDb } from './recording-db.ts';
import type { CompiledQuery } from 'kysely';
import { systemClock } from '#server/clock.ts';
import type { AppDeps } from '#server/deps.ts';
import { loadActor } from '#server/modules/auth/actor.ts';
import { REPORTS } from '#server/modules/reports/registry.ts';
import { BENCH_ACCOUNTS } from './desk.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      from: { type: 'string', default: '2026-10-01' },
      to: { type: 'string', default: '2026-11-01' },
      plans: { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
    },
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('usage: node bench/explain-reports.ts --database-url postgres://…');
  }
  const { db, pool, recorder } = openRecordingDb(databaseUrl);
  // Only db and clock are read by the reports.
  const deps = { db, clock: systemClock } as unknown as AppDeps;
  try {
    const idOf = async (email: string) =>
      (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const actors = {
      dispatcher: await loadActor(db, await idOf(BENCH_ACCOUNTS.dispatcher), { tokenId: 'explain' }),
      agent: await loadActor(db, await idOf(BENCH_ACCOUNTS.agent1), { tokenId: 'explain' }),
    };
    const query = {
      from: values.from,
      to: values.to,
      timeZone: 'Europe/Moscow',
      granularity: 'day' as const,
    };
    console.log(`| report | caller | best of ${values.runs}, ms |\n| --- | --- | ---: |`);
    for (const report of REPORTS) {
      for (const [who, actor] of Object.entries(actors)) {
        if (!actor || !report.access.includes(actor.role)) {
          continue;
        }
        let best = Infinity;
        for (let run = 0; run < Number(values.runs); run += 1) {
          recorder.reset();
          const started = performance.now();
          await report.run(deps, actor, query);
          best = Math.min(best, performance.now() - started);
        }
        console.log(`| ${report.name} | ${who} | ${best.toFixed(0)} |`);
        if (values.plans && who === 'dispatcher') {
          for (const [index, statement] of recorder.queries.entries()) {
            await explain(`${report.name} (${index + 1} of ${recorder.queries.length})`, statement);
          }
        }
      }
    }
  } finally {
    await db.destroy();
  }

  async function explain(title: string, statement: CompiledQuery) {
    const client = await pool.connect();
    try {
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.parameters as unknown[],
      );
      console.error(`\n=== ${title}\n${statement.sql}\n`);
      console.error(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
    } finally {
      client.release();
    }
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
