// Typed translation keys: t('no.such.key') fails the type check.
import type { resources } from './i18n.ts';

declare module 'i18next' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: (typeof resources)['ru'];
    returnNull: false;
  }
}
