import { describe, expect, it } from 'vitest';
import { balanceOf, decidePosting, isWholeCentihours, splitConsumption } from './ledger.ts';

describe('ledger arithmetic', () => {
  it('sums hours without floating-point drift', () => {
    expect(balanceOf([{ hours: 0.1 }, { hours: 0.2 }])).toBe(0.3);
    expect(balanceOf(Array.from({ length: 1000 }, () => ({ hours: 0.1 })))).toBe(100);
    expect(balanceOf([{ hours: 10 }, { hours: -6.5 }, { hours: -3.5 }])).toBe(0);
  });

  it('refuses a consumption past zero without overdraft, allows it with', () => {
    expect(decidePosting(1, -0.8, false)).toEqual({ ok: true, balanceAfter: 0.2 });
    expect(decidePosting(1, -1, false)).toEqual({ ok: true, balanceAfter: 0 });
    expect(decidePosting(1, -1.5, false)).toEqual({
      ok: false,
      reason: 'insufficient',
      balance: 1,
      missing: 0.5,
    });
    expect(decidePosting(1, -1.5, true)).toEqual({ ok: true, balanceAfter: -0.5 });
    expect(decidePosting(-2, 1, false)).toEqual({ ok: true, balanceAfter: -1 });
  });

  it('takes what the balance holds and makes the rest paid', () => {
    expect(splitConsumption(3, 2)).toEqual({ fromBalance: 2, paid: 0 });
    expect(splitConsumption(1.5, 4)).toEqual({ fromBalance: 1.5, paid: 2.5 });
    expect(splitConsumption(0, 0.3)).toEqual({ fromBalance: 0, paid: 0.3 });
    expect(splitConsumption(-1, 2)).toEqual({ fromBalance: 0, paid: 2 });
  });

  it('accepts hours with at most two decimals', () => {
    expect(isWholeCentihours(0.25)).toBe(true);
    expect(isWholeCentihours(6.5)).toBe(true);
    expect(isWholeCentihours(0.125)).toBe(false);
  });

  it('keeps the balance equal to the sum whatever the random sequence', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 200; run += 1) {
      const posted: { hours: number }[] = [];
      for (let step = 0; step < 50; step += 1) {
        const hours = Math.round((random() * 10 - 6) * 100) / 100 || 0.01;
        const decision = decidePosting(balanceOf(posted), hours, false);
        if (decision.ok) {
          posted.push({ hours });
          expect(balanceOf(posted)).toBe(decision.balanceAfter);
        }
        expect(balanceOf(posted)).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
