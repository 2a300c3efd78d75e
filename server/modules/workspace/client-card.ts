// The client card beside a request in the desk (seeds 001 and 003): who the client is, the contract in
// force and its hour balance, the SLA that times the request, the client's other open requests and the
// team's knowledge card — gathered in three round trips, whatever the client's size.
import { sql } from 'kysely';
import type { Priority, Status } from '#common/tickets.ts';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { knowledgeColumns, presentKnowledge } from '#server/modules/clients/knowledge.ts';
import { visibleContracts } from '#server/modules/contracts/policy.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';
import { calendarIdOf, parseJson, slaPolicyIdOf } from '#server/modules/sla/service.ts';

const CLOSED: readonly Status[] = ['completed', 'rejected', 'irrelevant'];
const OPEN_SHOWN = 10;

const iso = (value: Date | string | null): string | null => (value ? new Date(value).toISOString() : null);

type Targets = Partial<Record<Priority, { reactionMinutes?: number; resolutionMinutes?: number }>>;

/** The request (if the actor may see it) with its client, requester, calendar, SLA policy and card. */
function selectHead(db: Db, actor: Actor, ticketId: string) {
  return (
    db
      .selectFrom('tickets')
      .leftJoin('clients', 'clients.id', 'tickets.client_id')
      .leftJoin('users as requester', 'requester.id', 'tickets.requester_id')
      // The calendar and the policy by the SLA clock's own rule, so the card names what times this request.
      .leftJoin('business_calendars as cal', (join) =>
        join.on(sql<boolean>`cal.id = ${calendarIdOf(sql.ref('clients.calendar_id'))}`),
      )
      .leftJoin('sla_policies as policy', (join) =>
        join.on(sql<boolean>`policy.id = ${slaPolicyIdOf(sql.ref('tickets.client_id'))}`),
      )
      .select([
        'tickets.id as ticket_id',
        'tickets.priority',
        'clients.id',
        'clients.name',
        'clients.inn',
        'clients.time_zone',
        sql<number>`(select count(*) from users u where u.client_id = clients.id)::int`.as('contact_count'),
        'requester.id as requester_id',
        'requester.name as requester_name',
        'requester.email as requester_email',
        'requester.phone as requester_phone',
        'requester.role as requester_role',
        'cal.id as calendar_id',
        'cal.name as calendar_name',
        'cal.time_zone as calendar_time_zone',
        'cal.week as calendar_week',
        'cal.production_calendar',
        'policy.id as policy_id',
        'policy.name as policy_name',
        'policy.targets as policy_targets',
        ...knowledgeColumns(),
      ])
      .where('tickets.id', '=', ticketId)
      .where(visibleTickets(actor))
  );
}

/** The client's contract in force on today's date in his time zone (the newest active one), if the actor sees money. */
function selectContract(db: Db, actor: Actor, clientId: string, now: Date) {
  const today = sql<string>`(${now}::timestamptz at time zone clients.time_zone)::date`;
  return db
    .selectFrom('contracts')
    .innerJoin('clients', 'clients.id', 'contracts.client_id')
    .select([
      'contracts.id',
      'contracts.number',
      'contracts.kind',
      'contracts.starts_on',
      'contracts.ends_on',
      'contracts.allows_overdraft',
      'contracts.bonus_hours_per_month',
      'contracts.approval_limit_hours',
      sql<number>`coalesce((select sum(e.hours) from ledger_entries e where e.contract_id = contracts.id), 0)`.as(
        'balance_hours',
      ),
    ])
    .where('contracts.client_id', '=', clientId)
    .where('contracts.is_active', '=', true)
    .where(sql<boolean>`contracts.starts_on <= ${today}`)
    .where(sql<boolean>`(contracts.ends_on is null or contracts.ends_on >= ${today})`)
    .where(visibleContracts(actor))
    .orderBy('contracts.starts_on', 'desc')
    .orderBy('contracts.id')
    .limit(1);
}

