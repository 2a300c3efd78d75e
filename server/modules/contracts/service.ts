import { sql } from 'kysely';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { inTransaction } from '#server/db/tx.ts';
import type { Tx } from '#server/http/idempotency.ts';
import { decodeCursor, toPage } from '#server/http/pagination.ts';
import { ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleClients } from '#server/modules/clients/policy.ts';
import { decidePosting, fromCenti, isWholeCentihours, toCenti } from './ledger.ts';
import { adoptSlaSetting } from '#server/modules/sla/admin.ts';
import { visibleContracts } from './policy.ts';

export type ContractDeps = { db: Db; clock: Clock };

const balanceSql = sql<number>`coalesce((select sum(e.hours) from ledger_entries e where e.contract_id = contracts.id), 0)`;

function selectContracts(db: Db, actor: Actor) {
  return db
    .selectFrom('contracts')
    .innerJoin('clients', 'clients.id', 'contracts.client_id')
    .where(visibleContracts(actor))
    .select([
      'contracts.id',
      'contracts.client_id',
      'clients.name as client_name',
      'contracts.number',
      'contracts.kind',
      'contracts.starts_on',
      'contracts.ends_on',
      'contracts.hourly_rate',
      'contracts.monthly_fee',
      'contracts.bonus_hours_per_month',
      'contracts.approval_limit_hours',
      'contracts.allows_overdraft',
      'contracts.sla_policy_id',
      'contracts.is_active',
      'contracts.notes',
      'contracts.created_at',
      balanceSql.as('balance_hours'),
    ]);
}

type ContractRow = Awaited<ReturnType<ReturnType<typeof selectContracts>['executeTakeFirstOrThrow']>>;

const present = (row: ContractRow) => ({
  id: row.id,
  clientId: row.client_id,
  clientName: row.client_name,
  number: row.number,
  kind: row.kind,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  hourlyRate: row.hourly_rate,
  monthlyFee: row.monthly_fee,
  bonusHoursPerMonth: row.bonus_hours_per_month,
  approvalLimitHours: row.approval_limit_hours,
  allowsOverdraft: row.allows_overdraft,
  slaPolicyId: row.sla_policy_id,
  isActive: row.is_active,
  notes: row.notes,
  balanceHours: row.balance_hours,
  createdAt: row.created_at.toISOString(),
});
export type ContractView = ReturnType<typeof present>;

async function requireVisibleClient(db: Db, actor: Actor, clientId: string) {
  const client = await db
    .selectFrom('clients')
    .select('id')
    .where('id', '=', clientId)
    .where(visibleClients(actor))
    .executeTakeFirst();
  if (!client) {
    throw new NotFoundError('Client');
  }
}

/** A client's contracts, newest first. @throws NotFoundError when the client is not the actor's to see. */
export async function listContracts(db: Db, actor: Actor, clientId: string): Promise<ContractView[]> {
  await requireVisibleClient(db, actor, clientId);
  const rows = await selectContracts(db, actor)
    .where('contracts.client_id', '=', clientId)
    .orderBy('contracts.starts_on', 'desc')
    .orderBy('contracts.id')
    .execute();
  return rows.map(present);
}

/** @throws NotFoundError when absent or not visible. */
export async function getContract(db: Db, actor: Actor, id: string): Promise<ContractView> {
  const row = await selectContracts(db, actor).where('contracts.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Contract');
  }
  return present(row);
}

export type ContractInput = {
  number: string;
  kind: 'hourly' | 'subscription' | 'its' | 'internal';
  startsOn: string;
  endsOn?: string | null;
  hourlyRate?: number | null;
  monthlyFee?: number | null;
  bonusHoursPerMonth?: number | null;
  approvalLimitHours?: number | null;
  allowsOverdraft?: boolean;
  slaPolicyId?: string | null;
  notes?: string;
};

/** Terms that fit the kind; `terms` is the contract as it will be after the write. */
function checkTerms(terms: Partial<ContractInput>, kind: ContractInput['kind']) {
  if (kind === 'hourly' && terms.hourlyRate == null) {
    throw new FieldValidationError('hourlyRate', 'an hourly contract needs its rate');
  }
  if (kind === 'subscription' && terms.monthlyFee == null) {
    throw new FieldValidationError('monthlyFee', 'a subscription needs its monthly fee');
  }
  if (kind === 'internal' && (terms.hourlyRate || terms.monthlyFee)) {
    throw new FieldValidationError('kind', 'an internal contract carries no money');
  }
  if (terms.endsOn && terms.startsOn && terms.endsOn < terms.startsOn) {
    throw new FieldValidationError('endsOn', 'must not be before startsOn');
  }
}

