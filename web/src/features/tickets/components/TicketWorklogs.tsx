import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../../components/FormErrorAlert.tsx';
import { ErrorState } from '../../../components/States.tsx';
import { EditIcon, PlusIcon } from '../../../components/icons.tsx';
import { fromWallTime, toWallTime } from '../../../lib/format.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { useFormatDate } from '../../auth/useFormatDate.ts';
import {
  addWorklog,
  ticketQueryKey,
  ticketWorklogsQueryOptions,
  updateWorklog,
  type Ticket,
  type Worklog,
} from '../api.ts';
import { useTicketFormat } from '../useTicketFormat.ts';

const MAX_MINUTES = 24 * 60;

/** Recorded work on the request: who, when, how long; add by hand, correct a record. */
export function TicketWorklogs({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const formatDate = useFormatDate();
  const { duration } = useTicketFormat();
  const worklogs = useQuery(ticketWorklogsQueryOptions(ticket.id));
  const [editing, setEditing] = useState<Worklog | 'new' | null>(null);

  // Agents correct their own records; the dispatcher and the admin anyone's (the server decides anyway).
  const mayCorrect = (worklog: Worklog) => worklog.userId === user.id || user.role !== 'agent';

  if (worklogs.isError) {
    return <ErrorState error={worklogs.error} onRetry={() => void worklogs.refetch()} />;
  }
  const items = worklogs.data?.items ?? [];
  return (
    <Stack gap="xs" data-testid="worklogs">
      {worklogs.isPending ? (
        <Text size="sm" c="dimmed">
          {t('common.loading')}
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tickets.worklogs.empty')}
        </Text>
      ) : (
        items.map((worklog) => (
          <Group key={worklog.id} justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={600}>
                  {duration(worklog.minutes)}
                </Text>
                <Text size="sm">{worklog.userName}</Text>
                <Badge size="xs" variant="outline" color="gray" tt="none">
                  {t(`tickets.worklogs.source.${worklog.source}`)}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {formatDate(worklog.startedAt)}
              </Text>
              {worklog.note && (
                <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {worklog.note}
                </Text>
              )}
            </Stack>
            {mayCorrect(worklog) && (
              <Tooltip label={t('tickets.worklogs.edit')}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('tickets.worklogs.editNamed', {
                    name: worklog.userName,
                    date: formatDate(worklog.startedAt) ?? '',
                  })}
                  onClick={() => setEditing(worklog)}
                >
                  <EditIcon size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        ))
      )}
      <Button
        variant="default"
        size="xs"
        leftSection={<PlusIcon size={14} />}
        onClick={() => setEditing('new')}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('tickets.worklogs.add')}
      </Button>
      {editing && (
        <WorklogModal
          key={editing === 'new' ? 'new' : editing.id}
          ticketId={ticket.id}
          worklog={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

const FIELDS = ['minutes', 'startedAt', 'note'] as const;
type Field = (typeof FIELDS)[number];

function WorklogModal({
  ticketId,
  worklog,
  onClose,
}: {
  ticketId: string;
  worklog: Worklog | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const [minutes, setMinutes] = useState<number | string>(worklog?.minutes ?? '');
  const [startedAt, setStartedAt] = useState(toWallTime(worklog?.startedAt, user.timeZone));
  const [note, setNote] = useState(worklog?.note ?? '');

  const save = useMutation({
    mutationFn: (body: { minutes: number; startedAt?: string; note: string }) =>
      worklog ? updateWorklog({ id: worklog.id, ...body }) : addWorklog({ ticketId, ...body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ticketQueryKey(ticketId) });
      notifications.show({ color: 'green', message: t('tickets.worklogs.saved') });
      onClose();
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = typeof minutes === 'number' ? minutes : Number(minutes);
    const start = startedAt ? fromWallTime(startedAt, user.timeZone) : null;
    const missing: FieldErrors<Field> = {
      ...(Number.isInteger(value) && value >= 1 && value <= MAX_MINUTES
        ? {}
        : { minutes: t('tickets.worklogs.minutesRequired') }),
      ...(startedAt && !start ? { startedAt: t('tickets.transition.dateRequired') } : {}),
    };
    setErrors(missing);
    if (Object.keys(missing).length === 0) {
      save.mutate({ minutes: value, note: note.trim(), ...(start ? { startedAt: start } : {}) });
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={worklog ? t('tickets.worklogs.editTitle') : t('tickets.worklogs.addTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          <NumberInput
            label={t('tickets.worklogs.minutes')}
            description={t('tickets.worklogs.minutesHint')}
            required
            min={1}
            max={MAX_MINUTES}
            allowDecimal={false}
            value={minutes}
            error={errors.minutes}
            onChange={(value) => {
              setMinutes(value);
              clearError('minutes');
            }}
            data-autofocus
          />
          <TextInput
            type="datetime-local"
            label={t('tickets.worklogs.startedAt')}
            description={worklog ? undefined : t('tickets.worklogs.startedAtHint')}
            value={startedAt}
            error={errors.startedAt}
            onChange={(event) => {
              setStartedAt(event.currentTarget.value);
              clearError('startedAt');
            }}
          />
          <Textarea
            label={t('tickets.worklogs.note')}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={5000}
            value={note}
            error={errors.note}
            onChange={(event) => {
              setNote(event.currentTarget.value);
              clearError('note');
            }}
          />
          <FormErrorAlert error={save.error} fields={FIELDS} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
