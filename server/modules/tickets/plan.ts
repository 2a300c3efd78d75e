// Planning and re-planning as one command, the planning board's (seed 001: the dispatcher plans twice a
// week). An approved request is planned through the lifecycle's `approved → planned` transition; a planned
// or running one has its plan changed by the lifecycle's re-planning rule, with a `replanned` event. An end
// left out follows from the work: an estimate's worth of working time after the start for a new plan, the
// same working time as before for a moved one, both on the organization's working calendar.
import { sql } from 'kysely';
import { isStaffRole } from '#common/roles.ts';
import { assertUnreachable } from '#common/assert.ts';
import type { Tx } from '#server/http/idempotency.ts';
import { AppError, ConflictError, FieldValidationError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import {
  type BusinessCalendar,
  addWorkingMinutes,
  workingMinutesBetween,
} from '#server/modules/sla/calendar.ts';
import { findWorkingCalendar } from '#server/modules/sla/service.ts';
import { type ReplanDecision, decideReplan } from './lifecycle.ts';
import {
  type TicketDeps,
  type TicketView,
  applyTransition,
  getTicket,
  lockTicket,
  recordEvent,
} from './service.ts';

export type PlanInput = {
  version: number;
  assigneeId?: string;
  plannedStart?: string;
  plannedEnd?: string;
  acceptanceCriteria?: string;
};

/** The board's grid: a new plan lasts whole half-hours, so a 0.1 h estimate still gets a visible slot. */
const SLOT_MINUTES = 30;

const instantOf = (value: string | undefined): Date | null => {
  const date = value === undefined ? null : new Date(value);
  return date && !Number.isNaN(date.getTime()) ? date : null;
};

/** The end of a new plan: the estimate in working time after the start (an hour when there is none). */
export function endByEstimate(calendar: BusinessCalendar, start: Date, estimateHours: number | null): Date {
  const minutes = Math.ceil(((estimateHours ?? 1) * 60) / SLOT_MINUTES) * SLOT_MINUTES;
  return addWorkingMinutes(calendar, start, minutes);
}

/** The end of a moved plan: as much working time after the new start as the old plan held, else as long. */
export function endKeepingWork(
  calendar: BusinessCalendar,
  oldStart: Date,
  oldEnd: Date,
  newStart: Date,
): Date {
  const working = workingMinutesBetween(calendar, oldStart, oldEnd);
  return working > 0
    ? addWorkingMinutes(calendar, newStart, working)
    : new Date(newStart.getTime() + (oldEnd.getTime() - oldStart.getTime()));
}

function refuse(decision: Extract<ReplanDecision, { ok: false }>): never {
  const extra = { allowed: decision.allowed, ...(decision.errors ? { errors: decision.errors } : {}) };
  switch (decision.kind) {
    case 'invalid':
      throw new AppError(400, 'Bad Request', decision.detail, extra);
    case 'forbidden':
      throw new AppError(403, 'Forbidden', decision.detail, extra);
    case 'conflict':
      throw new ConflictError(decision.detail, { code: 'illegal_transition', ...extra });
    default:
      return assertUnreachable(decision.kind);
  }
}

/**
 * Puts a request on the schedule or changes its place there: plans an approved request (assignee, start,
 * acceptance criteria; the end defaults from the estimate) or re-plans a planned or running one (any of
 * assignee, start, end; a start alone moves the whole plan). Writes the history in the same transaction.
 * @throws NotFoundError, ConflictError (stale version, a status without a plan to change), ForbiddenError
 *   (only dispatchers and admins plan), FieldValidationError.
 */
export async function planTicket(
  deps: TicketDeps,
  actor: Actor,
  id: string,
  input: PlanInput,
): Promise<TicketView> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockTicket(tx, actor, id, input.version);
    const calendar = await findWorkingCalendar(tx);
    const start = instantOf(input.plannedStart);
    if (row.status === 'approved') {
      const plannedEnd =
        input.plannedEnd ??
        (start ? endByEstimate(calendar, start, row.estimate_hours).toISOString() : undefined);
      const acceptanceCriteria = input.acceptanceCriteria ?? row.acceptance_criteria ?? undefined;
      return applyTransition(tx, deps.clock, actor, row, 'planned', {
        ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
        ...(input.plannedStart !== undefined ? { plannedStart: input.plannedStart } : {}),
        ...(plannedEnd !== undefined ? { plannedEnd } : {}),
        ...(acceptanceCriteria !== undefined ? { acceptanceCriteria } : {}),
      });
    }
    const oldStart = row.planned_start ? new Date(row.planned_start) : null;
    const oldEnd = row.planned_end ? new Date(row.planned_end) : null;
    const plannedEnd =
      input.plannedEnd ??
      (start && oldStart && oldEnd
        ? endKeepingWork(calendar, oldStart, oldEnd, start).toISOString()
        : undefined);
    const decision = decideReplan(
      {
        status: row.status,
        clientId: row.client_id,
        requesterId: row.requester_id,
        assigneeId: row.assignee_id,
        estimateHours: row.estimate_hours,
        statusBeforeStale: row.status_before_stale,
        plannedStart: oldStart,
        plannedEnd: oldEnd,
      },
      actor,
      {
        ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
        ...(input.plannedStart !== undefined ? { plannedStart: input.plannedStart } : {}),
        ...(plannedEnd !== undefined ? { plannedEnd } : {}),
      },
    );
    if (!decision.ok) {
      return refuse(decision);
    }
    const { changes, previous } = decision;
    if (Object.keys(changes).length === 0) {
      return getTicket(tx, actor, row.id);
    }
    return writeReplan(tx, deps, actor, row.id, changes, previous);
  });
}

