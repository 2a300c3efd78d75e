// node bench/sla-recompute.ts --database-url postgres://… [--data-dir …] [--open 100000]
//   [--edits holiday,hours]
//
// Issue 6, "Speed": after a calendar edit, the SLA due times of every open request it governs are
// recomputed from their histories; the target is 100,000 open requests in under 10 s. This times what the
// SLA job (watchSla) does after an edit of the default calendar, which every generated client works by.
//
// The data. A generated desk (bench/generate.ts) has about 2.5 % of its requests open: 25k of 1M. Unless
// the desk already has `--open` open requests, a preparation step (below, `reopen`) makes up the rest from
// the newest completed requests: each one's history is cut back to a transition it went through — to
// `in_progress` for 6 in 10 of them (by request number), `done` (waiting for the client, so its clock is
// paused) for 2, `planned` and `approved` for 1 each — deleting the events, comments and worklogs after
// that point, and the request takes that status again (closed_at, and what the later steps had set,
// cleared). The desk is left as if its newest requests were still in work. Then every open request's SLA
// columns are filled once without signalling (the generator leaves them empty; a live desk has them).
// Both steps change the database for good, and a later run finds them done.
//
// Each edit is timed twice, made and undone: `holiday` makes the next weekday a holiday (moving every
// clock that runs past it), `hours` shortens the working day to 9:00–17:00 (changing nearly every running
// clock, and its undo pushes some requests into warning, which the job signals). Before the edits, one
// recompute with no edit times the reading and computing alone. Each undo restores the calendar as this
// run found it: a run stopped between an edit and its undo leaves the edit in place (the generated desk's
// default calendar has `exceptions` {} and the 9:00–18:00 week).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { migrateToLatest } from '#server/db/migrate.ts';
import { type CalendarInput, updateCalendar } from '#server/modules/sla/admin.ts';
import { parseJson, recomputeOpenSla } from '#server/modules/sla/service.ts';
import { watchSla } from '#server/modules/sla/watch.ts';
import { describeTarget, openBenchDatabase, targetFrom } from './db.ts';
import { cpuMeter } from './scenarios.ts';

type CalendarPatch = Partial<CalendarInput>;

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    open: { type: 'string', default: '100000' },
    edits: { type: 'string', default: 'holiday,hours' },
  },
});

