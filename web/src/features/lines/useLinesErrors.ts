import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { ApiError } from '../../lib/api.ts';
import { usageOf, type Usage } from './api.ts';

const USAGE_KEYS = ['groups', 'members', 'tickets', 'services', 'rules'] as const;

/** «2 группы, 1 сотрудник, 120 заявок»: what still refers to a line or group, in the UI language. */
export function useUsageText(): (usage: Usage) => string {
  const { t } = useTranslation();
  return useCallback(
    (usage: Usage) =>
      USAGE_KEYS.filter((key) => (usage[key] ?? 0) > 0)
        .map((key) => t(`lines.usage.${key}`, { count: usage[key] ?? 0 }))
        .join(', '),
    [t],
  );
}

/**
 * The server words its refusals in English; the codes it attaches (`in_use`, `group_routed`,
 * `duplicate_code`, `level_taken`) are worded here in the user's language instead.
 */
export function useLinesErrorMessage(): (error: unknown, levelHolder?: string) => string {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const usageText = useUsageText();
  return useCallback(
    (error: unknown, levelHolder?: string) => {
      if (!(error instanceof ApiError)) {
        return describe(error);
      }
      const usage = usageOf(error);
      switch (error.code) {
        case 'in_use':
          return usage ? t('lines.errors.inUse', { what: usageText(usage) }) : describe(error);
        case 'group_routed':
          return usage ? t('lines.errors.groupRouted', { what: usageText(usage) }) : describe(error);
        case 'duplicate_code':
          return t('lines.errors.duplicateCode');
        case 'level_taken':
          return levelHolder
            ? t('lines.errors.levelTaken', { name: levelHolder })
            : t('lines.errors.levelTakenSomeone');
        default:
          return describe(error);
      }
    },
    [t, describe, usageText],
  );
}
