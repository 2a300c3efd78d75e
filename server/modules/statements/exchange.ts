// The exchange with 1C accounting (seed 003): counterparties by INN, and the posted specification lines
// of a period, from which 1C makes its sales documents. Read-only; grants and payments come back
// through POST /contracts/{id}/ledger, idempotent by externalId.
import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { decodeCursor, toPage } from '#server/http/pagination.ts';
import { FieldValidationError } from '#server/http/problem.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * Posted, unreversed lines whose posting day in the client's time zone falls in [from, to], in posting
 * order by keyset. The index on posted_at narrows by a day's margin either side; the time zone decides.
 */
export async function listSales(
  db: Db,
  query: { from: string; to: string; limit?: number; cursor?: string },
) {
  if (query.to < query.from) {
    throw new FieldValidationError('to', 'must not be before from');
  }
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const rows = await db
    .selectFrom('specification_lines as l')
    .innerJoin('tickets as t', 't.id', 'l.ticket_id')
    .innerJoin('clients as cl', 'cl.id', 't.client_id')
    .leftJoin('contracts as c', 'c.id', 'l.contract_id')
    .leftJoin('services as s', 's.id', 'l.service_id')
    .select([
      'l.id',
      'l.posted_at',
      sql<string>`to_char(l.posted_at at time zone cl.time_zone, 'YYYY-MM-DD')`.as('posted_on'),
      'cl.id as client_id',
      'cl.name as client_name',
      'cl.inn as client_inn',
      'cl.kpp as client_kpp',
      'c.id as contract_id',
      'c.number as contract_number',
      'c.kind as contract_kind',
      't.id as ticket_id',
      't.number as ticket_number',
      't.title as ticket_title',
      's.id as service_id',
      's.code as service_code',
      's.name as service_name',
      'l.description',
      'l.tariff_mode',
      'l.rate',
      'l.hours',
      'l.balance_hours',
      'l.paid_hours',
      'l.free_hours',
      'l.amount',
    ])
    .where('l.posted_at', 'is not', null)
    .where('l.reversed_at', 'is', null)
    .where(sql<boolean>`l.posted_at >= (${query.from}::date - 1)::timestamp at time zone 'UTC'`)
    .where(sql<boolean>`l.posted_at < (${query.to}::date + 2)::timestamp at time zone 'UTC'`)
    .where(
      sql<boolean>`(l.posted_at at time zone cl.time_zone)::date between ${query.from}::date and ${query.to}::date`,
    )
    .$if(after !== null, (qb) =>
      qb.where(
        sql<boolean>`(l.posted_at, l.id) > (${String(after?.[0])}::timestamptz, ${String(after?.[1])}::uuid)`,
      ),
    )
    .orderBy('l.posted_at')
    .orderBy('l.id')
    .limit(limit + 1)
    .execute();
  const page = toPage(rows, limit, (row) => [iso(row.posted_at ?? ''), row.id]);
  return {
    items: page.items.map((row) => ({
      lineId: row.id,
      postedAt: iso(row.posted_at ?? ''),
      postedOn: row.posted_on,
      client: { id: row.client_id, name: row.client_name, inn: row.client_inn, kpp: row.client_kpp },
      contract:
        row.contract_id && row.contract_number && row.contract_kind
          ? { id: row.contract_id, number: row.contract_number, kind: row.contract_kind }
          : null,
      ticket: { id: row.ticket_id, number: row.ticket_number, title: row.ticket_title },
      service:
        row.service_id && row.service_name
          ? { id: row.service_id, code: row.service_code, name: row.service_name }
          : null,
      description: row.description,
      tariffMode: row.tariff_mode,
      rate: row.rate,
      hours: row.hours,
      balanceHours: row.balance_hours ?? 0,
      paidHours: row.paid_hours ?? 0,
      freeHours: row.free_hours ?? 0,
      amount: row.amount ?? 0,
    })),
    nextCursor: page.nextCursor,
  };
}

/** Clients as 1C counterparties, with their contracts; by INN, or all by keyset. */
export async function listCounterparties(db: Db, query: { inn?: string; limit?: number; cursor?: string }) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const rows = await db
    .selectFrom('clients')
    .select([
      'clients.id',
      'clients.name',
      'clients.inn',
      'clients.kpp',
      sql<
        {
          id: string;
          number: string;
          kind: 'hourly' | 'subscription' | 'its' | 'internal';
          startsOn: string;
          endsOn: string | null;
          isActive: boolean;
          hourlyRate: number | null;
          monthlyFee: number | null;
        }[]
      >`coalesce((select json_agg(json_build_object(
          'id', c.id, 'number', c.number, 'kind', c.kind, 'startsOn', to_char(c.starts_on, 'YYYY-MM-DD'),
          'endsOn', to_char(c.ends_on, 'YYYY-MM-DD'), 'isActive', c.is_active,
          'hourlyRate', c.hourly_rate::float8, 'monthlyFee', c.monthly_fee::float8)
          order by c.starts_on, c.number)
        from contracts c where c.client_id = clients.id), '[]'::json)`.as('contracts'),
    ])
    .$if(query.inn !== undefined, (qb) => qb.where('clients.inn', '=', query.inn ?? ''))
    .$if(after !== null, (qb) =>
      qb.where(
        sql<boolean>`(clients.inn, clients.id) > (${String(after?.[0])}, ${String(after?.[1])}::uuid)`,
      ),
    )
    .orderBy('clients.inn')
    .orderBy('clients.id')
    .limit(limit + 1)
    .execute();
  const page = toPage(rows, limit, (row) => [row.inn, row.id]);
  return { items: page.items, nextCursor: page.nextCursor };
}
