// The SLA clock of one request, derived from its history (DESIGN.md capability 5). Pure: the same history,
// calendar and `now` give the same answer, so it is simply recomputed after any change — a calendar edit,
// a policy change, an event that arrives late.
//
// Two timers share one history: reaction (until the first reaction of staff) and resolution (until the
// request is resolved). Each counts only working time of the client's calendar, and only while the request
// is in a running status.
//
// Decisions (documented here because the breach job, reports and UI all rely on them):
// - Paused statuses (DEFAULT_PAUSED_STATUSES): `evaluated` — the estimate waits for the client approver;
//   `done` — the resolution waits for the client's confirmation; `stale` — only reachable from `new` or
//   `evaluated` after 30 days without change: from `evaluated` it is still waiting for the client, and from
//   `new` both timers have long run out (a breach is final, pausing cannot undo it), so pausing only keeps
//   parked requests out of the "due soon" lists. `approved` and `planned` run: the ball is with the provider.
//   A reopened request (done → in_progress) resumes where its timers stopped.
// - Stopped statuses (DEFAULT_STOPPED_STATUSES): `completed`, `rejected`, `irrelevant` end the request; time in
//   them never counts, and when the request rests in one and the caller has no event time for a timer, the
//   timer stops at the moment the request entered it (so a closed request is never reported as running).
// - `resolvedAt` is the moment the request was finally resolved (confirmed `completed`, or closed); the time
//   it spent in `done` before that is paused anyway, so the resolution timer in effect measures the provider's
//   working time until `done`. Pass null while it is open, including after a reopening.
// - dueAt is null while a timer is paused: the due instant is unknown until the client answers, and a null
//   keeps paused requests out of any "due before X" query of the breach job. remainingMinutes still tells the
//   UI how much working time is left. Once the target has been reached, dueAt is the instant it was reached
//   (a past fact, paused or not). For a met timer, dueAt is the due instant as it stood when it was met
//   (null if the timer was paused at that moment).
// - Breached means the event (or `now`) is strictly after the instant the target was reached: a reply at the
//   due minute is met. The comparison is on instants, not on working minutes, so a due time of 18:00 is
//   breached at 20:00 the same evening although no working minute passed after 18:00.
import type { Status } from '#common/tickets.ts';
import { workingTimeline, type BusinessCalendar, type WorkingTimeline } from './calendar.ts';

export type SlaState = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

export type StatusChange = { at: Date; to: string };

/** Targets in working minutes of the calendar. */
export type SlaTargets = { reactionMinutes: number; resolutionMinutes: number };

export type SlaTimer = {
  /** When the target is (or was) reached; null while paused. See the decisions above. */
  dueAt: Date | null;
  /** When the warning share of the target is (or was) reached; null while paused before reaching it. */
  warnAt: Date | null;
  /** Working minutes counted so far (until metAt for a met or breached-and-met timer); may be fractional. */
  elapsedMinutes: number;
  /** targetMinutes − elapsedMinutes: negative once overdue. */
  remainingMinutes: number;
  targetMinutes: number;
  state: SlaState;
  /** When the timer's event happened (reaction, resolution, or entering a stopped status), else null. */
  metAt: Date | null;
};

export type SlaClock = { reaction: SlaTimer; resolution: SlaTimer };

export type SlaClockInput = {
  createdAt: Date;
  /** Every status change after creation, in order of time. */
  statusChanges: readonly StatusChange[];
  /** First public reply by staff or first transition by staff, whichever the caller counts; null if none yet. */
  reactedAt: Date | null;
  /** The request's final resolution (see the decisions above); null while open. */
  resolvedAt: Date | null;
  targets: SlaTargets;
  calendar: BusinessCalendar;
  now: Date;
  /** The status a request is created in; `new` by default. */
  initialStatus?: string;
  pausedStatuses?: readonly string[];
  stoppedStatuses?: readonly string[];
  /** Share of the target after which the state is `warning`, 0 < warnShare ≤ 1; 0.8 by default. */
  warnShare?: number;
};

export const DEFAULT_PAUSED_STATUSES = ['evaluated', 'done', 'stale'] as const satisfies readonly Status[];
export const DEFAULT_STOPPED_STATUSES = [
  'completed',
  'rejected',
  'irrelevant',
] as const satisfies readonly Status[];
export const DEFAULT_WARN_SHARE = 0.8;

const MINUTE = 60_000;

type Segment = { start: number; end: number; running: boolean };

/**
 * Both SLA timers of one request at `now`.
 * @throws RangeError for invalid dates, negative targets, a warnShare outside (0, 1], or an invalid calendar.
 */
