import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateRange, formatShortDateTime } from '../../lib/format.ts';
import { meQueryOptions } from './api.ts';

/** Formats ISO dates in the UI language and the signed-in user's time zone. */
export function useFormatDate(): (value: string | null | undefined, withTime?: boolean) => string | null {
  const { i18n } = useTranslation();
  const timeZone = useQuery(meQueryOptions).data?.timeZone;
  const locale = i18n.language;
  return useCallback(
    (value, withTime = true) => formatDate(value, { locale, timeZone, withTime }),
    [locale, timeZone],
  );
}

/** «30 нояб., 05:22» (the year only when it is not this one), for narrow columns. */
export function useFormatShortDate(): (value: string | null | undefined) => string | null {
  const { i18n } = useTranslation();
  const timeZone = useQuery(meQueryOptions).data?.timeZone;
  const locale = i18n.language;
  return useCallback((value) => formatShortDateTime(value, { locale, timeZone }), [locale, timeZone]);
}

/** Formats a period («23 нояб. 2026 г., 18:00–19:00») in the UI language and the user's time zone. */
export function useFormatDateRange(): (
  start: string | null | undefined,
  end: string | null | undefined,
) => string | null {
  const { i18n } = useTranslation();
  const timeZone = useQuery(meQueryOptions).data?.timeZone;
  const locale = i18n.language;
  return useCallback((start, end) => formatDateRange(start, end, { locale, timeZone }), [locale, timeZone]);
}
