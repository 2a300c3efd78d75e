// Dates are shown with Intl in the user's language and, when known, the user's time zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (
  locale: string,
  timeZone: string | undefined,
  withTime: boolean,
): Intl.DateTimeFormat => {
  const key = `${locale}|${timeZone ?? ''}|${withTime ? 't' : 'd'}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = withTime
      ? { dateStyle: 'medium', timeStyle: 'short' }
      : { dateStyle: 'medium' };
    try {
      formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // An unknown time zone from the server must not break the page: fall back to the browser's.
      formatter = new Intl.DateTimeFormat(locale, options);
    }
    formatters.set(key, formatter);
  }
  return formatter;
};

export type DateFormatOptions = { locale: string; timeZone?: string | undefined; withTime?: boolean };

/** "23 нояб. 2025 г., 14:05"; null for a missing value; the raw text for an unparsable one. */
export const formatDate = (
  value: string | null | undefined,
  { locale, timeZone, withTime = true }: DateFormatOptions,
): string | null => {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return formatterFor(locale, timeZone, withTime).format(date);
};

let timeZones: string[] | undefined;

/** IANA time zones the browser knows, for pickers. */
export const listTimeZones = (): string[] => {
  timeZones ??= Intl.supportedValuesOf('timeZone');
  return timeZones;
};

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

// «Фамилия Имя Отчество» is greeted as «Имя Отчество», the polite Russian form; other names as they are.
const PATRONYMIC = /(вич|вна|ична|ичн|оглы|кызы)$/i;

/** The part of a full name to greet a person by. */
export const greetingName = (fullName: string): string => {
  const parts = fullName.trim().split(/\s+/);
  const [, first, patronymic] = parts;
  return parts.length === 3 && first && patronymic && PATRONYMIC.test(patronymic)
    ? `${first} ${patronymic}`
    : fullName.trim();
};
