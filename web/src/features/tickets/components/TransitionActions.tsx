import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  type ButtonProps,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ESTIMATE_SCALE, type Status } from '#common/tickets.ts';
import { FormErrorAlert } from '../../../components/FormErrorAlert.tsx';
import { AlertIcon } from '../../../components/icons.tsx';
import { formatNumber, fromWallTime, toWallTime } from '../../../lib/format.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { EstimateSuggestionPanel } from '../../reports/EstimateSuggestionPanel.tsx';
import {
  assignableStaffQueryOptions,
  conflictCurrent,
  isIllegalTransition,
  rememberTicket,
  ticketQueryKey,
  transitionTicket,
  type StaffMember,
  type Ticket,
  type TransitionRequest,
} from '../api.ts';
import { plainTextToHtml } from '../richText.ts';
import { useTicketFormat } from '../useTicketFormat.ts';

/** Which form a transition needs, from where the request is and where it goes. */
type ActionKind =
  | 'estimate'
  | 'approve'
  | 'reject'
  | 'plan'
  | 'start'
  | 'sendBack'
  | 'done'
  | 'complete'
  | 'reopen'
  | 'irrelevant'
  | 'generic';

const actionKind = (from: Status, to: Status): ActionKind => {
  if (from === 'stale' && (to === 'new' || to === 'evaluated')) {
    return 'reopen';
  }
  switch (to) {
    case 'evaluated':
      return 'estimate';
    case 'approved':
      return 'approve';
    case 'rejected':
      return 'reject';
    case 'planned':
      return 'plan';
    case 'in_progress':
      return from === 'done' ? 'sendBack' : 'start';
    case 'done':
      return 'done';
    case 'completed':
      return 'complete';
    case 'irrelevant':
      return 'irrelevant';
    default:
      return 'generic';
  }
};

const BUTTON_STYLE: Record<ActionKind, Pick<ButtonProps, 'color' | 'variant'>> = {
  estimate: { variant: 'filled' },
  approve: { variant: 'filled', color: 'green' },
  reject: { variant: 'light', color: 'red' },
  plan: { variant: 'filled' },
  start: { variant: 'filled' },
  sendBack: { variant: 'default' },
  done: { variant: 'filled', color: 'green' },
  complete: { variant: 'filled', color: 'green' },
  reopen: { variant: 'light' },
  irrelevant: { variant: 'light', color: 'gray' },
  generic: { variant: 'light' },
};

const FIELDS = [
  'estimateHours',
  'assigneeId',
  'plannedStart',
  'plannedEnd',
  'acceptanceCriteria',
  'resolution',
  'comment',
] as const;
type Field = (typeof FIELDS)[number];

type TransitionActionsProps = {
  ticket: Ticket;
  /** Staff known to work on this request (from its history), offered when the staff list is closed. */
  knownStaff?: StaffMember[];
  fullWidth?: boolean;
};

/** One button per transition the server allows this user now; each opens the form that transition needs. */
export function TransitionActions({ ticket, knownStaff = [], fullWidth = false }: TransitionActionsProps) {
  const [target, setTarget] = useState<Status | null>(null);
  const { t } = useTranslation();
  const { statusLabel } = useTicketFormat();
  if (ticket.allowedTransitions.length === 0) {
    return null;
  }
  const label = (to: Status) => {
    const kind = actionKind(ticket.status, to);
    return kind === 'reopen' || kind === 'generic'
      ? t(`tickets.actions.${kind}`, { status: statusLabel(to) })
      : t(`tickets.actions.${kind}`);
  };
  return (
    <>
      <Group gap="sm" data-testid="ticket-actions" grow={fullWidth} wrap="wrap">
        {ticket.allowedTransitions.map((to) => (
          <Button
            key={to}
            {...BUTTON_STYLE[actionKind(ticket.status, to)]}
            onClick={() => setTarget(to)}
            data-transition={to}
          >
            {label(to)}
          </Button>
        ))}
      </Group>
      {target && (
        <TransitionModal
          // A fresh form per opening: nothing typed for one action leaks into another.
          key={target}
          ticket={ticket}
          to={target}
          knownStaff={knownStaff}
          onClose={() => setTarget(null)}
        />
      )}
    </>
  );
}

type TransitionModalProps = {
  ticket: Ticket;
  to: Status;
  knownStaff: StaffMember[];
  onClose: () => void;
};

const nextFullHour = (): Date => {
  const date = new Date();
  date.setMinutes(0, 0, 0);
  date.setHours(date.getHours() + 1);
  return date;
};

