import { describe, expect, it } from 'vitest';
import {
  CALENDAR_24X7,
  fiveDayWeek,
  interval,
  productionCalendarExceptions,
  type BusinessCalendar,
} from './calendar.ts';
import { computeSlaClock, type SlaClockInput, type StatusChange } from './clock.ts';

// Client calendars: the Russian production calendar on a 09:00–13:00, 14:00–18:00 office day.
const office = (timeZone: string): BusinessCalendar => ({
  timeZone,
  week: fiveDayWeek([interval('09:00', '13:00'), interval('14:00', '18:00')]),
  exceptions: productionCalendarExceptions([2025, 2026, 2027]),
});
const MOSCOW = office('Europe/Moscow'); // UTC+3
const VLADIVOSTOK = office('Asia/Vladivostok'); // UTC+10

// Wall time in Moscow → Date ('2026-03-03 10:00' → 07:00Z).
const msk = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+03:00`);
const changes = (...list: [string, string][]): StatusChange[] =>
  list.map(([wall, to]) => ({ at: msk(wall), to }));

const clock = (overrides: Partial<SlaClockInput> & Pick<SlaClockInput, 'createdAt' | 'now'>) =>
  computeSlaClock({
    statusChanges: [],
    reactedAt: null,
    resolvedAt: null,
    targets: { reactionMinutes: 60, resolutionMinutes: 480 },
    calendar: MOSCOW,
    ...overrides,
  });

describe('computeSlaClock', () => {
  it('meets both targets on a quick request', () => {
    // Created Tue 3 Mar 2026 10:00 MSK; reaction 60 min, resolution 480 min.
    // 10:30 the agent estimates 0.5 h: new → evaluated → approved in the same instant (auto-approval),
    // planned 10:45, in_progress 11:00, done 15:00; the client confirms Wed 4 Mar 09:30 (completed).
    const result = clock({
      createdAt: msk('2026-03-03 10:00'),
      statusChanges: changes(
        ['2026-03-03 10:30', 'evaluated'],
        ['2026-03-03 10:30', 'approved'],
        ['2026-03-03 10:45', 'planned'],
        ['2026-03-03 11:00', 'in_progress'],
        ['2026-03-03 15:00', 'done'],
        ['2026-03-04 09:30', 'completed'],
      ),
      reactedAt: msk('2026-03-03 10:30'),
      resolvedAt: msk('2026-03-04 09:30'),
      now: msk('2026-03-05 12:00'),
    });
    // Reaction: 10:00–10:30 = 30 of 60; it was running when met, so dueAt is the due as it stood: 11:00.
    expect(result.reaction).toEqual({
      dueAt: msk('2026-03-03 11:00'),
      warnAt: msk('2026-03-03 10:48'), // 0.8 × 60 = 48 min after 10:00
      elapsedMinutes: 30,
      remainingMinutes: 30,
      targetMinutes: 60,
      state: 'met',
      metAt: msk('2026-03-03 10:30'),
    });
    // Resolution: running 10:00–15:00 minus lunch 13–14 = 240; `done` from 15:00 pauses it until the
    // confirmation, so 240 of 480 when met; paused at metAt, hence no dueAt.
    expect(result.resolution).toMatchObject({
      elapsedMinutes: 240,
      remainingMinutes: 240,
      state: 'met',
      metAt: msk('2026-03-04 09:30'),
      dueAt: null,
    });
  });

  it('warns at the configured share and breaches after the due instant', () => {
    // Created Fri 6 Feb 2026 16:00 MSK, reaction 240 min, nobody reacts.
    //   due:  Fri 16:00–18:00 = 120, Mon 9 Feb 09:00 + 120 = 11:00.
    //   warn: 0.8 × 240 = 192: Fri 120, Mon 09:00 + 72 = 10:12.
    const base = {
      createdAt: msk('2026-02-06 16:00'),
      targets: { reactionMinutes: 240, resolutionMinutes: 2400 },
    };
    const at = (now: string, warnShare?: number) =>
      clock({ ...base, now: msk(now), ...(warnShare ? { warnShare } : {}) }).reaction;

    // Sat 7 Feb: 120 done, 120 left, still ok; the due time is projected.
    expect(at('2026-02-07 12:00')).toMatchObject({
      state: 'ok',
      elapsedMinutes: 120,
      remainingMinutes: 120,
      dueAt: msk('2026-02-09 11:00'),
      warnAt: msk('2026-02-09 10:12'),
    });
    expect(at('2026-02-09 10:11').state).toBe('ok'); // 120 + 71 = 191 < 192
    expect(at('2026-02-09 10:12').state).toBe('warning'); // 192 ≥ 192
    // With warnShare 0.5 the warning starts at 120: already on Friday 18:00.
    expect(at('2026-02-07 12:00', 0.5)).toMatchObject({ state: 'warning', warnAt: msk('2026-02-06 18:00') });
    expect(at('2026-02-09 11:00')).toMatchObject({ state: 'warning', remainingMinutes: 0 }); // due now, not yet late
    expect(at('2026-02-09 11:01')).toMatchObject({
      state: 'breached',
      elapsedMinutes: 241,
      remainingMinutes: -1,
      dueAt: msk('2026-02-09 11:00'),
    });
    // A reply at 11:30 is late: breached, with metAt, 270 = 120 + 150 working minutes.
    expect(
      clock({ ...base, reactedAt: msk('2026-02-09 11:30'), now: msk('2026-02-10 09:00') }).reaction,
    ).toMatchObject({
      state: 'breached',
      metAt: msk('2026-02-09 11:30'),
      elapsedMinutes: 270,
      dueAt: msk('2026-02-09 11:00'),
    });
    // A reply at the due minute is on time.
    expect(
      clock({ ...base, reactedAt: msk('2026-02-09 11:00'), now: msk('2026-02-10 09:00') }).reaction.state,
    ).toBe('met');
  });

  it('breaches in the evening after an 18:00 due time, though no working minute has passed since', () => {
    // Created Tue 3 Mar 2026 17:00 MSK, reaction 60 min → due 18:00. At 20:00 elapsed is still 60.
    const result = clock({ createdAt: msk('2026-03-03 17:00'), now: msk('2026-03-03 20:00') }).reaction;
    expect(result).toMatchObject({ state: 'breached', elapsedMinutes: 60, dueAt: msk('2026-03-03 18:00') });
  });

  it('pauses while the estimate waits for the client approver', () => {
    // Created Tue 10 Mar 2026 09:00 MSK (Mon 9 Mar is a holiday), resolution 960 min (two working days).
    // 11:00 evaluated (needs approval) → paused after 09:00–11:00 = 120 (840 left).
    // Thu 12 Mar 15:00 the approver says yes; planned and in_progress at once.
    //   due: Thu 15:00–18:00 = 180 (660 left), Fri 13 = 480 (180 left), Mon 16 09:00 + 180 = 12:00.
    //   warn: 0.8 × 960 = 768, 648 after resuming: Thu 180 (468 left), Fri 09–13 = 240 (228 left),
    //         14:00 + 228 = 17:48 Fri.
    // Without the pause it would have been due Wed 11 Mar 18:00 (Tue 480 + Wed 480).
    const history = {
      createdAt: msk('2026-03-10 09:00'),
      targets: { reactionMinutes: 60, resolutionMinutes: 960 },
      reactedAt: msk('2026-03-10 11:00'),
      statusChanges: changes(
        ['2026-03-10 11:00', 'evaluated'],
        ['2026-03-12 15:00', 'approved'],
        ['2026-03-12 15:00', 'planned'],
        ['2026-03-12 15:00', 'in_progress'],
      ),
    };
    // While waiting (Wed 12:00): paused, no due time, the budget is kept.
    expect(clock({ ...history, now: msk('2026-03-11 12:00') }).resolution).toEqual({
      dueAt: null,
      warnAt: null,
      elapsedMinutes: 120,
      remainingMinutes: 840,
      targetMinutes: 960,
      state: 'paused',
      metAt: null,
    });
    // After the approval (Fri 10:00): 120 + Thu 180 + Fri 60 = 360.
    expect(clock({ ...history, now: msk('2026-03-13 10:00') }).resolution).toMatchObject({
      state: 'ok',
      elapsedMinutes: 360,
      dueAt: msk('2026-03-16 12:00'),
      warnAt: msk('2026-03-13 17:48'),
    });
    // The same history with 24×7 targets counts every minute outside the pause:
    //   Tue 09:00–11:00 = 120, then Thu 15:00 → due after 840 more minutes = Fri 13 Mar 05:00 MSK.
    expect(
      clock({ ...history, calendar: CALENDAR_24X7, now: msk('2026-03-12 16:00') }).resolution.dueAt,
    ).toEqual(msk('2026-03-13 05:00'));
  });

  it('resumes when the client sends the work back (done → in_progress)', () => {
    // Created Mon 6 Apr 2026 09:00 MSK and taken into work at once; resolution 480 min.
    // done at 12:00 (180 used, 300 left); the client rejects the result Tue 7 Apr 10:00 → in_progress.
    //   due:  Tue 10:00–13:00 = 180 (120 left), 14:00 + 120 = 16:00.
    //   warn: 384 − 180 = 204 after Tue 10:00: 180 until 13:00, 14:00 + 24 = 14:24.
    const history = {
      createdAt: msk('2026-04-06 09:00'),
      reactedAt: msk('2026-04-06 09:00'),
      statusChanges: changes(
        ['2026-04-06 09:00', 'evaluated'],
        ['2026-04-06 09:00', 'approved'],
        ['2026-04-06 09:00', 'planned'],
        ['2026-04-06 09:00', 'in_progress'],
        ['2026-04-06 12:00', 'done'],
        ['2026-04-07 10:00', 'in_progress'],
      ),
    };
    expect(clock({ ...history, now: msk('2026-04-06 17:00') }).resolution).toMatchObject({
      state: 'paused',
      elapsedMinutes: 180,
      dueAt: null,
    });
    expect(clock({ ...history, now: msk('2026-04-07 10:30') }).resolution).toMatchObject({
      state: 'ok',
      elapsedMinutes: 210,
      dueAt: msk('2026-04-07 16:00'),
      warnAt: msk('2026-04-07 14:24'),
    });
    expect(clock({ ...history, now: msk('2026-04-07 16:30') }).resolution.state).toBe('breached');
  });

  it('gives different due instants for Moscow and Vladivostok clients', () => {
    // The same request, created Tue 3 Mar 2026 05:00Z, reaction 240 min:
    //   Moscow 08:00 local → 09:00–13:00 → 13:00 MSK = 10:00Z;
    //   Vladivostok 15:00 local → 15:00–18:00 = 180, Wed 09:00 + 60 = 10:00 VLAT = Wed 00:00Z.
    const request = {
      createdAt: new Date('2026-03-03T05:00:00Z'),
      targets: { reactionMinutes: 240, resolutionMinutes: 960 },
      now: new Date('2026-03-03T09:00:00Z'),
    };
    const moscow = clock({ ...request, calendar: MOSCOW }).reaction;
    const vladivostok = clock({ ...request, calendar: VLADIVOSTOK }).reaction;
    expect(moscow.dueAt).toEqual(new Date('2026-03-03T10:00:00Z'));
    expect(vladivostok.dueAt).toEqual(new Date('2026-03-04T00:00:00Z'));
    // At 09:00Z Moscow has used 09:00–12:00 MSK = 180 (the warning comes at 192); Vladivostok's day ended
    // at 08:00Z (18:00 VLAT) after 180 minutes too, and stays there until its morning.
    expect(moscow).toMatchObject({ elapsedMinutes: 180, state: 'ok' });
    expect(vladivostok).toMatchObject({ elapsedMinutes: 180, state: 'ok' });
  });

  it('counts across the New Year holidays', () => {
    // Created Tue 30 Dec 2025 17:00 MSK, reaction 120 min: 17:00–18:00 = 60, then 31 Dec – 11 Jan off,
    // Mon 12 Jan 09:00 + 60 = 10:00. On 5 Jan nothing has moved: 60 used, ok.
    const result = clock({
      createdAt: msk('2025-12-30 17:00'),
      targets: { reactionMinutes: 120, resolutionMinutes: 960 },
      now: msk('2026-01-05 12:00'),
    });
    expect(result.reaction).toMatchObject({
      state: 'ok',
      elapsedMinutes: 60,
      dueAt: msk('2026-01-12 10:00'),
    });
  });

  it('runs round the clock on the 24×7 calendar', () => {
    // Created 1 Jan 2026 00:00Z, reaction 60, resolution 1440; at 23:00Z: reaction breached at 01:00Z,
    // resolution at 1380 of 1440 (≥ 0.8 × 1440 = 1152 since 19:12Z): warning, due 2 Jan 00:00Z.
    const result = clock({
      calendar: CALENDAR_24X7,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      targets: { reactionMinutes: 60, resolutionMinutes: 1440 },
      now: new Date('2026-01-01T23:00:00Z'),
    });
    expect(result.reaction).toMatchObject({ state: 'breached', dueAt: new Date('2026-01-01T01:00:00Z') });
    expect(result.resolution).toMatchObject({
      state: 'warning',
      elapsedMinutes: 1380,
      dueAt: new Date('2026-01-02T00:00:00Z'),
      warnAt: new Date('2026-01-01T19:12:00Z'),
    });
  });

  it('follows DST on a Berlin calendar', () => {
    // Berlin 09:00–17:00 Mon–Fri. Created Fri 27 Mar 2026 16:00 CET = 15:00Z, reaction 120 min:
    // Fri 16:00–17:00 = 60, Mon 30 Mar 09:00 CEST + 60 = 10:00 CEST = 08:00Z.
    const berlin: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      week: fiveDayWeek([interval('09:00', '17:00')]),
      exceptions: {},
    };
    const result = clock({
      calendar: berlin,
      createdAt: new Date('2026-03-27T15:00:00Z'),
      targets: { reactionMinutes: 120, resolutionMinutes: 960 },
      now: new Date('2026-03-28T12:00:00Z'),
    });
    expect(result.reaction.dueAt).toEqual(new Date('2026-03-30T08:00:00Z'));
  });

  it('is recomputed after a calendar change and a late event', () => {
    // The weekend example, due Mon 9 Feb 11:00. An admin declares Mon 9 Feb a day off: due Tue 10 Feb 11:00.
    const request = {
      createdAt: msk('2026-02-06 16:00'),
      targets: { reactionMinutes: 240, resolutionMinutes: 2400 },
      now: msk('2026-02-06 17:00'),
    };
    expect(clock(request).reaction.dueAt).toEqual(msk('2026-02-09 11:00'));
    const edited = {
      ...MOSCOW,
      exceptions: { ...MOSCOW.exceptions, '2026-02-09': { kind: 'holiday' as const } },
    };
    expect(clock({ ...request, calendar: edited }).reaction.dueAt).toEqual(msk('2026-02-10 11:00'));
    // Status changes that arrive out of order are put in order of time.
    const late = clock({
      ...request,
      now: msk('2026-02-09 12:00'),
      statusChanges: changes(['2026-02-09 10:00', 'approved'], ['2026-02-09 09:30', 'evaluated']),
    });
    // Running Fri 16–18 (120) and Mon 09:00–09:30 (30), paused 09:30–10:00, running 10:00–12:00 (120).
    expect(late.resolution.elapsedMinutes).toBe(270);
  });

  it('stops when the request is closed without an explicit event', () => {
    // Created Tue 3 Mar 2026 10:00, evaluated at 11:00 (reaction), rejected by the approver Wed 4 Mar 12:00.
    // Resolution: 10:00–11:00 = 60 running, then paused (evaluated), then stopped (rejected): met at 12:00 Wed.
    const result = clock({
      createdAt: msk('2026-03-03 10:00'),
      reactedAt: msk('2026-03-03 11:00'),
      statusChanges: changes(['2026-03-03 11:00', 'evaluated'], ['2026-03-04 12:00', 'rejected']),
      now: msk('2026-03-20 12:00'),
    });
    expect(result.resolution).toMatchObject({
      state: 'met',
      elapsedMinutes: 60,
      metAt: msk('2026-03-04 12:00'),
      dueAt: null,
    });
    expect(result.reaction).toMatchObject({
      state: 'met',
      elapsedMinutes: 60,
      dueAt: msk('2026-03-03 11:00'),
    });
  });

  it('keeps a breach that happened before a pause', () => {
    // Created Tue 3 Mar 2026 09:00, reaction 60, nobody reacts; the system marks it stale on 2 Apr.
    // The breach at 10:00 on 3 Mar stays a breach while the request is parked (stale pauses the clock).
    const result = clock({
      createdAt: msk('2026-03-03 09:00'),
      statusChanges: changes(['2026-04-02 09:00', 'stale']),
      now: msk('2026-04-10 12:00'),
    });
    expect(result.reaction).toMatchObject({ state: 'breached', dueAt: msk('2026-03-03 10:00') });
    // A request parked from `evaluated` (waiting for the approver) stays paused in `stale`:
    // 09:00–09:30 = 30 running, then paused since 09:30 on 3 Mar.
    const parked = {
      createdAt: msk('2026-03-03 09:00'),
      reactedAt: msk('2026-03-03 09:30'),
      statusChanges: changes(['2026-03-03 09:30', 'evaluated'], ['2026-04-02 09:00', 'stale']),
      now: msk('2026-04-03 09:00'),
    };
    expect(clock(parked).resolution).toMatchObject({ state: 'paused', elapsedMinutes: 30, dueAt: null });
    // If only the client-waiting statuses pause, `stale` runs: Thu 2 Apr 09:00 → Fri 3 Apr 09:00 adds 480,
    // 510 in all; the 480 were reached 450 after 09:00 Thu: 09:00–13:00 = 240, 14:00 + 210 = 17:30.
    expect(clock({ ...parked, pausedStatuses: ['evaluated', 'done'] }).resolution).toMatchObject({
      state: 'breached',
      elapsedMinutes: 510,
      dueAt: msk('2026-04-02 17:30'),
    });
  });

  it('rejects nonsense settings', () => {
    const base = { createdAt: msk('2026-03-03 09:00'), now: msk('2026-03-03 10:00') };
    expect(() => clock({ ...base, warnShare: 0 })).toThrow(RangeError);
    expect(() => clock({ ...base, warnShare: 1.5 })).toThrow(RangeError);
    expect(() => clock({ ...base, targets: { reactionMinutes: -1, resolutionMinutes: 10 } })).toThrow(
      RangeError,
    );
  });
});
