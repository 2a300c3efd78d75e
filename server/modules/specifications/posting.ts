// Posting a request's specification: the draft lines become facts priced against the client's
// contract, and their balance hours leave the ledger, all in the caller's transaction.
import { sql } from 'kysely';
import type { TariffMode } from '#common/billing.ts';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import type { Tx } from '#server/http/idempotency.ts';
import { postEntry } from '#server/modules/contracts/service.ts';
import { type Totals, priceLines, proposeLines, sumTotals } from './tariff.ts';

export type ContractInForce = {
  id: string;
  number: string;
  kind: 'hourly' | 'subscription' | 'its' | 'internal';
  hourly_rate: number | null;
  allows_overdraft: boolean;
  balance: number;
};

/**
 * The client's contract in force on the day `at` falls on in his time zone, with its balance: the newest
 * active one. `lock` takes the contract's row lock that serializes every posting on it (see postEntry).
 */
export async function contractInForce(
  db: Db,
  clientId: string | null,
  at: Date,
  lock: boolean,
): Promise<ContractInForce | null> {
  if (!clientId) {
    return null;
  }
  const contract = await db
    .selectFrom('contracts')
    .innerJoin('clients', 'clients.id', 'contracts.client_id')
    .select([
      'contracts.id',
      'contracts.number',
      'contracts.kind',
      'contracts.hourly_rate',
      'contracts.allows_overdraft',
    ])
    .where('contracts.client_id', '=', clientId)
    .where('contracts.is_active', '=', true)
    .where(sql<boolean>`contracts.starts_on <= (${at}::timestamptz at time zone clients.time_zone)::date`)
    .where(
      sql<boolean>`(contracts.ends_on is null or contracts.ends_on >= (${at}::timestamptz at time zone clients.time_zone)::date)`,
    )
    .orderBy('contracts.starts_on', 'desc')
    .orderBy('contracts.id')
    .limit(1)
    .$if(lock, (qb) => qb.forUpdate('contracts'))
    .executeTakeFirst();
  if (!contract) {
    return null;
  }
  const { balance } = await db
    .selectFrom('ledger_entries')
    .select(sql<number>`coalesce(sum(hours), 0)`.as('balance'))
    .where('contract_id', '=', contract.id)
    .executeTakeFirstOrThrow();
  return { ...contract, balance };
}

/** The worklogs of a request summed per performer, for the proposal. */
export async function workByPerformer(db: Db, ticketId: string) {
  const rows = await db
    .selectFrom('worklogs as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select([
      'w.user_id as performerId',
      'u.name as performerName',
      sql<number>`sum(w.minutes)::int`.as('minutes'),
      sql<string[]>`array_agg(w.note order by w.started_at)`.as('notes'),
    ])
    .where('w.ticket_id', '=', ticketId)
    .groupBy(['w.user_id', 'u.name'])
    .orderBy('u.name')
    .execute();
  return rows;
}

export async function tariffOfService(db: Db, serviceId: string | null): Promise<TariffMode> {
  if (!serviceId) {
    return 'balance';
  }
  const service = await db
    .selectFrom('services')
    .select('tariff_mode')
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return service?.tariff_mode ?? 'balance';
}

export type PostingResult = { posted: number; totals: Totals; contractNumber: string | null };

/**
 * Posts the request's draft lines. When the request has no lines at all, the worklogs' proposal is
 * posted as it stands, so recorded work is never left out of the statement by omission.
 * Invariant: under the contract's row lock, the lines are priced against the balance and their
 * balance hours consumed, so racing postings cannot overdraw a contract without overdraft.
 */
export async function postSpecification(
  tx: Tx,
  clock: Clock,
  actorId: string | null,
  ticket: { id: string; client_id: string | null; service_id: string | null; number: number },
): Promise<PostingResult | null> {
  const now = clock.now();
  let drafts = await tx
    .selectFrom('specification_lines')
    .select(['id', 'hours', 'tariff_mode'])
    .where('ticket_id', '=', ticket.id)
    .where('posted_at', 'is', null)
    .orderBy('position')
    .execute();
  if (drafts.length === 0) {
    const anyLine = await tx
      .selectFrom('specification_lines')
      .select('id')
      .where('ticket_id', '=', ticket.id)
      .limit(1)
      .executeTakeFirst();
    if (anyLine) {
      return null;
    }
    const proposal = proposeLines(await workByPerformer(tx, ticket.id), [], {
      serviceId: ticket.service_id,
      tariffMode: await tariffOfService(tx, ticket.service_id),
    });
    if (proposal.length === 0) {
      return null;
    }
    drafts = await tx
      .insertInto('specification_lines')
      .values(
        proposal.map((line, position) => ({
          ticket_id: ticket.id,
          position,
          service_id: line.serviceId,
          description: line.description,
          hours: line.hours,
          tariff_mode: line.tariffMode,
          performer_id: line.performerId,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'hours', 'tariff_mode'])
      .execute();
  }

  const contract = await contractInForce(tx, ticket.client_id, now, true);
  const account = contract
    ? {
        balanceHours: contract.balance,
        allowsOverdraft: contract.allows_overdraft,
        // An internal contract carries no money; its hours are only counted.
        hourlyRate: contract.kind === 'internal' ? null : contract.hourly_rate,
      }
    : null;
  const priced = priceLines(
    drafts.map((d) => ({ hours: d.hours, tariffMode: d.tariff_mode })),
    account,
  );
  for (const [index, draft] of drafts.entries()) {
    const line = priced.lines[index];
    if (!line) {
      continue;
    }
    let ledgerEntryId: number | null = null;
    if (contract && line.balanceHours > 0) {
      const { entry } = await postEntry({ db: tx, clock }, null, contract.id, {
        kind: 'consume',
        hours: -line.balanceHours,
        externalId: `spec:${draft.id}`,
        ticketId: ticket.id,
        note: `#${ticket.number}`,
        actorId,
      });
      ledgerEntryId = entry.id;
    }
    await tx
      .updateTable('specification_lines')
      .set({
        posted_at: now,
        posted_by: actorId,
        contract_id: contract?.id ?? null,
        balance_hours: line.balanceHours,
        paid_hours: line.paidHours,
        free_hours: line.freeHours,
        rate: line.rate,
        amount: line.amount,
        ledger_entry_id: ledgerEntryId,
        updated_at: now,
      })
      .where('id', '=', draft.id)
      .execute();
  }
  return { posted: drafts.length, totals: sumTotals(priced.lines), contractNumber: contract?.number ?? null };
}

/** The history event of a posting: internal, as money is not for every client contact. */
export const specificationPostedEvent = (result: PostingResult) => ({
  kind: 'specification_posted',
  data: { lines: result.posted, contractNumber: result.contractNumber, ...result.totals },
  internal: true,
});
