// The planning board's arithmetic as pure functions (seed 001: "2 раза в неделю руководитель проводит
// планирование работ"): the days of the range in the viewer's time zone, each day's capacity in the
// organization's working calendar, and how much of each planned request falls on each day.
//
// Planned hours are the estimate spread over the working time of the planned period, not the period's
// length: a plan says "do this 2-hour job between Monday and Wednesday", so counting the whole window would
// show everyone overloaded by work that takes a fraction of it. A request without an estimate counts its
// planned working time, the only measure it has.
import {
  type BusinessCalendar,
  workingIntervalsBetween,
  workingMinutesBetween,
} from '#server/modules/sla/calendar.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The UTC offset of `timeZone` at an instant, in ms (the wall clock read as UTC minus the instant). */
function offsetAt(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of local midnight of `date` (YYYY-MM-DD) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day);
  // Two rounds settle the offset on either side of a daylight-saving change.
  const first = wall - offsetAt(timeZone, wall);
  return new Date(wall - offsetAt(timeZone, first));
}

/** The calendar date `days` after `date`, both YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day) + days * DAY).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match !== null && addDays(value, 0) === value;
}

export type DayKind = 'working' | 'short' | 'weekend' | 'holiday';

export type BoardDay = {
  date: string;
  start: Date;
  end: Date;
  kind: DayKind;
  /** Working time of the organization's calendar within this local day. */
  capacityMinutes: number;
  spans: { start: Date; end: Date }[];
};

function kindOf(calendar: BusinessCalendar, date: string, capacityMinutes: number): DayKind {
  const exception = calendar.exceptions[date];
  if (exception?.kind === 'holiday') {
    return 'holiday';
  }
  if (capacityMinutes === 0) {
    return 'weekend';
  }
  if (exception?.kind === 'short' || (exception?.kind === 'working' && (exception.minutesShorter ?? 0) > 0)) {
    return 'short';
  }
  return 'working';
}

/**
 * The board's days: `count` local days from `from` in the viewer's `timeZone`, each with the working time
 * the calendar has in it (a calendar in another zone contributes what falls into the viewer's day).
 */
export function boardDays(
  calendar: BusinessCalendar,
  from: string,
  count: number,
  timeZone: string,
): BoardDay[] {
  const days: BoardDay[] = [];
  let start = localMidnight(from, timeZone);
  for (let index = 0; index < count; index += 1) {
    const date = addDays(from, index);
    const end = localMidnight(addDays(from, index + 1), timeZone);
    const spans = workingIntervalsBetween(calendar, start, end);
    const capacityMinutes = spans.reduce(
      (sum, span) => sum + (span.end.getTime() - span.start.getTime()) / MINUTE,
      0,
    );
    days.push({ date, start, end, kind: kindOf(calendar, date, capacityMinutes), capacityMinutes, spans });
    start = end;
  }
  return days;
}

/**
 * Minutes of planned work of one request on each day: the estimate spread over the working time of its
 * planned period in proportion to each day's share (see the file's comment). A period with no working
 * time at all puts the whole estimate on the day it starts, so evening or weekend plans still show up.
 */
export function plannedMinutesByDay(
  calendar: BusinessCalendar,
  days: readonly BoardDay[],
  plan: { start: Date; end: Date; estimateHours: number | null },
): number[] {
  const total = workingMinutesBetween(calendar, plan.start, plan.end);
  const work = plan.estimateHours !== null ? plan.estimateHours * 60 : total;
  if (total === 0) {
    const at = plan.start.getTime();
    return days.map((day) => (at >= day.start.getTime() && at < day.end.getTime() ? work : 0));
  }
  return days.map((day) => {
    const from = new Date(Math.max(plan.start.getTime(), day.start.getTime()));
    const to = new Date(Math.min(plan.end.getTime(), day.end.getTime()));
    return to > from ? (work * workingMinutesBetween(calendar, from, to)) / total : 0;
  });
}

/** Hours to two decimals, as the API shows them. */
export const hoursOf = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;
