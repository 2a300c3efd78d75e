import { describe, expect, it } from 'vitest';
import { monthsBetween, shiftMonth } from './months.ts';

describe('month labels', () => {
  it('lists the months of a range across a year end, both ends included', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-05', '2026-05')).toEqual(['2026-05']);
    expect(monthsBetween('2026-05', '2026-04')).toEqual([]);
  });

  it('shifts a month forwards and backwards over year ends', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-03', -15)).toBe('2024-12');
    expect(shiftMonth('2026-03', 0)).toBe('2026-03');
  });
});
