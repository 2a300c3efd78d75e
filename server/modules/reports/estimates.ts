import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { type ReportScope, num, share, visibleTicketRows } from './scope.ts';

// Estimate accuracy: for the requests completed in the period that had an estimate, the hours actually
// recorded on them (all their worklogs, whenever recorded) against the estimate, by service and by
// assignee; the ratio is actual ÷ estimate over the group (1 is exact, above 1 is underestimated) and
// the median of the requests' own ratios. Planned end dates: of those that had one, the share whose
// first arrival in `done` came no later than the planned end.

type Accuracy = {
  requests: number;
  estimateHours: number;
  actualHours: number;
  ratio: number | null;
  medianRatio: number | null;
  planned: number;
  plannedKept: number;
  plannedKeptShare: number | null;
};
export type EstimatesReport = {
  totals: Accuracy;
  services: (Accuracy & { serviceId: string | null; name: string | null })[];
  employees: (Accuracy & { userId: string | null; name: string | null })[];
};

type Row = {
  key: string | null;
  name: string | null;
  requests: string;
  estimate: string;
  actual: string;
  median: string | null;
  planned: string;
  kept: string;
};

export async function estimatesReport(db: Db, scope: ReportScope): Promise<EstimatesReport> {
  const t = visibleTicketRows(db, scope);
  const { start, end } = scope;
  // One pass over the period's completed requests, grouped three ways at once.
  const result = await sql<Row & { dim: 'total' | 'service' | 'employee' }>`
    with t as not materialized (${t}),
    done as materialized (
      select t.id, t.service_id, t.assignee_id, t.estimate_hours, t.planned_end,
        coalesce((select sum(w.minutes) from worklogs w where w.ticket_id = t.id), 0) / 60.0 as actual,
        (select min(e.created_at) from ticket_events e
          where e.ticket_id = t.id and e.kind = 'transitioned' and e.data->>'to' = 'done') as done_at
      from t
      where t.status = 'completed' and t.closed_at >= ${start} and t.closed_at < ${end}
        and t.estimate_hours > 0
    )
    select
      case when grouping(d.service_id) = 0 then 'service'
           when grouping(d.assignee_id) = 0 then 'employee' else 'total' end as dim,
      coalesce(d.service_id, d.assignee_id) as key, coalesce(s.name, u.name) as name,
      count(*) as requests, sum(d.estimate_hours) as estimate, sum(d.actual) as actual,
      percentile_cont(0.5) within group (order by d.actual / d.estimate_hours) as median,
      count(*) filter (where d.planned_end is not null) as planned,
      count(*) filter (where d.planned_end is not null and d.done_at <= d.planned_end) as kept
    from done d
    left join services s on s.id = d.service_id
    left join users u on u.id = d.assignee_id
    group by grouping sets ((), (d.service_id, s.name), (d.assignee_id, u.name))
    order by actual desc`.execute(db);
  const of = (dim: string) => result.rows.filter((row) => row.dim === dim);
  const accuracy = (row: Row | undefined): Accuracy => {
    const estimate = Number(row?.estimate ?? 0);
    const actual = Number(row?.actual ?? 0);
    const planned = Number(row?.planned ?? 0);
    const kept = Number(row?.kept ?? 0);
    return {
      requests: Number(row?.requests ?? 0),
      estimateHours: num(estimate),
      actualHours: num(actual),
      ratio: estimate > 0 ? num(actual / estimate) : null,
      medianRatio: row?.median == null ? null : num(row.median),
      planned,
      plannedKept: kept,
      plannedKeptShare: share(kept, planned),
    };
  };
  return {
    totals: accuracy(of('total')[0]),
    services: of('service').map((row) => ({ serviceId: row.key, name: row.name, ...accuracy(row) })),
    employees: of('employee').map((row) => ({ userId: row.key, name: row.name, ...accuracy(row) })),
  };
}
