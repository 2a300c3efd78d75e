import { Alert, Badge, Button, Group, Modal, Select, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormErrorAlert } from '../../../components/FormErrorAlert.tsx';
import { AlertIcon, ArrowDownIcon, ArrowUpIcon } from '../../../components/icons.tsx';
import { ApiError } from '../../../lib/api.ts';
import { fieldErrorsFrom, useFieldErrors } from '../../../lib/forms.ts';
import { linesQueryOptions, type SupportLine } from '../../users/api.ts';
import {
  CLOSED_STATUSES,
  conflictCurrent,
  escalateTicket,
  rememberTicket,
  ticketQueryKey,
  ticketsQueryKey,
  type Ticket,
} from '../api.ts';

type Direction = 'up' | 'down';

/** The line a request is on and the lines above and below it, in escalation order. */
export function useTicketLines(ticket: Pick<Ticket, 'lineId' | 'groupId'>) {
  const lines = useQuery(linesQueryOptions);
  const all = lines.data?.items ?? [];
  const current = all.find((line) => line.id === ticket.lineId) ?? null;
  const level = current?.level ?? 0;
  return {
    isLoaded: lines.isSuccess,
    current,
    group: current?.groups.find((group) => group.id === ticket.groupId) ?? null,
    // Nearest first: the default target is the next line that way.
    higher: all.filter((line) => line.level > level).sort((a, b) => a.level - b.level),
    lower: current ? all.filter((line) => line.level < level).sort((a, b) => b.level - a.level) : [],
  };
}

