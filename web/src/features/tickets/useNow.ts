import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` while `active`: every second for a running timer's
 * display, every half minute for «через 2 ч 10 мин» in a queue.
 */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) {
      return undefined;
    }
    // A clock read before `active` turned on may lag for the first tick; the display clamps at 0.
    const interval = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(interval);
  }, [active, intervalMs]);
  return now;
}
