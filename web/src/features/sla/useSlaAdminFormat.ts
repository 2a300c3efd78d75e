import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../lib/format.ts';
import {
  minutesToTime,
  WEEKDAYS,
  type CalendarException,
  type Interval,
  type Week,
  type Weekday,
} from './api.ts';

const sameIntervals = (a: readonly Interval[], b: readonly Interval[]) =>
  a.length === b.length &&
  a.every((interval, index) => interval.start === b[index]?.start && interval.end === b[index]?.end);

/** Calendars and policies in words: «Пн–Пт 09:00–18:00», «Сокращённый на 60 мин», «4 ч 30 мин». */
export function useSlaAdminFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;

  const dayLabel = useCallback((day: Weekday) => t(`sla.weekdays.${day}`), [t]);
  const dayShort = useCallback((day: Weekday) => t(`sla.weekdaysShort.${day}`), [t]);

  /** «09:00–13:00, 14:00–18:00»; «выходной» for none. */
  const intervals = useCallback(
    (list: readonly Interval[]) =>
      list.length === 0
        ? t('sla.calendars.dayOff')
        : list
            .map((interval) => `${minutesToTime(interval.start)}–${minutesToTime(interval.end)}`)
            .join(', '),
    [t],
  );

  /** Days with the same hours run together: «Пн–Пт 09:00–18:00 · Сб–Вс выходной». */
  const week = useCallback(
    (value: Week) => {
      const runs: { from: Weekday; to: Weekday; hours: Interval[] }[] = [];
      for (const day of WEEKDAYS) {
        const last = runs.at(-1);
        if (last && sameIntervals(last.hours, value[day])) {
          last.to = day;
        } else {
          runs.push({ from: day, to: day, hours: value[day] });
        }
      }
      return runs
        .map((run) => {
          const days = run.from === run.to ? dayShort(run.from) : `${dayShort(run.from)}–${dayShort(run.to)}`;
          return `${days} ${intervals(run.hours)}`;
        })
        .join(' · ');
    },
    [dayShort, intervals],
  );

  /** «Выходной», «Сокращённый на 60 мин», «Рабочий: 09:00–15:00». */
  const exception = useCallback(
    (value: CalendarException) => {
      switch (value.kind) {
        case 'holiday':
          return t('sla.calendars.exceptionKinds.holiday');
        case 'short':
          return t('sla.calendars.shortBy', { minutes: value.minutesShorter });
        case 'working':
          return value.intervals?.length
            ? t('sla.calendars.workingWith', { hours: intervals(value.intervals) })
            : value.minutesShorter
              ? t('sla.calendars.workingShort', { minutes: value.minutesShorter })
              : t('sla.calendars.exceptionKinds.working');
        default:
          return '';
      }
    },
    [t, intervals],
  );

  /** Working minutes as «4 ч», «30 мин», «1 ч 30 мин». */
  const workingTime = useCallback(
    (minutes: number) => {
      const hours = Math.floor(minutes / 60);
      const rest = minutes % 60;
      if (hours === 0) {
        return t('tickets.sla.span.minutes', { minutes: rest });
      }
      return rest === 0
        ? t('tickets.sla.span.hours', { hours })
        : t('tickets.sla.span.hoursMinutes', { hours, minutes: rest });
    },
    [t],
  );

  /** «80 %». */
  const percent = useCallback(
    (share: number) =>
      new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share),
    [locale],
  );

  const day = useCallback((date: string) => formatDay(date, locale) ?? date, [locale]);

  return useMemo(
    () => ({ dayLabel, dayShort, intervals, week, exception, workingTime, percent, day }),
    [dayLabel, dayShort, intervals, week, exception, workingTime, percent, day],
  );
}
