import { isStaffRole } from '#common/roles.ts';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/modules/auth/actor.ts';

/**
 * Records the first time a member of the staff opens a request: from then on it is no longer unread, and
 * the change feed (the `opened` event) silences the new-request alert in every workspace. Only while
 * nobody has opened it, so an ordinary read writes nothing. A person in the workspace opens requests;
 * an integration reading through an API token does not, and leaves them unread.
 */
export async function recordFirstOpen<T extends { id: string; firstOpenedAt: string | null }>(
  db: Db,
  clock: Clock,
  actor: Actor,
  ticket: T,
): Promise<T> {
  if (ticket.firstOpenedAt !== null || !isStaffRole(actor.role) || actor.via !== 'session') {
    return ticket;
  }
  const row = await db
    .updateTable('tickets')
    .set({ first_opened_at: clock.now(), first_opened_by: actor.id })
    .where('id', '=', ticket.id)
    .where('first_opened_at', 'is', null)
    .returning('first_opened_at')
    .executeTakeFirst();
  // No row: a colleague opened it a moment earlier; either way it is opened now.
  const openedAt = row?.first_opened_at ?? clock.now();
  return { ...ticket, firstOpenedAt: new Date(openedAt).toISOString() };
}
