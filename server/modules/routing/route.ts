// Where a new request lands (seeds 002 and 004): the first active routing rule whose every given
// criterion matches, else the route of its service (or of the product above it), else the first line.
// Written as SQL expressions so that the create stays one statement.
import { type RawBuilder, sql } from 'kysely';
import type { Priority } from '#common/tickets.ts';

export type RouteInput = {
  serviceId: string | null;
  type: string;
  priority: Priority;
  clientId: string | null;
};

export function routeSql(input: RouteInput): {
  lineId: RawBuilder<string | null>;
  groupId: RawBuilder<string | null>;
} {
  const serviceId = sql`${input.serviceId}::uuid`;
  const rule = sql`(select r.id from routing_rules r
    where r.is_active
      and (r.service_id is null or r.service_id = ${serviceId}
           or r.service_id = (select s.parent_id from services s where s.id = ${serviceId}))
      and (r.type is null or r.type = ${input.type})
      and (r.priority is null or r.priority = ${input.priority})
      and (r.client_id is null or r.client_id = ${input.clientId}::uuid)
    order by r.position, r.id limit 1)`;
  // The service's own route, or its parent's (a product routes all its services).
  const serviceRoute = sql`(select coalesce(s.line_id, p.line_id) as line_id,
      case when s.line_id is not null then s.group_id else p.group_id end as group_id
    from services s left join services p on p.id = s.parent_id where s.id = ${serviceId})`;
  const firstLine = sql`(select l.id from support_lines l order by l.level, l.code limit 1)`;
  return {
    lineId: sql<string | null>`coalesce(
      (select r.line_id from routing_rules r where r.id = ${rule}),
      (select sr.line_id from ${serviceRoute} sr),
      ${firstLine})`,
    groupId: sql<string | null>`case
      when ${rule} is not null then (select r.group_id from routing_rules r where r.id = ${rule})
      else (select sr.group_id from ${serviceRoute} sr where sr.line_id is not null)
    end`,
  };
}
