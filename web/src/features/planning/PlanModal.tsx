import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { fromWallTime, toWallTime } from '../../lib/format.ts';
import { useFormatDateRange } from '../auth/useFormatDate.ts';
import { useTicketFormat } from '../tickets/useTicketFormat.ts';
import type { BacklogItem } from './api.ts';

export type PlanDraft = {
  item: BacklogItem;
  employeeId: string;
  employeeName: string;
  start: number;
  end: number;
  /** Planned from the keyboard: the dialog asks who and when, with the defaults above. */
  choose?: boolean;
};

/** Who and when, as the dispatcher chose them in the dialog (a drop has already said). */
export type PlanChoice = { employeeId: string; start: number };

type PlanModalProps = {
  draft: PlanDraft | null;
  submitting: boolean;
  error: unknown;
  onSubmit: (acceptanceCriteria: string, choice: PlanChoice) => void;
  onClose: () => void;
  /** The board's employees and time zone, for a dialog that asks who and when. */
  employees: readonly { id: string; name: string }[];
  timeZone: string;
};

/**
 * What a drop from the backlog still needs: who, when and how long come from the drop and the estimate;
 * only the acceptance criteria, which the lifecycle requires of every plan, are asked for.
 */
export function PlanModal({
  draft,
  submitting,
  error,
  onSubmit,
  onClose,
  employees,
  timeZone,
}: PlanModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={draft !== null}
      onClose={onClose}
      title={draft ? t('planning.modal.title', { number: draft.item.number }) : ''}
      size="lg"
    >
      {draft && (
        // A new drop is a new form: keyed, so its criteria start from the request's own.
        <PlanForm
          key={`${draft.item.id}:${draft.employeeId}:${draft.start}`}
          draft={draft}
          submitting={submitting}
          error={error}
          onSubmit={onSubmit}
          onClose={onClose}
          employees={employees}
          timeZone={timeZone}
        />
      )}
    </Modal>
  );
}

function PlanForm({
  draft,
  submitting,
  error,
  onSubmit,
  onClose,
  employees,
  timeZone,
}: PlanModalProps & { draft: PlanDraft }) {
  const { t } = useTranslation();
  const formatRange = useFormatDateRange();
  const { hours } = useTicketFormat();
  const [criteria, setCriteria] = useState(draft.item.acceptanceCriteria ?? '');
  const [touched, setTouched] = useState(false);
  const [employeeId, setEmployeeId] = useState(draft.employeeId);
  const [startWall, setStartWall] = useState(toWallTime(new Date(draft.start).toISOString(), timeZone));
  const startIso = fromWallTime(startWall, timeZone);
  const blank = criteria.trim() === '';
  const fieldError = error instanceof ApiError ? error.fieldErrors.acceptanceCriteria : undefined;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (!blank && startIso) {
          onSubmit(criteria.trim(), { employeeId, start: Date.parse(startIso) });
        }
      }}
    >
      <Stack gap="sm">
        <Text fw={600}>{draft.item.title}</Text>
        <Text size="sm" c="dimmed">
          {draft.item.clientName ?? t('planning.internal')}
        </Text>
        {draft.choose ? (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <Select
              label={t('planning.modal.employee')}
              data={employees.map((employee) => ({ value: employee.id, label: employee.name }))}
              value={employeeId}
              onChange={(value) => value && setEmployeeId(value)}
              allowDeselect={false}
              searchable
              data-autofocus
              comboboxProps={{ withinPortal: true }}
              data-testid="plan-employee"
            />
            <TextInput
              type="datetime-local"
              label={t('planning.modal.start')}
              value={startWall}
              onChange={(event) => setStartWall(event.currentTarget.value)}
              error={touched && !startIso ? t('planning.modal.startRequired') : undefined}
              data-testid="plan-start"
            />
          </SimpleGrid>
        ) : (
          <Text size="sm" data-testid="plan-summary">
            {t('planning.modal.summary', {
              assignee: draft.employeeName,
              period: formatRange(new Date(draft.start).toISOString(), new Date(draft.end).toISOString()),
            })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {draft.item.estimateHours !== null
            ? t('planning.modal.byEstimate', { hours: hours(draft.item.estimateHours) })
            : t('planning.modal.noEstimate')}
        </Text>
        <Textarea
          label={t('planning.modal.criteria')}
          description={t('planning.modal.criteriaHint')}
          value={criteria}
          onChange={(event) => setCriteria(event.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          required
          data-autofocus={draft.choose ? undefined : true}
          error={touched && blank ? t('planning.modal.criteriaRequired') : fieldError}
        />
        <FormErrorAlert error={error} fields={['acceptanceCriteria']} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting}>
            {t('planning.modal.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
