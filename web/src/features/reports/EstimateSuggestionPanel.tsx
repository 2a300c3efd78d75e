import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format.ts';
import { estimateSuggestionQueryOptions } from './api.ts';

/**
 * Beside the estimate scale: what similar completed requests actually took, and the estimate that
 * suggests, with the requests it was drawn from. The agent decides; one click takes the suggestion.
 */
export function EstimateSuggestionPanel({
  ticketId,
  onUse,
}: {
  ticketId: string;
  onUse: (hours: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const query = useQuery(estimateSuggestionQueryOptions(ticketId));
  const hours = (value: number) => t('reports.work.hours', { value: formatNumber(value, i18n.language, 2) });
  if (query.isPending || query.isError) {
    return null;
  }
  const { suggestedHours, medianActualHours, requests } = query.data;
  if (suggestedHours === null || medianActualHours === null) {
    return (
      <Text size="xs" c="dimmed" data-testid="estimate-suggestion-none">
        {t('reports.suggestion.none')}
      </Text>
    );
  }
  return (
    <Paper withBorder p="sm" data-testid="estimate-suggestion">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm">
            {t('reports.suggestion.text', {
              hours: hours(suggestedHours),
              median: hours(medianActualHours),
              count: requests.length,
            })}
          </Text>
          <Button size="compact-xs" variant="light" onClick={() => onUse(suggestedHours)}>
            {t('reports.suggestion.use')}
          </Button>
        </Group>
        {requests.map((request) => (
          <Group key={request.ticketId} gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/desk/tickets/${request.ticketId}`} size="xs" target="_blank">
              {request.number}
            </Anchor>
            <Text size="xs" truncate style={{ flex: 1 }}>
              {request.title}
            </Text>
            {request.sameClient && (
              <Badge size="xs" variant="light" color="grape">
                {t('reports.suggestion.sameClient')}
              </Badge>
            )}
            {request.sameService && (
              <Badge size="xs" variant="light">
                {t('reports.suggestion.sameService')}
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {request.estimateHours !== null
                ? t('reports.suggestion.actualOfEstimate', {
                    actual: hours(request.actualHours),
                    estimate: hours(request.estimateHours),
                  })
                : hours(request.actualHours)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
