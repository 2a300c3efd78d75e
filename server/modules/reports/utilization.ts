import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { ForbiddenError } from '#server/http/problem.ts';
import { workingMinutesBetween } from '#server/modules/sla/index.ts';
import { findWorkingCalendar } from '#server/modules/sla/service.ts';
import { type ReportScope, num, share, visibleTicketRows } from './scope.ts';

// Utilization: the hours each employee recorded in the period against the working hours of the
// organization's calendar in it (the default business calendar, with the production calendar's
// holidays and short days — the capacity the planning board uses too). An agent sees himself and the
// colleagues of his lines and groups, and only the work on requests he may see; a client's approver
// gets no view of the staff's capacity.

export type UtilizationReport = {
  workingHours: number;
  totals: { recordedHours: number; capacityHours: number; utilization: number | null };
  employees: {
    userId: string;
    name: string;
    recordedHours: number;
    workingHours: number;
    utilization: number | null;
  }[];
};

export async function utilizationReport(db: Db, scope: ReportScope): Promise<UtilizationReport> {
  const { actor, filters } = scope;
  if (actor.role === 'client_approver') {
    throw new ForbiddenError('The staff’s utilization is not shown to clients');
  }
  const t = visibleTicketRows(db, scope, { employeeIsAssignee: false });
  const { start, end } = scope;
  const colleagues =
    actor.role === 'agent'
      ? sql`and (u.id = ${actor.id}
          or exists (select 1 from user_lines ul where ul.user_id = u.id and ul.line_id = any(${actor.lineIds}::uuid[]))
          or exists (select 1 from user_groups ug where ug.user_id = u.id and ug.group_id = any(${actor.groupIds}::uuid[])))`
      : sql``;
  const [rows, bounds, calendar] = await Promise.all([
    sql<{ id: string; name: string; minutes: string }>`
      with t as not materialized (${t}),
      w as (
        select w.user_id, sum(w.minutes) as minutes from worklogs w cross join lateral (select t.* from t where t.id = w.ticket_id offset 0) t
        where w.started_at >= ${start} and w.started_at < ${end} group by w.user_id
      )
      select u.id, u.name, coalesce(w.minutes, 0) as minutes
      from users u left join w on w.user_id = u.id
      where u.role in ('agent', 'dispatcher', 'admin')
        and (u.is_active or w.minutes > 0)
        ${colleagues}
        ${filters.employeeId ? sql`and u.id = ${filters.employeeId}` : sql``}
        ${filters.lineId ? sql`and exists (select 1 from user_lines ul where ul.user_id = u.id and ul.line_id = ${filters.lineId})` : sql``}
        ${filters.groupId ? sql`and exists (select 1 from user_groups ug where ug.user_id = u.id and ug.group_id = ${filters.groupId})` : sql``}
      order by minutes desc, u.name`.execute(db),
    sql<{ start: Date; end: Date }>`select ${start} as start, ${end} as end`.execute(db),
    findWorkingCalendar(db),
  ]);
  const period = bounds.rows[0];
  const workingHours = period
    ? num(workingMinutesBetween(calendar, new Date(period.start), new Date(period.end)) / 60)
    : 0;
  const employees = rows.rows.map((row) => {
    const recordedHours = num(Number(row.minutes) / 60);
    return {
      userId: row.id,
      name: row.name,
      recordedHours,
      workingHours,
      utilization: share(recordedHours, workingHours),
    };
  });
  const recordedHours = num(employees.reduce((sum, e) => sum + e.recordedHours, 0));
  const capacityHours = num(workingHours * employees.length);
  return {
    workingHours,
    totals: { recordedHours, capacityHours, utilization: share(recordedHours, capacityHours) },
    employees,
  };
}
