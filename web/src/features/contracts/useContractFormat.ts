import type { MantineColor } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay, formatMoney, formatNumber, formatSignedNumber } from '../../lib/format.ts';
import type { Contract, ContractKind, LedgerKind } from './api.ts';

export const KIND_COLORS: Record<ContractKind, MantineColor> = {
  its: 'teal',
  hourly: 'blue',
  subscription: 'violet',
  internal: 'gray',
};

/** Hours are posted to the hundredth (0,25 ч is a quarter of an hour). */
const HOUR_DIGITS = 2;

/** Contract kinds, money, hours and periods in the UI language. */
export function useContractFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;

  const kindLabel = useCallback((kind: ContractKind) => t(`contracts.kinds.${kind}`), [t]);
  const operationLabel = useCallback((kind: LedgerKind) => t(`contracts.ledger.kinds.${kind}`), [t]);

  /** «12,5 ч», "12.5 h". */
  const hours = useCallback(
    (value: number) => t('contracts.units.hours', { value: formatNumber(value, locale, HOUR_DIGITS) }),
    [t, locale],
  );

  /** «+5 ч», «-1,5 ч». */
  const signedHours = useCallback(
    (value: number) => t('contracts.units.hours', { value: formatSignedNumber(value, locale, HOUR_DIGITS) }),
    [t, locale],
  );

  /** «2 800 ₽», "RUB 2,800". */
  const money = useCallback((value: number) => formatMoney(value, locale), [locale]);

  /** «с 1 янв. 2026 г. по 31 дек. 2026 г.», «с 1 янв. 2026 г., бессрочно». */
  const period = useCallback(
    (contract: Pick<Contract, 'startsOn' | 'endsOn'>) => {
      const from = formatDay(contract.startsOn, locale) ?? contract.startsOn;
      const to = formatDay(contract.endsOn, locale);
      return to ? t('contracts.period', { from, to }) : t('contracts.periodOpen', { from });
    },
    [t, locale],
  );

  return useMemo(
    () => ({ kindLabel, operationLabel, hours, signedHours, money, period }),
    [kindLabel, operationLabel, hours, signedHours, money, period],
  );
}
