import type { MantineColor } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TariffMode } from '#common/billing.ts';

export const TARIFF_COLORS: Record<TariffMode, MantineColor> = {
  balance: 'blue',
  paid: 'orange',
  free: 'green',
};

/** «С баланса», «Платно», «Бесплатно». */
export function useTariffLabel(): (mode: TariffMode) => string {
  const { t } = useTranslation();
  return useCallback((mode: TariffMode) => t(`specification.tariffModes.${mode}`), [t]);
}
