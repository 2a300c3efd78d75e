import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { AlertIcon, ArrowLeftIcon, PlusIcon, SearchIcon, XIcon } from '../../components/icons.tsx';
import { ApiError } from '../../lib/api.ts';
import { DEFAULT_TIME_ZONE, listTimeZones } from '../../lib/format.ts';
import {
  calendarQueryOptions,
  createCalendar,
  minutesToTime,
  refreshSla,
  timeToMinutes,
  updateCalendar,
  WEEKDAYS,
  type BusinessCalendar,
  type CalendarException,
  type CalendarInput,
  type Interval,
  type Weekday,
} from './api.ts';
import { calendarPath } from './CalendarsPage.tsx';
import { useSlaAdminFormat } from './useSlaAdminFormat.ts';

type IntervalText = { start: string; end: string };
type Draft = {
  name: string;
  timeZone: string;
  week: Record<Weekday, IntervalText[]>;
  exceptions: Record<string, CalendarException>;
  productionCalendar: boolean;
  isDefault: boolean;
};

type ExceptionKind = CalendarException['kind'];
const EXCEPTION_KINDS: readonly ExceptionKind[] = ['holiday', 'short', 'working'];

const NINE_TO_SIX: IntervalText = { start: '09:00', end: '18:00' };
const toText = (interval: Interval): IntervalText => ({
  start: minutesToTime(interval.start),
  end: minutesToTime(interval.end),
});

const draftOf = (calendar: BusinessCalendar | null): Draft => ({
  name: calendar?.name ?? '',
  timeZone: calendar?.timeZone ?? DEFAULT_TIME_ZONE,
  week: Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      calendar ? calendar.week[day].map(toText) : day === 'sat' || day === 'sun' ? [] : [NINE_TO_SIX],
    ]),
  ) as Record<Weekday, IntervalText[]>,
  exceptions: calendar?.exceptions ?? {},
  productionCalendar: calendar?.productionCalendar ?? true,
  isDefault: calendar?.isDefault ?? false,
});

// Problem paths come as "week/mon", "/week/mon/0/start", "body.timeZone": keep the meaningful segments.
const segmentsOf = (path: string): string[] => {
  const segments = path.split(/[/.[\]]/).filter((segment) => segment !== '');
  return segments[0] === 'body' ? segments.slice(1) : segments;
};

type Errors = Partial<Record<'name' | 'timeZone' | 'exceptions' | Weekday, string>>;

const errorsFromServer = (error: unknown): Errors => {
  if (!(error instanceof ApiError)) {
    return {};
  }
  const errors: Errors = {};
  for (const issue of error.errors) {
    const [first, second] = segmentsOf(issue.path);
    const key =
      first === 'week' && second && (WEEKDAYS as readonly string[]).includes(second)
        ? (second as Weekday)
        : first === 'name' || first === 'timeZone' || first === 'exceptions'
          ? first
          : null;
    if (key && !errors[key]) {
      errors[key] = issue.message;
    }
  }
  return errors;
};

/** Admin: creates a business calendar (`/new`) or edits one. */
export function CalendarEditorPage() {
  const { t } = useTranslation();
  const { calendarId = 'new' } = useParams();
  const isNew = calendarId === 'new';
  const calendar = useQuery({
    ...calendarQueryOptions(calendarId),
    enabled: !isNew,
    refetchInterval: (query) => (query.state.data?.recomputePending ? 5_000 : false),
  });

  if (isNew) {
    return <CalendarEditor calendar={null} />;
  }
  if (calendar.isPending) {
    return <PageLoader />;
  }
  if (calendar.isError) {
    const isMissing =
      calendar.error instanceof ApiError && (calendar.error.status === 404 || calendar.error.status === 400);
    return (
      <>
        <BackToCalendars />
        {isMissing ? (
          <EmptyHint
            icon={<SearchIcon size={28} />}
            title={t('sla.calendars.missing')}
            description={t('errors.notFound')}
          />
        ) : (
          <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
        )}
      </>
    );
  }
  // A fresh editor per version: a save (or another admin's) starts the form from what is stored.
  return <CalendarEditor key={`${calendar.data.id}:${calendar.data.version}`} calendar={calendar.data} />;
}

