import type { ExpressionBuilder } from 'kysely';
import { isStaffRole } from '#common/roles.ts';
import type { Database } from '#server/db/schema.ts';
import type { Actor } from '#server/modules/auth/actor.ts';

/**
 * The one filter on clients: staff see every client, a client's contact only his own company,
 * an internal employee none. Every list, search, export and report of clients uses it.
 */
export function visibleClients(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'clients'>) => {
    if (isStaffRole(actor.role)) {
      return eb.lit(true);
    }
    if (actor.clientId) {
      return eb('clients.id', '=', actor.clientId);
    }
    return eb.lit(false);
  };
}

export const canManageClients = (actor: Actor): boolean =>
  actor.role === 'admin' || actor.role === 'dispatcher';
