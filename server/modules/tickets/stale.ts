import { sql } from 'kysely';
import { STALE_AFTER_DAYS_DEFAULT } from '#common/tickets.ts';
import type { TicketDeps } from './service.ts';

/**
 * The scheduled job's work: requests stuck in `new` or `evaluated` with no change for N days become
 * `stale`, remembering the status they had. Idempotent and safe to run on several instances at once:
 * each request is moved by one UPDATE that re-checks its status.
 */
export async function markStaleTickets(
  deps: TicketDeps,
  staleAfterDays = STALE_AFTER_DAYS_DEFAULT,
): Promise<number> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - staleAfterDays * 24 * 3600_000);
  return deps.db.transaction().execute(async (tx) => {
    const moved = await tx
      .updateTable('tickets')
      .set({
        status: 'stale',
        status_before_stale: sql`status`,
        updated_at: now,
        version: sql<number>`version + 1`,
      })
      .where('status', 'in', ['new', 'evaluated'])
      .where('updated_at', '<=', cutoff)
      .returning(['id', 'status_before_stale'])
      .execute();
    if (moved.length) {
      await tx
        .insertInto('ticket_events')
        .values(
          moved.map((row) => ({
            ticket_id: row.id,
            actor_id: null,
            kind: 'transitioned',
            data: JSON.stringify({
              from: row.status_before_stale,
              to: 'stale',
              reason: 'no_change_for_days',
              days: staleAfterDays,
            }),
            created_at: now,
          })),
        )
        .execute();
    }
    return moved.length;
  });
}
