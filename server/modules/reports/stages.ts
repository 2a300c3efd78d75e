import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { STATUSES } from '#common/tickets.ts';
import { type ReportScope, num, visibleTicketRows } from './scope.ts';

// Processing time per lifecycle stage. Every request is born `new`; each `transitioned` event ends a
// stay in its `from` status, begun at the request's previous transition or at its registration. A stay is counted in the period it
// ended in (a request still sitting in a status has no finished stay there yet), so a month's numbers
// do not change once the month is over. A request that goes back (done → in_progress after the client
// returned it) has two stays in in_progress, both counted. Durations are wall-clock hours: how long the
// client waited, not working time.

export type StageRow = {
  status: string;
  stays: number;
  medianHours: number;
  p90Hours: number;
  avgHours: number;
};
export type StagesReport = {
  stages: StageRow[];
  /** From registration to the end of the lifecycle, for the requests closed in the period. */
  leadTime: { requests: number; medianHours: number | null; p90Hours: number | null };
};

type Row = { status: string; stays: string; median: string; p90: string; avg: string };

export async function stagesReport(db: Db, scope: ReportScope): Promise<StagesReport> {
  const t = visibleTicketRows(db, scope);
  const { start, end } = scope;
  const hours = (from: string, to: string) => sql.raw(`extract(epoch from (${to} - ${from})) / 3600`);
  const [stays, lead] = await Promise.all([
    // A stay ends at a transition: its status is the transition's `from`, its start the request's
    // previous transition (or its registration). Starting from the transitions of the period keeps the
    // scan to one period's events instead of every request's whole history.
    // Materialized so the previous-transition lookup runs once per stay, not once per aggregate.
    sql<Row>`
      with t as not materialized (${t}),
      stays as materialized (
        select e.data->>'from' as status,
          extract(epoch from e.created_at - coalesce((
            select p.created_at from ticket_events p
            where p.ticket_id = e.ticket_id and p.kind = 'transitioned' and p.id < e.id
            order by p.id desc limit 1
          ), t.created_at)) / 3600 as hours
        from ticket_events e cross join lateral (select t.* from t where t.id = e.ticket_id offset 0) t
        where e.kind = 'transitioned' and e.created_at >= ${start} and e.created_at < ${end}
      )
      select status, count(*) as stays,
        percentile_cont(0.5) within group (order by hours) as median,
        percentile_cont(0.9) within group (order by hours) as p90,
        avg(hours) as avg
      from stays
      group by status`.execute(db),
    sql<{ requests: string; median: string | null; p90: string | null }>`
      with t as not materialized (${t})
      select count(*) as requests,
        percentile_cont(0.5) within group (order by ${hours('created_at', 'closed_at')}) as median,
        percentile_cont(0.9) within group (order by ${hours('created_at', 'closed_at')}) as p90
      from t where closed_at >= ${start} and closed_at < ${end}`.execute(db),
  ]);
  const order = (status: string) => {
    const index = (STATUSES as readonly string[]).indexOf(status);
    return index < 0 ? STATUSES.length : index;
  };
  const leadRow = lead.rows[0];
  return {
    stages: stays.rows
      .map((row) => ({
        status: row.status,
        stays: Number(row.stays),
        medianHours: num(row.median),
        p90Hours: num(row.p90),
        avgHours: num(row.avg),
      }))
      .sort((a, b) => order(a.status) - order(b.status) || a.status.localeCompare(b.status)),
    leadTime: {
      requests: Number(leadRow?.requests ?? 0),
      medianHours: leadRow?.median == null ? null : num(leadRow.median),
      p90Hours: leadRow?.p90 == null ? null : num(leadRow.p90),
    },
  };
}
