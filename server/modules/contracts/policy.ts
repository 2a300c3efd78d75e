import type { ExpressionBuilder } from 'kysely';
import { isStaffRole } from '#common/roles.ts';
import type { Database } from '#server/db/schema.ts';
import type { Actor } from '#server/modules/auth/actor.ts';

/**
 * The one filter on contracts and their money: staff see all; a client's approver his company's;
 * nobody else (a client_user sees no money unless a later setting of his client allows it).
 */
export function visibleContracts(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'contracts'>) => {
    if (isStaffRole(actor.role)) {
      return eb.lit(true);
    }
    if (actor.role === 'client_approver' && actor.clientId) {
      return eb('contracts.client_id', '=', actor.clientId);
    }
    return eb.lit(false);
  };
}
