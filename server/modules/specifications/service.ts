import type { TariffMode } from '#common/billing.ts';
import { isStaffRole } from '#common/roles.ts';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';
import { recordEvent } from '#server/modules/tickets/service.ts';
import {
  contractInForce,
  postSpecification,
  specificationPostedEvent,
  tariffOfService,
  workByPerformer,
} from './posting.ts';
import { priceLines, proposeLines, sumTotals } from './tariff.ts';

export type SpecificationDeps = { db: Db; clock: Clock };

/** A request's specification can be posted once its work is done. */
const POSTABLE = ['done', 'completed'] as const;
/** Drafts are not edited on requests that were never worked. */
const CLOSED_WITHOUT_WORK = ['rejected', 'irrelevant'] as const;

async function visibleTicket(db: Db, actor: Actor, id: string, lock = false) {
  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'number', 'status', 'client_id', 'service_id'])
    .where('id', '=', id)
    .where(visibleTickets(actor))
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!ticket) {
    throw new NotFoundError('Request');
  }
  return ticket;
}

function selectLines(db: Db, ticketId: string) {
  return db
    .selectFrom('specification_lines as l')
    .leftJoin('services as s', 's.id', 'l.service_id')
    .leftJoin('users as p', 'p.id', 'l.performer_id')
    .leftJoin('contracts as c', 'c.id', 'l.contract_id')
    .select([
      'l.id',
      'l.position',
      'l.service_id',
      's.name as service_name',
      'l.description',
      'l.hours',
      'l.tariff_mode',
      'l.performer_id',
      'p.name as performer_name',
      'l.posted_at',
      'l.balance_hours',
      'l.paid_hours',
      'l.free_hours',
      'l.rate',
      'l.amount',
      'c.number as contract_number',
    ])
    .where('l.ticket_id', '=', ticketId)
    .where('l.reversed_at', 'is', null)
    .orderBy('l.position')
    .orderBy('l.id');
}

/**
 * The specification of a request as its page shows it: posted lines, drafts priced against the
 * contract in force (what would come from the balance and what would be paid), and what the worklogs
 * propose beyond the lines.
 * @throws NotFoundError when the request is not the actor's to see.
 */
export async function getSpecification(deps: SpecificationDeps, actor: Actor, ticketId: string) {
  const ticket = await visibleTicket(deps.db, actor, ticketId);
  const [rows, work, contract, tariffMode] = await Promise.all([
    selectLines(deps.db, ticketId).execute(),
    workByPerformer(deps.db, ticketId),
    contractInForce(deps.db, ticket.client_id, deps.clock.now(), false),
    tariffOfService(deps.db, ticket.service_id),
  ]);
  const drafts = rows.filter((row) => row.posted_at === null);
  const account = contract
    ? {
        balanceHours: contract.balance,
        allowsOverdraft: contract.allows_overdraft,
        hourlyRate: contract.kind === 'internal' ? null : contract.hourly_rate,
      }
    : null;
  const preview = priceLines(
    drafts.map((d) => ({ hours: d.hours, tariffMode: d.tariff_mode })),
    account,
  );
  const priceOf = new Map(drafts.map((d, i) => [d.id, preview.lines[i]]));
  const lines = rows.map((row) => {
    const posted = row.posted_at !== null;
    const price = posted
      ? {
          hours: row.hours,
          balanceHours: row.balance_hours ?? 0,
          paidHours: row.paid_hours ?? 0,
          freeHours: row.free_hours ?? 0,
          amount: row.amount ?? 0,
          rate: row.rate,
        }
      : priceOf.get(row.id);
    return {
      id: row.id,
      position: row.position,
      serviceId: row.service_id,
      serviceName: row.service_name,
      description: row.description,
      hours: row.hours,
      tariffMode: row.tariff_mode,
      performerId: row.performer_id,
      performerName: row.performer_name,
      posted,
      postedAt: row.posted_at ? new Date(row.posted_at).toISOString() : null,
      contractNumber: row.contract_number,
      balanceHours: price?.balanceHours ?? 0,
      paidHours: price?.paidHours ?? 0,
      freeHours: price?.freeHours ?? 0,
      rate: price?.rate ?? null,
      amount: price?.amount ?? 0,
    };
  });
  const postedLines = lines.filter((line) => line.posted);
  const staff = isStaffRole(actor.role);
  return {
    ticketId,
    status: ticket.status,
    lines,
    proposal: staff
      ? proposeLines(
          work,
          rows.map((row) => ({ performerId: row.performer_id, hours: row.hours })),
          { serviceId: ticket.service_id, tariffMode },
        )
      : [],
    workedHours: Math.round((work.reduce((sum, w) => sum + w.minutes, 0) * 100) / 60) / 100,
    contract: contract
      ? {
          id: contract.id,
          number: contract.number,
          kind: contract.kind,
          balanceHours: contract.balance,
          hourlyRate: contract.hourly_rate,
          allowsOverdraft: contract.allows_overdraft,
        }
      : null,
    draftTotals: { ...preview.totals, balanceAfter: preview.balanceAfter },
    postedTotals: sumTotals(postedLines),
    canEdit: staff && !(CLOSED_WITHOUT_WORK as readonly string[]).includes(ticket.status),
    canPost: staff && drafts.length > 0 && (POSTABLE as readonly string[]).includes(ticket.status),
  };
}
export type SpecificationView = Awaited<ReturnType<typeof getSpecification>>;

