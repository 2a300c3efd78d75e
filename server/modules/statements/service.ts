import { sql } from 'kysely';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import { validateInn } from '#common/inn.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleClients } from '#server/modules/clients/policy.ts';
import { fromCenti, toCenti } from '#server/modules/contracts/ledger.ts';
import { sumTotals } from '#server/modules/specifications/tariff.ts';
import type { Statement, StatementContract, StatementLine, StatementRequest } from './model.ts';

export type StatementDeps = { db: Db; clock: Clock };

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** The last day of a `YYYY-MM` month as a date. */
export function lastDayOf(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** The provider named on documents. */
export async function getOrganization(db: Db) {
  const row = await db
    .selectFrom('organization')
    .select(['name', 'inn', 'kpp', 'address', 'signatory'])
    .executeTakeFirst();
  return row ?? { name: '', inn: null, kpp: null, address: '', signatory: '' };
}

/**
 * Changes the provider's details.
 * @throws FieldValidationError for an INN whose checksum fails.
 */
export async function updateOrganization(
  db: Db,
  clock: Clock,
  patch: { name?: string; inn?: string | null; kpp?: string | null; address?: string; signatory?: string },
) {
  if (patch.inn && !validateInn(patch.inn).ok) {
    throw new FieldValidationError('inn', 'the INN checksum does not match');
  }
  await db
    .updateTable('organization')
    .set({
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.inn !== undefined ? { inn: patch.inn } : {}),
      ...(patch.kpp !== undefined ? { kpp: patch.kpp } : {}),
      ...(patch.address !== undefined ? { address: patch.address.trim() } : {}),
      ...(patch.signatory !== undefined ? { signatory: patch.signatory.trim() } : {}),
      updated_at: clock.now(),
    })
    .execute();
  return getOrganization(db);
}

/**
 * A client's statement for a month of his time zone: every specification line posted in it, grouped
 * by request, and each contract's balance movement summed from the ledger.
 * Invariant: a line's balance hours were consumed by its ledger entry, so the requests' balance total
 * equals the month's consumption of the ledger posted from specifications.
 * @throws NotFoundError when the client is not the actor's to see.
 */