/** «Эскалировать» and «Вернуть на линию ниже»: each moves the request between lines with a reason. */
export function EscalationActions({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { isLoaded, higher, lower } = useTicketLines(ticket);
  const [direction, setDirection] = useState<Direction | null>(null);
  if (!isLoaded || CLOSED_STATUSES.includes(ticket.status) || (higher.length === 0 && lower.length === 0)) {
    return null;
  }
  return (
    <>
      <Group gap="sm" data-testid="escalation-actions">
        {higher.length > 0 && (
          <Button
            variant="light"
            color="grape"
            leftSection={<ArrowUpIcon size={16} />}
            onClick={() => setDirection('up')}
          >
            {t('tickets.escalation.up')}
          </Button>
        )}
        {lower.length > 0 && (
          <Button
            variant="default"
            leftSection={<ArrowDownIcon size={16} />}
            onClick={() => setDirection('down')}
          >
            {t('tickets.escalation.down')}
          </Button>
        )}
      </Group>
      {direction && (
        <EscalationModal
          key={direction}
          ticket={ticket}
          direction={direction}
          targets={direction === 'up' ? higher : lower}
          onClose={() => setDirection(null)}
        />
      )}
    </>
  );
}

const FIELDS = ['lineId', 'groupId', 'reason'] as const;
type Field = (typeof FIELDS)[number];

function EscalationModal({
  ticket,
  direction,
  targets,
  onClose,
}: {
  ticket: Ticket;
  direction: Direction;
  targets: SupportLine[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { current, group } = useTicketLines(ticket);
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const [lineId, setLineId] = useState<string>(targets[0]?.id ?? '');
  const [groupId, setGroupId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<'conflict' | 'closed' | 'noLine' | null>(null);
  const target = targets.find((line) => line.id === lineId) ?? null;

  const escalate = useMutation({
    mutationFn: escalateTicket,
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: [...ticketsQueryKey, 'list'] });
      const verb = direction === 'up' ? 'escalated' : 'returned';
      if (result.ticket) {
        rememberTicket(queryClient, result.ticket);
        notifications.show({
          color: 'green',
          message: t(`tickets.escalation.${verb}`, { number: ticket.number, line: result.line.name }),
        });
        onClose();
        return;
      }
      // Handed to a line he is not on: the request is no longer his to see, so back to his queue.
      notifications.show({
        color: 'green',
        title: t(`tickets.escalation.${verb}`, { number: ticket.number, line: result.line.name }),
        message: t('tickets.escalation.noLongerVisible'),
        autoClose: 10_000,
      });
      onClose();
      // Forgotten once the page is gone, so it does not refetch itself into a 404 on the way out.
      void Promise.resolve(navigate('/desk/tickets')).then(() =>
        queryClient.removeQueries({ queryKey: ticketQueryKey(ticket.id) }),
      );
    },
    onError: (error) => {
      const current = conflictCurrent(error);
      if (current) {
        // Changed meanwhile: the page shows it as it is now, and the form stays for a second try.
        rememberTicket(queryClient, current);
        setRefusal('conflict');
        return;
      }
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: ticketQueryKey(ticket.id) });
        setRefusal(error.code === 'closed' ? 'closed' : 'noLine');
        return;
      }
      setErrors(fieldErrorsFrom(error, FIELDS));
    },
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setRefusal(null);
    if (!reason.trim()) {
      setErrors({ reason: t('tickets.escalation.reasonRequired') });
      return;
    }
    escalate.mutate({
      id: ticket.id,
      direction,
      ...(lineId ? { lineId } : {}),
      ...(groupId ? { groupId } : {}),
      reason: reason.trim(),
      version: ticket.version,
    });
  };

  const title = direction === 'up' ? t('tickets.escalation.upTitle') : t('tickets.escalation.downTitle');
  const where = current
    ? group
      ? `${current.name} · ${group.name}`
      : current.name
    : t('tickets.escalation.noLine');

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={handleSubmit} noValidate data-testid={`escalation-form-${direction}`}>
        <Stack>
          <Text size="sm">
            {t('tickets.escalation.now')} <b>{where}</b>
          </Text>
          <Select
            label={direction === 'up' ? t('tickets.escalation.toLineUp') : t('tickets.escalation.toLineDown')}
            data={targets.map((line) => ({ value: line.id, label: line.name }))}
            value={lineId}
            onChange={(value) => {
              setLineId(value ?? '');
              setGroupId(null);
              clearError('lineId');
            }}
            allowDeselect={false}
            error={errors.lineId}
            comboboxProps={{ withinPortal: true }}
          />
          {target && target.groups.length > 0 && (
            <Select
              label={t('tickets.escalation.group')}
              description={t('tickets.escalation.groupHint')}
              placeholder={t('tickets.escalation.wholeLine')}
              data={target.groups.map((item) => ({ value: item.id, label: item.name }))}
              value={groupId}
              onChange={(value) => {
                setGroupId(value);
                clearError('groupId');
              }}
              clearable
              error={errors.groupId}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <Textarea
            label={t('tickets.escalation.reason')}
            description={t('tickets.escalation.reasonHint')}
            placeholder={
              direction === 'up'
                ? t('tickets.escalation.reasonPlaceholderUp')
                : t('tickets.escalation.reasonPlaceholderDown')
            }
            required
            autosize
            minRows={3}
            maxRows={10}
            maxLength={2000}
            value={reason}
            error={errors.reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              clearError('reason');
            }}
            data-autofocus
          />
          {refusal && (
            <Alert
              color="orange"
              variant="light"
              icon={<AlertIcon />}
              role="alert"
              data-testid="escalation-refused"
            >
              {t(`tickets.escalation.refused.${refusal}`)}
            </Alert>
          )}
          {!refusal && <FormErrorAlert error={escalate.error} fields={FIELDS} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={escalate.isPending}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={escalate.isPending}
              disabled={refusal === 'closed' || refusal === 'noLine'}
              color={direction === 'up' ? 'grape' : undefined}
            >
              {direction === 'up' ? t('tickets.escalation.submitUp') : t('tickets.escalation.submitDown')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** «Вторая линия · 1С:ЗУП»: where the request is now. */
export function TicketLineName({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { isLoaded, current, group } = useTicketLines(ticket);
  if (!isLoaded) {
    return <>…</>;
  }
  if (!current) {
    return <>{t('tickets.escalation.noLine')}</>;
  }
  return <span data-testid="ticket-line">{group ? `${current.name} · ${group.name}` : current.name}</span>;
}

/** The line (and group) in the request's header, where an agent looks first after it moved. */
export function TicketLineBadge({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { isLoaded, current, group } = useTicketLines(ticket);
  if (!isLoaded || !current) {
    return null;
  }
  return (
    <Tooltip label={t('tickets.fields.line')}>
      <Badge variant="outline" color="gray" size="md" tt="none" data-testid="ticket-line-badge">
        {group ? `${current.name} · ${group.name}` : current.name}
      </Badge>
    </Tooltip>
  );
}
