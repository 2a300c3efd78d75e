import type { ExpressionBuilder } from 'kysely';
import { isStaffRole } from '#common/roles.ts';
import type { Database } from '#server/db/schema.ts';
import type { Actor } from '#server/modules/auth/actor.ts';

/**
 * The one filter on contracts and their money: staff see all; a client's approver his company's; a
 * client_user his company's only when the client lets all its contacts see the balance; nobody else.
 */
export function visibleContracts(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'contracts'>) => {
    if (isStaffRole(actor.role)) {
      return eb.lit(true);
    }
    if (actor.role === 'client_approver' && actor.clientId) {
      return eb('contracts.client_id', '=', actor.clientId);
    }
    if (actor.role === 'client_user' && actor.clientId) {
      return eb.and([
        eb('contracts.client_id', '=', actor.clientId),
        eb.exists(
          eb
            .selectFrom('clients as own')
            .select('own.id')
            .where('own.id', '=', actor.clientId)
            .where('own.users_see_balance', '=', true),
        ),
      ]);
    }
    return eb.lit(false);
  };
}