async function writeReplan(
  tx: Tx,
  deps: TicketDeps,
  actor: Actor,
  ticketId: string,
  changes: Extract<ReplanDecision, { ok: true }>['changes'],
  previous: Extract<ReplanDecision, { ok: true }>['previous'],
): Promise<TicketView> {
  const now = deps.clock.now();
  const assigneeIds = [previous.assigneeId, changes.assigneeId].filter((value): value is string => !!value);
  const people = assigneeIds.length
    ? await tx
        .selectFrom('users')
        .select(['id', 'name', 'role', 'is_active'])
        .where('id', 'in', assigneeIds)
        .execute()
    : [];
  if (changes.assigneeId !== undefined) {
    const assignee = people.find((person) => person.id === changes.assigneeId);
    if (!assignee || !isStaffRole(assignee.role) || !assignee.is_active) {
      throw new FieldValidationError('assigneeId', 'must be an active member of the support staff');
    }
  }
  await tx
    .updateTable('tickets')
    .set({
      ...(changes.assigneeId !== undefined ? { assignee_id: changes.assigneeId } : {}),
      ...(changes.plannedStart !== undefined ? { planned_start: changes.plannedStart } : {}),
      ...(changes.plannedEnd !== undefined ? { planned_end: changes.plannedEnd } : {}),
      updated_at: now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', ticketId)
    .execute();
  const nameOf = (id: string | null) => people.find((person) => person.id === id)?.name ?? null;
  const plan = (assigneeId: string | null, start: Date | null, end: Date | null) => ({
    assigneeId,
    assigneeName: nameOf(assigneeId),
    plannedStart: start?.toISOString() ?? null,
    plannedEnd: end?.toISOString() ?? null,
  });
  // Both plans in full, with names: the history reads "from whom to whom, from when to when" on its own.
  await recordEvent(tx, {
    ticketId,
    actorId: actor.id,
    kind: 'replanned',
    data: {
      from: plan(previous.assigneeId, previous.plannedStart, previous.plannedEnd),
      to: plan(
        changes.assigneeId ?? previous.assigneeId,
        changes.plannedStart ?? previous.plannedStart,
        changes.plannedEnd ?? previous.plannedEnd,
      ),
      changed: Object.keys(changes),
    },
    at: now,
  });
  return getTicket(tx, actor, ticketId);
}
