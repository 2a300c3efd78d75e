import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  fiveDayWeek,
  interval,
  productionCalendarExceptions,
} from '#server/modules/sla/calendar.ts';
import { addDays, boardDays, isCalendarDate, localMidnight, plannedMinutesByDay } from './board.ts';

// The default calendar of migration 0007: 9:00–18:00 Moscow with the Russian production calendar.
const MOSCOW: BusinessCalendar = {
  timeZone: 'Europe/Moscow',
  week: fiveDayWeek([interval('09:00', '18:00')]),
  exceptions: productionCalendarExceptions([2025, 2026]),
};

describe('localMidnight and dates', () => {
  it.each([
    { date: '2026-03-02', zone: 'Europe/Moscow', utc: '2026-03-01T21:00:00.000Z' },
    { date: '2026-03-02', zone: 'Asia/Vladivostok', utc: '2026-03-01T14:00:00.000Z' },
    { date: '2026-03-02', zone: 'UTC', utc: '2026-03-02T00:00:00.000Z' },
    // Berlin springs forward on 29 March 2026: midnight is still +01:00, the next one +02:00.
    { date: '2026-03-29', zone: 'Europe/Berlin', utc: '2026-03-28T23:00:00.000Z' },
    { date: '2026-03-30', zone: 'Europe/Berlin', utc: '2026-03-29T22:00:00.000Z' },
  ])('puts midnight of $date in $zone at $utc', ({ date, zone, utc }) => {
    expect(localMidnight(date, zone).toISOString()).toBe(utc);
  });

  it('counts days across month and year ends and knows real dates', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-3-1')).toBe(false);
  });
});

describe('boardDays', () => {
  it('gives each day of a week its capacity: 9 working hours, none at the weekend', () => {
    const days = boardDays(MOSCOW, '2026-03-02', 7, 'Europe/Moscow');
    expect(days.map((d) => d.date)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(days.map((d) => d.capacityMinutes / 60)).toEqual([9, 9, 9, 9, 9, 0, 0]);
    expect(days.map((d) => d.kind)).toEqual([
      'working',
      'working',
      'working',
      'working',
      'working',
      'weekend',
      'weekend',
    ]);
    expect(days[0]?.spans.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2026-03-02T06:00:00.000Z', '2026-03-02T15:00:00.000Z'],
    ]);
  });

  it('knows holidays and the shortened day before them from the production calendar', () => {
    // 2026: 8 March is a Sunday, so Monday 9 March is off; Friday 6 March is not shortened (the 7th is
    // a Saturday), but 30 April before the May holidays is.
    const march = boardDays(MOSCOW, '2026-03-09', 1, 'Europe/Moscow')[0];
    expect(march).toMatchObject({ kind: 'holiday', capacityMinutes: 0 });
    const april = boardDays(MOSCOW, '2026-04-30', 2, 'Europe/Moscow');
    expect(april.map((d) => [d.kind, d.capacityMinutes / 60])).toEqual([
      ['short', 8],
      ['holiday', 0],
    ]);
  });

  it('cuts the viewer’s days from the calendar’s working time when the zones differ', () => {
    // In Vladivostok (+10) Moscow's 9:00–18:00 is 16:00–01:00: eight hours on Monday; Tuesday has
    // Monday's last hour after midnight and its own eight in the afternoon.
    const days = boardDays(MOSCOW, '2026-03-02', 3, 'Asia/Vladivostok');
    expect(days.map((d) => d.capacityMinutes / 60)).toEqual([8, 9, 9]);
  });
});

describe('plannedMinutesByDay', () => {
  const week = boardDays(MOSCOW, '2026-03-02', 7, 'Europe/Moscow');

  it('puts a plan within one day entirely on that day', () => {
    const minutes = plannedMinutesByDay(MOSCOW, week, {
      start: new Date('2026-03-03T07:00:00Z'),
      end: new Date('2026-03-03T09:00:00Z'),
      estimateHours: 2,
    });
    expect(minutes).toEqual([0, 120, 0, 0, 0, 0, 0]);
  });

  it('spreads the estimate, not the window, over the working time of a plan of several days', () => {
    // Monday 13:00 to Wednesday 13:00 Moscow: 5 + 9 + 4 = 18 working hours for a 3-hour job.
    const minutes = plannedMinutesByDay(MOSCOW, week, {
      start: new Date('2026-03-02T10:00:00Z'),
      end: new Date('2026-03-04T10:00:00Z'),
      estimateHours: 3,
    });
    expect(minutes.map((m) => Math.round(m))).toEqual([50, 90, 40, 0, 0, 0, 0]);
    expect(minutes.reduce((a, b) => a + b, 0)).toBeCloseTo(180);
  });

  it('counts the planned working time of a request without an estimate', () => {
    const minutes = plannedMinutesByDay(MOSCOW, week, {
      start: new Date('2026-03-05T12:00:00Z'),
      end: new Date('2026-03-06T08:00:00Z'),
      estimateHours: null,
    });
    expect(minutes).toEqual([0, 0, 0, 180, 120, 0, 0]);
  });

  it('keeps a weekend plan visible on its day, and counts only the days of the range', () => {
    expect(
      plannedMinutesByDay(MOSCOW, week, {
        start: new Date('2026-03-07T08:00:00Z'),
        end: new Date('2026-03-07T10:00:00Z'),
        estimateHours: 1,
      }),
    ).toEqual([0, 0, 0, 0, 0, 60, 0]);
    // From the Friday before to Tuesday: 9 + 9 + 9 working hours, a third of them on this board's Monday.
    const spill = plannedMinutesByDay(MOSCOW, week, {
      start: new Date('2026-02-27T06:00:00Z'),
      end: new Date('2026-03-03T15:00:00Z'),
      estimateHours: 6.5,
    });
    expect(spill.map((m) => Math.round(m))).toEqual([130, 130, 0, 0, 0, 0, 0]);
  });
});
