import {
  Badge,
  Button,
  Collapse,
  DataList,
  Grid,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  UnstyledButton,
  useMatches,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronDownIcon, EditIcon, PlusIcon } from '../../../components/icons.tsx';
import { isStaffRole } from '#common/roles.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { policiesQueryOptions } from '../../sla/api.ts';
import { contractBalanceQueryOptions, type Balance, type Contract } from '../api.ts';
import { KIND_COLORS, useContractFormat } from '../useContractFormat.ts';
import { ContractFormModal } from './ContractFormModal.tsx';
import { LedgerHistory } from './LedgerHistory.tsx';
import { LedgerPostModal } from './LedgerPostModal.tsx';

type ContractCardProps = {
  contract: Contract;
  /** Admin and dispatcher: post hours and change terms. Everyone else reads. */
  canManage: boolean;
  ticketPath: (ticketId: string) => string;
};

/** One contract: its terms in words, the hour balance in large figures, and the ledger on demand. */
export function ContractCard({ contract, canManage, ticketPath }: ContractCardProps) {
  const { t } = useTranslation();
  const { kindLabel, hours, money, period } = useContractFormat();
  const [historyOpen, { toggle: toggleHistory }] = useDisclosure(false);
  const [dialog, setDialog] = useState<'grant' | 'adjust' | 'edit' | null>(null);
  const balance = useQuery(contractBalanceQueryOptions(contract.id));
  // Policies are staff reading; the portal's card goes without the line.
  const isStaff = isStaffRole(useCurrentUser().role);
  const policies = useQuery({ ...policiesQueryOptions, enabled: isStaff });
  // On a phone a label beside its value leaves both a few words wide: stack them.
  const termsOrientation = useMatches<'vertical' | 'horizontal'>({ base: 'vertical', xs: 'horizontal' });

  const terms: { label: string; value: ReactNode; testId?: string }[] = [
    { label: t('contracts.terms.period'), value: period(contract) },
  ];
  if (contract.kind === 'subscription' || contract.monthlyFee !== null) {
    terms.push({
      label: t('contracts.terms.monthlyFee'),
      value:
        contract.monthlyFee === null
          ? '—'
          : t('contracts.units.perMonth', { value: money(contract.monthlyFee) }),
    });
  }
  if (contract.kind === 'its' || contract.bonusHoursPerMonth !== null) {
    terms.push({
      label: t('contracts.terms.bonusHours'),
      value:
        contract.bonusHoursPerMonth === null
          ? '—'
          : t('contracts.units.perMonth', { value: hours(contract.bonusHoursPerMonth) }),
    });
  }
  if (contract.kind !== 'internal' || contract.hourlyRate !== null) {
    terms.push({
      // Beside bonus hours or a fee, the rate is what work beyond them costs.
      label:
        contract.kind === 'its'
          ? t('contracts.terms.hourlyRateIts')
          : contract.kind === 'subscription'
            ? t('contracts.terms.hourlyRateSubscription')
            : t('contracts.terms.hourlyRate'),
      value:
        contract.hourlyRate === null
          ? '—'
          : t('contracts.units.perHour', { value: money(contract.hourlyRate) }),
    });
  }
  if (isStaff && policies.data) {
    const policy = contract.slaPolicyId
      ? policies.data.items.find((item) => item.id === contract.slaPolicyId)
      : policies.data.items.find((item) => item.isDefault);
    terms.push({
      label: t('contracts.terms.slaPolicy'),
      value: policy
        ? contract.slaPolicyId
          ? policy.name
          : t('contracts.form.slaPolicyDefaultNamed', { name: policy.name })
        : '—',
      testId: 'contract-sla-term',
    });
  }
  terms.push(
    {
      label: t('contracts.terms.approval'),
      value:
        contract.approvalLimitHours === null
          ? t('contracts.terms.approvalNoLimit')
          : t('contracts.terms.approvalLimit', { hours: hours(contract.approvalLimitHours) }),
      testId: 'contract-approval',
    },
    {
      label: t('contracts.terms.overdraft'),
      value: contract.allowsOverdraft
        ? t('contracts.terms.overdraftAllowed')
        : t('contracts.terms.overdraftForbidden'),
    },
  );

  return (
    <Paper
      withBorder
      p="lg"
      data-testid="contract-card"
      data-contract-number={contract.number}
      data-contract-id={contract.id}
      style={contract.isActive ? undefined : { opacity: 0.8 }}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={6}>
            <Title order={3} size="h4">
              {t('contracts.numberTitle', { number: contract.number })}
            </Title>
            <Group gap="xs">
              <Badge variant="light" color={KIND_COLORS[contract.kind]} tt="none" size="lg">
                {kindLabel(contract.kind)}
              </Badge>
              {!contract.isActive && (
                <Badge variant="outline" color="gray" tt="none" size="lg">
                  {t('contracts.inactive')}
                </Badge>
              )}
            </Group>
          </Stack>
          {canManage && (
            <Group gap="xs">
              <Button size="xs" leftSection={<PlusIcon size={14} />} onClick={() => setDialog('grant')}>
                {t('contracts.grant.action')}
              </Button>
              <Button size="xs" variant="light" onClick={() => setDialog('adjust')}>
                {t('contracts.adjust.action')}
              </Button>
              <Button
                size="xs"
                variant="default"
                leftSection={<EditIcon size={14} />}
                onClick={() => setDialog('edit')}
              >
                {t('contracts.edit')}
              </Button>
            </Group>
          )}
        </Group>

        <Grid gap="lg">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <BalanceBlock contract={contract} balance={balance.data} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <DataList labelWidth={220} gap="xs" withDivider orientation={termsOrientation}>
              {terms.map((term) => (
                <DataList.Item key={term.label} data-testid={term.testId}>
                  <DataList.ItemLabel>
                    <Text size="sm" c="dimmed" component="span">
                      {term.label}
                    </Text>
                  </DataList.ItemLabel>
                  <DataList.ItemValue>{term.value}</DataList.ItemValue>
                </DataList.Item>
              ))}
            </DataList>
            {contract.notes && (
              <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                <Text span size="sm" c="dimmed">
                  {t('contracts.terms.notes')}:{' '}
                </Text>
                {contract.notes}
              </Text>
            )}
          </Grid.Col>
        </Grid>

        <Stack gap="xs">
          <UnstyledButton
            onClick={toggleHistory}
            aria-expanded={historyOpen}
            data-testid="ledger-toggle"
            style={{ alignSelf: 'flex-start' }}
          >
            <Group gap={6}>
              <ChevronDownIcon
                size={16}
                style={{
                  transform: historyOpen ? 'rotate(180deg)' : undefined,
                  transition: 'transform 150ms',
                }}
              />
              <Text size="sm" fw={600} c="blue">
                {historyOpen
                  ? t('contracts.ledger.hide')
                  : balance.data
                    ? t('contracts.ledger.show', { n: balance.data.entries })
                    : t('contracts.ledger.showNoCount')}
              </Text>
            </Group>
          </UnstyledButton>
          <Collapse expanded={historyOpen} keepMounted={false}>
            {historyOpen && <LedgerHistory contractId={contract.id} ticketPath={ticketPath} />}
          </Collapse>
        </Stack>
      </Stack>

      {(dialog === 'grant' || dialog === 'adjust') && (
        <LedgerPostModal
          contract={contract}
          kind={dialog}
          balanceHours={balance.data?.hours ?? contract.balanceHours}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'edit' && (
        <ContractFormModal clientId={contract.clientId} contract={contract} onClose={() => setDialog(null)} />
      )}
    </Paper>
  );
}

type BalanceBlockProps = {
  contract: Contract;
  balance: Balance | undefined;
};

/** The balance large, red when nothing is left; its parts below, so the figure can be checked. */
function BalanceBlock({ contract, balance }: BalanceBlockProps) {
  const { t } = useTranslation();
  const { hours, signedHours } = useContractFormat();
  const value = balance?.hours ?? contract.balanceHours;
  const isUntouched = balance?.entries === 0;
  // Red only once the ledger is known: a subscription without hours is not in trouble.
  const isExhausted = balance !== undefined && !isUntouched && value <= 0;

  return (
    <Stack gap={4} data-testid="contract-balance-block">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t('contracts.balance.title')}
      </Text>
      <Text
        fz={36}
        fw={700}
        lh={1.1}
        c={isExhausted ? 'red.7' : isUntouched ? 'dimmed' : undefined}
        style={{ fontVariantNumeric: 'tabular-nums' }}
        data-testid="contract-balance"
        data-hours={value}
      >
        {hours(value)}
      </Text>
      {isUntouched ? (
        <Text size="sm" c="dimmed">
          {t('contracts.balance.noEntries')}
        </Text>
      ) : (
        <>
          {isExhausted && (
            <Text size="sm" c="red.7" fw={500}>
              {value < 0
                ? t('contracts.balance.overdrawn', { hours: hours(-value) })
                : t('contracts.balance.zero')}
            </Text>
          )}
          {balance && (
            <Stack gap={0}>
              <Text size="sm" c="dimmed">
                {t('contracts.balance.granted', { hours: hours(balance.granted) })}
              </Text>
              <Text size="sm" c="dimmed">
                {t('contracts.balance.consumed', { hours: hours(balance.consumed) })}
              </Text>
              {balance.adjusted !== 0 && (
                <Text size="sm" c="dimmed">
                  {t('contracts.balance.adjusted', { hours: signedHours(balance.adjusted) })}
                </Text>
              )}
              {balance.reversed !== 0 && (
                <Text size="sm" c="dimmed">
                  {t('contracts.balance.reversed', { hours: signedHours(balance.reversed) })}
                </Text>
              )}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
