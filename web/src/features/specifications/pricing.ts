// The preview of unsaved drafts: the server's own arithmetic (common/pricing.ts) against the contract in
// force, so the agent sees what posting would do while he edits. Saved drafts are priced by the server,
// which stays the authority.
import type { TariffMode } from '#common/billing.ts';
import { type Totals, priceLines, sumTotals } from '#common/pricing.ts';
import type { SpecificationContract } from './api.ts';

export { sumTotals };

export type Preview = {
  lines: Totals[];
  totals: Totals;
  balanceAfter: number | null;
  /** Hours of «balance» lines the balance cannot cover: they become paid. */
  overflowHours: number;
};

/** Prices lines in their order against the contract in force, as posting now would. */
export function priceDrafts(
  lines: readonly { hours: number; tariffMode: TariffMode }[],
  contract: SpecificationContract | null,
): Preview {
  const priced = priceLines(
    lines,
    contract
      ? {
          balanceHours: contract.balanceHours,
          allowsOverdraft: contract.allowsOverdraft,
          // An internal contract carries no money: hours beyond its balance are paid at no rate.
          hourlyRate: contract.kind === 'internal' ? null : contract.hourlyRate,
        }
      : null,
  );
  return {
    lines: priced.lines,
    totals: priced.totals,
    balanceAfter: priced.balanceAfter,
    overflowHours: priced.overflowHours,
  };
}
