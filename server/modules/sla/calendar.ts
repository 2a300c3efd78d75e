// Business calendars as plain data, and pure working-time arithmetic on them (DESIGN.md capability 5).
//
// A calendar says, in its own IANA time zone, which minutes of each local day are working time: a weekly
// pattern plus dated exceptions (holidays, shortened pre-holiday days, working weekend days). Local wall
// times become UTC instants through Intl only (no hard-coded offsets), so DST and zones far from Moscow
// come out right. Nothing here reads the clock or does I/O.
//
// Speed: a calendar is compiled lazily, on first use, into per-day plans (the day's working intervals as
// UTC milliseconds) and a running sum of working time per day. "Working time up to instant t" is then
// O(1) and "the instant when w of working time is reached" is a binary search over days, so adding
// a month of working minutes costs the same as adding one. The compiled form is cached per calendar
// object: treat a calendar as immutable and replace the object to change it.
import productionCalendarFile from './production-calendar.ru.json' with { type: 'json' };

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working time within one local day, in minutes since local midnight: 0 ≤ start < end ≤ 1440. */
export type WorkingInterval = { start: number; end: number };

/** What is special about one local date. */
export type CalendarException =
  /** No working time at all that day. */
  | { kind: 'holiday' }
  /** The weekday's usual hours, ending `minutesShorter` earlier (a Russian pre-holiday day: 60). */
  | { kind: 'short'; minutesShorter: number }
  /**
   * A working day whatever the weekday: `intervals`, or else the calendar's regular working day (the
   * hours of the first of Monday…Friday that has any), optionally ending `minutesShorter` earlier
   * (a working Saturday that is also a pre-holiday day, as on 2 Nov 2024).
   */
  | { kind: 'working'; intervals?: readonly WorkingInterval[]; minutesShorter?: number };

export type BusinessCalendar = {
  /** IANA zone name whose wall clock the intervals and dates are in (Europe/Moscow, Asia/Vladivostok…). */
  timeZone: string;
  week: Readonly<Record<Weekday, readonly WorkingInterval[]>>;
  /** Keyed by local date `YYYY-MM-DD`. */
  exceptions: Readonly<Record<string, CalendarException>>;
};

/** A stretch of working time as UTC instants, `start` inclusive, `end` exclusive. */
export type WorkingSpan = { start: Date; end: Date };

const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;

/** Minutes since midnight of an `HH:MM` wall time (`24:00` allowed as the end of a day). */
export function timeOfDay(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || Number(match[2]) > 59 || minutes > MINUTES_PER_DAY) {
    throw new RangeError(`Not a time of day: ${hhmm}`);
  }
  return minutes;
}

/** `interval('09:00', '18:00')` → `{ start: 540, end: 1080 }`. */
export function interval(from: string, to: string): WorkingInterval {
  return { start: timeOfDay(from), end: timeOfDay(to) };
}

/** A week with the same hours Monday to Friday and Saturday, Sunday off. */
export function fiveDayWeek(hours: readonly WorkingInterval[]): BusinessCalendar['week'] {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] };
}

/** Round-the-clock service: every minute is working time. */
export const CALENDAR_24X7: BusinessCalendar = {
  timeZone: 'UTC',
  week: Object.fromEntries(WEEKDAYS.map((day) => [day, [{ start: 0, end: MINUTES_PER_DAY }]])) as Record<
    Weekday,
    WorkingInterval[]
  >,
  exceptions: {},
};

// ---------------------------------------------------------------------------------------------------
// The Russian production calendar shipped with the product (built by build-production-calendar.ts).

export type ProductionCalendarYear = {
  status: 'official' | 'unconfirmed';
  decree: string | null;
  caveat?: string;
  source: { repository: string; path: string; commit: string };
  /** Monday–Friday dates that are not working days: holidays and transferred days off. */
  nonWorkingWeekdays: string[];
  /** Saturdays and Sundays that are working days (by a transfer decree). */
  workingWeekendDays: string[];
  /** Pre-holiday working days, one hour shorter (Labour Code art. 95). */
  shortDays: string[];
};

export type ProductionCalendarFile = {
  about: string;
  source: Record<string, unknown>;
  years: Record<string, ProductionCalendarYear>;
};

export const PRODUCTION_CALENDAR: ProductionCalendarFile = productionCalendarFile as ProductionCalendarFile;

