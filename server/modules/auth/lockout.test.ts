import { describe, expect, it } from 'vitest';
import { LOCKOUT_POLICY, lockedForSeconds, recordFailure, type FailureRecord } from './lockout.ts';

const at = (iso: string) => new Date(iso);

function failTimes(times: string[]): FailureRecord | null {
  let record: FailureRecord | null = null;
  for (const time of times) {
    record = recordFailure(record, at(time));
  }
  return record;
}

describe('login lock-out', () => {
  it('allows four wrong passwords and locks on the fifth', () => {
    const four = failTimes(['2026-01-01T10:00:00Z', '10:01', '10:02', '10:03'].map(full));
    expect(lockedForSeconds(four, at('2026-01-01T10:04:00Z'))).toBe(0);
    const five = recordFailure(four, at('2026-01-01T10:04:00Z'));
    expect(five.failures).toBe(LOCKOUT_POLICY.maxFailures);
    expect(lockedForSeconds(five, at('2026-01-01T10:04:00Z'))).toBe(15 * 60);
    expect(lockedForSeconds(five, at('2026-01-01T10:18:59Z'))).toBe(1);
    expect(lockedForSeconds(five, at('2026-01-01T10:19:00Z'))).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const old = failTimes(['10:00', '10:01', '10:02', '10:03'].map(full));
    const later = recordFailure(old, at('2026-01-01T10:30:00Z'));
    expect(later.failures).toBe(1);
    expect(later.lockedUntil).toBeNull();
  });

  it('starts a fresh count once a lock has expired', () => {
    const locked = failTimes(['10:00', '10:00', '10:00', '10:00', '10:00'].map(full));
    expect(locked?.lockedUntil).not.toBeNull();
    const after = recordFailure(locked, at('2026-01-01T10:16:00Z'));
    expect(after.failures).toBe(1);
    expect(lockedForSeconds(after, at('2026-01-01T10:16:00Z'))).toBe(0);
  });
});

function full(time: string): string {
  return time.includes('T') ? time : `2026-01-01T${time}:00Z`;
}
