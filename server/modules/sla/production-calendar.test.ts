// The shipped production calendar against the team's corpus (../shared/corpora/calendar/): same
// derivation, same day classes for every date of 2024–2027, same monthly hour norms for a 40-hour week.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CORPUS_PATH,
  SHIPPED_PATH,
  corpusDayCodes,
  renderProductionCalendar,
  type Corpus,
} from './build-production-calendar.ts';
import {
  PRODUCTION_CALENDAR,
  PRODUCTION_CALENDAR_YEARS,
  fiveDayWeek,
  interval,
  productionCalendarExceptions,
  workingMinutesBetween,
  type BusinessCalendar,
} from './calendar.ts';

const corpusText = readFileSync(CORPUS_PATH, 'utf8');
const corpus = JSON.parse(corpusText) as Corpus;
const YEARS = [2024, 2025, 2026, 2027];

// An 8-hour day (09:00–18:00 with lunch 13–14), so a working day is 480 minutes and a shortened one 420.
const calendarIn = (timeZone: string): BusinessCalendar => ({
  timeZone,
  week: fiveDayWeek([interval('09:00', '13:00'), interval('14:00', '18:00')]),
  exceptions: productionCalendarExceptions(YEARS),
});

/** The UTC instant of local midnight starting `date` in a zone with a fixed offset of `hours`. */
const midnight = (date: string, hours: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - hours * 3_600_000);

const nextDate = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('the shipped production calendar', () => {
  it('is exactly what build-production-calendar.ts derives from the corpus (rerun it after a corpus change)', async () => {
    expect(readFileSync(SHIPPED_PATH, 'utf8')).toBe(await renderProductionCalendar(corpusText));
  });

  it('covers 2024–2027, names its source, and marks 2027 unconfirmed', () => {
    expect(PRODUCTION_CALENDAR_YEARS).toEqual(YEARS);
    expect(PRODUCTION_CALENDAR.source).toMatchObject({
      repository: 'github.com/xmlcalendar/data',
      commits: {
        2024: 'ccba74a1839902dcb5a7e54139d652529cbd6a83',
        2027: '7296460e1aa81830994e59a933afe929d56c2e47',
      },
      unconfirmedYears: ['2027'],
    });
    expect(PRODUCTION_CALENDAR.years['2026']!.status).toBe('official');
    expect(PRODUCTION_CALENDAR.years['2027']).toMatchObject({
      status: 'unconfirmed',
      caveat: expect.any(String),
    });
  });

  it.each(YEARS)('classifies every date of %i as the corpus does (working, shortened, off)', (year) => {
    // Moscow is UTC+3 all year, so each local day is [00:00, 24:00) − 3 h in UTC.
    const moscow = calendarIn('Europe/Moscow');
    const codes = corpusDayCodes(corpus.years[String(year)]!);
    expect(codes.size).toBe(year === 2024 ? 366 : 365);
    const classified = new Map<string, string>();
    for (const date of codes.keys()) {
      const minutes = workingMinutesBetween(moscow, midnight(date, 3), midnight(nextDate(date), 3));
      classified.set(
        date,
        minutes === 480 ? 'W' : minutes === 420 ? 'S' : minutes === 0 ? 'H' : `${minutes}?`,
      );
    }
    expect(Object.fromEntries(classified)).toEqual(Object.fromEntries(codes));
  });

  it.each(YEARS)('gives the corpus monthly and annual hour norms of %i for a 40-hour week', (year) => {
    // Vladivostok (UTC+10): the norm is a property of local dates, whatever the zone.
    const vladivostok = calendarIn('Asia/Vladivostok');
    const data = corpus.years[String(year)]!;
    const hours = (from: string, to: string) =>
      workingMinutesBetween(vladivostok, midnight(from, 10), midnight(to, 10)) / 60;
    for (const [month, { hours40 }] of Object.entries(data.months)) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      expect([month, hours(`${month}-01`, next)]).toEqual([month, hours40]);
    }
    expect(hours(`${year}-01-01`, `${year + 1}-01-01`)).toBe(data.totals.hours40);
  });

  it('turns shortened working Saturdays into working days an hour short', () => {
    const exceptions = productionCalendarExceptions([2024, 2025]);
    expect(exceptions['2024-11-02']).toEqual({ kind: 'working', minutesShorter: 60 });
    expect(exceptions['2024-12-28']).toEqual({ kind: 'working' });
    expect(exceptions['2025-12-31']).toEqual({ kind: 'holiday' });
    expect(exceptions['2025-04-30']).toEqual({ kind: 'short', minutesShorter: 60 });
    expect(() => productionCalendarExceptions([2023])).toThrow(RangeError);
  });
});
