// How a specification's lines are billed against a contract, pure and shared: the server posts with it
// and the web previews unsaved drafts with it, so the agent sees exactly what posting would do. Hours
// and money are counted in hundredths (0.1 + 0.2 is 0.30 here, not 0.30000000000000004).
import type { TariffMode } from './billing.ts';

export const toCenti = (value: number): number => Math.round(value * 100);
export const fromCenti = (centi: number): number => centi / 100;

export type Totals = {
  hours: number;
  balanceHours: number;
  paidHours: number;
  freeHours: number;
  amount: number;
};

export const ZERO_TOTALS: Totals = { hours: 0, balanceHours: 0, paidHours: 0, freeHours: 0, amount: 0 };

/** The contract a posting draws on, as it stands under the posting's lock. */
export type Account = { balanceHours: number; allowsOverdraft: boolean; hourlyRate: number | null };

export type PricedLine = Totals & { rate: number | null };

/** Money for paid hours at a rate, in kopecks rounded half up, returned in rubles. */
export const amountFor = (paidHours: number, rate: number | null): number =>
  rate === null ? 0 : Math.round((toCenti(paidHours) * toCenti(rate)) / 100) / 100;

/**
 * Prices lines in their order against one contract (seed 003: what the package holds is taken from it,
 * hours beyond it become paid, and the agent sees that before posting). Without a contract, or on one
 * that carries no money, "balance" hours have nothing to draw on and count as paid at no rate.
 */
export function priceLines(
  lines: readonly { hours: number; tariffMode: TariffMode }[],
  account: Account | null,
): {
  lines: PricedLine[];
  totals: Totals;
  consumedHours: number;
  balanceAfter: number | null;
  /** Hours of "balance" lines that the balance cannot cover: they become paid. */
  overflowHours: number;
} {
  let available = account ? toCenti(account.balanceHours) : 0;
  const rate = account?.hourlyRate ?? null;
  let consumed = 0;
  let overflow = 0;
  const priced = lines.map((line): PricedLine => {
    const hours = toCenti(line.hours);
    let balance = 0;
    let paid = 0;
    let free = 0;
    if (line.tariffMode === 'free') {
      free = hours;
    } else if (line.tariffMode === 'paid') {
      paid = hours;
    } else if (!account) {
      paid = hours;
      overflow += hours;
    } else {
      balance = account.allowsOverdraft ? hours : Math.min(Math.max(available, 0), hours);
      paid = hours - balance;
      overflow += paid;
      available -= balance;
      consumed += balance;
    }
    return {
      hours: fromCenti(hours),
      balanceHours: fromCenti(balance),
      paidHours: fromCenti(paid),
      freeHours: fromCenti(free),
      amount: amountFor(fromCenti(paid), rate),
      rate: paid > 0 ? rate : null,
    };
  });
  return {
    lines: priced,
    totals: sumTotals(priced),
    consumedHours: fromCenti(consumed),
    balanceAfter: account ? fromCenti(toCenti(account.balanceHours) - consumed) : null,
    overflowHours: fromCenti(overflow),
  };
}

/** Sums totals exactly (in hundredths). */
export function sumTotals(items: readonly Totals[]): Totals {
  const sum = (pick: (t: Totals) => number) =>
    fromCenti(items.reduce((acc, item) => acc + toCenti(pick(item)), 0));
  return {
    hours: sum((t) => t.hours),
    balanceHours: sum((t) => t.balanceHours),
    paidHours: sum((t) => t.paidHours),
    freeHours: sum((t) => t.freeHours),
    amount: sum((t) => t.amount),
  };
}
