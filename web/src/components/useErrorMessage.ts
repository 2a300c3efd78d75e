import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api.ts';

/** A sentence for the user about a failed call: ours for transport and access errors, the server's otherwise. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) {
        return t('errors.unknown');
      }
      if (error.status === 0) {
        return t('errors.network');
      }
      if (error.status === 403) {
        return t('errors.forbidden');
      }
      if (error.status === 404) {
        return t('errors.notFound');
      }
      if (error.status >= 500) {
        return t('errors.server');
      }
      return error.detail ?? error.title;
    },
    [t],
  );
}