/** Years the shipped production calendar covers. */
export const PRODUCTION_CALENDAR_YEARS: readonly number[] = Object.keys(PRODUCTION_CALENDAR.years).map(
  Number,
);

/**
 * The Russian production calendar of `years` as calendar exceptions: holidays and transferred days off,
 * pre-holiday days one hour shorter, working Saturdays with the regular Monday–Friday hours. Combine with
 * a five-day week in the client's time zone (`{ ...calendar, exceptions: productionCalendarExceptions(…) }`).
 * It is the calendar of a five-day week: holidays falling on a Saturday or Sunday are not listed, so a
 * calendar that works weekends needs its own exceptions for them.
 * @throws RangeError for a year the shipped calendar does not cover.
 */
export function productionCalendarExceptions(years: readonly number[]): Record<string, CalendarException> {
  const exceptions: Record<string, CalendarException> = {};
  for (const year of years) {
    const data = PRODUCTION_CALENDAR.years[String(year)];
    if (!data) {
      throw new RangeError(
        `The production calendar covers ${PRODUCTION_CALENDAR_YEARS.join(', ')}, not ${year}`,
      );
    }
    for (const date of data.nonWorkingWeekdays) {
      exceptions[date] = { kind: 'holiday' };
    }
    const shortDays = new Set(data.shortDays);
    for (const date of data.workingWeekendDays) {
      exceptions[date] = shortDays.has(date) ? { kind: 'working', minutesShorter: 60 } : { kind: 'working' };
    }
    for (const date of data.shortDays) {
      exceptions[date] ??= { kind: 'short', minutesShorter: 60 };
    }
  }
  return exceptions;
}

// ---------------------------------------------------------------------------------------------------
// Validation, for the API that will accept calendars from admins.

