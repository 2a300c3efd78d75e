import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useContractFormat } from '../contracts/useContractFormat.ts';
import type { Totals } from './api.ts';

/** «с баланса 1,5 ч», «платно 2 ч (5 200 ₽)», «бесплатно 1 ч»: the non-zero parts of some totals. */
export function useTotalsParts(): (totals: Totals) => string[] {
  const { t } = useTranslation();
  const { hours, money } = useContractFormat();
  return useCallback(
    (totals: Totals) =>
      [
        totals.balanceHours > 0 && t('specification.parts.balance', { hours: hours(totals.balanceHours) }),
        totals.paidHours > 0 &&
          t('specification.parts.paid', { hours: hours(totals.paidHours), amount: money(totals.amount) }),
        totals.freeHours > 0 && t('specification.parts.free', { hours: hours(totals.freeHours) }),
      ].filter((part): part is string => typeof part === 'string'),
    [t, hours, money],
  );
}
