import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, i18n, type Language } from '../../i18n/i18n.ts';
import { meQueryKey, updateMe, type Me } from './api.ts';

// A language picked on the login page wins over the one saved on the server at the next sign-in.
let chosenWhileSignedOut = false;

/** The language picked before signing in, once: the login flow saves it to the profile. */
export const takeLanguageChosenWhileSignedOut = (): Language | null => {
  const chosen = chosenWhileSignedOut ? currentLanguage() : null;
  chosenWhileSignedOut = false;
  return chosen;
};

/** Follows the language saved in the profile when GET /me answers. */
export const adoptProfileLanguage = (locale: Language | undefined): void => {
  if (locale && locale !== i18n.language) {
    void i18n.changeLanguage(locale);
  }
};

/** Switches the UI language and, when someone is signed in, saves it in the profile. */
export function useChangeLanguage(): (lng: Language) => void {
  const queryClient = useQueryClient();
  const { i18n: instance } = useTranslation();
  return useCallback(
    (lng: Language) => {
      void instance.changeLanguage(lng);
      const me = queryClient.getQueryData(meQueryKey);
      if (!me) {
        chosenWhileSignedOut = true;
        return;
      }
      const optimistic: Me = { ...me, locale: lng };
      queryClient.setQueryData(meQueryKey, optimistic);
      updateMe({ locale: lng }).then(
        (updated) => queryClient.setQueryData(meQueryKey, updated),
        () => {
          // The UI has switched anyway; the profile keeps the old language until the next change.
        },
      );
    },
    [queryClient, instance],
  );
}
