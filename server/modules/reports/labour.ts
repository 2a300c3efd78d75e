import { type RawBuilder, sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { type ReportScope, bucketOf, bucketsOf, num, visibleTicketRows } from './scope.ts';

// Labour: the hours recorded (worklogs, by the day the work started) by employee, client or service,
// per day, week or month. Worklogs carry no tariff; the request's posted specification does. So each
// request's recorded hours are split in the proportions its posted, unreversed lines were billed —
// from the balance, paid, free — and the hours of a request with nothing posted yet are «unbilled».
// The four parts always add up to the recorded hours. The employee filter here means who did the work.

export const LABOUR_DIMENSIONS = ['employee', 'client', 'service'] as const;
export type LabourDimension = (typeof LABOUR_DIMENSIONS)[number];

type Split = {
  hours: number;
  balanceHours: number;
  paidHours: number;
  freeHours: number;
  unbilledHours: number;
};
export type LabourReport = {
  groupBy: LabourDimension;
  totals: Split;
  rows: (Split & { key: string | null; name: string | null })[];
  series: (Split & { bucket: string })[];
};

type Row = {
  key: string | null;
  name: string | null;
  bucket: string;
  hours: string;
  balance: string;
  paid: string;
  free: string;
  unbilled: string;
};

const EMPTY: Split = { hours: 0, balanceHours: 0, paidHours: 0, freeHours: 0, unbilledHours: 0 };

const DIMENSION: Record<
  LabourDimension,
  { key: RawBuilder<unknown>; name: RawBuilder<unknown>; join: RawBuilder<unknown> }
> = {
  employee: { key: sql`w.user_id`, name: sql`u.name`, join: sql`left join users u on u.id = w.user_id` },
  client: { key: sql`w.client_id`, name: sql`c.name`, join: sql`left join clients c on c.id = w.client_id` },
  service: {
    key: sql`w.service_id`,
    name: sql`s.name`,
    join: sql`left join services s on s.id = w.service_id`,
  },
};

export async function labourReport(
  db: Db,
  scope: ReportScope,
  groupBy: LabourDimension,
): Promise<LabourReport> {
  const t = visibleTicketRows(db, scope, { employeeIsAssignee: false });
  const { start, end } = scope;
  const employee = scope.filters.employeeId;
  const dim = DIMENSION[groupBy];
  const result = await sql<Row>`
    with t as not materialized (${t}),
    w as (
      select w.ticket_id, w.user_id, w.minutes / 60.0 as hours, w.started_at, t.client_id, t.service_id
      from worklogs w cross join lateral (select t.* from t where t.id = w.ticket_id offset 0) t
      where w.started_at >= ${start} and w.started_at < ${end}
        ${employee ? sql`and w.user_id = ${employee}` : sql``}
    ),
    billed as (
      select sl.ticket_id, sum(sl.hours) as total, sum(sl.balance_hours) as balance,
        sum(sl.paid_hours) as paid, sum(sl.free_hours) as free
      from specification_lines sl
      where sl.posted_at is not null and sl.reversed_at is null
        and sl.ticket_id in (select distinct ticket_id from w)
      group by sl.ticket_id
    )
    select ${dim.key} as key, ${dim.name} as name, ${bucketOf(scope, sql.ref('w.started_at'))} as bucket,
      sum(w.hours) as hours,
      coalesce(sum(w.hours * b.balance / b.total), 0) as balance,
      coalesce(sum(w.hours * b.paid / b.total), 0) as paid,
      coalesce(sum(w.hours * b.free / b.total), 0) as free,
      coalesce(sum(w.hours) filter (where b.ticket_id is null), 0) as unbilled
    from w left join billed b on b.ticket_id = w.ticket_id
    ${dim.join}
    group by 1, 2, 3`.execute(db);

  const add = (into: Split, row: Row) => {
    into.hours += Number(row.hours);
    into.balanceHours += Number(row.balance);
    into.paidHours += Number(row.paid);
    into.freeHours += Number(row.free);
    into.unbilledHours += Number(row.unbilled);
  };
  const rounded = (split: Split): Split => ({
    hours: num(split.hours),
    balanceHours: num(split.balanceHours),
    paidHours: num(split.paidHours),
    freeHours: num(split.freeHours),
    unbilledHours: num(split.unbilledHours),
  });
  const totals = { ...EMPTY };
  const byKey = new Map<string | null, Split & { key: string | null; name: string | null }>();
  const byBucket = new Map<string, Split>();
  for (const row of result.rows) {
    add(totals, row);
    const keyed = byKey.get(row.key) ?? { key: row.key, name: row.name, ...EMPTY };
    add(keyed, row);
    byKey.set(row.key, keyed);
    const bucket = byBucket.get(row.bucket) ?? { ...EMPTY };
    add(bucket, row);
    byBucket.set(row.bucket, bucket);
  }
  return {
    groupBy,
    totals: rounded(totals),
    rows: [...byKey.values()]
      .sort((a, b) => b.hours - a.hours || (a.name ?? '').localeCompare(b.name ?? ''))
      .map((row) => ({ key: row.key, name: row.name, ...rounded(row) })),
    series: bucketsOf(scope).map((bucket) => ({ bucket, ...rounded(byBucket.get(bucket) ?? EMPTY) })),
  };
}
