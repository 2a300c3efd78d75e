// Where things sit on the planning board: instants ↔ horizontal pixels, bars in lanes, and the working
// time the board's days hold (for previews; the server decides the real end of a moved or new plan).
//
// Each day column shows the working window of the organization's calendar (e.g. 9:00–18:00), not the
// whole 24 hours, so an hour of work is wide enough to grab; days without working time are narrower.
import type { DayKind, PlanningDay } from './api.ts';

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
/** Moves snap to half-hours: the grain plans are made in. */
export const SLOT_MINUTES = 30;
/** Days off take this share of a working day's width: visible, but not in the way. */
const DAY_OFF_WEIGHT = 0.55;

export type Column = { left: number; width: number; start: number; end: number; kind: DayKind };

export type Layout = {
  columns: Column[];
  width: number;
  /** Minutes since local midnight that each column's left and right edges stand for. */
  windowStart: number;
  windowEnd: number;
  rangeStart: number;
  rangeEnd: number;
};

const isDayOff = (kind: DayKind) => kind === 'weekend' || kind === 'holiday';

/** The working window the columns show: the earliest opening and the latest closing of the range. */
function workingWindow(days: readonly PlanningDay[]): [number, number] {
  let first = Infinity;
  let last = -Infinity;
  for (const day of days) {
    const dayStart = Date.parse(day.start);
    for (const span of day.workingSpans) {
      first = Math.min(first, (Date.parse(span.start) - dayStart) / MINUTE);
      last = Math.max(last, (Date.parse(span.end) - dayStart) / MINUTE);
    }
  }
  if (!Number.isFinite(first) || last <= first) {
    return [9 * 60, 18 * 60];
  }
  // Whole hours, so the grid's lines fall on o'clock.
  return [Math.max(0, Math.floor(first / 60) * 60), Math.min(DAY_MINUTES, Math.ceil(last / 60) * 60)];
}

