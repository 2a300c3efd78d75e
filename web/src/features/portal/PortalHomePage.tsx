import { Button, Box, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BuildingIcon, InboxIcon, PlusIcon } from '../../components/icons.tsx';
import { greetingName } from '../../lib/format.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { canSeeBalance } from '../contracts/api.ts';
import { PortalBalanceCard } from '../contracts/components/PortalBalanceCard.tsx';
import { ticketsQueryOptions } from '../tickets/api.ts';
import { PortalTicketCard } from '../tickets/components/PortalTicketCard.tsx';

// Requests that may wait for the client: an estimate to approve, finished work to accept.
const WAITING_FILTERS = { status: ['evaluated', 'done'] as const, sort: '-updatedAt' as const };

/** Requests waiting for this user's decision (the server's allowed transitions say which). */
function WaitingForYou() {
  const { t } = useTranslation();
  const waiting = useInfiniteQuery({
    ...ticketsQueryOptions(WAITING_FILTERS, 20),
    select: (data) =>
      data.pages
        .flatMap((page) => page.items)
        .filter(
          (ticket) =>
            ticket.allowedTransitions.includes('approved') || ticket.allowedTransitions.includes('completed'),
        ),
  });
  if (!waiting.data || waiting.data.length === 0) {
    return null;
  }
  return (
    <Stack gap="sm" data-testid="waiting-for-you">
      <Title order={2} size="h4">
        {t('tickets.portal.needsYou')}
      </Title>
      {waiting.data.slice(0, 5).map((ticket) => (
        <PortalTicketCard key={ticket.id} ticket={ticket} />
      ))}
    </Stack>
  );
}

/** The portal home: who you are, for which company, what waits for your decision, and your requests. */
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

        {canSeeBalance(user) && user.client && <PortalBalanceCard clientId={user.client.id} />}

        <WaitingForYou />

        <Card withBorder padding="lg" data-testid="requests-card">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <InboxIcon size={24} style={{ flexShrink: 0 }} />
            <Stack gap="sm" style={{ minWidth: 0 }}>
              <Title order={2} size="h4">
                {t('portal.requests.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('portal.requests.text')}
              </Text>
              {user.role === 'client_approver' && (
                <Text size="sm" c="dimmed">
                  {t('portal.requests.approver')}
                </Text>
              )}
              <Group gap="sm">
                <Button component={Link} to="/portal/tickets/new" leftSection={<PlusIcon />}>
                  {t('tickets.new')}
                </Button>
                <Button component={Link} to="/portal/tickets" variant="light">
                  {t('portal.requests.all')}
                </Button>
              </Group>
            </Stack>
          </Group>
        </Card>
      </Stack>
    </Box>
  );
}
