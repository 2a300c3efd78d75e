// Russian first, English second. The choice lives in localStorage (`zy.lang`) and sets <html lang>;
// a signed-in user's choice is also saved on the server (see features/auth/locale.ts).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../lib/api.ts';
import en from './en.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'ru';

const STORAGE_KEY = 'zy.lang';

// Both files must have exactly the same keys: each is checked against the other.
export const resources = {
  ru: { translation: ru satisfies typeof en },
  en: { translation: en satisfies typeof ru },
} as const;

export const isLanguage = (value: unknown): value is Language =>
  (LANGUAGES as readonly unknown[]).includes(value);

const readStoredLanguage = (): Language => {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    // Storage may be disabled (private mode, policies): fall back to the default.
    return DEFAULT_LANGUAGE;
  }
};

const applyLanguage = (lng: string): void => {
  document.documentElement.lang = lng;
  setApiLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered across visits, but the page still switches.
  }
};

i18n.on('languageChanged', applyLanguage);

void i18n.use(initReactI18next).init({
  resources,
  lng: readStoredLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

/** The language the UI is in now. */
export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE);

export { i18n };
