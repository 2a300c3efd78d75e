import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '#common/roles.ts';

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** A role's name in the UI language; an unknown role is shown as the server spelled it. */
export function useRoleLabel(): (role: string) => string {
  const { t } = useTranslation();
  return useCallback((role: string) => (isRole(role) ? t(`roles.${role}`) : role), [t]);
}
