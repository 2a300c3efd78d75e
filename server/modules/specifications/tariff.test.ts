import { describe, expect, it } from 'vitest';
import { amountFor, priceLines, proposeLines, sumTotals } from './tariff.ts';

const its = { balanceHours: 3, allowsOverdraft: false, hourlyRate: 2500 };

describe('priceLines', () => {
  it('takes balance hours from the package and bills the rest at the rate', () => {
    const result = priceLines(
      [
        { hours: 2, tariffMode: 'balance' },
        { hours: 1.5, tariffMode: 'balance' },
        { hours: 0.5, tariffMode: 'paid' },
        { hours: 1, tariffMode: 'free' },
      ],
      its,
    );
    expect(result.lines).toEqual([
      { hours: 2, balanceHours: 2, paidHours: 0, freeHours: 0, amount: 0, rate: null },
      { hours: 1.5, balanceHours: 1, paidHours: 0.5, freeHours: 0, amount: 1250, rate: 2500 },
      { hours: 0.5, balanceHours: 0, paidHours: 0.5, freeHours: 0, amount: 1250, rate: 2500 },
      { hours: 1, balanceHours: 0, paidHours: 0, freeHours: 1, amount: 0, rate: null },
    ]);
    expect(result.totals).toEqual({ hours: 5, balanceHours: 3, paidHours: 1, freeHours: 1, amount: 2500 });
    expect(result.consumedHours).toBe(3);
    expect(result.balanceAfter).toBe(0);
  });

  it('draws everything from the balance when the contract allows an overdraft', () => {
    const result = priceLines([{ hours: 5, tariffMode: 'balance' }], { ...its, allowsOverdraft: true });
    expect(result.lines[0]).toMatchObject({ balanceHours: 5, paidHours: 0 });
    expect(result.balanceAfter).toBe(-2);
  });

  it('never draws on a balance already below zero', () => {
    const result = priceLines([{ hours: 1, tariffMode: 'balance' }], { ...its, balanceHours: -2 });
    expect(result.lines[0]).toMatchObject({ balanceHours: 0, paidHours: 1, amount: 2500 });
    expect(result.consumedHours).toBe(0);
  });

  it('without a contract bills balance hours as paid at no rate', () => {
    const result = priceLines([{ hours: 1.25, tariffMode: 'balance' }], null);
    expect(result.lines[0]).toMatchObject({ balanceHours: 0, paidHours: 1.25, amount: 0, rate: null });
    expect(result.balanceAfter).toBeNull();
  });

  it('keeps every hour accounted for exactly once over random lines', () => {
    for (let run = 0; run < 500; run += 1) {
      const lines = Array.from({ length: 1 + (run % 7) }, (_, i) => ({
        hours: ((run * 37 + i * 11) % 800) / 100 + 0.01,
        tariffMode: (['balance', 'paid', 'free'] as const)[(run + i) % 3] ?? 'balance',
      }));
      const account = { balanceHours: (run % 13) - 2, allowsOverdraft: run % 5 === 0, hourlyRate: 1999.99 };
      const result = priceLines(lines, account);
      for (const [i, line] of result.lines.entries()) {
        expect(Math.round((line.balanceHours + line.paidHours + line.freeHours) * 100)).toBe(
          Math.round((lines[i]?.hours ?? 0) * 100),
        );
      }
      if (!account.allowsOverdraft) {
        expect(result.balanceAfter).toBeGreaterThanOrEqual(Math.min(0, account.balanceHours));
      }
      expect(result.consumedHours).toBe(result.totals.balanceHours);
    }
  });
});

describe('amountFor', () => {
  it('rounds to kopecks', () => {
    expect(amountFor(0.33, 2500)).toBe(825);
    expect(amountFor(0.01, 1999.99)).toBe(20);
    expect(amountFor(1.5, null)).toBe(0);
  });
});

describe('sumTotals', () => {
  it('sums without float drift', () => {
    const tenth = { hours: 0.1, balanceHours: 0.1, paidHours: 0, freeHours: 0, amount: 0.1 };
    expect(sumTotals([tenth, { ...tenth, hours: 0.2, balanceHours: 0.2, amount: 0.2 }])).toEqual({
      hours: 0.3,
      balanceHours: 0.3,
      paidHours: 0,
      freeHours: 0,
      amount: 0.3,
    });
  });
});

describe('proposeLines', () => {
  const defaults = { serviceId: 'svc', tariffMode: 'balance' as const };
  it('proposes each performer’s recorded hours not yet on a line', () => {
    const proposal = proposeLines(
      [
        {
          performerId: 'a',
          performerName: 'Анна',
          minutes: 90,
          notes: ['настройка обмена', ' ', 'настройка обмена'],
        },
        { performerId: 'b', performerName: 'Борис', minutes: 20, notes: [] },
        { performerId: 'c', performerName: 'Вера', minutes: 60, notes: [] },
      ],
      [
        { performerId: 'a', hours: 1 },
        { performerId: 'c', hours: 1 },
        { performerId: null, hours: 4 },
      ],
      defaults,
    );
    expect(proposal).toEqual([
      {
        serviceId: 'svc',
        description: 'настройка обмена',
        hours: 0.5,
        tariffMode: 'balance',
        performerId: 'a',
        performerName: 'Анна',
      },
      {
        serviceId: 'svc',
        description: '',
        hours: 0.33,
        tariffMode: 'balance',
        performerId: 'b',
        performerName: 'Борис',
      },
    ]);
  });
});