/** Problems that make a calendar unusable, as human-readable strings; empty when it is valid. */
export function validateCalendar(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: calendar.timeZone });
  } catch {
    problems.push(`timeZone: unknown time zone ${JSON.stringify(calendar.timeZone)}`);
  }
  const checkIntervals = (where: string, intervals: readonly WorkingInterval[]) => {
    let previousEnd = -1;
    for (const { start, end } of intervals) {
      if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end > MINUTES_PER_DAY) {
        problems.push(`${where}: interval ${start}–${end} is outside 0–1440 minutes`);
      } else if (start >= end) {
        problems.push(`${where}: interval ${start}–${end} is empty or reversed`);
      } else if (start < previousEnd) {
        problems.push(`${where}: intervals must be sorted and must not overlap`);
      }
      previousEnd = end;
    }
  };
  for (const day of WEEKDAYS) {
    // Calendars will come from the database and the API: do not trust the static type.
    const hours = calendar.week?.[day] as readonly WorkingInterval[] | undefined;
    if (Array.isArray(hours)) {
      checkIntervals(`week.${day}`, hours);
    } else {
      problems.push(`week.${day}: missing (use [] for a day off)`);
    }
  }
  for (const [date, exception] of Object.entries(calendar.exceptions ?? {})) {
    if (dayNumberOf(date) === null) {
      problems.push(`exceptions: ${JSON.stringify(date)} is not a date YYYY-MM-DD`);
    }
    if (!['holiday', 'short', 'working'].includes(exception?.kind)) {
      problems.push(`exceptions.${date}: kind must be holiday, short or working`);
      continue;
    }
    if (exception.kind === 'working' && exception.intervals) {
      checkIntervals(`exceptions.${date}`, exception.intervals);
    }
    const shorter = exception.kind === 'holiday' ? 0 : (exception.minutesShorter ?? 0);
    if (!Number.isFinite(shorter) || shorter < 0) {
      problems.push(`exceptions.${date}: minutesShorter must be a non-negative number`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Local wall time → UTC, through Intl.

type Zone = { offsetAt: (instant: number) => number };

const zones = new Map<string, Zone>();
const WALL_FIELDS: readonly string[] = ['year', 'month', 'day', 'hour', 'minute', 'second'];

function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zone = {
      // The zone's offset from UTC at an instant, in ms (local wall time read as UTC minus the instant).
      offsetAt: (instant) => {
        const whole = Math.floor(instant / 1000) * 1000;
        // [year, month, day, hour, minute, second] of the local wall clock.
        const wall = [0, 1, 1, 0, 0, 0];
        for (const { type, value } of format.formatToParts(whole)) {
          const index = WALL_FIELDS.indexOf(type);
          if (index >= 0) {
            wall[index] = Number(value);
          }
        }
        const [year, month, day, hour, minute, second] = wall as [
          number,
          number,
          number,
          number,
          number,
          number,
        ];
        return Date.UTC(year, month - 1, day, hour, minute, second) - whole;
      },
    };
    zones.set(timeZone, zone);
  }
  return zone;
}

/**
 * The UTC instant of a local wall time given as ms since 1970-01-01T00:00 wall clock. Times skipped by a
 * spring-forward jump move forward by the jump (02:30 → 03:30 in Berlin); repeated times of a fall-back take
 * the first occurrence. That is Temporal's "compatible" disambiguation. `before`/`after` are the offsets a
 * day either side, passed in because a whole day's boundaries share them.
 */
function wallToUtc(zone: Zone, wall: number, before: number, after: number): number {
  if (before === after) {
    return wall - before;
  }
  const early = wall - before;
  const late = wall - after;
  const earlyValid = zone.offsetAt(early) === before;
  const lateValid = zone.offsetAt(late) === after;
  if (earlyValid && lateValid) {
    return Math.min(early, late);
  }
  if (earlyValid) {
    return early;
  }
  if (lateValid) {
    return late;
  }
  // In the gap: read the wall time with the offset in force before the jump, which lands after it.
  return early;
}

function dayNumberOf(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return time / DAY;
}

// ---------------------------------------------------------------------------------------------------
// Compilation into day plans.

/** One local day: the UTC instant it starts, its working spans as flat [start0, end0, …] UTC ms, their sum. */
type DayPlan = { start: number; spans: number[]; total: number };

type Compiled = {
  zone: Zone;
  calendar: BusinessCalendar;
  exceptions: Map<number, CalendarException>;
  regular: readonly WorkingInterval[];
  /** Beyond this day number only the weekly pattern applies. */
  lastExceptionDay: number;
  hasWeeklyWork: boolean;
  /** Day number (days since 1970-01-01 of the local date) of plans[0]. */
  base: number;
  plans: DayPlan[];
  /** cum[i]: working ms from the origin to the local start of day base + i; length plans.length + 1. */
  cum: number[];
  /** The day whose start is position 0; fixed at compilation so positions stay comparable. */
  origin: number;
};

const compiledCalendars = new WeakMap<BusinessCalendar, Compiled>();

// Day number → weekday key; 1970-01-01 (day 0) was a Thursday.
const weekdayOf = (day: number): Weekday => WEEKDAYS[(((day + 3) % 7) + 7) % 7]!;

function compile(calendar: BusinessCalendar): Compiled {
  let compiled = compiledCalendars.get(calendar);
  if (compiled) {
    return compiled;
  }
  const problems = validateCalendar(calendar);
  if (problems.length > 0) {
    throw new RangeError(`Invalid business calendar: ${problems.join('; ')}`);
  }
  const exceptions = new Map<number, CalendarException>();
  let lastExceptionDay = -Infinity;
  for (const [date, exception] of Object.entries(calendar.exceptions)) {
    const day = dayNumberOf(date)!;
    exceptions.set(day, exception);
    lastExceptionDay = Math.max(lastExceptionDay, day);
  }
  const regular =
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const)
      .map((day) => calendar.week[day])
      .find((h) => h.length > 0) ?? [];
  compiled = {
    zone: zoneOf(calendar.timeZone),
    calendar,
    exceptions,
    regular,
    lastExceptionDay,
    hasWeeklyWork: WEEKDAYS.some((day) => calendar.week[day].length > 0),
    base: 0,
    plans: [],
    cum: [0],
    origin: 0,
  };
  compiledCalendars.set(calendar, compiled);
  return compiled;
}

/** Drops `minutes` from the end of the day's intervals (a shortened day ends earlier). */
function shortenEnd(intervals: readonly WorkingInterval[], minutes: number): readonly WorkingInterval[] {
  if (minutes <= 0) {
    return intervals;
  }
  const result = intervals.map((i) => ({ ...i }));
  let left = minutes;
  while (left > 0 && result.length > 0) {
    const last = result[result.length - 1]!;
    const length = last.end - last.start;
    if (length > left) {
      last.end -= left;
      left = 0;
    } else {
      result.pop();
      left -= length;
    }
  }
  return result;
}

