import { Alert, Box, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BuildingIcon, InboxIcon } from '../../components/icons.tsx';
import { greetingName } from '../../lib/format.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';

/** The portal home: who you are, for which company, and where your requests will be. */
export function PortalHomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const isEmployee = user.role === 'employee';

  return (
    <Box data-testid="home-portal">
      <PageHeader
        title={t('portal.greeting', { name: greetingName(user.name) })}
        description={t('portal.role', { role: t(`roles.${user.role}`) })}
      />
      <Stack gap="lg">
        <Card withBorder padding="lg" data-testid="company-card">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <BuildingIcon size={24} style={{ flexShrink: 0 }} />
            <Stack gap={4} style={{ minWidth: 0 }}>
              {isEmployee ? (
                <>
                  <Title order={2} size="h4">
                    {t('portal.internal.title')}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t('portal.internal.text')}
                  </Text>
                </>
              ) : user.client ? (
                <>
                  <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
                    {user.client.name}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t('portal.inn')}{' '}
                    <Text span ff="monospace" c="var(--mantine-color-text)">
                      {user.client.inn}
                    </Text>
                  </Text>
                </>
              ) : (
                <>
                  <Title order={2} size="h4">
                    {t('portal.noClient.title')}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t('portal.noClient.text')}
                  </Text>
                </>
              )}
            </Stack>
          </Group>
        </Card>

        <Alert variant="light" color="blue" icon={<InboxIcon />} title={t('portal.requests.title')}>
          <Stack gap={6}>
            <Text size="sm">{t('portal.requests.text')}</Text>
            {user.role === 'client_approver' && <Text size="sm">{t('portal.requests.approver')}</Text>}
          </Stack>
        </Alert>
      </Stack>
    </Box>
  );
}
