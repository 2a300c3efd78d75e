import { Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES } from '#common/tickets.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { EditIcon, GaugeIcon, PlusIcon } from '../../components/icons.tsx';
import { PriorityBadge } from '../tickets/components/TicketBadges.tsx';
import { policiesQueryOptions, type SlaPolicy } from './api.ts';
import { PolicyFormModal } from './PolicyFormModal.tsx';
import { useSlaAdminFormat } from './useSlaAdminFormat.ts';

/** Admin: SLA policies — how fast to react and resolve per priority, in working time; contracts choose one. */
export function PoliciesPage() {
  const { t } = useTranslation();
  const policies = useQuery({
    ...policiesQueryOptions,
    refetchInterval: (query) =>
      query.state.data?.items.some((item) => item.recomputePending) ? 10_000 : false,
  });
  // The policy stays set while the modal animates closed, so its title does not flicker.
  const [editing, setEditing] = useState<SlaPolicy | null>(null);
  const [isFormOpen, setFormOpen] = useState(false);
  const openForm = (policy: SlaPolicy | null) => {
    setEditing(policy);
    setFormOpen(true);
  };

  const newButton = (
    <Button leftSection={<PlusIcon />} onClick={() => openForm(null)}>
      {t('sla.policies.new')}
    </Button>
  );

  const renderBody = () => {
    if (policies.isPending) {
      return <PageLoader />;
    }
    if (policies.isError) {
      return <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />;
    }
    if (policies.data.items.length === 0) {
      return (
        <EmptyHint
          icon={<GaugeIcon size={28} />}
          title={t('sla.policies.emptyTitle')}
          description={t('sla.policies.emptyText')}
          action={newButton}
        />
      );
    }
    return (
      <Stack gap="lg" data-testid="policies">
        {policies.data.items.map((policy) => (
          <PolicyCard key={policy.id} policy={policy} onEdit={() => openForm(policy)} />
        ))}
      </Stack>
    );
  };

  return (
    <>
      <PageHeader
        title={t('sla.policies.title')}
        description={t('sla.policies.description')}
        actions={policies.data && policies.data.items.length > 0 ? newButton : undefined}
      />
      {renderBody()}
      {isFormOpen && <PolicyFormModal policy={editing} onClose={() => setFormOpen(false)} />}
    </>
  );
}

function PolicyCard({ policy, onEdit }: { policy: SlaPolicy; onEdit: () => void }) {
  const { t } = useTranslation();
  const format = useSlaAdminFormat();
  return (
    <Paper withBorder p="lg" data-testid="policy-card" data-policy-name={policy.name}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={6}>
            <Title order={2} size="h4">
              {policy.name}
            </Title>
            <Group gap={6}>
              {policy.isDefault && (
                <Badge variant="light" color="blue" tt="none">
                  {t('sla.default')}
                </Badge>
              )}
              {policy.recomputePending && (
                <Badge variant="light" color="gray" tt="none" leftSection={<Loader size={10} />}>
                  {t('sla.recomputing')}
                </Badge>
              )}
            </Group>
          </Stack>
          <Button size="xs" variant="default" leftSection={<EditIcon size={14} />} onClick={onEdit}>
            {t('common.edit')}
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          <Table withTableBorder={false} verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sla.policies.priority')}</Table.Th>
                <Table.Th ta="right">{t('sla.policies.reaction')}</Table.Th>
                <Table.Th ta="right">{t('sla.policies.resolution')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...PRIORITIES].reverse().map((priority) => (
                <Table.Tr key={priority}>
                  <Table.Td>
                    <PriorityBadge priority={priority} />
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {format.workingTime(policy.targets[priority].reactionMinutes)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {format.workingTime(policy.targets[priority].resolutionMinutes)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Stack gap="xs">
            <Text size="sm">{t('sla.policies.warnAt', { percent: format.percent(policy.warnShare) })}</Text>
            <Text size="sm" c="dimmed">
              {t('sla.policies.workingNote')}
            </Text>
            <Text size="sm" c="dimmed">
              {policy.isDefault
                ? policy.contractCount > 0
                  ? t('sla.policies.usedByDefault', { n: policy.contractCount })
                  : t('sla.policies.usedByDefaultAll')
                : t('sla.policies.usedBy', { n: policy.contractCount })}
            </Text>
          </Stack>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
