import type { MantineColor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, type Channel, type Priority, type Status } from '#common/tickets.ts';
import { formatNumber } from '../../lib/format.ts';
import { prioritiesQueryOptions } from '../dictionaries/api.ts';

/** One colour per status, so a queue can be read at a glance. */
export const STATUS_COLORS: Record<Status, MantineColor> = {
  new: 'blue',
  evaluated: 'cyan',
  approved: 'teal',
  rejected: 'red',
  planned: 'violet',
  in_progress: 'orange',
  done: 'lime',
  completed: 'green',
  stale: 'gray',
  irrelevant: 'dark',
};

/** The priorities' colours until the dictionary (GET /priorities), where an admin may change them, loads. */
export const PRIORITY_COLORS: Record<Priority, MantineColor> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  critical: 'red',
};

/** "0:25" under an hour as "25:03" (mm:ss); from an hour on "1:02:03". */
export const formatStopwatch = (totalSeconds: number): string => {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${pad(minutes)}:${pad(rest)}`;
};

/** Labels and quantities of requests in the UI language: statuses, priorities, hours, minutes, sizes. */
export function useTicketFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;

  // The priorities' names and colours are the admin's dictionary; the built-in ones stand in until it loads.
  const priorities = useQuery(prioritiesQueryOptions).data?.items;

  const statusLabel = useCallback((status: Status) => t(`tickets.statuses.${status}`), [t]);
  const priorityLabel = useCallback(
    (priority: Priority) => {
      const entry = priorities?.find((item) => item.code === priority);
      if (entry) {
        return locale === 'en' ? entry.nameEn : entry.name;
      }
      return t(`tickets.priorities.${priority}`);
    },
    [priorities, locale, t],
  );
  const priorityColor = useCallback(
    (priority: Priority): MantineColor =>
      priorities?.find((item) => item.code === priority)?.color ?? PRIORITY_COLORS[priority],
    [priorities],
  );
  /** What a create form offers: the levels the admin has not retired (all of them until the dictionary loads). */
  const offeredPriorities = useMemo(
    (): Priority[] =>
      priorities ? priorities.filter((item) => item.isActive).map((item) => item.code) : [...PRIORITIES],
    [priorities],
  );
  const channelLabel = useCallback((channel: Channel) => t(`tickets.channels.${channel}`), [t]);

  /** Norm-hours: «0,5 ч», "0.5 h". */
  const hours = useCallback(
    (value: number) => t('tickets.units.hours', { value: formatNumber(value, locale) }),
    [t, locale],
  );

  /** Work time: «25 мин», «1 ч 05 мин», «0 ч 25 мин» when `withHours`. */
  const duration = useCallback(
    (totalMinutes: number, withHours = false) => {
      const whole = Math.max(0, Math.round(totalMinutes));
      const h = Math.floor(whole / 60);
      const m = whole % 60;
      if (h === 0 && !withHours) {
        return t('tickets.units.minutes', { value: m });
      }
      return t('tickets.units.hoursMinutes', { hours: h, minutes: m });
    },
    [t],
  );

  /** «1,2 МБ», "340 KB". */
  const fileSize = useCallback(
    (bytes: number) => {
      if (bytes < 1024) {
        return t('tickets.units.bytes', { value: bytes });
      }
      if (bytes < 1024 * 1024) {
        return t('tickets.units.kilobytes', { value: formatNumber(bytes / 1024, locale) });
      }
      return t('tickets.units.megabytes', { value: formatNumber(bytes / 1024 / 1024, locale) });
    },
    [t, locale],
  );

  return useMemo(
    () => ({
      statusLabel,
      priorityLabel,
      priorityColor,
      offeredPriorities,
      channelLabel,
      hours,
      duration,
      fileSize,
    }),
    [statusLabel, priorityLabel, priorityColor, offeredPriorities, channelLabel, hours, duration, fileSize],
  );
}