function localIntervals(c: Compiled, day: number): readonly WorkingInterval[] {
  const usual = c.calendar.week[weekdayOf(day)];
  const exception = c.exceptions.get(day);
  if (!exception) {
    return usual;
  }
  switch (exception.kind) {
    case 'holiday':
      return [];
    case 'short':
      return shortenEnd(usual, exception.minutesShorter);
    case 'working':
      return shortenEnd(exception.intervals ?? c.regular, exception.minutesShorter ?? 0);
  }
}

function planDay(c: Compiled, day: number): DayPlan {
  const midnight = day * DAY;
  // Offsets a day either side: equal unless a DST or zone change is near, when each time is checked.
  const before = c.zone.offsetAt(midnight - DAY);
  const after = c.zone.offsetAt(midnight + 2 * DAY);
  const toUtc = (minute: number) => wallToUtc(c.zone, midnight + minute * MINUTE, before, after);
  const spans: number[] = [];
  let total = 0;
  for (const { start, end } of localIntervals(c, day)) {
    const from = toUtc(start);
    const to = toUtc(end);
    // An interval inside a skipped hour has no real time.
    if (to > from) {
      spans.push(from, to);
      total += to - from;
    }
  }
  return { start: toUtc(0), spans, total };
}

/** Whole calendar days of plans to add at once, so that range growth is rare. */
const GROWTH_DAYS = 92;
/** No computation reaches further than this from the first day used (a runaway guard). */
const MAX_SPAN_DAYS = 50 * 366;

/** Makes sure plans exist for day numbers lo…hi (inclusive). */
function ensureDays(c: Compiled, lo: number, hi: number): void {
  const have = c.plans.length;
  if (have > 0 && lo >= c.base && hi < c.base + have) {
    return;
  }
  if (have === 0) {
    c.base = lo - GROWTH_DAYS;
    c.origin = c.base;
    const plans: DayPlan[] = [];
    for (let day = c.base; day <= hi + GROWTH_DAYS; day += 1) {
      plans.push(planDay(c, day));
    }
    c.plans = plans;
  } else {
    const oldHi = c.base + have - 1;
    if (Math.max(hi, oldHi) - Math.min(lo, c.base) > MAX_SPAN_DAYS) {
      throw new RangeError('Working-time computation spans more than 50 years of the calendar');
    }
    // Grow by at least the current size (amortized doubling), within the guard.
    const newLo =
      lo < c.base ? Math.max(Math.min(lo, c.base - have) - GROWTH_DAYS, oldHi - MAX_SPAN_DAYS) : c.base;
    const newHi =
      hi > oldHi ? Math.min(Math.max(hi, oldHi + have) + GROWTH_DAYS, newLo + MAX_SPAN_DAYS) : oldHi;
    const front: DayPlan[] = [];
    for (let day = newLo; day < c.base; day += 1) {
      front.push(planDay(c, day));
    }
    const back: DayPlan[] = [];
    for (let day = oldHi + 1; day <= newHi; day += 1) {
      back.push(planDay(c, day));
    }
    c.plans = front.length > 0 ? [...front, ...c.plans, ...back] : c.plans.concat(back);
    c.base = newLo;
  }
  const cum = new Array<number>(c.plans.length + 1);
  cum[0] = 0;
  for (let i = 0; i < c.plans.length; i += 1) {
    cum[i + 1] = cum[i]! + c.plans[i]!.total;
  }
  const shift = cum[c.origin - c.base]!;
  for (let i = 0; i < cum.length; i += 1) {
    cum[i] = cum[i]! - shift;
  }
  c.cum = cum;
}

/** Index into c.plans of the local day that contains `instant`. */
function locate(c: Compiled, instant: number): number {
  const guess = Math.floor(instant / DAY);
  ensureDays(c, guess - 2, guess + 2);
  let index = guess - c.base;
  // The local date is the UTC date or one either side (offsets are under a day).
  while (instant < c.plans[index]!.start) {
    index -= 1;
  }
  while (instant >= c.plans[index + 1]!.start) {
    index += 1;
  }
  return index;
}

/** Working ms from the calendar's origin up to `instant` (a monotone map of instants to working time). */
function positionAt(c: Compiled, instant: number): number {
  const index = locate(c, instant);
  const { spans } = c.plans[index]!;
  let position = c.cum[index]!;
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i]!;
    if (instant <= start) {
      break;
    }
    position += Math.min(instant, spans[i + 1]!) - start;
  }
  return position;
}