function BackToCalendars() {
  const { t } = useTranslation();
  return (
    <Anchor
      component={Link}
      to="/desk/settings/calendars"
      size="sm"
      mb="sm"
      display="inline-flex"
      style={{ gap: 4, alignItems: 'center' }}
    >
      <ArrowLeftIcon size={14} />
      {t('sla.calendars.back')}
    </Anchor>
  );
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="lg">
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

function CalendarEditor({ calendar }: { calendar: BusinessCalendar | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const format = useSlaAdminFormat();
  const [draft, setDraft] = useState<Draft>(() => draftOf(calendar));
  const [errors, setErrors] = useState<Errors>({});
  const timeZones = useMemo(() => {
    const zones = listTimeZones();
    return zones.includes(draft.timeZone) ? zones : [draft.timeZone, ...zones];
  }, [draft.timeZone]);

  const change = (patch: Partial<Draft>, clear?: keyof Errors) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    if (clear) {
      setErrors((previous) => ({ ...previous, [clear]: undefined }));
    }
  };
  const setDay = (day: Weekday, intervals: IntervalText[]) =>
    change({ week: { ...draft.week, [day]: intervals } }, day);

  const save = useMutation({
    mutationFn: (body: CalendarInput) =>
      calendar ? updateCalendar({ id: calendar.id, ...body }) : createCalendar(body),
    onSuccess: (saved) => {
      refreshSla(queryClient);
      queryClient.setQueryData(calendarQueryOptions(saved.id).queryKey, saved);
      notifications.show({
        color: 'green',
        message: t(calendar ? 'sla.calendars.saved' : 'sla.calendars.created', { name: saved.name }),
      });
      if (!calendar) {
        void navigate(calendarPath(saved.id), { replace: true });
      }
    },
    onError: (error) => setErrors(errorsFromServer(error)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Errors = {};
    if (!draft.name.trim()) {
      problems.name = t('sla.calendars.errors.nameRequired');
    }
    if (!draft.timeZone) {
      problems.timeZone = t('sla.calendars.errors.timeZoneRequired');
    }
    const week = {} as Record<Weekday, Interval[]>;
    for (const day of WEEKDAYS) {
      const intervals: Interval[] = [];
      for (const text of draft.week[day]) {
        const start = timeToMinutes(text.start);
        const end = timeToMinutes(text.end);
        if (start === null || end === null) {
          problems[day] = t('sla.calendars.errors.timeFormat');
          break;
        }
        if (start >= end) {
          problems[day] = t('sla.calendars.errors.endBeforeStart');
          break;
        }
        intervals.push({ start, end });
      }
      intervals.sort((a, b) => a.start - b.start);
      if (
        !problems[day] &&
        intervals.some((interval, index) => index > 0 && interval.start < (intervals[index - 1]?.end ?? 0))
      ) {
        problems[day] = t('sla.calendars.errors.overlap');
      }
      week[day] = intervals;
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    save.mutate({
      name: draft.name.trim(),
      timeZone: draft.timeZone,
      week,
      exceptions: draft.exceptions,
      productionCalendar: draft.productionCalendar,
      // The default is handed over, never taken away: only «yes» is sent.
      ...(draft.isDefault && !calendar?.isDefault ? { isDefault: true } : {}),
    });
  };

  const dates = Object.keys(draft.exceptions).sort();

  return (
    <>
      <BackToCalendars />
      <PageHeader
        title={calendar ? calendar.name : t('sla.calendars.new')}
        description={t('sla.calendars.editorDescription')}
      />
      <form onSubmit={handleSubmit} noValidate data-testid="calendar-form">
        <Stack gap="lg" maw={880}>
          {calendar?.recomputePending && (
            <Alert color="blue" variant="light" icon={<Loader size={16} />} data-testid="recompute-pending">
              {t('sla.recomputingLong')}
            </Alert>
          )}
          <Section title={t('sla.calendars.general')}>
            <TextInput
              label={t('sla.calendars.fields.name')}
              placeholder={t('sla.calendars.namePlaceholder')}
              required
              maxLength={200}
              value={draft.name}
              error={errors.name}
              onChange={(event) => change({ name: event.currentTarget.value }, 'name')}
            />
            <Select
              label={t('sla.calendars.fields.timeZone')}
              description={t('sla.calendars.timeZoneHint')}
              required
              searchable
              data={timeZones}
              value={draft.timeZone}
              onChange={(value) => value && change({ timeZone: value }, 'timeZone')}
              allowDeselect={false}
              error={errors.timeZone}
              maw={360}
              comboboxProps={{ withinPortal: true }}
              limit={100}
            />
            <Switch
              label={t('sla.calendars.fields.production')}
              description={t('sla.calendars.productionHint')}
              checked={draft.productionCalendar}
              onChange={(event) => change({ productionCalendar: event.currentTarget.checked })}
            />
            <Switch
              label={t('sla.calendars.fields.isDefault')}
              description={
                calendar?.isDefault ? t('sla.calendars.isDefaultLocked') : t('sla.calendars.isDefaultHint')
              }
              checked={draft.isDefault}
              disabled={calendar?.isDefault === true}
              onChange={(event) => change({ isDefault: event.currentTarget.checked })}
            />
          </Section>

          <Section title={t('sla.calendars.weekTitle')} description={t('sla.calendars.weekHint')}>
            <Stack gap="sm" data-testid="calendar-week">
              {WEEKDAYS.map((day) => (
                <WeekdayRow
                  key={day}
                  label={format.dayLabel(day)}
                  intervals={draft.week[day]}
                  error={errors[day]}
                  onChange={(intervals) => setDay(day, intervals)}
                  testId={`day-${day}`}
                />
              ))}
            </Stack>
          </Section>

          <Section title={t('sla.calendars.exceptionsTitle')} description={t('sla.calendars.exceptionsHint')}>
            {dates.length > 0 ? (
              <Table.ScrollContainer minWidth={420}>
                <Table verticalSpacing={6} data-testid="calendar-exceptions">
                  <Table.Tbody>
                    {dates.map((date) => {
                      const exception = draft.exceptions[date];
                      return (
                        <Table.Tr key={date}>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.day(date)}</Table.Td>
                          <Table.Td>
                            <Badge
                              variant="light"
                              tt="none"
                              color={
                                exception?.kind === 'holiday'
                                  ? 'red'
                                  : exception?.kind === 'short'
                                    ? 'orange'
                                    : 'teal'
                              }
                            >
                              {exception ? format.exception(exception) : ''}
                            </Badge>
                          </Table.Td>
                          <Table.Td w={40}>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={t('sla.calendars.removeException', { date: format.day(date) })}
                              onClick={() => {
                                const next = { ...draft.exceptions };
                                delete next[date];
                                change({ exceptions: next }, 'exceptions');
                              }}
                            >
                              <XIcon size={16} />
                            </ActionIcon>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : (
              <Text size="sm" c="dimmed">
                {t('sla.calendars.noExceptions')}
              </Text>
            )}
            <ExceptionAdder
              onAdd={(date, exception) =>
                change({ exceptions: { ...draft.exceptions, [date]: exception } }, 'exceptions')
              }
            />
            {errors.exceptions && (
              <Text size="sm" c="red" role="alert">
                {errors.exceptions}
              </Text>
            )}
          </Section>

          <FormErrorAlert error={save.error} fields={['name', 'timeZone', 'week', 'exceptions']} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {calendar ? t('common.save') : t('sla.calendars.createSubmit')}
            </Button>
            <Button component={Link} to="/desk/settings/calendars" variant="default">
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

type WeekdayRowProps = {
  label: string;
  intervals: IntervalText[];
  error: string | undefined;
  onChange: (intervals: IntervalText[]) => void;
  testId: string;
};

/** One weekday: its working intervals as «09:00 – 13:00» pairs; none is a day off. */
function WeekdayRow({ label, intervals, error, onChange, testId }: WeekdayRowProps) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<IntervalText>) =>
    onChange(intervals.map((interval, i) => (i === index ? { ...interval, ...patch } : interval)));
  const add = () => {
    const last = intervals.at(-1);
    const lastEnd = last ? timeToMinutes(last.end) : null;
    // The first interval is a usual day; the next one starts an hour after the last (a lunch break).
    const next =
      lastEnd === null
        ? NINE_TO_SIX
        : {
            start: minutesToTime(Math.min(lastEnd + 60, 1380)),
            end: minutesToTime(Math.min(lastEnd + 300, 1440)),
          };
    onChange([...intervals, next]);
  };
  const addButton = (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<PlusIcon size={14} />}
      onClick={add}
      disabled={intervals.length >= 6}
    >
      {intervals.length === 0 ? t('sla.calendars.addHours') : t('sla.calendars.addInterval')}
    </Button>
  );
  return (
    <Stack gap={4} data-testid={testId}>
      <Group gap="sm" align="flex-start" wrap="wrap">
        <Text size="sm" fw={500} w={120} pt={6}>
          {label}
        </Text>
        <Stack gap={6} style={{ flex: 1, minWidth: 220 }} align="flex-start">
          {intervals.length === 0 && (
            <Group gap="sm" pt={4}>
              <Text size="sm" c="dimmed">
                {t('sla.calendars.dayOff')}
              </Text>
              {addButton}
            </Group>
          )}
          {intervals.map((interval, index) => (
            <Group key={index} gap={6} wrap="nowrap">
              <TextInput
                aria-label={t('sla.calendars.from', { day: label })}
                value={interval.start}
                onChange={(event) => update(index, { start: event.currentTarget.value })}
                placeholder="09:00"
                inputMode="numeric"
                w={76}
                error={Boolean(error)}
                size="sm"
              />
              <Text size="sm">–</Text>
              <TextInput
                aria-label={t('sla.calendars.to', { day: label })}
                value={interval.end}
                onChange={(event) => update(index, { end: event.currentTarget.value })}
                placeholder="18:00"
                inputMode="numeric"
                w={76}
                error={Boolean(error)}
                size="sm"
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('sla.calendars.removeInterval', {
                  day: label,
                  from: interval.start,
                  to: interval.end,
                })}
                onClick={() => onChange(intervals.filter((_, i) => i !== index))}
              >
                <XIcon size={16} />
              </ActionIcon>
              {index === intervals.length - 1 && addButton}
            </Group>
          ))}
        </Stack>
      </Group>
      {error && (
        <Group gap={4} pl={{ base: 0, xs: 132 }}>
          <AlertIcon size={14} color="var(--mantine-color-red-text)" />
          <Text size="xs" c="red" role="alert">
            {error}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/** Adds a date that differs from the week: a day off, a shortened day, or a working one. */
function ExceptionAdder({ onAdd }: { onAdd: (date: string, exception: CalendarException) => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<ExceptionKind>('holiday');
  const [minutes, setMinutes] = useState<number | string>(60);
  // A working day may have hours of its own (a Saturday duty from 10 to 14); empty means the weekday's.
  const [hours, setHours] = useState<IntervalText>({ start: '', end: '' });
  const [error, setError] = useState<string | null>(null);

  const add = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setError(t('sla.calendars.errors.dateRequired'));
      return;
    }
    const shorter = typeof minutes === 'number' ? minutes : Number(minutes);
    if (kind === 'short' && (!Number.isInteger(shorter) || shorter < 1 || shorter > 1440)) {
      setError(t('sla.calendars.errors.minutesInvalid'));
      return;
    }
    let ownHours: Interval | null = null;
    if (kind === 'working' && (hours.start !== '' || hours.end !== '')) {
      const start = timeToMinutes(hours.start);
      const end = timeToMinutes(hours.end);
      if (start === null || end === null) {
        setError(t('sla.calendars.errors.timeFormat'));
        return;
      }
      if (start >= end) {
        setError(t('sla.calendars.errors.endBeforeStart'));
        return;
      }
      ownHours = { start, end };
    }
    onAdd(
      date,
      kind === 'short'
        ? { kind, minutesShorter: shorter }
        : kind === 'working' && ownHours
          ? { kind, intervals: [ownHours] }
          : { kind },
    );
    setDate('');
    setHours({ start: '', end: '' });
    setError(null);
  };

  return (
    <Stack gap={4}>
      <Group gap="sm" align="flex-end" wrap="wrap" data-testid="exception-adder">
        <TextInput
          type="date"
          label={t('sla.calendars.exceptionDate')}
          value={date}
          onChange={(event) => {
            setDate(event.currentTarget.value);
            setError(null);
          }}
          w={170}
        />
        <Select
          label={t('sla.calendars.exceptionKind')}
          data={EXCEPTION_KINDS.map((value) => ({
            value,
            label: t(`sla.calendars.exceptionKinds.${value}`),
          }))}
          value={kind}
          onChange={(value) => value && setKind(value)}
          allowDeselect={false}
          w={200}
          comboboxProps={{ withinPortal: true }}
        />
        {kind === 'short' && (
          <NumberInput
            label={t('sla.calendars.minutesShorter')}
            value={minutes}
            onChange={setMinutes}
            min={1}
            max={1440}
            allowDecimal={false}
            w={150}
          />
        )}
        {kind === 'working' && (
          <>
            <TextInput
              type="time"
              label={t('sla.calendars.ownHoursFrom')}
              value={hours.start}
              onChange={(event) => {
                const start = event.currentTarget.value;
                setHours((previous) => ({ ...previous, start }));
                setError(null);
              }}
              w={120}
              data-testid="exception-hours-start"
            />
            <TextInput
              type="time"
              label={t('sla.calendars.ownHoursTo')}
              value={hours.end}
              onChange={(event) => {
                const end = event.currentTarget.value;
                setHours((previous) => ({ ...previous, end }));
                setError(null);
              }}
              w={120}
              data-testid="exception-hours-end"
            />
          </>
        )}
        <Button variant="light" leftSection={<PlusIcon size={14} />} onClick={add}>
          {t('sla.calendars.addException')}
        </Button>
      </Group>
      {kind === 'working' && (
        <Text size="xs" c="dimmed">
          {t('sla.calendars.workingHint')}
        </Text>
      )}
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
