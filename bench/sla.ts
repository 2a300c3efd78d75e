// SLA on the benchmark desk (issue 6): the calendars and policies the generated clients work under, and
// each request's stored SLA columns computed from its generated history the way the product's
// `recomputeSla` computes them (server/modules/sla/service.ts) at the moment the desk's history ends —
// what the breach job would leave on the rows. bench/smoke.test.ts checks a sample against the product.
import { isStaffRole } from '#common/roles.ts';
import type { Priority } from '#common/tickets.ts';
import type { Db } from '#server/db/client.ts';
import { type BusinessCalendar, computeSlaClock } from '#server/modules/sla/index.ts';
import {
  type CalendarRow,
  type PolicyTargets,
  calendarOf,
  parseJson,
  summarize,
} from '#server/modules/sla/service.ts';
import type { Row } from './loader.ts';

/** The calendar and policy a request's clock runs on. */
export type SlaSetting = { calendar: BusinessCalendar; targets: PolicyTargets; warnShare: number };

/** What migration 0007 seeds and every client without his own calendar or policy uses. */
export type SlaDefaults = {
  calendar: CalendarRow;
  policy: { id: string; targets: unknown; warn_share: number };
};

export async function readSlaDefaults(db: Db): Promise<SlaDefaults> {
  const calendar = await db
    .selectFrom('business_calendars')
    .select(['id', 'time_zone', 'week', 'exceptions', 'production_calendar', 'version'])
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow();
  const policy = await db
    .selectFrom('sla_policies')
    .select(['id', 'targets', 'warn_share'])
    .where('is_default', '=', true)
    .executeTakeFirstOrThrow();
  return { calendar, policy };
}

// The generator's own calendars and policy have fixed ids, so that a --force run finds and replaces them
// whatever seed made them.
export const BENCH_CALENDAR_IDS = {
  extended: '00000000-0000-4000-8000-0000000bca01',
  roundTheClock: '00000000-0000-4000-8000-0000000bca02',
} as const;
export const BENCH_POLICY_ID = '00000000-0000-4000-8000-0000000b5901';

const day = (start: number, end: number) => [{ start, end }];
const EXTENDED_WEEK = {
  mon: day(480, 1200),
  tue: day(480, 1200),
  wed: day(480, 1200),
  thu: day(480, 1200),
  fri: day(480, 1200),
  sat: day(600, 960),
  sun: [],
};
const ALWAYS = day(0, 1440);
const ROUND_THE_CLOCK_WEEK = {
  mon: ALWAYS,
  tue: ALWAYS,
  wed: ALWAYS,
  thu: ALWAYS,
  fri: ALWAYS,
  sat: ALWAYS,
  sun: ALWAYS,
};

const PRIORITY_TARGETS: PolicyTargets = {
  critical: { reactionMinutes: 15, resolutionMinutes: 240 },
  high: { reactionMinutes: 30, resolutionMinutes: 480 },
  normal: { reactionMinutes: 120, resolutionMinutes: 1200 },
  low: { reactionMinutes: 240, resolutionMinutes: 2400 },
};

/** Rows of the generated calendars (retail clients' long days, a 24×7 duty shift) and the priority policy. */
export function benchSlaRows(createdAt: string): { calendars: Row[]; policies: Row[] } {
  return {
    calendars: [
      [
        BENCH_CALENDAR_IDS.extended,
        'Расширенный: будни 8:00–20:00, суббота 10:00–16:00 (Москва)',
        'Europe/Moscow',
        JSON.stringify(EXTENDED_WEEK),
        '{}',
        true,
        createdAt,
        createdAt,
      ],
      [
        BENCH_CALENDAR_IDS.roundTheClock,
        'Дежурная смена, круглосуточно (24×7)',
        'Europe/Moscow',
        JSON.stringify(ROUND_THE_CLOCK_WEEK),
        '{}',
        false,
        createdAt,
        createdAt,
      ],
    ],
    policies: [
      [BENCH_POLICY_ID, 'Приоритетный', JSON.stringify(PRIORITY_TARGETS), 0.75, createdAt, createdAt],
    ],
  };
}

/** The settings by calendar id (null: the default) and policy id (null: the default). */
export function slaSettings(defaults: SlaDefaults, createdAt: string) {
  const rows = benchSlaRows(createdAt);
  const calendars = new Map<string | null, BusinessCalendar>([[null, calendarOf(defaults.calendar)]]);
  for (const [id, , timeZone, week, exceptions, production] of rows.calendars) {
    calendars.set(
      String(id),
      calendarOf({
        id: String(id),
        time_zone: String(timeZone),
        week,
        exceptions,
        production_calendar: Boolean(production),
        version: 1,
      }),
    );
  }
  const policies = new Map<string | null, { targets: PolicyTargets; warnShare: number }>([
    [
      null,
      {
        targets: parseJson<PolicyTargets>(defaults.policy.targets),
        warnShare: Number(defaults.policy.warn_share),
      },
    ],
    [BENCH_POLICY_ID, { targets: PRIORITY_TARGETS, warnShare: 0.75 }],
  ]);
  return (calendarId: string | null, policyId: string | null): SlaSetting => {
    const calendar = calendars.get(calendarId);
    const policy = policies.get(policyId);
    if (!calendar || !policy) {
      throw new Error(`no SLA calendar ${calendarId} or policy ${policyId}`);
    }
    return { calendar, targets: policy.targets, warnShare: policy.warnShare };
  };
}

/** An event of the generated history, as far as the clock reads it. */
export type HistoryEvent = {
  at: number;
  kind: string;
  actorRole: string | null;
  internal: boolean;
  to?: string;
};

const STOPPED = new Set(['completed', 'rejected', 'irrelevant']);
const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * The stored SLA columns of a request — reacted_at, reaction_due_at, resolution_due_at, sla_due_at,
 * sla_warn_at, sla_state — as `recomputeSla` derives them from the history (events in order) at `now`.
 */
export function slaColumns(
  ticket: { createdAt: number; priority: Priority; status: string; closedAt: number | null },
  history: readonly HistoryEvent[],
  setting: SlaSetting,
  now: number,
): Row {
  // The first reaction: a transition or a public reply by a member of the staff.
  const reaction = history.find(
    (event) =>
      event.actorRole !== null &&
      isStaffRole(event.actorRole as never) &&
      (event.kind === 'transitioned' || (event.kind === 'commented' && !event.internal)),
  );
  const reactedAt = reaction ? new Date(reaction.at) : null;
  const targets = setting.targets[ticket.priority];
  if (!targets) {
    return [iso(reactedAt), null, null, null, null, null];
  }
  const clock = computeSlaClock({
    createdAt: new Date(ticket.createdAt),
    statusChanges: history
      .filter((event) => event.kind === 'transitioned')
      .map((event) => ({ at: new Date(event.at), to: event.to ?? '' })),
    reactedAt,
    resolvedAt: STOPPED.has(ticket.status) && ticket.closedAt !== null ? new Date(ticket.closedAt) : null,
    targets,
    calendar: setting.calendar,
    now: new Date(now),
    warnShare: setting.warnShare,
  });
  const stored = summarize(clock);
  return [
    iso(reactedAt),
    iso(stored.reactionDueAt),
    iso(stored.resolutionDueAt),
    iso(stored.slaDueAt),
    iso(stored.slaWarnAt),
    stored.slaState,
  ];
}