/** The earliest instant ≥ notBefore at which the working position reaches `position`. */
function instantAt(c: Compiled, position: number, notBefore: number): number {
  if (position <= positionAt(c, notBefore)) {
    return notBefore;
  }
  // Grow the plans forward until they hold that much working time (forward growth keeps c.base).
  while (c.cum[c.plans.length]! < position) {
    const lastDay = c.base + c.plans.length - 1;
    if (!c.hasWeeklyWork && lastDay > c.lastExceptionDay) {
      throw new RangeError('The calendar has no working time after this instant');
    }
    ensureDays(c, lastDay, lastDay + 1);
  }
  // The first day index k ≥ notBefore's whose end position reaches the target; then cum[k] < position.
  let lo = locate(c, notBefore);
  let hi = c.plans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.cum[mid + 1]! >= position) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  const { spans } = c.plans[lo]!;
  let left = position - c.cum[lo]!;
  for (let i = 0; i < spans.length; i += 2) {
    const length = spans[i + 1]! - spans[i]!;
    if (left <= length) {
      return spans[i]! + left;
    }
    left -= length;
  }
  // Unreachable: the day was chosen because its spans reach the position.
  throw new Error('working-time search overshot its day');
}

// ---------------------------------------------------------------------------------------------------
// The public arithmetic.

function timeOf(date: Date, name: string): number {
  const time = date.getTime();
  if (Number.isNaN(time)) {
    throw new RangeError(`${name} is not a valid date`);
  }
  return time;
}

/**
 * A calendar's working time as a line: `position(t)` is the working ms from a fixed origin up to instant t
 * (so the working time between two instants is a difference), and `instantAt(p, notBefore)` the earliest
 * instant ≥ notBefore whose position reaches p. For callers that do many computations on one calendar
 * (the SLA clock); both take and return epoch milliseconds.
 * @throws RangeError for an invalid calendar, or when no working time is left to reach `p`.
 */
export function workingTimeline(calendar: BusinessCalendar) {
  const c = compile(calendar);
  return {
    position: (instant: number): number => positionAt(c, instant),
    instantAt: (position: number, notBefore: number): number => instantAt(c, position, notBefore),
  };
}
export type WorkingTimeline = ReturnType<typeof workingTimeline>;

/**
 * The working time between two instants as UTC spans, in order, touching spans merged.
 * @throws RangeError for an invalid date or calendar.
 */
export function workingIntervalsBetween(calendar: BusinessCalendar, from: Date, to: Date): WorkingSpan[] {
  const [a, b] = [timeOf(from, 'from'), timeOf(to, 'to')];
  const c = compile(calendar);
  if (!(b > a)) {
    return [];
  }
  // Locating the later instant can only grow the plans forward, which keeps the first index valid.
  const first = locate(c, a);
  const last = locate(c, b);
  const result: WorkingSpan[] = [];
  let open: [number, number] | null = null;
  for (let index = first; index <= last; index += 1) {
    const { spans } = c.plans[index]!;
    for (let i = 0; i < spans.length; i += 2) {
      const start = Math.max(spans[i]!, a);
      const end = Math.min(spans[i + 1]!, b);
      if (end <= start) {
        continue;
      }
      if (open && open[1] === start) {
        open[1] = end;
      } else {
        if (open) {
          result.push({ start: new Date(open[0]), end: new Date(open[1]) });
        }
        open = [start, end];
      }
    }
  }
  if (open) {
    result.push({ start: new Date(open[0]), end: new Date(open[1]) });
  }
  return result;
}

/**
 * Working minutes between two instants (0 when `to` is not after `from`); fractional for sub-minute bounds.
 * @throws RangeError for an invalid date or calendar.
 */
export function workingMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const [a, b] = [timeOf(from, 'from'), timeOf(to, 'to')];
  const c = compile(calendar);
  return b > a ? (positionAt(c, b) - positionAt(c, a)) / MINUTE : 0;
}

/**
 * The instant when `minutes` of working time have passed after `start`; a start outside working hours
 * counts from the next opening. The result is the earliest such instant, so 8 working hours from 09:00
 * on a 09:00–18:00 day with lunch end at 18:00 that day, not at the next morning's opening. 0 minutes → `start`.
 * @throws RangeError for an invalid start, calendar, negative or non-finite minutes, or no working time left.
 */
export function addWorkingMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Working minutes must be a non-negative number, not ${minutes}`);
  }
  const from = timeOf(start, 'start');
  const c = compile(calendar);
  return new Date(instantAt(c, positionAt(c, from) + Math.round(minutes * MINUTE), from));
}
