import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { type ReportScope, share, visibleTicketRows } from './scope.ts';

// First-line resolution: of the requests completed in the period, the share that was never escalated
// (tickets.escalations counts the moves up; a return to a lower line is not one). Requests are grouped
// by the line they started on — the `from` line of their first line move, else the line they are on —
// so an escalated request counts against the line that gave it up, and by service.

type Share = { completed: number; withoutEscalation: number; share: number | null };
export type FirstLineReport = {
  totals: Share;
  lines: (Share & { lineId: string | null; name: string | null; level: number | null })[];
  services: (Share & { serviceId: string | null; name: string | null })[];
};

export async function firstLineReport(db: Db, scope: ReportScope): Promise<FirstLineReport> {
  const t = visibleTicketRows(db, scope);
  const { start, end } = scope;
  // `done` is materialized so each request's first line move is looked up once; one pass groups it
  // by line and by service.
  const result = await sql<{
    dim: 'line' | 'service';
    key: string | null;
    name: string | null;
    level: number | null;
    completed: string;
    kept: string;
  }>`
    with t as not materialized (${t}),
    done as materialized (
      select t.id, t.service_id, t.escalations,
        coalesce((
          select (e.data->'from'->>'lineId')::uuid from ticket_events e
          where e.ticket_id = t.id and e.kind in ('escalated', 'de_escalated')
          order by e.id limit 1
        ), t.line_id) as first_line_id
      from t where t.status = 'completed' and t.closed_at >= ${start} and t.closed_at < ${end}
    )
    select case when grouping(d.first_line_id) = 0 then 'line' else 'service' end as dim,
      coalesce(d.first_line_id, d.service_id) as key, coalesce(l.name, s.name) as name,
      max(l.level) as level, count(*) as completed, count(*) filter (where d.escalations = 0) as kept
    from done d
    left join support_lines l on l.id = d.first_line_id
    left join services s on s.id = d.service_id
    group by grouping sets ((d.first_line_id, l.name), (d.service_id, s.name))
    order by case when grouping(d.first_line_id) = 0 then max(l.level) end nulls last, completed desc, name`.execute(
    db,
  );
  const lines = { rows: result.rows.filter((row) => row.dim === 'line') };
  const services = { rows: result.rows.filter((row) => row.dim === 'service') };
  const shareOf = (row: { completed: string; kept: string }): Share => ({
    completed: Number(row.completed),
    withoutEscalation: Number(row.kept),
    share: share(Number(row.kept), Number(row.completed)),
  });
  const all = lines.rows.reduce(
    (acc, row) => ({ completed: acc.completed + Number(row.completed), kept: acc.kept + Number(row.kept) }),
    { completed: 0, kept: 0 },
  );
  return {
    totals: { completed: all.completed, withoutEscalation: all.kept, share: share(all.kept, all.completed) },
    lines: lines.rows.map((row) => ({
      lineId: row.key,
      name: row.name,
      level: row.level,
      ...shareOf(row),
    })),
    services: services.rows.map((row) => ({ serviceId: row.key, name: row.name, ...shareOf(row) })),
  };
}
