// Changing a request's priority (the queue's bulk action; seed 004: a dispatcher or the line raises what
// turned out urgent). Priority sets the SLA targets, so the clock is recomputed in the same transaction,
// and the history keeps the change.
import { sql } from 'kysely';
import { isStaffRole } from '#common/roles.ts';
import type { Priority, Status } from '#common/tickets.ts';
import { ConflictError, ForbiddenError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { recomputeSla } from '#server/modules/sla/service.ts';
import { signalCrossings } from '#server/modules/sla/watch.ts';
import { type TicketDeps, type TicketView, getTicket, lockTicket, recordEvent } from './service.ts';

/** Closed requests keep the priority they were worked with: their SLA is history. */
const FINAL: readonly Status[] = ['completed', 'rejected', 'irrelevant'];

export type PriorityDecision =
  { ok: true; change: boolean } | { ok: false; kind: 'forbidden' | 'conflict'; detail: string };

/** Whether `actor` may give `ticket` the priority `to`; a change to the same priority changes nothing. */
export function decidePriorityChange(
  ticket: { status: Status; priority: Priority },
  actor: Pick<Actor, 'role'>,
  to: Priority,
): PriorityDecision {
  if (!isStaffRole(actor.role)) {
    return { ok: false, kind: 'forbidden', detail: 'Only support staff change the priority' };
  }
  if (FINAL.includes(ticket.status)) {
    return {
      ok: false,
      kind: 'conflict',
      detail: `A request in status ${ticket.status} is closed: its priority no longer changes`,
    };
  }
  return { ok: true, change: ticket.priority !== to };
}

/**
 * Sets a visible request's priority, checking its version; writes a `priority_changed` event and the SLA.
 * @throws NotFoundError, ConflictError (stale version, a closed request), ForbiddenError.
 */
export async function changePriority(
  deps: TicketDeps,
  actor: Actor,
  id: string,
  input: { version: number; priority: Priority },
): Promise<TicketView> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockTicket(tx, actor, id, input.version);
    const decision = decidePriorityChange(row, actor, input.priority);
    if (!decision.ok) {
      throw decision.kind === 'forbidden'
        ? new ForbiddenError(decision.detail)
        : new ConflictError(decision.detail, { code: 'closed_request' });
    }
    if (!decision.change) {
      return getTicket(tx, actor, id);
    }
    const now = deps.clock.now();
    await tx
      .updateTable('tickets')
      .set({ priority: input.priority, updated_at: now, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .execute();
    await recordEvent(tx, {
      ticketId: id,
      actorId: actor.id,
      kind: 'priority_changed',
      data: { from: row.priority, to: input.priority },
      at: now,
    });
    await signalCrossings(tx, await recomputeSla(tx, [id], now), now);
    return getTicket(tx, actor, id);
  });
}
