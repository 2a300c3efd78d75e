import { Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../../components/States.tsx';
import { FileTextIcon } from '../../../components/icons.tsx';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { clientContractsQueryOptions } from '../api.ts';
import { ContractCard } from '../components/ContractCard.tsx';
import { WorkStats } from '../../reports/WorkStats.tsx';

const portalTicketPath = (ticketId: string) => `/portal/tickets/${encodeURIComponent(ticketId)}`;

/** The approver's view of his company's money: contracts, hour balances and their history, read-only. */
export function PortalBalancePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const clientId = user.client?.id ?? '';
  const contracts = useQuery({ ...clientContractsQueryOptions(clientId), enabled: clientId !== '' });

  const renderBody = () => {
    if (!user.client) {
      return (
        <EmptyHint
          icon={<FileTextIcon size={28} />}
          title={t('portal.noClient.title')}
          description={t('portal.noClient.text')}
        />
      );
    }
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
          title={t('contracts.portal.emptyTitle')}
          description={t('contracts.portal.emptyDescription')}
        />
      );
    }
    return contracts.data.items.map((contract) => (
      <ContractCard key={contract.id} contract={contract} canManage={false} ticketPath={portalTicketPath} />
    ));
  };

  return (
    <>
      <PageHeader title={t('contracts.portal.title')} description={t('contracts.portal.description')} />
      <Stack gap="lg" data-testid="contracts">
        {renderBody()}
        {user.client && <WorkStats />}
      </Stack>
    </>
  );
}
