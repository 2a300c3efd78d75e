import type { ExpressionBuilder } from 'kysely';
import type { Database } from '#server/db/schema.ts';
import type { Actor } from '#server/modules/auth/actor.ts';

const MANAGERS: readonly string[] = ['admin', 'dispatcher'];

/**
 * The one visibility filter on saved views: one's own, and those shared with a line one belongs to.
 * Every list, read and write of views uses it (a view one may not see answers 404).
 */
export function visibleViews(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'queue_views'>) => {
    const scopes = [eb('queue_views.owner_id', '=', actor.id)];
    if (actor.lineIds.length) {
      scopes.push(eb('queue_views.line_id', 'in', actor.lineIds));
    }
    return eb.or(scopes);
  };
}

/** Who may rename, re-share or delete a visible view: its owner; a line's view also a dispatcher or admin. */
export function mayEditView(view: { ownerId: string; lineId: string | null }, actor: Actor): boolean {
  return view.ownerId === actor.id || (view.lineId !== null && MANAGERS.includes(actor.role));
}

/** Who may share a view with a line: a dispatcher or admin with any line, an agent with his own. */
export function mayShareWith(lineId: string, actor: Actor): boolean {
  return MANAGERS.includes(actor.role) || actor.lineIds.includes(lineId);
}
