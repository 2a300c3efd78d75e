import { Alert, Badge, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TariffMode } from '#common/billing.ts';
import { ClockIcon } from '../../../components/icons.tsx';
import { useErrorMessage } from '../../../components/useErrorMessage.ts';
import { useTariffLabel, TARIFF_COLORS } from '../../catalog/useTariffLabel.ts';
import { clientContractsQueryOptions, contractBalanceQueryOptions, mainContract } from '../api.ts';
import { useContractFormat } from '../useContractFormat.ts';

type ClientBalancePanelProps = {
  /** null: no client chosen yet. */
  clientId: string | null;
  /** The service the request is for, to say how its hours will be billed. */
  tariffMode?: TariffMode | null;
};

function Frame({ children }: { children: ReactNode }) {
  return (
    <Paper withBorder p="md" bg="var(--mantine-color-default-hover)" data-testid="client-balance-panel">
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/**
 * Beside a request being registered: the client's hour balance on his active contract and how the chosen
 * service is billed, so the agent can tell the caller before the work starts (DESIGN.md, capability 3).
 */
export function ClientBalancePanel({ clientId, tariffMode = null }: ClientBalancePanelProps) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const tariffLabel = useTariffLabel();
  const { hours, kindLabel, money } = useContractFormat();
  const contracts = useQuery({ ...clientContractsQueryOptions(clientId ?? ''), enabled: clientId !== null });
  const main = contracts.data ? mainContract(contracts.data.items) : null;
  const balance = useQuery({ ...contractBalanceQueryOptions(main?.id ?? ''), enabled: main !== null });

  const title = (
    <Group gap={6} wrap="nowrap">
      <ClockIcon size={18} />
      <Text size="sm" fw={600}>
        {t('contracts.panel.title')}
      </Text>
    </Group>
  );

  if (clientId === null) {
    return (
      <Frame>
        {title}
        <Text size="sm" c="dimmed">
          {t('contracts.panel.chooseClient')}
        </Text>
      </Frame>
    );
  }
  if (contracts.isPending) {
    return (
      <Frame>
        {title}
        <Loader size="sm" />
      </Frame>
    );
  }
  if (contracts.isError) {
    return (
      <Frame>
        {title}
        <Text size="sm" c="red">
          {describe(contracts.error)}
        </Text>
      </Frame>
    );
  }
  if (!main || !main.isActive) {
    return (
      <Frame>
        {title}
        <Text size="sm" c="dimmed" data-testid="panel-no-contract">
          {t('contracts.panel.noContract')}
        </Text>
      </Frame>
    );
  }
  const value = balance.data?.hours ?? main.balanceHours;
  const hasHours = main.kind !== 'internal';
  const isExhausted = hasHours && value <= 0;
  return (
    <Frame>
      {title}
      <Stack gap={2}>
        {hasHours && (
          <Text
            fz={28}
            fw={700}
            lh={1.1}
            c={isExhausted ? 'red.7' : undefined}
            style={{ fontVariantNumeric: 'tabular-nums' }}
            data-testid="panel-balance"
          >
            {hours(value)}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {t('contracts.portal.home.contract', { number: main.number, kind: kindLabel(main.kind) })}
        </Text>
        {main.approvalLimitHours !== null && (
          <Text size="xs" c="dimmed">
            {t('contracts.panel.approvalLimit', { hours: hours(main.approvalLimitHours) })}
          </Text>
        )}
      </Stack>
      {tariffMode && (
        <Stack gap={4}>
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              {t('contracts.panel.service')}
            </Text>
            <Badge size="sm" variant="light" color={TARIFF_COLORS[tariffMode]} tt="none">
              {tariffLabel(tariffMode)}
            </Badge>
          </Group>
          <Text size="xs">
            {tariffMode === 'paid' && main.hourlyRate !== null
              ? t('contracts.panel.tariffPaidRate', { rate: money(main.hourlyRate) })
              : t(`contracts.panel.tariff.${tariffMode}`)}
          </Text>
        </Stack>
      )}
      {isExhausted && tariffMode !== 'paid' && tariffMode !== 'free' && (
        <Alert color={main.allowsOverdraft ? 'orange' : 'red'} variant="light" p="xs">
          <Text size="xs">
            {main.allowsOverdraft ? t('contracts.panel.exhaustedOverdraft') : t('contracts.panel.exhausted')}
          </Text>
        </Alert>
      )}
    </Frame>
  );
}
