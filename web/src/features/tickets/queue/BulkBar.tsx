import { Alert, Button, Group, List, Paper, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, STATUSES, type Status } from '#common/tickets.ts';
import { useErrorMessage } from '../../../components/useErrorMessage.ts';
import { shortName } from '../../../lib/format.ts';
import { assignableStaffQueryOptions, ticketsQueryKey, type Ticket } from '../api.ts';
import { useTicketFormat } from '../useTicketFormat.ts';
import { bulkChange, type BulkOutcome, type BulkRequest } from './queueApi.ts';
import { isPriority, isStatus } from './queueState.ts';

// Transitions that need more than a click (an estimate, a plan, a resolution) are made on the request page.
const NEEDS_INPUT: readonly Status[] = ['evaluated', 'planned', 'done'];

/** The refusal in the user's language, by what the server says it is (its English detail stays a tooltip). */
const reasonKey = (result: BulkOutcome['results'][number]) => {
  if (
    result.code === 'illegal_transition' ||
    result.code === 'version_conflict' ||
    result.code === 'closed_request'
  ) {
    return result.code;
  }
  switch (result.status) {
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 400:
      return 'invalid';
    default:
      return 'other';
  }
};

type BulkBarProps = {
  tickets: Ticket[];
  onClear: () => void;
};

/** Actions on the checked requests, each applied as its own change; the outcome names every refusal. */
export function BulkBar({ tickets, onClear }: BulkBarProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const { statusLabel, priorityLabel } = useTicketFormat();
  const staff = useQuery(assignableStaffQueryOptions).data ?? null;
  const [outcome, setOutcome] = useState<{ result: BulkOutcome; numbers: Map<string, number> } | null>(null);

  const run = useMutation({
    mutationFn: (body: Omit<BulkRequest, 'items'>) =>
      bulkChange({ ...body, items: tickets.map((ticket) => ({ id: ticket.id, version: ticket.version })) }),
    onSuccess: async (result) => {
      setOutcome({ result, numbers: new Map(tickets.map((ticket) => [ticket.id, ticket.number])) });
      const refused = new Set(result.results.filter((r) => !r.ok).map((r) => r.id));
      if (refused.size === 0) {
        onClear();
      }
      await queryClient.invalidateQueries({ queryKey: ticketsQueryKey });
    },
  });

  const transitions = STATUSES.filter(
    (status) =>
      !NEEDS_INPUT.includes(status) && tickets.some((ticket) => ticket.allowedTransitions.includes(status)),
  );

  return (
    <Stack>
      {tickets.length > 0 && (
        <Paper withBorder p="xs" radius="md" data-testid="bulk-bar">
          <Group gap="sm" wrap="wrap">
            <Text size="sm" fw={600}>
              {t('queue.bulk.selected', { count: tickets.length })}
            </Text>
            {staff && (
              <Select
                size="xs"
                placeholder={t('queue.bulk.assign')}
                data={staff.map((member) => ({ value: member.id, label: shortName(member.name) }))}
                value={null}
                onChange={(assigneeId) => assigneeId && run.mutate({ action: 'assign', assigneeId })}
                searchable
                w={200}
                comboboxProps={{ withinPortal: true }}
                data-testid="bulk-assign"
                disabled={run.isPending}
              />
            )}
            <Select
              size="xs"
              placeholder={t('queue.bulk.priority')}
              data={PRIORITIES.map((value) => ({ value, label: priorityLabel(value) }))}
              value={null}
              onChange={(priority) => isPriority(priority) && run.mutate({ action: 'priority', priority })}
              w={170}
              comboboxProps={{ withinPortal: true }}
              data-testid="bulk-priority"
              disabled={run.isPending}
            />
            {transitions.length > 0 && (
              <Select
                size="xs"
                placeholder={t('queue.bulk.transition')}
                data={transitions.map((value) => ({ value, label: statusLabel(value) }))}
                value={null}
                onChange={(to) => isStatus(to) && run.mutate({ action: 'transition', to })}
                w={190}
                comboboxProps={{ withinPortal: true }}
                data-testid="bulk-transition"
                disabled={run.isPending}
              />
            )}
            <Button size="xs" variant="subtle" onClick={onClear}>
              {t('queue.bulk.clear')}
            </Button>
          </Group>
        </Paper>
      )}
      {run.isError && <Alert color="red">{errorMessage(run.error)}</Alert>}
      {outcome && (
        <Alert
          color={outcome.result.refused ? 'yellow' : 'green'}
          withCloseButton
          onClose={() => setOutcome(null)}
          data-testid="bulk-outcome"
        >
          <Text size="sm" fw={600}>
            {t('queue.bulk.changed', { count: outcome.result.changed })}
            {outcome.result.refused > 0 && `, ${t('queue.bulk.refused', { count: outcome.result.refused })}`}
          </Text>
          {outcome.result.refused > 0 && (
            <List size="sm" mt={4}>
              {outcome.result.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <List.Item key={r.id} title={r.reason}>
                    #{outcome.numbers.get(r.id) ?? '?'}: {t(`queue.bulk.reasons.${reasonKey(r)}`)}
                  </List.Item>
                ))}
            </List>
          )}
        </Alert>
      )}
    </Stack>
  );
}
