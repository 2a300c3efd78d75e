import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
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