/** The client's other open requests the actor may see, newest first, with how many there are in all. */
function selectOpenTickets(db: Db, actor: Actor, clientId: string, exceptId: string) {
  return db
    .selectFrom('tickets')
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.title',
      'tickets.status',
      'tickets.priority',
      'tickets.sla_state',
      'tickets.sla_due_at',
      'assignee.name as assignee_name',
      sql<number>`(count(*) over ())::int`.as('total'),
    ])
    .where('tickets.client_id', '=', clientId)
    .where('tickets.status', 'not in', CLOSED)
    .where('tickets.id', '!=', exceptId)
    .where(visibleTickets(actor))
    .orderBy('tickets.number', 'desc')
    .limit(OPEN_SHOWN);
}

/**
 * The client card of a request, as the actor may see it.
 * @throws NotFoundError when the request does not exist or the actor may not see it.
 */
export async function getClientCard(deps: { db: Db; clock: Clock }, actor: Actor, ticketId: string) {
  const head = await selectHead(deps.db, actor, ticketId).executeTakeFirst();
  if (!head) {
    throw new NotFoundError('Request');
  }
  const clientId = head.id;
  const [contract, open] = clientId
    ? await Promise.all([
        selectContract(deps.db, actor, clientId, deps.clock.now()).executeTakeFirst(),
        selectOpenTickets(deps.db, actor, clientId, ticketId).execute(),
      ])
    : [undefined, []];
  const targets = head.policy_targets ? parseJson<Targets>(head.policy_targets)[head.priority] : undefined;

  return {
    ticketId: head.ticket_id,
    client:
      clientId && head.name && head.inn && head.time_zone
        ? {
            id: clientId,
            name: head.name,
            inn: head.inn,
            timeZone: head.time_zone,
            contactCount: head.contact_count,
          }
        : null,
    requester:
      head.requester_id && head.requester_name && head.requester_email && head.requester_role
        ? {
            id: head.requester_id,
            name: head.requester_name,
            email: head.requester_email,
            phone: head.requester_phone,
            role: head.requester_role,
          }
        : null,
    contract: contract
      ? {
          id: contract.id,
          number: contract.number,
          kind: contract.kind,
          startsOn: contract.starts_on,
          endsOn: contract.ends_on,
          balanceHours: Number(contract.balance_hours),
          allowsOverdraft: contract.allows_overdraft,
          bonusHoursPerMonth: contract.bonus_hours_per_month,
          approvalLimitHours: contract.approval_limit_hours,
        }
      : null,
    sla: {
      policy:
        head.policy_id && head.policy_name
          ? {
              id: head.policy_id,
              name: head.policy_name,
              priority: head.priority,
              reactionMinutes: targets?.reactionMinutes ?? null,
              resolutionMinutes: targets?.resolutionMinutes ?? null,
            }
          : null,
      calendar:
        head.calendar_id && head.calendar_name && head.calendar_time_zone
          ? {
              id: head.calendar_id,
              name: head.calendar_name,
              timeZone: head.calendar_time_zone,
              week: parseJson<Record<string, { start: number; end: number }[]>>(head.calendar_week),
              productionCalendar: head.production_calendar ?? false,
            }
          : null,
    },
    openTickets: {
      items: open.map((row) => ({
        id: row.id,
        number: row.number,
        title: row.title,
        status: row.status,
        priority: row.priority,
        slaState: row.sla_state,
        slaDueAt: iso(row.sla_due_at),
        assigneeName: row.assignee_name,
      })),
      total: open[0]?.total ?? 0,
    },
    knowledge:
      clientId && head.knowledge_card !== null && head.knowledge_version !== null
        ? presentKnowledge({
            id: clientId,
            knowledge_card: head.knowledge_card,
            knowledge_version: head.knowledge_version,
            knowledge_updated_at: head.knowledge_updated_at,
            knowledge_updated_by: head.knowledge_updated_by,
            updater_name: head.updater_name,
          })
        : null,
  };
}

export type ClientCard = Awaited<ReturnType<typeof getClientCard>>;