const OPEN = ['new', 'evaluated', 'approved', 'planned', 'in_progress', 'done', 'stale'];
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/** Re-opens the newest completed requests until `wanted` are open (see the header). */
async function reopen(db: Db, wanted: number): Promise<void> {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from tickets
    where status in (${sql.join(OPEN)})`.execute(db);
  const need = wanted - (rows[0]?.count ?? 0);
  if (need <= 0) {
    return;
  }
  console.log(`re-opening ${need} completed requests (${load()})`);
  const started = performance.now();
  await db.transaction().execute(async (tx) => {
    await sql`create temporary table reopened on commit drop as
      select t.id, (array['in_progress', 'in_progress', 'in_progress', 'in_progress', 'in_progress',
          'in_progress', 'done', 'done', 'planned', 'approved'])[t.number % 10 + 1] as status,
        null::bigint as cut_id, null::timestamptz as cut_at
      from tickets t where t.status = 'completed' order by t.number desc limit ${need}`.execute(tx);
    await sql`update reopened r set (cut_id, cut_at) = (select e.id, e.created_at from ticket_events e
        where e.ticket_id = r.id and e.kind = 'transitioned' and e.data->>'to' = r.status
        order by e.id desc limit 1)`.execute(tx);
    await sql`delete from reopened where cut_id is null`.execute(tx);
    await sql`delete from ticket_events e using reopened r where e.ticket_id = r.id and e.id > r.cut_id`.execute(
      tx,
    );
    await sql`delete from ticket_comments c using reopened r where c.ticket_id = r.id and c.created_at > r.cut_at`.execute(
      tx,
    );
    await sql`delete from worklogs w using reopened r where w.ticket_id = r.id and w.started_at > r.cut_at`.execute(
      tx,
    );
    const before = (status: string, column: string) =>
      sql.raw(`case when r.status in (${status}) then t.${column} end`);
    await sql`update tickets t set status = r.status, closed_at = null, updated_at = r.cut_at,
        resolution = ${before("'done'", 'resolution')},
        assignee_id = ${before("'planned', 'in_progress', 'done'", 'assignee_id')},
        planned_start = ${before("'planned', 'in_progress', 'done'", 'planned_start')},
        planned_end = ${before("'planned', 'in_progress', 'done'", 'planned_end')},
        acceptance_criteria = ${before("'planned', 'in_progress', 'done'", 'acceptance_criteria')}
      from reopened r where t.id = r.id`.execute(tx);
  });
  await sql`vacuum (analyze) tickets, ticket_events, ticket_comments, worklogs`.execute(db);
  console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const target = targetFrom(values);
const bench = await openBenchDatabase(target);
const database = 'databaseUrl' in target ? new URL(target.databaseUrl).pathname.slice(1) : undefined;
try {
  await migrateToLatest(bench.db);
  await reopen(bench.db, Number(values.open));
  const calendar = await bench.db
    .selectFrom('business_calendars')
    .select(['id', 'week', 'exceptions'])
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow();
  const now = new Date();

  const empty = await sql<{ count: number }>`select count(*)::int as count from tickets
    where status in (${sql.join(OPEN)}) and sla_state is null`.execute(bench.db);
  if ((empty.rows[0]?.count ?? 0) > 0) {
    console.log(`filling the SLA of ${empty.rows[0]?.count} open requests, without signals (${load()})`);
    const started = performance.now();
    await recomputeOpenSla(bench.db, now, { calendarId: calendar.id });
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const census = await sql<{ status: string; sla_state: string | null; count: number }>`
    select status, sla_state, count(*)::int as count from tickets where status in (${sql.join(OPEN)})
    group by 1, 2 order by 1, 2`.execute(bench.db);
  const total = census.rows.reduce((sum, row) => sum + row.count, 0);
  console.log(`${describeTarget(target)}: ${total} open requests, now ${now.toISOString()}`);
  console.log(`  ${census.rows.map((r) => `${r.status}/${r.sla_state ?? '-'} ${r.count}`).join(', ')}`);

  const week = (end: number) =>
    Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day, i) => [
        day,
        i < 5 ? [{ start: 540, end }] : [],
      ]),
    ) as CalendarPatch['week'];
  // The first Monday–Friday after today (UTC date): a day off announced at short notice.
  let nextWeekday = '';
  for (let day = 1; !nextWeekday; day += 1) {
    const date = new Date(now.getTime() + day * 86_400_000);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) {
      nextWeekday = date.toISOString().slice(0, 10);
    }
  }
  const original = {
    week: parseJson<CalendarPatch['week']>(calendar.week),
    exceptions: parseJson<CalendarPatch['exceptions']>(calendar.exceptions),
  };
  const edits: Record<string, [string, CalendarPatch][]> = {
    holiday: [
      [
        `a holiday added on ${nextWeekday}`,
        { exceptions: { ...original.exceptions, [nextWeekday]: { kind: 'holiday' } } },
      ],
      ['the holiday undone', original],
    ],
    hours: [
      ['working day shortened to 9:00–17:00', { week: week(1020) }],
      ['the working day undone', original],
    ],
  };
  const clock = { now: () => now };
  const steps: [string, CalendarPatch | null][] = [
    ['no edit', null],
    ...(values.edits ?? '').split(',').flatMap((name) => edits[name] ?? []),
  ];
  for (const [label, change] of steps) {
    // An edit goes the admin's way (what it changes decides what the job reads); "no edit" asks the job
    // for a recompute of everything, as adopting a calendar does.
    if (change) {
      await updateCalendar(bench.db, clock, calendar.id, change);
    } else {
      await bench.db
        .updateTable('business_calendars')
        .set({ recompute_requested_at: now, recompute_from: null })
        .where('id', '=', calendar.id)
        .execute();
    }
    const meter = cpuMeter([process.pid], database ? { database } : {});
    const loadBefore = load();
    meter.start();
    const started = performance.now();
    const node = process.cpuUsage();
    const result = await watchSla({ db: bench.db, clock });
    const seconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(node);
    const usage = meter.stop();
    console.log(
      `${label.padEnd(36)} ${seconds.toFixed(2).padStart(7)} s  recomputed ${result.recomputed}, ` +
        `changed ${result.changed}, signalled ${result.signalled}; CPU: node ${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(2)} s, ` +
        `PostgreSQL ${((usage.postgresMs ?? 0) / 1000).toFixed(2)} s, others ${usage.foreignPct ?? '?'} % ` +
        `of the machine; load ${loadBefore}`,
    );
  }
} finally {
  await bench.close();
}
