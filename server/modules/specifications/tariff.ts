// The specification's arithmetic, pure: what the worklogs propose, and (from common/pricing.ts, shared
// with the web's preview) how lines are billed against a contract.
import type { TariffMode } from '#common/billing.ts';
import { fromCenti, toCenti } from '#common/pricing.ts';

export {
  type Account,
  type PricedLine,
  type Totals,
  ZERO_TOTALS,
  amountFor,
  priceLines,
  sumTotals,
} from '#common/pricing.ts';

export type WorkByPerformer = {
  performerId: string;
  performerName: string;
  minutes: number;
  notes: string[];
};
export type ProposedLine = {
  serviceId: string | null;
  description: string;
  hours: number;
  tariffMode: TariffMode;
  performerId: string;
  performerName: string;
};

/**
 * What the worklogs propose: for each performer, the hours he recorded that no line (draft or posted)
 * accounts for yet, on the request's service with its tariff. Recorded minutes are rounded to hundredths
 * of an hour, so 20 minutes propose 0.33 h.
 */
export function proposeLines(
  work: readonly WorkByPerformer[],
  existing: readonly { performerId: string | null; hours: number }[],
  defaults: { serviceId: string | null; tariffMode: TariffMode },
): ProposedLine[] {
  const covered = new Map<string, number>();
  for (const line of existing) {
    if (line.performerId) {
      covered.set(line.performerId, (covered.get(line.performerId) ?? 0) + toCenti(line.hours));
    }
  }
  return work.flatMap((w) => {
    const uncovered = Math.round((w.minutes * 100) / 60) - (covered.get(w.performerId) ?? 0);
    if (uncovered <= 0) {
      return [];
    }
    const notes = [...new Set(w.notes.map((n) => n.trim()).filter(Boolean))].join('; ');
    return [
      {
        serviceId: defaults.serviceId,
        description: notes.length > 500 ? `${notes.slice(0, 499)}…` : notes,
        hours: fromCenti(uncovered),
        tariffMode: defaults.tariffMode,
        performerId: w.performerId,
        performerName: w.performerName,
      },
    ];
  });
}
