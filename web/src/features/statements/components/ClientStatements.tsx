import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StatementPanel } from './StatementPanel.tsx';

/** The «Выписки» section of a client's desk page: a month's statement and its documents. */
export function ClientStatements({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="client-statements">
      <Stack gap={2}>
        <Title order={2} size="h4">
          {t('statements.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('statements.description')}
        </Text>
      </Stack>
      <StatementPanel clientId={clientId} area="desk" />
    </Stack>
  );
}
