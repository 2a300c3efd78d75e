import { describe, expect, it } from 'vitest';
import {
  CALENDAR_24X7,
  WEEKDAYS,
  addWorkingMinutes,
  fiveDayWeek,
  interval,
  productionCalendarExceptions,
  timeOfDay,
  validateCalendar,
  workingIntervalsBetween,
  workingMinutesBetween,
  type BusinessCalendar,
  type Weekday,
} from './calendar.ts';

// The office day used throughout: 09:00–13:00 and 14:00–18:00 (lunch 13–14), 8 working hours.
const OFFICE_HOURS = [interval('09:00', '13:00'), interval('14:00', '18:00')];
const RU_YEARS = [2024, 2025, 2026, 2027];

const russianOffice = (timeZone: string): BusinessCalendar => ({
  timeZone,
  week: fiveDayWeek(OFFICE_HOURS),
  exceptions: productionCalendarExceptions(RU_YEARS),
});

const MOSCOW = russianOffice('Europe/Moscow'); // UTC+3, no DST
const VLADIVOSTOK = russianOffice('Asia/Vladivostok'); // UTC+10, no DST
const YEKATERINBURG = russianOffice('Asia/Yekaterinburg'); // UTC+5, no DST
// Berlin: CET (UTC+1) in winter, CEST (UTC+2) from the last Sunday of March to the last Sunday of October.
const BERLIN: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  week: fiveDayWeek([interval('09:00', '17:00')]),
  exceptions: {},
};

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('addWorkingMinutes', () => {
  it('carries over a weekend', () => {
    // Fri 6 Feb 2026 16:00 MSK = 13:00Z, + 240 min:
    //   Fri 16:00–18:00 = 120 (120 left) · Sat 7, Sun 8 off · Mon 9 Feb 09:00 + 120 = 11:00 MSK = 08:00Z.
    expect(iso(addWorkingMinutes(MOSCOW, at('2026-02-06T13:00:00Z'), 240))).toBe('2026-02-09T08:00:00.000Z');
  });

  it('skips the New Year holidays of 2026 (31 Dec 2025 – 11 Jan 2026 off)', () => {
    // Tue 30 Dec 2025 17:00 MSK = 14:00Z, + 480 min (one working day):
    //   Tue 30 Dec 17:00–18:00 = 60 (420 left) · Wed 31 Dec (transferred from Sun 4 Jan) off ·
    //   Thu 1 – Sun 11 Jan off (1–8 Jan holidays, Fri 9 Jan transferred from Sat 3 Jan, 10–11 weekend) ·
    //   Mon 12 Jan 09:00–13:00 = 240 (180 left), 14:00 + 180 = 17:00 MSK = 14:00Z.
    expect(iso(addWorkingMinutes(MOSCOW, at('2025-12-30T14:00:00Z'), 480))).toBe('2026-01-12T14:00:00.000Z');
    expect(workingMinutesBetween(MOSCOW, at('2025-12-30T14:00:00Z'), at('2026-01-12T14:00:00Z'))).toBe(480);
  });

  it('works on the transferred working Saturday 28 Dec 2024', () => {
    // Fri 27 Dec 2024 17:00 MSK = 14:00Z, + 120 min:
    //   Fri 17:00–18:00 = 60 (60 left) · Sat 28 Dec is a working day (its day off moved to Mon 30 Dec)
    //   with the Monday–Friday hours: 09:00 + 60 = 10:00 MSK = 07:00Z.
    expect(iso(addWorkingMinutes(MOSCOW, at('2024-12-27T14:00:00Z'), 120))).toBe('2024-12-28T07:00:00.000Z');
    // Without the production calendar the same start lands on Monday 30 Dec 10:00 MSK.
    const plain = { ...MOSCOW, exceptions: {} };
    expect(iso(addWorkingMinutes(plain, at('2024-12-27T14:00:00Z'), 120))).toBe('2024-12-30T07:00:00.000Z');
    // …which in fact is a transferred day off, and so is 31 Dec: after Sat 28 Dec the next working day is
    // Thu 9 Jan 2025. Sat 28 Dec 17:00 MSK + 120 min = 17:00–18:00 (60), Thu 9 Jan 09:00 + 60 = 10:00 MSK.
    expect(iso(addWorkingMinutes(MOSCOW, at('2024-12-28T14:00:00Z'), 120))).toBe('2025-01-09T07:00:00.000Z');
  });

  it('ends a shortened pre-holiday day an hour early (Fri 8 May 2026)', () => {
    // Fri 8 May 2026 16:00 MSK = 13:00Z, + 120 min:
    //   Fri 8 May is shortened: 09:00–13:00, 14:00–17:00, so 16:00–17:00 = 60 (60 left) ·
    //   Sat 9 (Victory Day), Sun 10, Mon 11 (transferred from Sat 9) off ·
    //   Tue 12 May 09:00 + 60 = 10:00 MSK = 07:00Z.
    expect(iso(addWorkingMinutes(MOSCOW, at('2026-05-08T13:00:00Z'), 120))).toBe('2026-05-12T07:00:00.000Z');
    // The whole shortened day holds 7 hours.
    expect(workingMinutesBetween(MOSCOW, at('2026-05-07T21:00:00Z'), at('2026-05-08T21:00:00Z'))).toBe(420);
  });

  it('shortens a working Saturday that is also a pre-holiday day (Sat 1 Nov 2025)', () => {
    // Sat 1 Nov 2025 is worked (its day off moved to Mon 3 Nov) and precedes the 4 Nov holiday: 7 hours.
    expect(workingMinutesBetween(MOSCOW, at('2025-10-31T21:00:00Z'), at('2025-11-01T21:00:00Z'))).toBe(420);
    // Sat 1 Nov 16:30 MSK + 60 min: 16:30–17:00 = 30 · Sun 2, Mon 3, Tue 4 off · Wed 5 Nov 09:30 MSK = 06:30Z.
    expect(iso(addWorkingMinutes(MOSCOW, at('2025-11-01T13:30:00Z'), 60))).toBe('2025-11-05T06:30:00.000Z');
  });

  it('gives different due instants for the same request in Moscow, Yekaterinburg and Vladivostok', () => {
    // Created Tue 3 Mar 2026 05:00Z, reaction target 240 working minutes.
    const created = at('2026-03-03T05:00:00Z');
    // Moscow (UTC+3): 08:00 local, before opening → from 09:00; 09:00–13:00 = 240 → 13:00 MSK = 10:00Z.
    expect(iso(addWorkingMinutes(MOSCOW, created, 240))).toBe('2026-03-03T10:00:00.000Z');
    // Yekaterinburg (UTC+5): 10:00 local; 10:00–13:00 = 180 (60 left), 14:00 + 60 = 15:00 YEKT = 10:00Z —
    // the lunch hour makes it coincide with Moscow.
    expect(iso(addWorkingMinutes(YEKATERINBURG, created, 240))).toBe('2026-03-03T10:00:00.000Z');
    // Vladivostok (UTC+10): 15:00 local; 15:00–18:00 = 180 (60 left), Wed 4 Mar 09:00 + 60 = 10:00 VLAT
    // = 00:00Z on 4 Mar.
    expect(iso(addWorkingMinutes(VLADIVOSTOK, created, 240))).toBe('2026-03-04T00:00:00.000Z');
  });

  it('follows the DST switch in Europe/Berlin', () => {
    // Fri 27 Mar 2026 16:00 CET = 15:00Z, + 120 min: Fri 16:00–17:00 = 60 (60 left) · the clocks go
    // forward on Sun 29 Mar · Mon 30 Mar 09:00 + 60 = 10:00 CEST = 08:00Z (not 09:00Z as with a fixed +1).
    expect(iso(addWorkingMinutes(BERLIN, at('2026-03-27T15:00:00Z'), 120))).toBe('2026-03-30T08:00:00.000Z');
    // And back on Sun 25 Oct 2026: Fri 23 Oct 16:00 CEST = 14:00Z + 120 → Mon 26 Oct 10:00 CET = 09:00Z.
    expect(iso(addWorkingMinutes(BERLIN, at('2026-10-23T14:00:00Z'), 120))).toBe('2026-10-26T09:00:00.000Z');
  });

  it('counts the real length of a night shift on DST days', () => {
    // Sunday 00:00–06:00 local in Berlin. On 29 Mar 2026 02:00 CET jumps to 03:00 CEST: 5 real hours
    // (23:00Z–04:00Z). On 25 Oct 2026 03:00 CEST falls back to 02:00 CET: 7 real hours (22:00Z–05:00Z).
    const nights: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      week: { ...fiveDayWeek([]), sun: [interval('00:00', '06:00')] },
      exceptions: {},
    };
    expect(workingMinutesBetween(nights, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(300);
    expect(workingMinutesBetween(nights, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(420);
    expect(workingIntervalsBetween(nights, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toEqual([
      { start: at('2026-10-24T22:00:00Z'), end: at('2026-10-25T05:00:00Z') },
    ]);
    // A start inside the skipped hour (02:30 does not exist on 29 Mar) reads as 03:30 CEST = 01:30Z.
    const gap: BusinessCalendar = { ...nights, week: { ...nights.week, sun: [interval('02:30', '06:00')] } };
    expect(workingIntervalsBetween(gap, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toEqual([
      { start: at('2026-03-29T01:30:00Z'), end: at('2026-03-29T04:00:00Z') },
    ]);
  });

  it('adds plain minutes on the 24×7 calendar', () => {
    // Every minute works: 1000 min after 31 Dec 2025 20:00Z is 1 Jan 2026 12:40Z, holidays or not.
    expect(iso(addWorkingMinutes(CALENDAR_24X7, at('2025-12-31T20:00:00Z'), 1000))).toBe(
      '2026-01-01T12:40:00.000Z',
    );
    expect(workingMinutesBetween(CALENDAR_24X7, at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'))).toBe(
      31 * 1440,
    );
  });

  it('ends exactly at the close of the day rather than at the next opening', () => {
    // Mon 2 Mar 2026 09:00 MSK + 480 = 09:00–13:00 and 14:00–18:00 → 18:00 MSK = 15:00Z the same day.
    expect(iso(addWorkingMinutes(MOSCOW, at('2026-03-02T06:00:00Z'), 480))).toBe('2026-03-02T15:00:00.000Z');
    // A start at 18:00 or in the evening counts from the next opening: Tue 09:00 + 1 = 09:01 MSK.
    expect(iso(addWorkingMinutes(MOSCOW, at('2026-03-02T17:00:00Z'), 1))).toBe('2026-03-03T06:01:00.000Z');
    expect(iso(addWorkingMinutes(MOSCOW, at('2026-03-02T17:00:00Z'), 0))).toBe('2026-03-02T17:00:00.000Z');
  });

  it('skips whole months at once', () => {
    // 2026 in Moscow holds 1972 h at 8 h/day minus 1 h per shortened day (production-calendar.test.ts):
    // from the first working minute of 2026 (Mon 12 Jan 09:00 MSK), 1972 h end at 31 Dec 2026 18:00 MSK…
    // except 31 Dec 2026 is a day off (transferred from Sun 4 Jan), so they end Wed 30 Dec 18:00 MSK = 15:00Z.
    const start = at('2025-12-31T21:00:00Z');
    expect(iso(addWorkingMinutes(MOSCOW, start, 1972 * 60))).toBe('2026-12-30T15:00:00.000Z');
  });

  it('rejects negative minutes and calendars with no working time left', () => {
    expect(() => addWorkingMinutes(MOSCOW, at('2026-03-02T06:00:00Z'), -1)).toThrow(RangeError);
    const never: BusinessCalendar = {
      timeZone: 'Europe/Moscow',
      week: fiveDayWeek([]),
      exceptions: { '2026-01-10': { kind: 'working' } },
    };
    expect(() => addWorkingMinutes(never, at('2026-03-02T06:00:00Z'), 1)).toThrow(RangeError);
    // A billion hours would need millennia of calendar: refused rather than computed forever.
    expect(() => addWorkingMinutes({ ...MOSCOW }, at('2026-03-02T06:00:00Z'), 6e10)).toThrow(/50 years/);
    expect(() => addWorkingMinutes(MOSCOW, new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('workingIntervalsBetween', () => {
  it('lists the UTC working spans, clipped to the range', () => {
    // Thu 7 May 2026 10:00 MSK … Tue 12 May 10:00 MSK: Thu 10–13, 14–18; Fri 8 (short) 09–13, 14–17;
    // Sat 9 – Mon 11 off; Tue 09–10. In UTC (−3 h):
    expect(workingIntervalsBetween(MOSCOW, at('2026-05-07T07:00:00Z'), at('2026-05-12T07:00:00Z'))).toEqual([
      { start: at('2026-05-07T07:00:00Z'), end: at('2026-05-07T10:00:00Z') },
      { start: at('2026-05-07T11:00:00Z'), end: at('2026-05-07T15:00:00Z') },
      { start: at('2026-05-08T06:00:00Z'), end: at('2026-05-08T10:00:00Z') },
      { start: at('2026-05-08T11:00:00Z'), end: at('2026-05-08T14:00:00Z') },
      { start: at('2026-05-12T06:00:00Z'), end: at('2026-05-12T07:00:00Z') },
    ]);
  });

  it('merges spans that touch across midnight', () => {
    const week = Object.fromEntries(WEEKDAYS.map((d) => [d, [interval('00:00', '24:00')]])) as Record<
      Weekday,
      ReturnType<typeof interval>[]
    >;
    const moscow24: BusinessCalendar = { timeZone: 'Europe/Moscow', week, exceptions: {} };
    expect(workingIntervalsBetween(moscow24, at('2026-01-01T00:00:00Z'), at('2026-01-04T00:00:00Z'))).toEqual(
      [{ start: at('2026-01-01T00:00:00Z'), end: at('2026-01-04T00:00:00Z') }],
    );
    expect(workingIntervalsBetween(moscow24, at('2026-01-04T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toEqual(
      [],
    );
  });
});

describe('validateCalendar', () => {
  it('names every problem', () => {
    const bad: BusinessCalendar = {
      timeZone: 'Mars/Olympus',
      week: {
        ...fiveDayWeek([interval('14:00', '18:00'), interval('09:00', '13:00')]),
        sat: [{ start: 600, end: 600 }],
      },
      exceptions: { '2026-02-30': { kind: 'holiday' }, '2026-03-02': { kind: 'short', minutesShorter: -5 } },
    };
    expect(validateCalendar(bad)).toEqual([
      'timeZone: unknown time zone "Mars/Olympus"',
      'week.mon: intervals must be sorted and must not overlap',
      'week.tue: intervals must be sorted and must not overlap',
      'week.wed: intervals must be sorted and must not overlap',
      'week.thu: intervals must be sorted and must not overlap',
      'week.fri: intervals must be sorted and must not overlap',
      'week.sat: interval 600–600 is empty or reversed',
      'exceptions: "2026-02-30" is not a date YYYY-MM-DD',
      'exceptions.2026-03-02: minutesShorter must be a non-negative number',
    ]);
    expect(() => workingMinutesBetween(bad, at('2026-03-02T00:00:00Z'), at('2026-03-03T00:00:00Z'))).toThrow(
      RangeError,
    );
    // Calendars read from JSON may lack parts the type promises.
    const partial = JSON.parse(
      '{"timeZone":"Europe/Moscow","week":{"mon":[]},"exceptions":{"2026-01-01":{}}}',
    );
    expect(validateCalendar(partial as BusinessCalendar)).toEqual([
      ...['tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map(
        (day) => `week.${day}: missing (use [] for a day off)`,
      ),
      'exceptions.2026-01-01: kind must be holiday, short or working',
    ]);
    expect(validateCalendar(MOSCOW)).toEqual([]);
    expect(validateCalendar(CALENDAR_24X7)).toEqual([]);
  });

  it('parses wall times', () => {
    expect(timeOfDay('09:30')).toBe(570);
    expect(timeOfDay('24:00')).toBe(1440);
    expect(() => timeOfDay('9:30')).toThrow(RangeError);
    expect(() => timeOfDay('24:01')).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------------
// Against an oracle: a per-minute count that reads each UTC minute's local wall time through its own
// Intl formatter and checks it against the calendar data directly. Slow, independent, obviously right.

function oracleMinutes(calendar: BusinessCalendar, from: Date, to: Date): number {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: calendar.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  });
  const regular = calendar.week.mon;
  let count = 0;
  for (let t = from.getTime(); t < to.getTime(); t += 60_000) {
    const p = Object.fromEntries(format.formatToParts(t).map((part) => [part.type, part.value]));
    const date = `${p.year}-${p.month}-${p.day}`;
    const minute = Number(p.hour) * 60 + Number(p.minute);
    const weekday = p.weekday!.toLowerCase().slice(0, 3) as Weekday;
    const exception = calendar.exceptions[date];
    let hours = calendar.week[weekday];
    let shorter = 0;
    if (exception?.kind === 'holiday') {
      hours = [];
    } else if (exception?.kind === 'short') {
      shorter = exception.minutesShorter;
    } else if (exception?.kind === 'working') {
      hours = exception.intervals ?? regular;
      shorter = exception.minutesShorter ?? 0;
    }
    const lastEnd = hours.length > 0 ? hours[hours.length - 1]!.end - shorter : 0;
    if (hours.some((h) => minute >= h.start && minute < Math.min(h.end, lastEnd))) {
      count += 1;
    }
  }
  return count;
}

// Nights and a Sunday window that straddles both DST switches (02:00→03:00 in March, 03:00→02:00 in October),
// plus a shortened Saturday: the hardest shape for wall-time conversion.
const NIGHTS_AND_WEEKENDS: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  week: {
    ...fiveDayWeek([interval('00:00', '03:30'), interval('22:00', '24:00')]),
    sat: [interval('01:00', '05:00')],
    sun: [interval('01:30', '04:00')],
  },
  exceptions: { '2026-03-28': { kind: 'short', minutesShorter: 90 } },
};

describe('agreement with a per-minute oracle', () => {
  const cases: [string, BusinessCalendar, string, string][] = [
    ['Moscow, New Year 2026', MOSCOW, '2025-12-29T00:00:00Z', '2026-01-14T00:00:00Z'],
    ['Moscow, May holidays 2026', MOSCOW, '2026-04-28T05:17:00Z', '2026-05-14T11:43:00Z'],
    ['Vladivostok, working Saturday 2024', VLADIVOSTOK, '2024-12-25T00:00:00Z', '2025-01-10T00:00:00Z'],
    ['Yekaterinburg, shortened Saturday 2025', YEKATERINBURG, '2025-10-29T00:00:00Z', '2025-11-07T00:00:00Z'],
    ['Berlin, spring forward', BERLIN, '2026-03-25T00:00:00Z', '2026-04-02T00:00:00Z'],
    ['Berlin, fall back', BERLIN, '2026-10-21T00:00:00Z', '2026-10-29T00:00:00Z'],
    // Bounds inside working hours, so that an hour's shift of the day would show.
    ['Berlin, into the first CEST morning', BERLIN, '2026-03-27T12:17:00Z', '2026-03-30T07:43:00Z'],
    ['Berlin, into the first CET morning', BERLIN, '2026-10-23T14:05:00Z', '2026-10-26T08:31:00Z'],
    ['Vladivostok, mid-morning to mid-morning', VLADIVOSTOK, '2026-01-09T01:10:00Z', '2026-01-13T02:20:00Z'],
  ];
  it.each(cases)('%s', (_name, calendar, from, to) => {
    expect(workingMinutesBetween(calendar, at(from), at(to))).toBe(oracleMinutes(calendar, at(from), at(to)));
  });

  it('on random ranges around both DST switches of 2026, with hours inside the switch', () => {
    const random = mulberry32(29032026);
    for (const around of [Date.parse('2026-03-29T01:00:00Z'), Date.parse('2026-10-25T01:00:00Z')]) {
      for (let i = 0; i < 15; i += 1) {
        // Whole minutes, as the oracle counts them.
        const from = new Date(around - 2 * 86_400_000 + Math.floor(random() * 2 * 1440) * 60_000);
        const to = new Date(from.getTime() + Math.floor(random() * 2 * 1440) * 60_000);
        expect(workingMinutesBetween(NIGHTS_AND_WEEKENDS, from, to)).toBe(
          oracleMinutes(NIGHTS_AND_WEEKENDS, from, to),
        );
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Property: adding m working minutes and measuring back gives m, and the result is the earliest such instant.

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('workingMinutesBetween(start, addWorkingMinutes(start, m)) === m', () => {
  const calendars: [string, BusinessCalendar][] = [
    ['Moscow office', MOSCOW],
    ['Vladivostok office', VLADIVOSTOK],
    ['Berlin office', BERLIN],
    ['Berlin nights (DST inside the hours)', NIGHTS_AND_WEEKENDS],
    ['24×7', CALENDAR_24X7],
  ];
  it.each(calendars)('%s, 2000 random starts and amounts', (_name, calendar) => {
    const random = mulberry32(20260301);
    const from = Date.UTC(2024, 0, 1);
    const span = Date.UTC(2027, 11, 31) - from;
    for (let i = 0; i < 2000; i += 1) {
      const start = new Date(from + Math.floor(random() * span));
      const minutes = random() < 0.1 ? 0 : Math.floor(random() ** 2 * 20_000);
      const end = addWorkingMinutes(calendar, start, minutes);
      expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
      expect(workingMinutesBetween(calendar, start, end)).toBe(minutes);
      if (minutes > 0) {
        // One millisecond earlier, the amount is not yet reached.
        expect(workingMinutesBetween(calendar, start, new Date(end.getTime() - 1))).toBeLessThan(minutes);
      }
      // Additivity through an arbitrary middle point.
      const middle = new Date(start.getTime() + Math.floor(random() * (end.getTime() - start.getTime() + 1)));
      expect(
        workingMinutesBetween(calendar, start, middle) + workingMinutesBetween(calendar, middle, end),
      ).toBe(minutes);
    }
  });
});
