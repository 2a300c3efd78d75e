import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyHint, ErrorState, PageLoader } from '../../../components/States.tsx';
import { FileTextIcon, PlusIcon } from '../../../components/icons.tsx';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { canManageContracts, clientContractsQueryOptions } from '../api.ts';
import { ContractCard } from './ContractCard.tsx';
import { ContractFormModal } from './ContractFormModal.tsx';

const deskTicketPath = (ticketId: string) => `/desk/tickets/${encodeURIComponent(ticketId)}`;

/** The «Договоры» section of a client's desk page: contracts, balances, ledgers; managers also post hours. */
export function ClientContracts({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const contracts = useQuery(clientContractsQueryOptions(clientId));
  const [creating, setCreating] = useState(false);
  const canManage = canManageContracts(user.role);

  const newButton = canManage && (
    <Button leftSection={<PlusIcon />} variant="light" onClick={() => setCreating(true)}>
      {t('contracts.new')}
    </Button>
  );

  const renderBody = () => {
    if (contracts.isPending) {
      return <PageLoader />;
    }
    if (contracts.isError) {
      return <ErrorState error={contracts.error} onRetry={() => void contracts.refetch()} />;
    }
    if (contracts.data.items.length === 0) {
      return (
        <EmptyHint
          icon={<FileTextIcon size={28} />}
          title={t('contracts.empty.title')}
          description={
            canManage ? t('contracts.empty.descriptionManager') : t('contracts.empty.descriptionAgent')
          }
          action={newButton}
        />
      );
    }
    return contracts.data.items.map((contract) => (
      <ContractCard key={contract.id} contract={contract} canManage={canManage} ticketPath={deskTicketPath} />
    ));
  };

  return (
    <Stack gap="sm" data-testid="contracts">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {t('contracts.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('contracts.description')}
          </Text>
        </Stack>
        {contracts.data && contracts.data.items.length > 0 && newButton}
      </Group>
      {renderBody()}
      {creating && (
        <ContractFormModal clientId={clientId} contract={null} onClose={() => setCreating(false)} />
      )}
    </Stack>
  );
}
