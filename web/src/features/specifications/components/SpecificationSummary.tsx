import { Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { useContractFormat } from '../../contracts/useContractFormat.ts';
import { canSeeMoney, specificationQueryOptions } from '../api.ts';
import { useTotalsParts } from '../useTotalsParts.ts';

/**
 * The approver's read-only view of a request's posted work: each line with its tariff, and the totals.
 * Nothing for a client_user (the server refuses him the money) and nothing before anything is posted.
 */
export function SpecificationSummary({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { hours, money } = useContractFormat();
  const totalsParts = useTotalsParts();
  const allowed = canSeeMoney(user.role);
  const specification = useQuery({ ...specificationQueryOptions(ticketId), enabled: allowed, retry: false });
  // A refusal or a failed load is not the client's problem on this page: the section simply stays away.
  const lines = specification.data?.lines.filter((line) => line.posted) ?? [];
  if (!allowed || !specification.data || lines.length === 0) {
    return null;
  }
  const totals = specification.data.postedTotals;
  const parts = totalsParts(totals);

  return (
    <Paper withBorder p="md" data-testid="specification-summary">
      <Title order={2} size="h5">
        {t('specification.portal.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('specification.portal.description')}
      </Text>
      <Stack gap="xs">
        {lines.map((line, index) => (
          <Fragment key={line.id}>
            {index > 0 && <Divider />}
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {line.serviceName || line.description || '—'}
                </Text>
                {line.serviceName && line.description && (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {line.description}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {t(`specification.tariffModes.${line.tariffMode}`)}
                  {line.performerName ? ` · ${line.performerName}` : ''}
                </Text>
              </Stack>
              <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
                <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {hours(line.hours)}
                </Text>
                {line.amount > 0 && (
                  <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {money(line.amount)}
                  </Text>
                )}
              </Stack>
            </Group>
          </Fragment>
        ))}
        <Divider />
        <Stack gap={0} data-testid="specification-summary-totals">
          <Text size="sm" fw={700}>
            {t('specification.portal.total', { hours: hours(totals.hours) })}
          </Text>
          {parts.length > 0 && (
            <Text size="sm" c="dimmed">
              {parts.join(' · ')}
            </Text>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}