function TransitionModal({ ticket, to, knownStaff, onClose }: TransitionModalProps) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const { statusLabel, hours } = useTicketFormat();
  const kind = actionKind(ticket.status, to);
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const [conflict, setConflict] = useState(false);

  // Planning starts from a sensible slot: the next full hour, as long as the estimate (at least an hour).
  const [values, setValues] = useState(() => {
    const start = ticket.plannedStart ? new Date(ticket.plannedStart) : nextFullHour();
    const lengthHours = Math.max(1, Math.ceil(ticket.estimateHours ?? 1));
    const end = ticket.plannedEnd
      ? new Date(ticket.plannedEnd)
      : new Date(start.getTime() + lengthHours * 3_600_000);
    return {
      estimateHours: ticket.estimateHours !== null ? String(ticket.estimateHours) : '',
      assigneeId: ticket.assigneeId ?? '',
      plannedStart: toWallTime(start.toISOString(), user.timeZone),
      plannedEnd: toWallTime(end.toISOString(), user.timeZone),
      acceptanceCriteria: ticket.acceptanceCriteria ?? '',
      resolution: '',
      comment: '',
    };
  });
  const change = (field: Field, value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    clearError(field);
  };

  const staff = useQuery({ ...assignableStaffQueryOptions, enabled: kind === 'plan' });
  const assigneeOptions = useMemo(() => {
    const people = new Map<string, string>();
    const add = (id: string | null, name: string | null) => {
      if (id && name && !people.has(id)) {
        people.set(id, name);
      }
    };
    for (const member of staff.data ?? []) {
      add(member.id, member.name);
    }
    add(ticket.assigneeId, ticket.assigneeName);
    for (const member of knownStaff) {
      add(member.id, member.name);
    }
    add(user.id, user.name);
    return [...people].map(([value, label]) => ({
      value,
      label: value === user.id ? t('tickets.transition.me', { name: label }) : label,
    }));
  }, [staff.data, ticket.assigneeId, ticket.assigneeName, knownStaff, user.id, user.name, t]);

  const transition = useMutation({
    mutationFn: transitionTicket,
    onSuccess: (updated) => {
      rememberTicket(queryClient, updated);
      const autoApproved = to === 'evaluated' && updated.status === 'approved';
      notifications.show({
        color: 'green',
        message: autoApproved
          ? t('tickets.transition.autoApproved', { hours: hours(updated.estimateHours ?? 0) })
          : t('tickets.transition.doneMessage', { status: statusLabel(updated.status) }),
      });
      onClose();
    },
    onError: (error) => {
      const current = conflictCurrent(error);
      if (current) {
        // Someone else changed the request: show it as it is now; the form stays for a second try.
        rememberTicket(queryClient, current);
        if (!current.allowedTransitions.includes(to)) {
          notifications.show({
            color: 'orange',
            message: t('tickets.transition.noLongerAllowed', { status: statusLabel(current.status) }),
          });
          onClose();
          return;
        }
        setConflict(true);
        return;
      }
      if (isIllegalTransition(error)) {
        void queryClient.invalidateQueries({ queryKey: ticketQueryKey(ticket.id) });
        notifications.show({ color: 'orange', message: t('tickets.transition.refused') });
        onClose();
        return;
      }
      setErrors(fieldErrorsFrom(error, FIELDS));
    },
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setConflict(false);
    const body: TransitionRequest & { id: string } = { id: ticket.id, to, version: ticket.version };
    const missing: FieldErrors<Field> = {};
    const comment = values.comment.trim();
    if (kind === 'estimate') {
      if (values.estimateHours) {
        body.estimateHours = Number(values.estimateHours);
      } else {
        missing.estimateHours = t('tickets.transition.estimateRequired');
      }
    }
    if (kind === 'plan') {
      const start = fromWallTime(values.plannedStart, user.timeZone);
      const end = fromWallTime(values.plannedEnd, user.timeZone);
      if (!values.assigneeId) {
        missing.assigneeId = t('tickets.transition.assigneeRequired');
      }
      if (!start) {
        missing.plannedStart = t('tickets.transition.dateRequired');
      }
      if (!end) {
        missing.plannedEnd = t('tickets.transition.dateRequired');
      } else if (start && new Date(end) <= new Date(start)) {
        missing.plannedEnd = t('tickets.transition.endBeforeStart');
      }
      if (!values.acceptanceCriteria.trim()) {
        missing.acceptanceCriteria = t('tickets.transition.acceptanceRequired');
      }
      body.assigneeId = values.assigneeId;
      body.plannedStart = start ?? '';
      body.plannedEnd = end ?? '';
      body.acceptanceCriteria = values.acceptanceCriteria.trim();
    }
    if (kind === 'done') {
      if (values.resolution.trim()) {
        body.resolution = plainTextToHtml(values.resolution);
      } else {
        missing.resolution = t('tickets.transition.resolutionRequired');
      }
    }
    if (kind === 'sendBack' && !comment) {
      missing.comment = t('tickets.transition.commentRequired');
    }
    if (comment && (kind === 'sendBack' || kind === 'reject' || kind === 'irrelevant')) {
      body.comment = plainTextToHtml(comment);
    }
    setErrors(missing);
    if (Object.keys(missing).length === 0) {
      transition.mutate(body);
    }
  };

  const title = (() => {
    switch (kind) {
      case 'reopen':
      case 'generic':
        return t(`tickets.transition.titles.${kind}`, { status: statusLabel(to) });
      default:
        return t(`tickets.transition.titles.${kind}`);
    }
  })();

  const estimateText = ticket.estimateHours !== null ? hours(ticket.estimateHours) : '—';

  const renderFields = () => {
    switch (kind) {
      case 'estimate':
        return (
          <Stack gap={6}>
            <Text size="sm" fw={500} id="estimate-label">
              {t('tickets.transition.estimate')}
            </Text>
            <SegmentedControl
              aria-labelledby="estimate-label"
              data={ESTIMATE_SCALE.map((value) => ({
                value: String(value),
                label: formatNumber(value, i18n.language),
              }))}
              value={values.estimateHours}
              onChange={(value) => change('estimateHours', value)}
              fullWidth
              size="sm"
              data-testid="estimate-scale"
              style={{ overflowX: 'auto' }}
            />
            <Text
              size="xs"
              c={errors.estimateHours ? 'red' : 'dimmed'}
              role={errors.estimateHours ? 'alert' : undefined}
            >
              {errors.estimateHours ?? t('tickets.transition.estimateHint')}
            </Text>
            <EstimateSuggestionPanel
              ticketId={ticket.id}
              onUse={(suggested) => change('estimateHours', String(suggested))}
            />
          </Stack>
        );
      case 'approve':
        return <Text size="sm">{t('tickets.transition.approveText', { hours: estimateText })}</Text>;
      case 'reject':
      case 'irrelevant':
        return (
          <>
            <Text size="sm">
              {kind === 'reject'
                ? t('tickets.transition.rejectText', { hours: estimateText })
                : t('tickets.transition.irrelevantText')}
            </Text>
            <Textarea
              label={t('tickets.transition.commentOptional')}
              autosize
              minRows={2}
              maxRows={8}
              value={values.comment}
              error={errors.comment}
              onChange={(event) => change('comment', event.currentTarget.value)}
            />
          </>
        );
      case 'plan':
        return (
          <>
            <Select
              label={t('tickets.transition.assignee')}
              description={staff.data === null ? t('tickets.transition.assigneeFallback') : undefined}
              required
              searchable
              data={assigneeOptions}
              value={values.assigneeId || null}
              onChange={(value) => change('assigneeId', value ?? '')}
              error={errors.assigneeId}
              nothingFoundMessage={t('tickets.transition.noStaff')}
              comboboxProps={{ withinPortal: true }}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                type="datetime-local"
                label={t('tickets.transition.plannedStart')}
                required
                value={values.plannedStart}
                error={errors.plannedStart}
                onChange={(event) => change('plannedStart', event.currentTarget.value)}
              />
              <TextInput
                type="datetime-local"
                label={t('tickets.transition.plannedEnd')}
                required
                value={values.plannedEnd}
                error={errors.plannedEnd}
                onChange={(event) => change('plannedEnd', event.currentTarget.value)}
              />
            </SimpleGrid>
            <Textarea
              label={t('tickets.transition.acceptanceCriteria')}
              placeholder={t('tickets.transition.acceptancePlaceholder')}
              required
              autosize
              minRows={3}
              maxRows={10}
              maxLength={10_000}
              value={values.acceptanceCriteria}
              error={errors.acceptanceCriteria}
              onChange={(event) => change('acceptanceCriteria', event.currentTarget.value)}
            />
          </>
        );
      case 'start':
        return <Text size="sm">{t('tickets.transition.startText')}</Text>;
      case 'done':
        return (
          <Textarea
            label={t('tickets.transition.resolution')}
            placeholder={t('tickets.transition.resolutionPlaceholder')}
            required
            autosize
            minRows={4}
            maxRows={14}
            value={values.resolution}
            error={errors.resolution}
            onChange={(event) => change('resolution', event.currentTarget.value)}
            data-autofocus
          />
        );
      case 'complete':
        return <Text size="sm">{t('tickets.transition.completeText')}</Text>;
      case 'sendBack':
        return (
          <Textarea
            label={t('tickets.transition.sendBackComment')}
            placeholder={t('tickets.transition.sendBackPlaceholder')}
            required
            autosize
            minRows={3}
            maxRows={10}
            value={values.comment}
            error={errors.comment}
            onChange={(event) => change('comment', event.currentTarget.value)}
            data-autofocus
          />
        );
      case 'reopen':
        return <Text size="sm">{t('tickets.transition.reopenText', { status: statusLabel(to) })}</Text>;
      case 'generic':
        return <Text size="sm">{t('tickets.transition.genericText', { status: statusLabel(to) })}</Text>;
    }
  };

  const submitLabel = kind === 'reopen' || kind === 'generic' ? t('tickets.transition.submit') : title;

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      centered
      size={kind === 'plan' || kind === 'estimate' ? 'lg' : 'md'}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={handleSubmit} noValidate data-testid={`transition-form-${to}`}>
        <Stack>
          {renderFields()}
          {conflict && (
            <Alert color="orange" variant="light" icon={<AlertIcon />} role="alert">
              {t('tickets.transition.conflict')}
            </Alert>
          )}
          {!conflict && <FormErrorAlert error={transition.error} fields={FIELDS} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={transition.isPending}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={transition.isPending}
              color={kind === 'reject' ? 'red' : BUTTON_STYLE[kind].color}
            >
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