export function computeSlaClock(input: SlaClockInput): SlaClock {
  const warnShare = input.warnShare ?? DEFAULT_WARN_SHARE;
  if (!(warnShare > 0 && warnShare <= 1)) {
    throw new RangeError(`warnShare must be in (0, 1], not ${warnShare}`);
  }
  for (const [name, minutes] of Object.entries(input.targets)) {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`${name} must be a non-negative number of minutes, not ${minutes}`);
    }
  }
  checkDate('createdAt', input.createdAt);
  checkDate('now', input.now);
  checkDate('reactedAt', input.reactedAt);
  checkDate('resolvedAt', input.resolvedAt);
  input.statusChanges.forEach((change, i) => checkDate(`statusChanges[${i}].at`, change.at));
  const paused = new Set<string>(input.pausedStatuses ?? DEFAULT_PAUSED_STATUSES);
  const stopped = new Set<string>(input.stoppedStatuses ?? DEFAULT_STOPPED_STATUSES);
  const now = input.now.getTime();

  // The history as segments of constant status; the last one is open-ended.
  const changes = isSorted(input.statusChanges)
    ? input.statusChanges
    : [...input.statusChanges].sort((a, b) => a.at.getTime() - b.at.getTime());
  const segments: Segment[] = [];
  let status = input.initialStatus ?? 'new';
  let start = input.createdAt.getTime();
  let stoppedSince: number | null = null;
  for (const change of changes) {
    const at = Math.max(change.at.getTime(), start);
    segments.push({ start, end: at, running: !paused.has(status) && !stopped.has(status) });
    if (stopped.has(change.to) && !stopped.has(status)) {
      stoppedSince = at;
    }
    status = change.to;
    start = at;
  }
  segments.push({ start, end: Infinity, running: !paused.has(status) && !stopped.has(status) });
  // A closing that happens after `now` (a clock skew) has not happened yet.
  const stopAt = stopped.has(status) && stoppedSince !== null && stoppedSince <= now ? stoppedSince : null;

  const timeline = workingTimeline(input.calendar);
  const timer = (targetMinutes: number, eventAt: Date | null): SlaTimer =>
    runTimer(timeline, segments, targetMinutes, warnShare, eventAt?.getTime() ?? stopAt, now);
  return {
    reaction: timer(input.targets.reactionMinutes, input.reactedAt),
    resolution: timer(input.targets.resolutionMinutes, input.resolvedAt),
  };
}

function checkDate(name: string, date: Date | null): void {
  if (date !== null && Number.isNaN(date.getTime())) {
    throw new RangeError(`${name} is not a valid date`);
  }
}

function isSorted(changes: readonly StatusChange[]): boolean {
  for (let i = 1; i < changes.length; i += 1) {
    if (changes[i]!.at.getTime() < changes[i - 1]!.at.getTime()) {
      return false;
    }
  }
  return true;
}

function runTimer(
  timeline: WorkingTimeline,
  segments: readonly Segment[],
  targetMinutes: number,
  warnShare: number,
  metAt: number | null,
  now: number,
): SlaTimer {
  const target = Math.round(targetMinutes * MINUTE);
  const warnTarget = Math.round(targetMinutes * warnShare * MINUTE);
  // The timer is read at its event if it happened, else now (never before creation, against clock skew).
  const until = Math.max(metAt ?? now, segments[0]!.start);
  let elapsed = 0;
  let reachedAt: number | null = null;
  let warnedAt: number | null = null;
  let runningAtEnd = false;
  for (const segment of segments) {
    if (segment.start > until) {
      break;
    }
    // The status in force at `until` is that of the segment containing it (a change at `until` wins).
    runningAtEnd = segment.running;
    if (!segment.running || segment.end <= segment.start) {
      continue;
    }
    const end = Math.min(segment.end, until);
    const from = timeline.position(segment.start);
    const worked = timeline.position(end) - from;
    if (warnedAt === null && elapsed + worked >= warnTarget) {
      warnedAt = timeline.instantAt(from + warnTarget - elapsed, segment.start);
    }
    if (reachedAt === null && elapsed + worked >= target) {
      reachedAt = timeline.instantAt(from + target - elapsed, segment.start);
    }
    elapsed += worked;
  }
  const projected = (goal: number) =>
    runningAtEnd ? timeline.instantAt(timeline.position(until) + goal - elapsed, until) : null;
  const dueAt = reachedAt ?? projected(target);
  const warnAt = warnedAt ?? projected(warnTarget);
  const isBreached = reachedAt !== null && until > reachedAt;

  let state: SlaState;
  if (metAt !== null) {
    state = isBreached ? 'breached' : 'met';
  } else if (isBreached) {
    state = 'breached';
  } else if (!runningAtEnd) {
    state = 'paused';
  } else if (warnedAt !== null) {
    state = 'warning';
  } else {
    state = 'ok';
  }
  return {
    dueAt: dueAt === null ? null : new Date(dueAt),
    warnAt: warnAt === null ? null : new Date(warnAt),
    elapsedMinutes: elapsed / MINUTE,
    remainingMinutes: (target - elapsed) / MINUTE,
    targetMinutes,
    state,
    metAt: metAt === null ? null : new Date(metAt),
  };
}
