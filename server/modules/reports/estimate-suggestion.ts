import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { ESTIMATE_SCALE } from '#common/tickets.ts';
import { ForbiddenError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';

// An estimate suggested from history: the completed requests most like this one — the same service,
// the same client, and the words of the title and description (Russian full text: the request's own
// `search` lexemes, already stemmed, OR-ed into a query, ranked with ts_rank) — and the hours actually
// recorded on them. The suggestion is their median, rounded up to the estimate scale: a coarse scale
// is what an estimate is, and rounding up keeps the client's approval honest. Only requests the
// caller may see are drawn from, and they are shown with the suggestion so the agent can judge it.

const SAMPLE = 5;
/** Weights of sameness beside the text rank (ts_rank of a short request is mostly under 0.1). */
const SAME_SERVICE = 0.5;
const SAME_CLIENT = 0.3;

export type EstimateSuggestion = {
  suggestedHours: number | null;
  medianActualHours: number | null;
  requests: {
    ticketId: string;
    number: number;
    title: string;
    clientName: string | null;
    sameService: boolean;
    sameClient: boolean;
    estimateHours: number | null;
    actualHours: number;
  }[];
};

/** The smallest estimate on the scale that covers `hours` (the largest if none does). */
export function roundUpToScale(hours: number): number {
  return ESTIMATE_SCALE.find((step) => step >= hours - 1e-9) ?? 13;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

type Row = {
  id: string;
  number: string;
  title: string;
  client_name: string | null;
  same_service: boolean;
  same_client: boolean;
  estimate_hours: string | null;
  minutes: string;
};

export async function suggestEstimate(db: Db, actor: Actor, ticketId: string): Promise<EstimateSuggestion> {
  if (actor.role !== 'admin' && actor.role !== 'dispatcher' && actor.role !== 'agent') {
    throw new ForbiddenError('Estimates are the staff’s');
  }
  const target = await db
    .selectFrom('tickets')
    .select(['tickets.id', 'tickets.service_id', 'tickets.client_id'])
    .where('tickets.id', '=', ticketId)
    .where(visibleTickets(actor))
    .executeTakeFirst();
  if (!target) {
    throw new NotFoundError('Request not found');
  }
  const visible = db.selectFrom('tickets').where(visibleTickets(actor)).select('tickets.id');
  const rows = await sql<Row>`
    with target as (
      select t.service_id, t.client_id,
        nullif(array_to_string(array(
          select quote_literal(lexeme) from unnest(tsvector_to_array(t.search)) lexeme
        ), ' | '), '')::tsquery as words
      from tickets t where t.id = ${ticketId}
    ),
    candidates as (
      select c.id, c.number, c.title, c.client_id, c.estimate_hours,
        c.service_id is not distinct from target.service_id and c.service_id is not null as same_service,
        c.client_id is not distinct from target.client_id and c.client_id is not null as same_client,
        coalesce(ts_rank(c.search, target.words), 0) as rank
      from tickets c, target
      where c.status = 'completed' and c.id <> ${ticketId}
        and (c.service_id = target.service_id or c.search @@ target.words)
        and c.id in (${visible})
    )
    select c.id, c.number, c.title, cl.name as client_name, c.same_service, c.same_client, c.estimate_hours,
      w.minutes
    from candidates c
    join lateral (select sum(w.minutes) as minutes from worklogs w where w.ticket_id = c.id) w on w.minutes > 0
    left join clients cl on cl.id = c.client_id
    order by c.rank + case when c.same_service then ${SAME_SERVICE}::float8 else 0 end
      + case when c.same_client then ${SAME_CLIENT}::float8 else 0 end desc, c.number desc
    limit ${SAMPLE}`.execute(db);

  const requests = rows.rows.map((row) => ({
    ticketId: row.id,
    number: Number(row.number),
    title: row.title,
    clientName: row.client_name,
    sameService: row.same_service,
    sameClient: row.same_client,
    estimateHours: row.estimate_hours === null ? null : Number(row.estimate_hours),
    actualHours: Math.round((Number(row.minutes) / 60) * 100) / 100,
  }));
  const middle = median(requests.map((r) => r.actualHours));
  return {
    suggestedHours: middle === null ? null : roundUpToScale(middle),
    medianActualHours: middle === null ? null : Math.round(middle * 100) / 100,
    requests,
  };
}
