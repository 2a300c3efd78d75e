import type { ExpressionBuilder } from 'kysely';
import type { Database } from '#server/db/schema.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { assertUnreachable } from '#common/assert.ts';

/**
 * The one visibility filter on requests. Every list, read, search, export and report of requests uses it.
 * Invariant: dispatcher and admin see all; an agent the requests of his lines and groups and those
 * assigned to him; a client's approver his company's requests, and a client_user too unless his client
 * keeps contacts to their own; an internal employee his own.
 */
export function visibleTickets(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    switch (actor.role) {
      case 'admin':
      case 'dispatcher':
        return eb.lit(true);
      case 'agent': {
        const scopes = [eb('tickets.assignee_id', '=', actor.id)];
        if (actor.lineIds.length) {
          scopes.push(eb('tickets.line_id', 'in', actor.lineIds));
        }
        if (actor.groupIds.length) {
          scopes.push(eb('tickets.group_id', 'in', actor.groupIds));
        }
        return eb.or(scopes);
      }
      case 'client_approver':
        return actor.clientId ? eb('tickets.client_id', '=', actor.clientId) : eb.lit(false);
      case 'client_user':
        return actor.clientId
          ? eb.and([
              eb('tickets.client_id', '=', actor.clientId),
              eb.or([
                eb('tickets.requester_id', '=', actor.id),
                eb.exists(
                  eb
                    .selectFrom('clients as own')
                    .select('own.id')
                    .where('own.id', '=', actor.clientId)
                    .where('own.users_see_company_requests', '=', true),
                ),
              ]),
            ])
          : eb.lit(false);
      case 'employee':
        return eb('tickets.requester_id', '=', actor.id);
      default:
        return assertUnreachable(actor.role);
    }
  };
}
