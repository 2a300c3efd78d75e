// Every piece of time-dependent logic reads this clock, so tests move time instead of waiting.
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start` and moves only when told to. */
export function createManualClock(start: Date | string = '2026-01-15T09:00:00Z') {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (to: Date | string) => {
      current = new Date(to).getTime();
    },
    advance: (ms: number) => {
      current += ms;
    },
  } satisfies Clock & Record<string, unknown>;
}
export type ManualClock = ReturnType<typeof createManualClock>;

/**
 * The system clock shifted by an offset that can be changed at run time: only for end-to-end tests of
 * a real server (TEST_CLOCK=1), where a month must pass in a second.
 */
export function createOffsetClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    setOffset: (ms: number) => {
      offsetMs = ms;
    },
    offset: () => offsetMs,
  } satisfies Clock & Record<string, unknown>;
}
export type OffsetClock = ReturnType<typeof createOffsetClock>;
