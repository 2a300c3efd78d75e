// Calendars and SLA policies as an admin edits them. An edit bumps the calendar's version and asks the
// SLA job to recompute the due times of the open requests it governs (watch.ts).
import { sql } from 'kysely';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import { inTransaction } from '#server/db/tx.ts';
import { type BusinessCalendar, validateCalendar } from './calendar.ts';
import { type PolicyTargets, parseJson } from './service.ts';

// As JSON stores them (and the API shows them): the same shapes as the engine's, but mutable.
type Interval = { start: number; end: number };
type Week = Record<keyof BusinessCalendar['week'], Interval[]>;
type ExceptionJson =
  | { kind: 'holiday' }
  | { kind: 'short'; minutesShorter: number }
  | { kind: 'working'; intervals?: Interval[]; minutesShorter?: number };
export type CalendarInput = {
  name: string;
  timeZone: string;
  week: Week;
  exceptions?: Record<string, ExceptionJson>;
  productionCalendar?: boolean;
  isDefault?: boolean;
};

const iso = (value: Date | string) => new Date(value).toISOString();

const DAY_MS = 24 * 3600_000;
const canonical = (value: unknown): string =>
  value === null || typeof value !== 'object'
    ? JSON.stringify(value)
    : Array.isArray(value)
      ? `[${value.map(canonical).join(',')}]`
      : `{${Object.keys(value)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
          .join(',')}}`;

/**
 * The earliest instant a calendar edit can change working time from, or null when it may change any of
 * it (the week, the time zone, or the production calendar switched). Only exceptions, which are single
 * days, narrow it: to the start of the first day touched, a day early so that no time zone (UTC−12 to
 * UTC+14) reaches back past it. Returns undefined when the edit changes no working time at all.
 */
export function changedWorkingTimeFrom(
  before: Pick<CalendarInput, 'timeZone' | 'week' | 'exceptions' | 'productionCalendar'>,
  after: Pick<CalendarInput, 'timeZone' | 'week' | 'exceptions' | 'productionCalendar'>,
): Date | null | undefined {
  if (
    before.timeZone !== after.timeZone ||
    canonical(before.week) !== canonical(after.week) ||
    (before.productionCalendar ?? true) !== (after.productionCalendar ?? true)
  ) {
    return null;
  }
  const was = before.exceptions ?? {};
  const now = after.exceptions ?? {};
  const touched = [...new Set([...Object.keys(was), ...Object.keys(now)])]
    .filter((date) => canonical(was[date] ?? null) !== canonical(now[date] ?? null))
    .sort();
  const first = touched[0];
  return first === undefined ? undefined : new Date(Date.parse(`${first}T00:00:00Z`) - DAY_MS);
}

function selectCalendars(db: Db) {
  return db
    .selectFrom('business_calendars as b')
    .select([
      'b.id',
      'b.name',
      'b.time_zone',
      'b.week',
      'b.exceptions',
      'b.production_calendar',
      'b.is_default',
      'b.version',
      'b.recompute_requested_at',
      'b.updated_at',
      sql<number>`(select count(*) from clients c where c.calendar_id = b.id)::int`.as('client_count'),
    ]);
}

const presentCalendar = (
  row: Awaited<ReturnType<ReturnType<typeof selectCalendars>['executeTakeFirstOrThrow']>>,
) => ({
  id: row.id,
  name: row.name,
  timeZone: row.time_zone,
  week: parseJson<Week>(row.week),
  exceptions: parseJson<Record<string, ExceptionJson>>(row.exceptions),
  productionCalendar: row.production_calendar,
  isDefault: row.is_default,
  version: row.version,
  clientCount: row.client_count,
  recomputePending: row.recompute_requested_at !== null,
  updatedAt: iso(row.updated_at),
});

export async function listCalendars(db: Db) {
  const rows = await selectCalendars(db).orderBy('b.is_default', 'desc').orderBy('b.name').execute();
  return rows.map(presentCalendar);
}

export async function getCalendar(db: Db, id: string) {
  const row = await selectCalendars(db).where('b.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Calendar');
  }
  return presentCalendar(row);
}

/** Checks a calendar as the engine would use it, naming the field of the first problem. */
function checkCalendar(
  input: Pick<CalendarInput, 'timeZone' | 'week'> & { exceptions: Record<string, ExceptionJson> },
) {
  const problems = validateCalendar({
    timeZone: input.timeZone,
    week: input.week,
    exceptions: input.exceptions,
  });
  const [first] = problems;
  if (first) {
    const at = first.indexOf(': ');
    throw new FieldValidationError(first.slice(0, at).replace(/\./g, '/'), first.slice(at + 2));
  }
}

