import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { FieldValidationError, ForbiddenError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';
import { monthsBetween, shiftMonth } from './months.ts';

// «Work done»: the hours of posted specification lines — what the client was billed for, from the
// balance, paid or free — by month, by service and by requester. The client's portal draws it
// (issue 7), staff see it per client; only posted, unreversed lines count, as in the statement.

export const MAX_MONTHS = 36;

export type WorkQuery = { from: string; to: string; clientId?: string | undefined };

type Split = { hours: number; balanceHours: number; paidHours: number; freeHours: number; requests: number };
export type WorkReport = {
  from: string;
  to: string;
  clientId: string | null;
  totals: Split;
  months: (Split & { month: string })[];
  services: (Split & { serviceId: string | null; name: string | null })[];
  requesters: (Split & { requesterId: string | null; name: string | null })[];
};

const EMPTY: Split = { hours: 0, balanceHours: 0, paidHours: 0, freeHours: 0, requests: 0 };

/** Whose work the caller may count: a client's people only their own company's, and only if allowed. */
async function scopeOf(db: Db, actor: Actor, clientId: string | undefined): Promise<string | null> {
  if (actor.role === 'employee') {
    throw new ForbiddenError('Internal requests are not billed; there is no work statement for them');
  }
  if (actor.role === 'client_approver' || actor.role === 'client_user') {
    if (!actor.clientId || (clientId !== undefined && clientId !== actor.clientId)) {
      throw new ForbiddenError('You see the work done for your own company only');
    }
    if (actor.role === 'client_user') {
      const client = await db
        .selectFrom('clients')
        .select('users_see_balance')
        .where('id', '=', actor.clientId)
        .executeTakeFirst();
      if (!client?.users_see_balance) {
        throw new ForbiddenError('Your company shows hours and balance to its approver only');
      }
    }
    return actor.clientId;
  }
  return clientId ?? null;
}

const num = (value: unknown): number => Math.round(Number(value ?? 0) * 100) / 100;

/** The work done in the months `from`…`to` (the client's calendar months), as the caller may see it. */
export async function workDone(db: Db, actor: Actor, query: WorkQuery): Promise<WorkReport> {
  if (query.from > query.to) {
    throw new FieldValidationError('from', 'must not be after `to`');
  }
  const months = monthsBetween(query.from, query.to);
  if (months.length > MAX_MONTHS) {
    throw new FieldValidationError('to', `a report covers at most ${MAX_MONTHS} months`);
  }
  const clientId = await scopeOf(db, actor, query.clientId);

  // Months are the client's: the coarse instant range (a day's slack each side covers every time
  // zone) lets the posting index narrow the scan, the month label then decides exactly.
  const monthOf = sql<string>`to_char(sl.posted_at at time zone c.time_zone, 'YYYY-MM')`;
  const lines = () =>
    db
      .selectFrom('specification_lines as sl')
      .innerJoin('tickets', 'tickets.id', 'sl.ticket_id')
      .innerJoin('clients as c', 'c.id', 'tickets.client_id')
      .where('sl.posted_at', 'is not', null)
      .where('sl.reversed_at', 'is', null)
      .where('sl.posted_at', '>=', sql<Date>`(${`${query.from}-01`}::date - 1)::timestamptz`)
      .where('sl.posted_at', '<', sql<Date>`(${`${shiftMonth(query.to, 1)}-01`}::date + 1)::timestamptz`)
      .where(monthOf, '>=', query.from)
      .where(monthOf, '<=', query.to)
      .where(visibleTickets(actor))
      .$if(clientId !== null, (qb) => qb.where('tickets.client_id', '=', clientId ?? ''));
  const sums = {
    hours: sql<string>`sum(sl.hours)`.as('hours'),
    balanceHours: sql<string>`sum(sl.balance_hours)`.as('balance_hours'),
    paidHours: sql<string>`sum(sl.paid_hours)`.as('paid_hours'),
    freeHours: sql<string>`sum(sl.free_hours)`.as('free_hours'),
    requests: sql<string>`count(distinct sl.ticket_id)`.as('requests'),
  };
  const splitOf = (row: {
    hours: string;
    balance_hours: string;
    paid_hours: string;
    free_hours: string;
    requests: string;
  }): Split => ({
    hours: num(row.hours),
    balanceHours: num(row.balance_hours),
    paidHours: num(row.paid_hours),
    freeHours: num(row.free_hours),
    requests: Number(row.requests),
  });
  const columns = Object.values(sums);

  const [totals, byMonth, byService, byRequester] = await Promise.all([
    lines().select(columns).executeTakeFirst(),
    lines()
      .select([monthOf.as('month'), ...columns])
      .groupBy(monthOf)
      .execute(),
    lines()
      .leftJoin('services as s', 's.id', 'sl.service_id')
      .select(['sl.service_id', 's.name', ...columns])
      .groupBy(['sl.service_id', 's.name'])
      .orderBy('hours', 'desc')
      .execute(),
    lines()
      .leftJoin('users as u', 'u.id', 'tickets.requester_id')
      .select(['tickets.requester_id', 'u.name', ...columns])
      .groupBy(['tickets.requester_id', 'u.name'])
      .orderBy('hours', 'desc')
      .execute(),
  ]);

  const monthRows = new Map(byMonth.map((row) => [row.month, splitOf(row)]));
  return {
    from: query.from,
    to: query.to,
    clientId,
    totals: totals && totals.hours !== null ? splitOf(totals) : { ...EMPTY },
    months: months.map((month) => ({ month, ...(monthRows.get(month) ?? EMPTY) })),
    services: byService.map((row) => ({ serviceId: row.service_id, name: row.name, ...splitOf(row) })),
    requesters: byRequester.map((row) => ({
      requesterId: row.requester_id,
      name: row.name,
      ...splitOf(row),
    })),
  };
}
