import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { meQueryOptions } from '../features/auth/api.ts';
import { adoptProfileLanguage } from '../features/auth/locale.ts';

/** When GET /me answers, the UI follows the language saved in the profile. */
export function LocaleSync() {
  const locale = useQuery(meQueryOptions).data?.locale;
  useEffect(() => {
    adoptProfileLanguage(locale);
  }, [locale]);
  return null;
}