async function clearOtherDefaults(db: Db, table: 'business_calendars' | 'sla_policies', id: string) {
  await db
    .updateTable(table)
    .set({ is_default: false })
    .where('id', '<>', id)
    .where('is_default', '=', true)
    .execute();
}

export async function createCalendar(db: Db, clock: Clock, input: CalendarInput) {
  checkCalendar({ ...input, exceptions: input.exceptions ?? {} });
  return inTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('business_calendars')
      .values({
        name: input.name.trim(),
        time_zone: input.timeZone,
        week: JSON.stringify(input.week),
        exceptions: JSON.stringify(input.exceptions ?? {}),
        production_calendar: input.productionCalendar ?? true,
        is_default: false,
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.isDefault) {
      await clearOtherDefaults(tx, 'business_calendars', row.id);
      await tx
        .updateTable('business_calendars')
        .set({ is_default: true, recompute_requested_at: clock.now() })
        .where('id', '=', row.id)
        .execute();
    }
    return getCalendar(tx, row.id);
  });
}

/** @throws NotFoundError, FieldValidationError, ConflictError (un-defaulting the only default). */
export async function updateCalendar(db: Db, clock: Clock, id: string, patch: Partial<CalendarInput>) {
  return inTransaction(db, async (tx) => {
    const current = await getCalendar(tx, id);
    const next = {
      timeZone: patch.timeZone ?? current.timeZone,
      week: patch.week ?? current.week,
      exceptions: patch.exceptions ?? current.exceptions,
    };
    checkCalendar(next);
    // Becoming (or ceasing to be) the default changes whose clocks it runs: all of them are recomputed.
    const from =
      patch.isDefault !== undefined && patch.isDefault !== current.isDefault
        ? null
        : changedWorkingTimeFrom(current, {
            ...next,
            productionCalendar: patch.productionCalendar ?? current.productionCalendar,
          });
    if (patch.isDefault === false && current.isDefault) {
      throw new ConflictError('Another calendar must become the default first', { code: 'default_required' });
    }
    if (patch.isDefault) {
      await clearOtherDefaults(tx, 'business_calendars', id);
    }
    await tx
      .updateTable('business_calendars')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        time_zone: next.timeZone,
        week: JSON.stringify(next.week),
        exceptions: JSON.stringify(next.exceptions),
        ...(patch.productionCalendar !== undefined ? { production_calendar: patch.productionCalendar } : {}),
        ...(patch.isDefault !== undefined ? { is_default: patch.isDefault } : {}),
        version: sql<number>`version + 1`,
        // A new name alone moves no clock.
        recompute_requested_at: from === undefined ? sql`recompute_requested_at` : clock.now(),
        // Merged with an edit still waiting for the job: the earlier of the two, and null wins.
        recompute_from:
          from === undefined
            ? sql`recompute_from`
            : from === null
              ? null
              : sql`CASE WHEN recompute_requested_at IS NULL THEN ${from}::timestamptz
                         WHEN recompute_from IS NULL THEN NULL
                         ELSE least(recompute_from, ${from}::timestamptz) END`,
        updated_at: clock.now(),
      })
      .where('id', '=', id)
      .execute();
    return getCalendar(tx, id);
  });
}

function selectPolicies(db: Db) {
  return db
    .selectFrom('sla_policies as p')
    .select([
      'p.id',
      'p.name',
      'p.targets',
      'p.warn_share',
      'p.is_default',
      'p.recompute_requested_at',
      'p.updated_at',
      sql<number>`(select count(*) from contracts k where k.sla_policy_id = p.id)::int`.as('contract_count'),
    ]);
}

const presentPolicy = (
  row: Awaited<ReturnType<ReturnType<typeof selectPolicies>['executeTakeFirstOrThrow']>>,
) => ({
  id: row.id,
  name: row.name,
  targets: parseJson<PolicyTargets>(row.targets),
  warnShare: row.warn_share,
  isDefault: row.is_default,
  contractCount: row.contract_count,
  recomputePending: row.recompute_requested_at !== null,
  updatedAt: iso(row.updated_at),
});

