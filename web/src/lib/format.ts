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

const shortFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A compact moment for narrow columns: «30 нояб., 05:22» this year, «30 нояб. 2025 г., 05:22» another;
 * null for a missing value, the raw text for an unparsable one.
 */
export const formatShortDateTime = (
  value: string | null | undefined,
  { locale, timeZone, now = new Date() }: Omit<DateFormatOptions, 'withTime'> & { now?: Date },
): string | null => {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  const withYear = date.getUTCFullYear() !== now.getUTCFullYear();
  const key = `${locale}|${timeZone ?? ''}|${withYear ? 'y' : ''}`;
  let formatter = shortFormatters.get(key);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = {
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
    };
    try {
      formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      formatter = new Intl.DateTimeFormat(locale, options);
    }
    shortFormatters.set(key, formatter);
  }
  return formatter.format(date);
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

// Datetime inputs hold a wall-clock time ("2026-01-15T09:00"); the API wants an instant. Both sides are
// read in the user's profile time zone, not the browser's, so a planner in Moscow and one travelling agree.
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

const zoneOffsetMs = (at: number, timeZone: string): number => {
  let formatter = zoneFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - (at - (((at % 1000) + 1000) % 1000));
};

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** An instant as the value of an `<input type="datetime-local">` in the time zone; '' for none. */
export const toWallTime = (iso: string | null | undefined, timeZone: string | undefined): string => {
  if (!iso) {
    return '';
  }
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) {
    return '';
  }
  try {
    const offset = timeZone ? zoneOffsetMs(at, timeZone) : -new Date(at).getTimezoneOffset() * 60_000;
    return new Date(at + offset).toISOString().slice(0, 16);
  } catch {
    return new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }
};

/** The value of an `<input type="datetime-local">`, read in the time zone, as an ISO instant; null if invalid. */
export const fromWallTime = (wall: string, timeZone: string | undefined): string | null => {
  const match = WALL_TIME.exec(wall.trim());
  if (!match) {
    return null;
  }
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0] = match.slice(1).map(Number);
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(guess)) {
    return null;
  }
  try {
    if (!timeZone) {
      throw new Error('no time zone');
    }
    // Two rounds settle the offset on either side of a daylight-saving change.
    const first = guess - zoneOffsetMs(guess, timeZone);
    return new Date(guess - zoneOffsetMs(first, timeZone)).toISOString();
  } catch {
    const local = new Date(year, month - 1, day, hour, minute);
    return Number.isNaN(local.getTime()) ? null : local.toISOString();
  }
};

/** A number in the UI language: "0,5" in Russian, "0.5" in English. */
export const formatNumber = (value: number, locale: string, maximumFractionDigits = 1): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);

/** «Фамилия Имя Отчество» as «Имя Фамилия», short enough for a history line; other names as they are. */
export const shortName = (fullName: string): string => {
  const parts = fullName.trim().split(/\s+/);
  const [last, first, patronymic] = parts;
  return parts.length === 3 && last && first && patronymic && PATRONYMIC.test(patronymic)
    ? `${first} ${last}`
    : fullName.trim();
};

const MALE_PATRONYMIC = /(вич|ич|оглы)$/i;
const FEMALE_PATRONYMIC = /(вна|чна|кызы)$/i;

/**
 * The grammatical gender of a Russian full name, from its patronymic, for «перевёл» / «перевела»;
 * undefined when it cannot be told (the sentence then says «перевёл(а)»).
 */
export const grammaticalGender = (fullName: string): 'male' | 'female' | undefined => {
  const parts = fullName.trim().split(/\s+/);
  const patronymic = parts.length === 3 ? parts[2] : undefined;
  if (patronymic && FEMALE_PATRONYMIC.test(patronymic)) {
    return 'female';
  }
  if (patronymic && MALE_PATRONYMIC.test(patronymic)) {
    return 'male';
  }
  return undefined;
};

/** "23 нояб. 2026 г., 18:00–19:00" for one day, both dates in full otherwise; null if either is missing. */
export const formatDateRange = (
  start: string | null | undefined,
  end: string | null | undefined,
  { locale, timeZone }: Omit<DateFormatOptions, 'withTime'>,
): string | null => {
  if (!start || !end) {
    return null;
  }
  const from = new Date(start);
  const to = new Date(end);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    return `${start} – ${end}`;
  }
  const formatter = formatterFor(locale, timeZone, true);
  return typeof formatter.formatRange === 'function'
    ? formatter.formatRange(from, to)
    : `${formatter.format(from)} – ${formatter.format(to)}`;
};

/** A signed number in the UI language, zero without a sign: «+5», «-1,5», «0». */
export const formatSignedNumber = (value: number, locale: string, maximumFractionDigits = 2): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits, signDisplay: 'exceptZero' }).format(value);

/** Money in the UI language: «2 800 ₽», «2 800,50 ₽»; "RUB 2,800" in English. Kopecks only when there are any. */
export const formatMoney = (value: number, locale: string, currency = 'RUB'): string =>
  new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: Number.isInteger(value) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(value);

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day ("2026-01-31", a contract's start or end) as «31 янв. 2026 г.». A day has no time zone:
 * it is shown as written, never shifted by the user's offset. The raw text for anything else.
 */
export const formatDay = (value: string | null | undefined, locale: string): string | null => {
  if (!value) {
    return null;
  }
  const match = DAY.exec(value);
  if (!match) {
    return value;
  }
  const [year = 0, month = 1, day = 1] = match.slice(1).map(Number);
  return formatterFor(locale, 'UTC', false).format(new Date(Date.UTC(year, month - 1, day)));
};

/** Today in the time zone as "YYYY-MM-DD", for date inputs. */
export const todayIn = (timeZone: string | undefined, now: Date = new Date()): string => {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
};

/**
 * A number typed by a person: «2,5», "2.5", «1 500», «-3»; null when it is not one. Russian users type a
 * comma, English ones a point, and both paste numbers with spaces from spreadsheets.
 */
export const parseDecimal = (text: string): number | null => {
  const cleaned = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.')
    .replace(/^\u2212/, '-');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) {
    return null;
  }
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
};