export function buildLayout(days: readonly PlanningDay[], width: number): Layout {
  const [windowStart, windowEnd] = workingWindow(days);
  const weights = days.map((day) => (isDayOff(day.kind) ? DAY_OFF_WEIGHT : 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  let left = 0;
  const columns = days.map((day, index) => {
    const columnWidth = (width * (weights[index] ?? 1)) / total;
    const column = {
      left,
      width: columnWidth,
      start: Date.parse(day.start),
      end: Date.parse(day.end),
      kind: day.kind,
    };
    left += columnWidth;
    return column;
  });
  return {
    columns,
    width,
    windowStart,
    windowEnd,
    rangeStart: columns[0]?.start ?? 0,
    rangeEnd: columns.at(-1)?.end ?? 0,
  };
}

/** The x of an instant: its place in its day's working window (clamped to the window's edges). */
export function timeToX(layout: Layout, at: number): number {
  if (at <= layout.rangeStart) {
    return 0;
  }
  if (at >= layout.rangeEnd) {
    return layout.width;
  }
  const column = layout.columns.find((c) => at >= c.start && at < c.end);
  if (!column) {
    return 0;
  }
  const minute = (at - column.start) / MINUTE;
  const share = (minute - layout.windowStart) / (layout.windowEnd - layout.windowStart);
  return column.left + Math.min(1, Math.max(0, share)) * column.width;
}

/**
 * The instant at x, snapped to half an hour within the day's working window. A start never falls on the
 * window's closing (a plan would begin as the day ends); an end may.
 */
export function xToTime(layout: Layout, x: number, edge: 'start' | 'end' = 'start'): number {
  const clamped = Math.min(Math.max(x, 0), layout.width - 0.01);
  const column =
    layout.columns.find((c) => clamped >= c.left && clamped < c.left + c.width) ?? layout.columns.at(-1);
  if (!column) {
    return layout.rangeStart;
  }
  const share = (clamped - column.left) / column.width;
  const minute = layout.windowStart + share * (layout.windowEnd - layout.windowStart);
  const snapped = Math.round(minute / SLOT_MINUTES) * SLOT_MINUTES;
  const earliest = edge === 'start' ? layout.windowStart : layout.windowStart + SLOT_MINUTES;
  const latest = edge === 'start' ? layout.windowEnd - SLOT_MINUTES : layout.windowEnd;
  return column.start + Math.min(Math.max(snapped, earliest), latest) * MINUTE;
}

/** The narrowest bar: wide enough to grab and to show its number, even for a quarter-hour job. */
export const MIN_BAR_WIDTH = 52;

/** A bar's horizontal extent in pixels: its period, widened to the minimum (kept inside the board). */
export function barExtent(layout: Layout, start: number, end: number): { left: number; width: number } {
  const from = timeToX(layout, start);
  const width = Math.max(timeToX(layout, end) - from, MIN_BAR_WIDTH);
  return { left: Math.max(0, Math.min(from, layout.width - width)), width };
}

/** Lanes for bars that overlap, so none hides another: the first lane free at each bar's start. */
export function assignLanes<T extends { id: string; start: number; end: number }>(
  bars: readonly T[],
): { lanes: Map<string, number>; count: number } {
  const sorted = [...bars].sort((a, b) => a.start - b.start || b.end - a.end);
  const laneEnds: number[] = [];
  const lanes = new Map<string, number>();
  for (const bar of sorted) {
    let lane = laneEnds.findIndex((end) => end <= bar.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(bar.end);
    } else {
      laneEnds[lane] = bar.end;
    }
    lanes.set(bar.id, lane);
  }
  return { lanes, count: Math.max(1, laneEnds.length) };
}

type Spans = [number, number][];

const spansOf = (days: readonly PlanningDay[]): Spans =>
  days.flatMap((day) =>
    day.workingSpans.map((s): [number, number] => [Date.parse(s.start), Date.parse(s.end)]),
  );

const workBetween = (spans: Spans, from: number, to: number): number =>
  spans.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(end, to) - Math.max(start, from)), 0);

/** The instant `ms` of working time after `from`, through the board's days; beyond them, plain time. */
function addWork(spans: Spans, from: number, ms: number): number {
  let left = ms;
  for (const [start, end] of spans) {
    if (end <= from) {
      continue;
    }
    const begin = Math.max(start, from);
    if (end - begin >= left) {
      return begin + left;
    }
    left -= end - begin;
  }
  return (spans.at(-1)?.[1] ?? from) + left;
}

/** Where a moved bar would end: the same working time after its new start, as the server computes it. */
export function previewMovedEnd(
  days: readonly PlanningDay[],
  start: number,
  end: number,
  newStart: number,
): number {
  const spans = spansOf(days);
  const rangeStart = Date.parse(days[0]?.start ?? '');
  const rangeEnd = Date.parse(days.at(-1)?.end ?? '');
  const work = workBetween(spans, start, end);
  // A bar reaching past the board holds working time the board cannot see: keep its length instead.
  if (work === 0 || start < rangeStart || end > rangeEnd) {
    return newStart + (end - start);
  }
  return addWork(spans, newStart, work);
}

/** Where a new plan would end: the estimate (whole half-hours, an hour when none) in working time. */
export function previewEstimatedEnd(
  days: readonly PlanningDay[],
  start: number,
  estimateHours: number | null,
): number {
  const minutes = Math.ceil(((estimateHours ?? 1) * 60) / SLOT_MINUTES) * SLOT_MINUTES;
  return addWork(spansOf(days), start, minutes * MINUTE);
}

/** YYYY-MM-DD `days` after `date`. */
export function addDays(date: string, days: number): string {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day) + days * DAY_MINUTES * MINUTE).toISOString().slice(0, 10);
}

/** The Monday of the week `date` (YYYY-MM-DD) falls in. */
export function mondayOf(date: string): string {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

export const isDate = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
