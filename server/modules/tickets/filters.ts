// The queue's filters as one condition on `tickets`: the list and its group counts apply exactly the same
// one (after the visibility filter), so a group's count is what expanding it lists.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Emptyable } from '#common/queue.ts';
import { isStaffRole } from '#common/roles.ts';
import type { Channel, Priority, Status } from '#common/tickets.ts';
import type { Database } from '#server/db/schema.ts';
import type { Actor } from '#server/modules/auth/actor.ts';

export type SlaStateFilter = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

export type TicketFilters = {
  status?: Status[];
  clientId?: string;
  assigneeId?: string;
  lineId?: string;
  groupId?: string;
  serviceId?: string;
  priority?: Priority;
  type?: string;
  channel?: Channel;
  slaState?: SlaStateFilter[];
  without?: Emptyable[];
  createdFrom?: string;
  createdTo?: string;
  dueFrom?: string;
  dueTo?: string;
  plannedFrom?: string;
  plannedTo?: string;
  q?: string;
  /** Only requests no member of the staff has opened yet (the new-request alert). */
  unopened?: boolean;
};

const EMPTY_COLUMN = {
  client: 'tickets.client_id',
  service: 'tickets.service_id',
  line: 'tickets.line_id',
  group: 'tickets.group_id',
  assignee: 'tickets.assignee_id',
  slaState: 'tickets.sla_state',
} as const satisfies Record<Emptyable, string>;

/** The filters as one condition (true when none is given). */
export function ticketFilter(actor: Actor, filters: TicketFilters) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [];
    if (filters.status?.length) {
      all.push(eb('tickets.status', 'in', filters.status));
    }
    if (filters.clientId) {
      all.push(eb('tickets.client_id', '=', filters.clientId));
    }
    if (filters.assigneeId) {
      all.push(eb('tickets.assignee_id', '=', filters.assigneeId));
    }
    if (filters.lineId) {
      all.push(eb('tickets.line_id', '=', filters.lineId));
    }
    if (filters.groupId) {
      all.push(eb('tickets.group_id', '=', filters.groupId));
    }
    if (filters.serviceId) {
      all.push(eb('tickets.service_id', '=', filters.serviceId));
    }
    if (filters.priority) {
      all.push(eb('tickets.priority', '=', filters.priority));
    }
    if (filters.type) {
      all.push(eb('tickets.type', '=', filters.type));
    }
    if (filters.channel) {
      all.push(eb('tickets.channel', '=', filters.channel));
    }
    if (filters.slaState?.length) {
      all.push(eb('tickets.sla_state', 'in', filters.slaState));
    }
    for (const attribute of new Set(filters.without ?? [])) {
      all.push(eb(EMPTY_COLUMN[attribute], 'is', null));
    }
    if (filters.createdFrom) {
      all.push(eb('tickets.created_at', '>=', new Date(filters.createdFrom)));
    }
    if (filters.createdTo) {
      all.push(eb('tickets.created_at', '<', new Date(filters.createdTo)));
    }
    if (filters.dueFrom) {
      all.push(eb('tickets.sla_due_at', '>=', new Date(filters.dueFrom)));
    }
    if (filters.dueTo) {
      all.push(eb('tickets.sla_due_at', '<', new Date(filters.dueTo)));
    }
    if (filters.plannedFrom || filters.plannedTo) {
      // Spelled as the planning board's GiST index (migration 0012): the planned period overlaps the range.
      const from = filters.plannedFrom ? sql`${filters.plannedFrom}::timestamptz` : sql`null`;
      const to = filters.plannedTo ? sql`${filters.plannedTo}::timestamptz` : sql`null`;
      all.push(eb('tickets.planned_start', 'is not', null));
      all.push(eb('tickets.planned_end', 'is not', null));
      all.push(
        sql<SqlBool>`tstzrange(tickets.planned_start, tickets.planned_end) && tstzrange(${from}, ${to})`,
      );
    }
    if (filters.unopened) {
      all.push(eb('tickets.first_opened_at', 'is', null));
    }
    const q = filters.q?.trim();
    if (q) {
      // Words in any form: websearch_to_tsquery stems them with the same Russian dictionary as the vectors.
      // The conversation's words are on the request row (migration 0006), public replies and internal
      // notes apart: only support staff find requests by the words of internal notes.
      const words = sql`websearch_to_tsquery('russian', ${q})`;
      const matches = [
        sql<SqlBool>`tickets.search @@ ${words}`,
        sql<SqlBool>`tickets.comments_search @@ ${words}`,
      ];
      if (isStaffRole(actor.role)) {
        matches.push(sql<SqlBool>`tickets.notes_search @@ ${words}`);
      }
      if (/^#?\d+$/.test(q)) {
        matches.push(sql<SqlBool>`tickets.number = ${Number(q.replace('#', ''))}`);
      }
      all.push(eb.or(matches));
    }
    return eb.and(all);
  };
}
