import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { type ReportScope, bucketOf, bucketsOf, visibleTicketRows } from './scope.ts';

// Volume: requests opened and closed in the period, and the backlog (open requests) at its start, its
// end and the end of every day, week or month. «Closed» is the end of the lifecycle — completed,
// rejected or irrelevant (tickets.closed_at) — so a request sent back from `done` still counts as open.
// The backlog series is the backlog at the start plus the running difference of opened and closed:
// one scan instead of one per bucket.

export type VolumeReport = {
  totals: { opened: number; closed: number; backlogStart: number; backlogEnd: number };
  series: { bucket: string; opened: number; closed: number; backlog: number }[];
  channels: { channel: string; opened: number }[];
  services: { serviceId: string | null; name: string | null; opened: number; closed: number }[];
};

export async function volumeReport(db: Db, scope: ReportScope): Promise<VolumeReport> {
  const t = visibleTicketRows(db, scope);
  const { start, end } = scope;
  const opened = bucketOf(scope, sql.ref('created_at'));
  const closed = bucketOf(scope, sql.ref('closed_at'));
  const [series, backlog, channels, services] = await Promise.all([
    sql<{ bucket: string; opened: string; closed: string }>`
      with t as not materialized (${t})
      select bucket, sum(opened) as opened, sum(closed) as closed from (
        select ${opened} as bucket, 1 as opened, 0 as closed from t
          where created_at >= ${start} and created_at < ${end}
        union all
        select ${closed}, 0, 1 from t where closed_at >= ${start} and closed_at < ${end}
      ) e group by bucket`.execute(db),
    sql<{ backlog: string }>`
      with t as not materialized (${t})
      select count(*) as backlog from t
      where created_at < ${start} and (closed_at is null or closed_at >= ${start})`.execute(db),
    sql<{ channel: string; opened: string }>`
      with t as not materialized (${t})
      select channel, count(*) as opened from t
      where created_at >= ${start} and created_at < ${end}
      group by channel order by opened desc, channel`.execute(db),
    sql<{ service_id: string | null; name: string | null; opened: string; closed: string }>`
      with t as not materialized (${t})
      select e.service_id, s.name, sum(e.opened) as opened, sum(e.closed) as closed from (
        select service_id, 1 as opened, 0 as closed from t where created_at >= ${start} and created_at < ${end}
        union all
        select service_id, 0, 1 from t where closed_at >= ${start} and closed_at < ${end}
      ) e left join services s on s.id = e.service_id
      group by e.service_id, s.name order by opened desc, closed desc, s.name`.execute(db),
  ]);

  const byBucket = new Map(series.rows.map((row) => [row.bucket, row]));
  const backlogStart = Number(backlog.rows[0]?.backlog ?? 0);
  let running = backlogStart;
  let openedTotal = 0;
  let closedTotal = 0;
  const buckets = bucketsOf(scope).map((bucket) => {
    const row = byBucket.get(bucket);
    const o = Number(row?.opened ?? 0);
    const c = Number(row?.closed ?? 0);
    openedTotal += o;
    closedTotal += c;
    running += o - c;
    return { bucket, opened: o, closed: c, backlog: running };
  });
  return {
    totals: { opened: openedTotal, closed: closedTotal, backlogStart, backlogEnd: running },
    series: buckets,
    channels: channels.rows.map((row) => ({ channel: row.channel, opened: Number(row.opened) })),
    services: services.rows.map((row) => ({
      serviceId: row.service_id,
      name: row.name,
      opened: Number(row.opened),
      closed: Number(row.closed),
    })),
  };
}
