import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { type ReportScope, num, visibleTicketRows } from './scope.ts';

// Free work: hours given without charge but counted (updates, warranty), from the posted, unreversed
// specification lines of the period — the same lines the statements bill. A «free request» is one with
// free hours among them; the average is per such request.

type Free = {
  requests: number;
  freeHours: number;
  avgHoursPerRequest: number | null;
  shareOfBilledHours: number | null;
};
export type FreeWorkReport = {
  totals: Free;
  services: (Free & { serviceId: string | null; name: string | null })[];
  clients: (Free & { clientId: string | null; name: string | null })[];
};

type Row = { key: string | null; name: string | null; requests: string; free: string; billed: string };

export async function freeWorkReport(db: Db, scope: ReportScope): Promise<FreeWorkReport> {
  const t = visibleTicketRows(db, scope);
  const { start, end } = scope;
  const query = (key: string, join: string) => sql<Row>`
    with t as not materialized (${t}),
    lines as (
      select sl.ticket_id, sl.service_id, t.client_id, sl.free_hours, sl.hours
      from specification_lines sl cross join lateral (select t.* from t where t.id = sl.ticket_id offset 0) t
      where sl.posted_at >= ${start} and sl.posted_at < ${end} and sl.reversed_at is null
    )
    select ${sql.raw(key)} as key, ${sql.raw(key === 'null' ? 'null' : 'x.name')} as name,
      count(distinct l.ticket_id) filter (where l.free_hours > 0) as requests,
      coalesce(sum(l.free_hours), 0) as free, coalesce(sum(l.hours), 0) as billed
    from lines l ${sql.raw(join)}
    group by 1, 2
    order by free desc`;
  const [totals, services, clients] = await Promise.all([
    query('null', '').execute(db),
    query('l.service_id', 'left join services x on x.id = l.service_id').execute(db),
    query('l.client_id', 'left join clients x on x.id = l.client_id').execute(db),
  ]);
  const free = (row: Row | undefined): Free => {
    const requests = Number(row?.requests ?? 0);
    const hours = Number(row?.free ?? 0);
    const billed = Number(row?.billed ?? 0);
    return {
      requests,
      freeHours: num(hours),
      avgHoursPerRequest: requests > 0 ? num(hours / requests) : null,
      shareOfBilledHours: billed > 0 ? Math.round((hours / billed) * 1000) / 1000 : null,
    };
  };
  const positive = (row: Row) => Number(row.free) > 0;
  return {
    totals: free(totals.rows[0]),
    services: services.rows
      .filter(positive)
      .map((row) => ({ serviceId: row.key, name: row.name, ...free(row) })),
    clients: clients.rows
      .filter(positive)
      .map((row) => ({ clientId: row.key, name: row.name, ...free(row) })),
  };
}
