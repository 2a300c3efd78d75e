// Group counts of the queue: how many of the requests the current filter lists fall in each value of one
// attribute. One query: the counts through the same visibility filter and filters as the list, then the
// names of the (at most MAX_GROUPS) values.
import { type RawBuilder, sql } from 'kysely';
import type { GroupBy } from '#common/queue.ts';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { type TicketFilters, ticketFilter } from '#server/modules/tickets/filters.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';

/** A queue grouped by client may have thousands of values; the UI shows the largest ones. */
export const MAX_GROUPS = 200;

export type GroupCount = { key: string | null; label: string | null; count: number };

type Grouping = {
  column: string;
  label: (key: RawBuilder<unknown>, locale: 'ru' | 'en') => RawBuilder<unknown>;
};

const nameIn = (table: string) => (key: RawBuilder<unknown>) =>
  sql`(select x.name from ${sql.table(table)} x where x.id = ${key})`;
const codeItself = (key: RawBuilder<unknown>) => sql`${key}`;

const GROUPINGS: Record<GroupBy, Grouping> = {
  status: { column: 'status', label: codeItself },
  priority: { column: 'priority', label: codeItself },
  slaState: { column: 'sla_state', label: codeItself },
  channel: { column: 'channel', label: codeItself },
  type: {
    column: 'type',
    label: (key, locale) =>
      sql`(select ${sql.ref(locale === 'en' ? 'x.name_en' : 'x.name')} from ticket_types x where x.code = ${key})`,
  },
  client: { column: 'client_id', label: nameIn('clients') },
  service: { column: 'service_id', label: nameIn('services') },
  line: { column: 'line_id', label: nameIn('support_lines') },
  group: { column: 'group_id', label: nameIn('support_groups') },
  assignee: { column: 'assignee_id', label: nameIn('users') },
};

/**
 * The counts per value of `by` among the requests the actor may see that pass `filters`, largest first
 * (ties by name). A null key is the group of requests without a value (`without=<by>` lists them).
 */
export async function countGroups(
  db: Db,
  actor: Actor,
  by: GroupBy,
  filters: TicketFilters,
): Promise<{ items: GroupCount[]; truncated: boolean }> {
  const grouping = GROUPINGS[by];
  const column = sql.ref(`tickets.${grouping.column}`);
  const counts = db
    .selectFrom('tickets')
    .select([sql<string | null>`${column}::text`.as('key'), sql<number>`count(*)::int`.as('count')])
    .where(visibleTickets(actor))
    .where(ticketFilter(actor, filters))
    .groupBy(column);
  const key = sql`g.key`;
  const keyTyped = ['client_id', 'service_id', 'line_id', 'group_id', 'assignee_id'].includes(grouping.column)
    ? sql`g.key::uuid`
    : key;
  const result = await sql<GroupCount>`
    select g.key, ${grouping.label(keyTyped, actor.locale)}::text as label, g.count
    from (${counts}) g
    order by g.count desc, label nulls last, g.key
    limit ${MAX_GROUPS + 1}`.execute(db);
  const rows = result.rows;
  return { items: rows.slice(0, MAX_GROUPS), truncated: rows.length > MAX_GROUPS };
}
