import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { type ReportScope, num, share, visibleTicketRows } from './scope.ts';

// Clients Pareto: the few clients that make most of the load. Per client, the requests registered in
// the period and the hours recorded in it, ranked by hours with the cumulative share (class A up to
// 80 % of all hours, B up to 95 %, C the rest); beside the load, what was billed in the period — posted,
// unreversed specification lines — as balance hours and paid hours, and their money: paid hours at the
// amount posted, balance hours at the hourly rate of the contract they were taken from (a subscription
// without a rate prices them at zero: its fee is not per hour).

export type ClientRow = {
  clientId: string | null;
  name: string | null;
  requests: number;
  hours: number;
  hoursShare: number | null;
  cumulativeShare: number | null;
  paretoClass: 'A' | 'B' | 'C';
  balanceHours: number;
  paidHours: number;
  balanceAmount: number;
  paidAmount: number;
};
export type ClientsReport = {
  totals: {
    requests: number;
    hours: number;
    balanceHours: number;
    paidHours: number;
    balanceAmount: number;
    paidAmount: number;
  };
  clients: ClientRow[];
};

type Row = {
  client_id: string | null;
  name: string | null;
  requests: string;
  minutes: string;
  balance_hours: string;
  paid_hours: string;
  balance_amount: string;
  paid_amount: string;
};

export async function clientsReport(db: Db, scope: ReportScope): Promise<ClientsReport> {
  const t = visibleTicketRows(db, scope);
  const { start, end } = scope;
  const result = await sql<Row>`
    with t as not materialized (${t}),
    opened as (
      select client_id, count(*) as requests from t
      where created_at >= ${start} and created_at < ${end} group by client_id
    ),
    worked as (
      select t.client_id, sum(w.minutes) as minutes from worklogs w cross join lateral (select t.* from t where t.id = w.ticket_id offset 0) t
      where w.started_at >= ${start} and w.started_at < ${end} group by t.client_id
    ),
    billed as (
      select t.client_id, sum(sl.balance_hours) as balance_hours, sum(sl.paid_hours) as paid_hours,
        sum(sl.balance_hours * coalesce(k.hourly_rate, 0)) as balance_amount, sum(sl.amount) as paid_amount
      from specification_lines sl cross join lateral (select t.* from t where t.id = sl.ticket_id offset 0) t
      left join contracts k on k.id = sl.contract_id
      where sl.posted_at >= ${start} and sl.posted_at < ${end} and sl.reversed_at is null
      group by t.client_id
    ),
    keys as (select client_id from opened union select client_id from worked union select client_id from billed)
    select keys.client_id, c.name, coalesce(o.requests, 0) as requests, coalesce(w.minutes, 0) as minutes,
      coalesce(b.balance_hours, 0) as balance_hours, coalesce(b.paid_hours, 0) as paid_hours,
      coalesce(b.balance_amount, 0) as balance_amount, coalesce(b.paid_amount, 0) as paid_amount
    from keys
    left join clients c on c.id = keys.client_id
    left join opened o on o.client_id is not distinct from keys.client_id
    left join worked w on w.client_id is not distinct from keys.client_id
    left join billed b on b.client_id is not distinct from keys.client_id
    order by minutes desc, requests desc, c.name`.execute(db);

  const totalMinutes = result.rows.reduce((sum, row) => sum + Number(row.minutes), 0);
  let cumulative = 0;
  const clients = result.rows.map((row): ClientRow => {
    const minutes = Number(row.minutes);
    // The class is decided by where the client's slice starts, so the client that crosses 80 % is in A.
    const before = totalMinutes > 0 ? cumulative / totalMinutes : 1;
    cumulative += minutes;
    return {
      clientId: row.client_id,
      name: row.name,
      requests: Number(row.requests),
      hours: num(minutes / 60),
      hoursShare: share(minutes, totalMinutes),
      cumulativeShare: share(cumulative, totalMinutes),
      paretoClass: minutes > 0 && before < 0.8 ? 'A' : minutes > 0 && before < 0.95 ? 'B' : 'C',
      balanceHours: num(row.balance_hours),
      paidHours: num(row.paid_hours),
      balanceAmount: num(row.balance_amount),
      paidAmount: num(row.paid_amount),
    };
  });
  const sum = (pick: (row: ClientRow) => number) => num(clients.reduce((acc, row) => acc + pick(row), 0));
  return {
    totals: {
      requests: sum((r) => r.requests),
      hours: num(totalMinutes / 60),
      balanceHours: sum((r) => r.balanceHours),
      paidHours: sum((r) => r.paidHours),
      balanceAmount: sum((r) => r.balanceAmount),
      paidAmount: sum((r) => r.paidAmount),
    },
    clients,
  };
}
