import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { EmptyHint } from '../../../components/States.tsx';
import { FileTextIcon } from '../../../components/icons.tsx';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { StatementPanel } from '../components/StatementPanel.tsx';

/** The approver's monthly statements: what his company's requests cost, and the documents to download. */
export function PortalStatementsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title={t('statements.title')} description={t('statements.portalDescription')} />
      {user.client ? (
        <StatementPanel clientId={user.client.id} area="portal" />
      ) : (
        <EmptyHint
          icon={<FileTextIcon size={28} />}
          title={t('portal.noClient.title')}
          description={t('portal.noClient.text')}
        />
      )}
    </>
  );
}
