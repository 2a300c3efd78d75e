import { ActionIcon, Group, Select } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowLeftIcon } from '../../../components/icons.tsx';
import { shiftMonth } from '../api.ts';

/** How far back the picker offers months; older ones are still reachable with the arrow. */
const MONTHS_BACK = 36;

const monthFormatters = new Map<string, Intl.DateTimeFormat>();

/** «Ноябрь 2026 г.», "November 2026". */
export const monthLabel = (month: string, locale: string): string => {
  let formatter = monthFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    monthFormatters.set(locale, formatter);
  }
  const [year = 1970, mon = 1] = month.split('-').map(Number);
  const text = formatter.format(new Date(Date.UTC(year, mon - 1, 1)));
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
};

type MonthPickerProps = {
  value: string;
  /** The latest month to offer: the current one. */
  max: string;
  onChange: (month: string) => void;
};

/** A month: a list of recent months with arrows either side, usable by thumb on a phone. */
export function MonthPicker({ value, max, onChange }: MonthPickerProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const options = useMemo(() => {
    const months = Array.from({ length: MONTHS_BACK }, (_, index) => shiftMonth(max, -index));
    if (!months.includes(value)) {
      months.push(value);
      months.sort().reverse();
    }
    return months.map((month) => ({ value: month, label: monthLabel(month, locale) }));
  }, [max, value, locale]);

  return (
    <Group gap={6} wrap="nowrap" data-testid="month-picker">
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={t('statements.previous')}
        onClick={() => onChange(shiftMonth(value, -1))}
      >
        <ArrowLeftIcon size={16} />
      </ActionIcon>
      <Select
        aria-label={t('statements.month')}
        data={options}
        value={value}
        allowDeselect={false}
        onChange={(month) => {
          if (month) {
            onChange(month);
          }
        }}
        w={200}
        maxDropdownHeight={320}
        comboboxProps={{ withinPortal: true }}
        data-testid="month-select"
        data-month={value}
      />
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={t('statements.next')}
        disabled={value >= max}
        onClick={() => onChange(shiftMonth(value, 1))}
      >
        <ArrowLeftIcon size={16} style={{ transform: 'rotate(180deg)' }} />
      </ActionIcon>
    </Group>
  );
}
