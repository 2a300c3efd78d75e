// node bench/sla-recompute.ts --database-url postgres://… [--data-dir …]
//
// Issue 6, "Speed": after a calendar edit, the SLA due times of every open request it governs are
// recomputed from their histories. This edits the default calendar of the benchmark desk (a new
// holiday) and times what the SLA job does about it, then undoes the edit and times it again.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrateToLatest } from '#server/db/migrate.ts';
import { recomputeOpenSla } from '#server/modules/sla/service.ts';
import { describeTarget, openBenchDatabase, targetFrom } from './db.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    'batch-size': { type: 'string', default: '2000' },
  },
});
const target = targetFrom(values);
const bench = await openBenchDatabase(target);
try {
  await migrateToLatest(bench.db);
  const calendar = await bench.db
    .selectFrom('business_calendars')
    .select(['id', 'exceptions'])
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow();
  const open = await sql<{ count: number }>`select count(*)::int as count from tickets
    where status not in ('completed', 'rejected', 'irrelevant')`.execute(bench.db);
  console.log(`${describeTarget(target)}: ${open.rows[0]?.count ?? 0} open requests`);
  const batchSize = Number(values['batch-size']);
  const now = new Date();
  for (const [label, exceptions] of [
    ['a holiday added', { '2026-12-30': { kind: 'holiday' } }],
    ['the edit undone', calendar.exceptions],
  ] as const) {
    await bench.db
      .updateTable('business_calendars')
      .set({ exceptions: JSON.stringify(exceptions), version: sql<number>`version + 1` })
      .where('id', '=', calendar.id)
      .execute();
    const started = performance.now();
    const count = await recomputeOpenSla(bench.db, now, { calendarId: calendar.id, batchSize });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${label}: recomputed ${count} requests in ${seconds.toFixed(2)} s (${Math.round(count / seconds)}/s, batches of ${batchSize})`,
    );
  }
} finally {
  await bench.close();
}