export async function getStatement(deps: StatementDeps, actor: Actor, clientId: string, month: string) {
  const client = await deps.db
    .selectFrom('clients')
    .select(['id', 'name', 'inn', 'kpp', 'time_zone'])
    .where('id', '=', clientId)
    .where(visibleClients(actor))
    .executeTakeFirst();
  if (!client) {
    throw new NotFoundError('Client');
  }
  const periodStart = `${month}-01`;
  const periodEnd = lastDayOf(month);
  const bounds = await sql<{ start: Date; end: Date }>`select
      (${periodStart}::date)::timestamp at time zone ${client.time_zone} as start,
      (${periodEnd}::date + 1)::timestamp at time zone ${client.time_zone} as "end"`.execute(deps.db);
  const { start, end } = bounds.rows[0] as { start: Date; end: Date };

  const [lineRows, contractRows, provider] = await Promise.all([
    deps.db
      .selectFrom('specification_lines as l')
      .innerJoin('tickets as t', 't.id', 'l.ticket_id')
      .leftJoin('users as r', 'r.id', 't.requester_id')
      .leftJoin('services as s', 's.id', 'l.service_id')
      .leftJoin('users as p', 'p.id', 'l.performer_id')
      .leftJoin('contracts as c', 'c.id', 'l.contract_id')
      .select([
        'l.id',
        't.id as ticket_id',
        't.number',
        't.title',
        't.status',
        't.closed_at',
        'r.name as requester_name',
        's.code as service_code',
        's.name as service_name',
        'l.description',
        'p.name as performer_name',
        'l.tariff_mode',
        'l.hours',
        'l.balance_hours',
        'l.paid_hours',
        'l.free_hours',
        'l.rate',
        'l.amount',
        'l.posted_at',
        'c.number as contract_number',
      ])
      .where('t.client_id', '=', clientId)
      // Redundant for the result, decisive for the plan: a line is posted on a contract of its request's
      // client or on none (posting.ts; a request never changes client), so naming the client's contracts
      // lets the index on (contract_id, posted_at) find this client's lines of the month alone, instead of
      // every line of the month being checked against its request (31,570 lookups a statement at 1M).
      .where(
        sql<boolean>`(l.contract_id = any(array(select k.id from contracts k where k.client_id = ${clientId}))
          or l.contract_id is null)`,
      )
      .where('l.posted_at', '>=', start)
      .where('l.posted_at', '<', end)
      .where('l.reversed_at', 'is', null)
      .orderBy('t.number')
      .orderBy('l.position')
      .execute(),
    deps.db
      .selectFrom('contracts as c')
      .leftJoin('ledger_entries as e', 'e.contract_id', 'c.id')
      .select([
        'c.id',
        'c.number',
        'c.kind',
        'c.hourly_rate',
        'c.monthly_fee',
        'c.starts_on',
        'c.ends_on',
        'c.is_active',
        sql<number>`coalesce(sum(e.hours) filter (where e.created_at < ${start}), 0)`.as('opening'),
        sql<number>`coalesce(sum(e.hours) filter (where e.kind = 'grant' and e.created_at >= ${start} and e.created_at < ${end}), 0)`.as(
          'granted',
        ),
        sql<number>`coalesce(-sum(e.hours) filter (where e.kind = 'consume' and e.created_at >= ${start} and e.created_at < ${end}), 0)`.as(
          'consumed',
        ),
        sql<number>`coalesce(sum(e.hours) filter (where e.kind = 'adjust' and e.created_at >= ${start} and e.created_at < ${end}), 0)`.as(
          'adjusted',
        ),
        sql<number>`coalesce(sum(e.hours) filter (where e.kind = 'reverse' and e.created_at >= ${start} and e.created_at < ${end}), 0)`.as(
          'reversed',
        ),
        sql<number>`coalesce(sum(e.hours) filter (where e.created_at < ${end}), 0)`.as('closing'),
        sql<number>`count(e.id) filter (where e.created_at >= ${start} and e.created_at < ${end})::int`.as(
          'movements',
        ),
      ])
      .where('c.client_id', '=', clientId)
      .groupBy('c.id')
      .orderBy('c.starts_on')
      .orderBy('c.number')
      .execute(),
    getOrganization(deps.db),
  ]);

  const requests: StatementRequest[] = [];
  for (const row of lineRows) {
    let request = requests.at(-1);
    if (!request || request.ticketId !== row.ticket_id) {
      request = {
        ticketId: row.ticket_id,
        number: row.number,
        title: row.title,
        requesterName: row.requester_name,
        completedAt: row.status === 'completed' ? iso(row.closed_at) : null,
        lines: [],
        totals: sumTotals([]),
      };
      requests.push(request);
    }
    const line: StatementLine = {
      id: row.id,
      serviceCode: row.service_code,
      serviceName: row.service_name,
      description: row.description,
      performerName: row.performer_name,
      tariffMode: row.tariff_mode,
      hours: row.hours,
      balanceHours: row.balance_hours ?? 0,
      paidHours: row.paid_hours ?? 0,
      freeHours: row.free_hours ?? 0,
      amount: row.amount ?? 0,
      rate: row.rate,
      postedAt: iso(row.posted_at) ?? '',
      contractNumber: row.contract_number,
    };
    request.lines.push(line);
  }
  for (const request of requests) {
    request.totals = sumTotals(request.lines);
  }

  // A contract belongs on the statement when it was in force during the month or its balance moved.
  const inMonth = (c: (typeof contractRows)[number]) =>
    (c.movements > 0 || (c.starts_on <= periodEnd && (c.ends_on === null || c.ends_on >= periodStart))) &&
    (c.is_active || c.movements > 0);
  const contracts: StatementContract[] = contractRows.filter(inMonth).map((c) => ({
    id: c.id,
    number: c.number,
    kind: c.kind,
    hourlyRate: c.hourly_rate,
    monthlyFee: c.monthly_fee,
    openingHours: c.opening,
    grantedHours: c.granted,
    consumedHours: c.consumed,
    adjustedHours: c.adjusted,
    reversedHours: c.reversed,
    closingHours: c.closing,
  }));
  const subscriptionFees = fromCenti(
    contractRows
      .filter((c) => c.kind === 'subscription' && c.is_active && inMonth(c))
      .reduce((sum, c) => sum + toCenti(c.monthly_fee ?? 0), 0),
  );
  const totals = sumTotals(requests.map((r) => r.totals));
  const statement: Statement = {
    month,
    periodStart,
    periodEnd,
    timeZone: client.time_zone,
    provider,
    client: { id: client.id, name: client.name, inn: client.inn, kpp: client.kpp },
    contracts,
    requests,
    totals,
    subscriptionFees,
    amountDue: fromCenti(toCenti(totals.amount) + toCenti(subscriptionFees)),
    issuedAt: deps.clock.now().toISOString(),
  };
  return statement;
}
