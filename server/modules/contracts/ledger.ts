// The ledger's arithmetic, pure: hours are counted in hundredths so that sums never drift
// (0.1 + 0.2 is 0.30 here, not 0.30000000000000004).
import { fromCenti, toCenti } from '#common/pricing.ts';

export const LEDGER_KINDS = ['grant', 'consume', 'adjust', 'reverse'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export { fromCenti, toCenti };

/** The balance is the sum of the entries: nothing else. */
export const balanceOf = (entries: readonly { hours: number }[]): number =>
  fromCenti(entries.reduce((sum, entry) => sum + toCenti(entry.hours), 0));

/** True when `hours` has at most two decimals, as the ledger stores them. */
export const isWholeCentihours = (hours: number): boolean =>
  Math.abs(hours * 100 - Math.round(hours * 100)) < 1e-9;

export type PostingDecision =
  | { ok: true; balanceAfter: number }
  | { ok: false; reason: 'insufficient'; balance: number; missing: number };

/** Whether an entry of `hours` (signed) may be posted on a balance, given the contract's overdraft rule. */
export function decidePosting(balance: number, hours: number, allowsOverdraft: boolean): PostingDecision {
  const after = toCenti(balance) + toCenti(hours);
  if (after < 0 && hours < 0 && !allowsOverdraft) {
    return { ok: false, reason: 'insufficient', balance, missing: fromCenti(-after) };
  }
  return { ok: true, balanceAfter: fromCenti(after) };
}

/**
 * How hours of work tariffed "from the balance" are covered: what the balance holds is taken from it,
 * the rest becomes paid work (seed 003: when the package runs out, hours beyond it are billed).
 */
export function splitConsumption(balance: number, hours: number): { fromBalance: number; paid: number } {
  const available = Math.max(0, toCenti(balance));
  const wanted = toCenti(hours);
  const fromBalance = Math.min(available, wanted);
  return { fromBalance: fromCenti(fromBalance), paid: fromCenti(wanted - fromBalance) };
}