/**
 * Opens a contract for a client.
 * @throws NotFoundError for an unknown client; FieldValidationError for terms that do not fit the kind.
 */
export async function createContract(tx: Tx, actor: Actor, clientId: string, input: ContractInput) {
  await requireVisibleClient(tx, actor, clientId);
  checkTerms(input, input.kind);
  await adoptSlaSetting(tx, 'policy', input.slaPolicyId, 'slaPolicyId');
  const row = await tx
    .insertInto('contracts')
    .values({
      client_id: clientId,
      number: input.number.trim(),
      kind: input.kind,
      starts_on: input.startsOn,
      ends_on: input.endsOn ?? null,
      hourly_rate: input.hourlyRate ?? null,
      monthly_fee: input.monthlyFee ?? null,
      bonus_hours_per_month: input.bonusHoursPerMonth ?? null,
      approval_limit_hours: input.approvalLimitHours ?? null,
      allows_overdraft: input.allowsOverdraft ?? false,
      sla_policy_id: input.slaPolicyId ?? null,
      notes: input.notes ?? '',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getContract(tx, actor, row.id);
}

/** Changes a contract's terms. @throws NotFoundError, FieldValidationError. */
export async function updateContract(
  db: Db,
  actor: Actor,
  id: string,
  patch: Partial<ContractInput> & { isActive?: boolean },
) {
  const current = await getContract(db, actor, id);
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  checkTerms({ ...current, endsOn: current.endsOn, ...defined }, current.kind);
  await adoptSlaSetting(db, 'policy', patch.slaPolicyId, 'slaPolicyId');
  await db
    .updateTable('contracts')
    .set({
      ...(patch.number !== undefined ? { number: patch.number.trim() } : {}),
      ...(patch.endsOn !== undefined ? { ends_on: patch.endsOn } : {}),
      ...(patch.hourlyRate !== undefined ? { hourly_rate: patch.hourlyRate } : {}),
      ...(patch.monthlyFee !== undefined ? { monthly_fee: patch.monthlyFee } : {}),
      ...(patch.bonusHoursPerMonth !== undefined ? { bonus_hours_per_month: patch.bonusHoursPerMonth } : {}),
      ...(patch.approvalLimitHours !== undefined ? { approval_limit_hours: patch.approvalLimitHours } : {}),
      ...(patch.allowsOverdraft !== undefined ? { allows_overdraft: patch.allowsOverdraft } : {}),
      ...(patch.slaPolicyId !== undefined ? { sla_policy_id: patch.slaPolicyId } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  return getContract(db, actor, id);
}

/** The balance and its parts, all summed from the entries in one query. @throws NotFoundError. */
export async function getBalance(db: Db, actor: Actor, contractId: string) {
  const contract = await getContract(db, actor, contractId);
  const sums = await db
    .selectFrom('ledger_entries')
    .where('contract_id', '=', contractId)
    .select([
      sql<number>`coalesce(sum(hours), 0)`.as('hours'),
      sql<number>`coalesce(sum(hours) filter (where kind = 'grant'), 0)`.as('granted'),
      sql<number>`coalesce(-sum(hours) filter (where kind = 'consume'), 0)`.as('consumed'),
      sql<number>`coalesce(sum(hours) filter (where kind = 'adjust'), 0)`.as('adjusted'),
      sql<number>`coalesce(sum(hours) filter (where kind = 'reverse'), 0)`.as('reversed'),
      sql<number>`count(*)::int`.as('entries'),
    ])
    .executeTakeFirstOrThrow();
  return { contractId, ...sums, allowsOverdraft: contract.allowsOverdraft };
}

function selectEntries(db: Db) {
  return db
    .selectFrom('ledger_entries as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.contract_id',
      'e.kind',
      'e.hours',
      'e.external_id',
      'e.reverses_id',
      'e.ticket_id',
      'e.note',
      'u.name as actor_name',
      'e.created_at',
    ]);
}

const presentEntry = (
  row: Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>,
) => ({
  id: row.id,
  contractId: row.contract_id,
  kind: row.kind,
  hours: row.hours,
  externalId: row.external_id,
  reversesId: row.reverses_id,
  ticketId: row.ticket_id,
  note: row.note,
  actorName: row.actor_name,
  createdAt: row.created_at.toISOString(),
});
export type LedgerEntryView = ReturnType<typeof presentEntry>;

/** The ledger of a contract, newest first, by keyset. @throws NotFoundError. */
export async function listLedger(
  db: Db,
  actor: Actor,
  contractId: string,
  query: { limit?: number; cursor?: string },
) {
  await getContract(db, actor, contractId);
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 1);
  const rows = await selectEntries(db)
    .where('e.contract_id', '=', contractId)
    .$if(after !== null, (qb) => qb.where('e.id', '<', Number(after?.[0])))
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = toPage(rows, limit, (row) => [row.id]);
  return { items: page.items.map(presentEntry), nextCursor: page.nextCursor };
}

export type Posting = {
  kind: 'grant' | 'consume' | 'adjust' | 'reverse';
  hours: number;
  externalId: string | null;
  ticketId?: string | null;
  reversesId?: number | null;
  note?: string;
  /** Who caused a posting made on nobody's visibility (actor null), e.g. a client completing a request. */
  actorId?: string | null;
};

/**
 * Posts one entry on a contract's ledger.
 * Invariant: the contract row is locked for the posting, so two postings racing for the last hours are
 * serialized and the second sees the first; without overdraft the balance never goes below zero.
 * The same externalId twice returns the first entry and changes nothing.
 * @throws NotFoundError; ConflictError when the balance is short or the externalId was used differently.
 */
export async function postEntry(
  deps: ContractDeps,
  actor: Actor | null,
  contractId: string,
  posting: Posting,
): Promise<{ entry: LedgerEntryView; created: boolean }> {
  if (!isWholeCentihours(posting.hours)) {
    throw new FieldValidationError('hours', 'at most two decimals');
  }
  if (posting.kind === 'grant' && posting.hours <= 0) {
    throw new FieldValidationError('hours', 'a grant adds hours: it must be positive');
  }
  if (posting.kind === 'consume' && posting.hours >= 0) {
    throw new FieldValidationError('hours', 'consumption takes hours away: it must be negative');
  }
  if (posting.hours === 0) {
    throw new FieldValidationError('hours', 'must not be zero');
  }
  return inTransaction(deps.db, async (tx) => {
    const contract = await tx
      .selectFrom('contracts')
      .select(['id', 'allows_overdraft', 'client_id'])
      .where('id', '=', contractId)
      .$if(actor !== null, (qb) => qb.where(visibleContracts(actor as Actor)))
      .forUpdate()
      .executeTakeFirst();
    if (!contract) {
      throw new NotFoundError('Contract');
    }
    if (posting.externalId) {
      const previous = await selectEntries(tx)
        .where('e.contract_id', '=', contractId)
        .where('e.external_id', '=', posting.externalId)
        .executeTakeFirst();
      if (previous) {
        if (previous.kind !== posting.kind || toCenti(previous.hours) !== toCenti(posting.hours)) {
          throw new ConflictError(`externalId ${posting.externalId} was already posted with other values`, {
            code: 'external_id_reused',
            entry: presentEntry(previous),
          });
        }
        return { entry: presentEntry(previous), created: false };
      }
    }
    const { balance } = await tx
      .selectFrom('ledger_entries')
      .select(sql<number>`coalesce(sum(hours), 0)`.as('balance'))
      .where('contract_id', '=', contractId)
      .executeTakeFirstOrThrow();
    const decision = decidePosting(balance, posting.hours, contract.allows_overdraft);
    if (!decision.ok) {
      throw new ConflictError(
        `The balance is ${balance} h: ${fromCenti(toCenti(-posting.hours))} h cannot be taken (${decision.missing} h short)`,
        { code: 'insufficient_balance', balance, missing: decision.missing },
      );
    }
    const row = await tx
      .insertInto('ledger_entries')
      .values({
        contract_id: contractId,
        kind: posting.kind,
        hours: posting.hours,
        external_id: posting.externalId,
        ticket_id: posting.ticketId ?? null,
        reverses_id: posting.reversesId ?? null,
        note: posting.note?.trim() ?? '',
        actor_id: actor?.id ?? posting.actorId ?? null,
        created_at: deps.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      entry: presentEntry(await selectEntries(tx).where('e.id', '=', row.id).executeTakeFirstOrThrow()),
      created: true,
    };
  });
}

/** The approval limit in force for a client: his active contract's, the newest one first. */
export const approvalLimitSql = sql<number | null>`(select c.approval_limit_hours from contracts c
  where c.client_id = tickets.client_id and c.is_active and c.approval_limit_hours is not null
  order by c.starts_on desc limit 1)`;
