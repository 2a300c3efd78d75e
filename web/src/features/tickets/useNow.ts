import { useEffect, useState } from 'react';

/** The current time, refreshed every second while `active` (a running timer's display). */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) {
      return undefined;
    }
    // A clock read before `active` turned on may lag for the first second; the display clamps at 0.
    const interval = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(interval);
  }, [active]);
  return now;
}
