import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { useFormatDateRange } from '../auth/useFormatDate.ts';
import { useTicketFormat } from '../tickets/useTicketFormat.ts';
import type { BacklogItem } from './api.ts';

export type PlanDraft = {
  item: BacklogItem;
  employeeId: string;
  employeeName: string;
  start: number;
  end: number;
};

type PlanModalProps = {
  draft: PlanDraft | null;
  submitting: boolean;
  error: unknown;
  onSubmit: (acceptanceCriteria: string) => void;
  onClose: () => void;
};

/**
 * What a drop from the backlog still needs: who, when and how long come from the drop and the estimate;
 * only the acceptance criteria, which the lifecycle requires of every plan, are asked for.
 */
export function PlanModal({ draft, submitting, error, onSubmit, onClose }: PlanModalProps) {
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
        />
      )}
    </Modal>
  );
}

function PlanForm({ draft, submitting, error, onSubmit, onClose }: PlanModalProps & { draft: PlanDraft }) {
  const { t } = useTranslation();
  const formatRange = useFormatDateRange();
  const { hours } = useTicketFormat();
  const [criteria, setCriteria] = useState(draft.item.acceptanceCriteria ?? '');
  const [touched, setTouched] = useState(false);
  const blank = criteria.trim() === '';
  const fieldError = error instanceof ApiError ? error.fieldErrors.acceptanceCriteria : undefined;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (!blank) {
          onSubmit(criteria.trim());
        }
      }}
    >
      <Stack gap="sm">
        <Text fw={600}>{draft.item.title}</Text>
        <Text size="sm" c="dimmed">
          {draft.item.clientName ?? t('planning.internal')}
        </Text>
        <Text size="sm" data-testid="plan-summary">
          {t('planning.modal.summary', {
            assignee: draft.employeeName,
            period: formatRange(new Date(draft.start).toISOString(), new Date(draft.end).toISOString()),
          })}
        </Text>
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
          data-autofocus
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