export async function listPolicies(db: Db) {
  const rows = await selectPolicies(db).orderBy('p.is_default', 'desc').orderBy('p.name').execute();
  return rows.map(presentPolicy);
}

export async function getPolicy(db: Db, id: string) {
  const row = await selectPolicies(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('SLA policy');
  }
  return presentPolicy(row);
}

export type PolicyInput = { name: string; targets: PolicyTargets; warnShare?: number; isDefault?: boolean };

function checkTargets(targets: PolicyTargets) {
  for (const [priority, t] of Object.entries(targets)) {
    if (t.resolutionMinutes < t.reactionMinutes) {
      throw new FieldValidationError(
        `targets/${priority}/resolutionMinutes`,
        'must not be shorter than the reaction',
      );
    }
  }
}

export async function createPolicy(db: Db, clock: Clock, input: PolicyInput) {
  checkTargets(input.targets);
  return inTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('sla_policies')
      .values({
        name: input.name.trim(),
        targets: JSON.stringify(input.targets),
        warn_share: input.warnShare ?? 0.8,
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.isDefault) {
      await clearOtherDefaults(tx, 'sla_policies', row.id);
      await tx
        .updateTable('sla_policies')
        .set({ is_default: true, recompute_requested_at: clock.now() })
        .where('id', '=', row.id)
        .execute();
    }
    return getPolicy(tx, row.id);
  });
}

export async function updatePolicy(db: Db, clock: Clock, id: string, patch: Partial<PolicyInput>) {
  return inTransaction(db, async (tx) => {
    const current = await getPolicy(tx, id);
    if (patch.targets) {
      checkTargets(patch.targets);
    }
    if (patch.isDefault === false && current.isDefault) {
      throw new ConflictError('Another policy must become the default first', { code: 'default_required' });
    }
    if (patch.isDefault) {
      await clearOtherDefaults(tx, 'sla_policies', id);
    }
    await tx
      .updateTable('sla_policies')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.targets !== undefined ? { targets: JSON.stringify(patch.targets) } : {}),
        ...(patch.warnShare !== undefined ? { warn_share: patch.warnShare } : {}),
        ...(patch.isDefault !== undefined ? { is_default: patch.isDefault } : {}),
        recompute_requested_at: clock.now(),
        updated_at: clock.now(),
      })
      .where('id', '=', id)
      .execute();
    return getPolicy(tx, id);
  });
}

/** A person's notifications, newest first, by keyset. */
export async function listNotifications(
  db: Db,
  userId: string,
  query: { limit?: number; cursor?: string; unread?: boolean },
  decodeAfter: (cursor: string | undefined) => number | null,
) {
  const limit = query.limit ?? 50;
  const after = decodeAfter(query.cursor);
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'ticket_id', 'data', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .$if(query.unread === true, (qb) => qb.where('read_at', 'is', null))
    .$if(after !== null, (qb) => qb.where('id', '<', after ?? 0))
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    ticketId: row.ticket_id,
    data: parseJson<Record<string, unknown>>(row.data),
    createdAt: iso(row.created_at),
    readAt: row.read_at ? iso(row.read_at) : null,
  }));
}

/** Marks one of the person's notifications read. @throws NotFoundError for another's. */
export async function markNotificationRead(db: Db, clock: Clock, userId: string, id: number) {
  const row = await db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, ${clock.now()})` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Notification');
  }
}

/** Marks every unread notification of the person read; returns how many were unread. */
export async function markAllNotificationsRead(db: Db, clock: Clock, userId: string): Promise<number> {
  const rows = await db
    .updateTable('notifications')
    .set({ read_at: clock.now() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Checks a calendar or policy that a client or contract is about to name, and asks the SLA job to
 * recompute the open requests it will govern.
 * @throws FieldValidationError naming `field` when there is no such calendar or policy.
 */
export async function adoptSlaSetting(
  db: Db,
  kind: 'calendar' | 'policy',
  id: string | null | undefined,
  field: string,
) {
  if (!id) {
    return;
  }
  // A client's clocks move to it whole: nothing narrows this recompute.
  const row =
    kind === 'calendar'
      ? await db
          .updateTable('business_calendars')
          .set({ recompute_requested_at: sql`now()`, recompute_from: null })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst()
      : await db
          .updateTable('sla_policies')
          .set({ recompute_requested_at: sql`now()` })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
  if (!row) {
    throw new FieldValidationError(field, kind === 'calendar' ? 'no such calendar' : 'no such SLA policy');
  }
}
