import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage } from '../features/auth/locale.ts';
import { isLanguage } from '../i18n/i18n.ts';

/** RU / EN: switches the UI and, when signed in, saves the choice in the profile. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const changeLanguage = useChangeLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('header.language')}
      value={i18n.language}
      onChange={(value) => {
        if (isLanguage(value)) {
          changeLanguage(value);
        }
      }}
      data={[
        { value: 'ru', label: 'RU' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}
