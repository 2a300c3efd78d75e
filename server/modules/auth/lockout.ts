// Pure rules for the lock-out after repeated wrong passwords; the service stores what they decide.
export const LOCKOUT_POLICY = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;
export type LockoutPolicy = { maxFailures: number; windowMs: number; lockMs: number };

export type FailureRecord = { failures: number; firstFailureAt: Date; lockedUntil: Date | null };

/** Seconds until the e-mail may try again, or 0 when it may try now. */
export function lockedForSeconds(record: FailureRecord | null, now: Date): number {
  if (!record?.lockedUntil || record.lockedUntil <= now) {
    return 0;
  }
  return Math.ceil((record.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** The record after one more wrong password: failures outside the window start a new count. */
export function recordFailure(
  record: FailureRecord | null,
  now: Date,
  policy: LockoutPolicy = LOCKOUT_POLICY,
): FailureRecord {
  const windowOpen = record && now.getTime() - record.firstFailureAt.getTime() < policy.windowMs;
  const lockExpired = record?.lockedUntil && record.lockedUntil <= now;
  const base = windowOpen && !lockExpired ? record : { failures: 0, firstFailureAt: now, lockedUntil: null };
  const failures = base.failures + 1;
  return {
    failures,
    firstFailureAt: base.firstFailureAt,
    lockedUntil: failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : null,
  };
}
