import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ClockIcon } from '../../../components/icons.tsx';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import {
  canSeeContracts,
  clientContractsQueryOptions,
  contractBalanceQueryOptions,
  mainContract,
} from '../api.ts';
import { useContractFormat } from '../useContractFormat.ts';

/** The portal home's glance at the money: the hour balance of the company's main contract. */
export function PortalBalanceCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { hours, kindLabel } = useContractFormat();
  const contracts = useQuery(clientContractsQueryOptions(clientId));
  const main = contracts.data ? mainContract(contracts.data.items) : null;
  const balance = useQuery({ ...contractBalanceQueryOptions(main?.id ?? ''), enabled: main !== null });
  // The home page is not the place for a loading spinner or an error: the «Баланс» tab has both.
  if (!contracts.data) {
    return null;
  }
  const others = contracts.data.items.length - 1;
  const value = balance.data?.hours ?? main?.balanceHours ?? 0;
  // As on the contract card: red once the ledger is known to have run dry, not for a contract without hours.
  const isExhausted = balance.data !== undefined && balance.data.entries > 0 && value <= 0;

  return (
    <Card withBorder padding="lg" data-testid="balance-card">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ClockIcon size={24} style={{ flexShrink: 0 }} />
        <Stack gap="sm" style={{ minWidth: 0 }}>
          <Title order={2} size="h4">
            {t('contracts.portal.home.title')}
          </Title>
          {main ? (
            <>
              <Stack gap={2}>
                <Text
                  fz={32}
                  fw={700}
                  lh={1.1}
                  c={isExhausted ? 'red.7' : undefined}
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                  data-testid="home-balance"
                >
                  {hours(value)}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('contracts.portal.home.contract', { number: main.number, kind: kindLabel(main.kind) })}
                </Text>
                {others > 0 && (
                  <Text size="sm" c="dimmed">
                    {t('contracts.portal.home.others', { n: others })}
                  </Text>
                )}
              </Stack>
              <Text size="sm" c="dimmed">
                {t('contracts.portal.home.text')}
              </Text>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('contracts.portal.emptyDescription')}
            </Text>
          )}
          <Group gap="sm">
            <Button component={Link} to="/portal/balance" variant="light">
              {t('contracts.portal.home.open')}
            </Button>
            {canSeeContracts(user.role) && (
              <Button component={Link} to="/portal/statements" variant="subtle">
                {t('statements.open')}
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}
