// Bulk actions on the queue's checked requests. Each request goes through the very use case its own page
// calls (plan for the assignee, the lifecycle for a transition, the priority change), in its own
// transaction with the version the agent saw: one refusal never undoes or blocks the others, and every
// rule and history event holds as if the requests had been changed one by one.
import type { Priority, Status } from '#common/tickets.ts';
import { AppError, FieldValidationError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { planTicket } from '#server/modules/tickets/plan.ts';
import { changePriority } from '#server/modules/tickets/priority.ts';
import { type TicketDeps, type TicketView, transitionTicket } from '#server/modules/tickets/service.ts';

export type BulkAction =
  | { action: 'assign'; assigneeId: string }
  | { action: 'priority'; priority: Priority }
  | { action: 'transition'; to: Status; comment?: string };

export type BulkBody = {
  action: BulkAction['action'];
  items: { id: string; version: number }[];
  assigneeId?: string;
  priority?: Priority;
  to?: Status;
  comment?: string;
};

export type BulkResult =
  | { id: string; ok: true; number: number; version: number }
  | { id: string; ok: false; status: number; code: string | null; reason: string };

/** The action the body names, with the field it needs. @throws FieldValidationError when it is missing. */
export function parseBulkAction(body: BulkBody): BulkAction {
  switch (body.action) {
    case 'assign':
      if (!body.assigneeId) {
        throw new FieldValidationError('assigneeId', 'required to assign');
      }
      return { action: 'assign', assigneeId: body.assigneeId };
    case 'priority':
      if (!body.priority) {
        throw new FieldValidationError('priority', 'required to change the priority');
      }
      return { action: 'priority', priority: body.priority };
    case 'transition':
      if (!body.to) {
        throw new FieldValidationError('to', 'required for a transition');
      }
      return {
        action: 'transition',
        to: body.to,
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      };
  }
}

function applyOne(deps: TicketDeps, actor: Actor, item: { id: string; version: number }, action: BulkAction) {
  switch (action.action) {
    case 'assign':
      return planTicket(deps, actor, item.id, { version: item.version, assigneeId: action.assigneeId });
    case 'priority':
      return changePriority(deps, actor, item.id, { version: item.version, priority: action.priority });
    case 'transition':
      return transitionTicket(deps, actor, item.id, {
        to: action.to,
        version: item.version,
        ...(action.comment !== undefined ? { comment: action.comment } : {}),
      });
  }
}

/** Applies the action to each request in turn; answers each one's result in the order given. */
export async function applyBulk(deps: TicketDeps, actor: Actor, body: BulkBody) {
  const action = parseBulkAction(body);
  const seen = new Set<string>();
  const results: BulkResult[] = [];
  for (const item of body.items) {
    if (seen.has(item.id)) {
      continue;
    }
    seen.add(item.id);
    try {
      const ticket: TicketView = await applyOne(deps, actor, item, action);
      results.push({ id: item.id, ok: true, number: ticket.number, version: ticket.version });
    } catch (error) {
      // Refusals the single-request routes would answer (404, 403, 409, 400) are per request here;
      // anything else is a fault of the server and fails the whole call.
      if (!(error instanceof AppError)) {
        throw error;
      }
      const code = typeof error.extra.code === 'string' ? error.extra.code : null;
      results.push({ id: item.id, ok: false, status: error.status, code, reason: error.message });
    }
  }
  const changed = results.filter((result) => result.ok).length;
  return { results, changed, refused: results.length - changed };
}