export type DraftLineInput = {
  serviceId?: string | null;
  description?: string;
  hours: number;
  tariffMode: TariffMode;
  performerId?: string | null;
};

/**
 * Replaces the request's draft lines with `lines` (posted lines stay as they are).
 * @throws NotFoundError; ConflictError on a request closed without work; FieldValidationError.
 */
export async function replaceDrafts(
  deps: SpecificationDeps,
  actor: Actor,
  ticketId: string,
  lines: readonly DraftLineInput[],
) {
  await deps.db.transaction().execute(async (tx) => {
    const ticket = await visibleTicket(tx, actor, ticketId, true);
    if ((CLOSED_WITHOUT_WORK as readonly string[]).includes(ticket.status)) {
      throw new ConflictError(`A request that is ${ticket.status} has no work to specify`, {
        code: 'not_specifiable',
      });
    }
    for (const [index, line] of lines.entries()) {
      if (Math.abs(line.hours * 100 - Math.round(line.hours * 100)) > 1e-9) {
        throw new FieldValidationError(`lines/${index}/hours`, 'at most two decimals');
      }
    }
    const serviceIds = [...new Set(lines.map((l) => l.serviceId).filter((id): id is string => !!id))];
    if (serviceIds.length) {
      const found = await tx.selectFrom('services').select('id').where('id', 'in', serviceIds).execute();
      const known = new Set(found.map((s) => s.id));
      const index = lines.findIndex((l) => l.serviceId && !known.has(l.serviceId));
      if (index >= 0) {
        throw new FieldValidationError(`lines/${index}/serviceId`, 'no such service');
      }
    }
    const performerIds = [...new Set(lines.map((l) => l.performerId).filter((id): id is string => !!id))];
    if (performerIds.length) {
      const found = await tx
        .selectFrom('users')
        .select(['id', 'role'])
        .where('id', 'in', performerIds)
        .execute();
      const staff = new Set(found.filter((u) => isStaffRole(u.role)).map((u) => u.id));
      const index = lines.findIndex((l) => l.performerId && !staff.has(l.performerId));
      if (index >= 0) {
        throw new FieldValidationError(`lines/${index}/performerId`, 'must be a member of the support staff');
      }
    }
    const last = await tx
      .selectFrom('specification_lines')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('ticket_id', '=', ticketId)
      .where('posted_at', 'is not', null)
      .executeTakeFirst();
    const start = (last?.position ?? -1) + 1;
    await tx
      .deleteFrom('specification_lines')
      .where('ticket_id', '=', ticketId)
      .where('posted_at', 'is', null)
      .execute();
    const now = deps.clock.now();
    if (lines.length) {
      await tx
        .insertInto('specification_lines')
        .values(
          lines.map((line, index) => ({
            ticket_id: ticketId,
            position: start + index,
            service_id: line.serviceId ?? null,
            description: line.description?.trim() ?? '',
            hours: line.hours,
            tariff_mode: line.tariffMode,
            performer_id: line.performerId ?? null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
  return getSpecification(deps, actor, ticketId);
}

/**
 * Posts the draft lines now (the agent books the work once it is done; completion posts what is left).
 * @throws NotFoundError; ConflictError when the request's work is not done or there is nothing to post.
 */
export async function postNow(deps: SpecificationDeps, actor: Actor, ticketId: string) {
  await deps.db.transaction().execute(async (tx) => {
    const ticket = await visibleTicket(tx, actor, ticketId, true);
    if (!(POSTABLE as readonly string[]).includes(ticket.status)) {
      throw new ConflictError('The specification is posted once the work is done', {
        code: 'not_postable',
        currentStatus: ticket.status,
      });
    }
    const hasDrafts = await tx
      .selectFrom('specification_lines')
      .select('id')
      .where('ticket_id', '=', ticketId)
      .where('posted_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (!hasDrafts) {
      throw new ConflictError('There are no draft lines to post', { code: 'nothing_to_post' });
    }
    const result = await postSpecification(tx, deps.clock, actor.id, ticket);
    if (result) {
      await recordEvent(tx, {
        ticketId,
        actorId: actor.id,
        ...specificationPostedEvent(result),
        at: deps.clock.now(),
      });
    }
  });
  return getSpecification(deps, actor, ticketId);
}
