import { Badge, Box, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BuildingIcon, InboxIcon, KeyIcon, UsersIcon } from '../../components/icons.tsx';
import { greetingName } from '../../lib/format.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { tokensQueryOptions } from '../tokens/api.ts';

type DeskCardProps = { icon: ReactNode; title: string; children: ReactNode; to?: string; action?: string };

function DeskCard({ icon, title, children, to, action }: DeskCardProps) {
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm" h="100%">
        <Group gap="xs" wrap="nowrap">
          {icon}
          <Title order={3} size="h4">
            {title}
          </Title>
        </Group>
        <Text size="sm" c="dimmed" style={{ flexGrow: 1 }}>
          {children}
        </Text>
        {to && action && (
          <Group>
            <Button component={Link} to={to} variant="light" size="xs">
              {action}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** The workspace home: who you are in the support structure and what the desk holds. */
export function DeskHomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const tokens = useQuery(tokensQueryOptions);
  const lineName = (lineId: string) => user.lines.find((line) => line.id === lineId)?.name;

  return (
    <Box data-testid="home-desk">
      <PageHeader
        title={t('deskHome.greeting', { name: greetingName(user.name) })}
        description={t('deskHome.role', { role: t(`roles.${user.role}`) })}
      />
      <Stack gap="xl">
        <Card withBorder padding="lg">
          <Stack gap="md">
            <Title order={2} size="h4">
              {t('deskHome.structure')}
            </Title>
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('deskHome.lines')}
              </Text>
              {user.lines.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {user.role === 'agent' ? t('deskHome.noLinesAgent') : t('deskHome.noLines')}
                </Text>
              ) : (
                <Group gap="xs" data-testid="my-lines">
                  {user.lines.map((line) => (
                    <Badge key={line.id} variant="light" size="lg" tt="none">
                      {t('deskHome.lineBadge', { code: line.code, name: line.name, level: line.level })}
                    </Badge>
                  ))}
                </Group>
              )}
            </Stack>
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('deskHome.groups')}
              </Text>
              {user.groups.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('deskHome.noGroups')}
                </Text>
              ) : (
                <Group gap="xs" data-testid="my-groups">
                  {user.groups.map((group) => (
                    <Badge key={group.id} variant="outline" size="lg" tt="none">
                      {lineName(group.lineId) ? `${group.name} · ${lineName(group.lineId)}` : group.name}
                    </Badge>
                  ))}
                </Group>
              )}
            </Stack>
          </Stack>
        </Card>

        <Stack gap="md">
          <Title order={2} size="h4">
            {t('deskHome.inDesk')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <DeskCard
              icon={<InboxIcon />}
              title={t('deskHome.requests.title')}
              to="/desk/tickets"
              action={t('deskHome.open')}
            >
              {t('deskHome.requests.text')}
            </DeskCard>
            <DeskCard
              icon={<BuildingIcon />}
              title={t('nav.clients')}
              to="/desk/clients"
              action={t('deskHome.open')}
            >
              {user.role === 'agent' ? t('deskHome.clients.agent') : t('deskHome.clients.manager')}
            </DeskCard>
            {user.role === 'admin' && (
              <DeskCard
                icon={<UsersIcon />}
                title={t('nav.users')}
                to="/desk/users"
                action={t('deskHome.open')}
              >
                {t('deskHome.users')}
              </DeskCard>
            )}
            <DeskCard
              icon={<KeyIcon />}
              title={t('nav.tokens')}
              to="/desk/tokens"
              action={t('deskHome.open')}
            >
              {tokens.data
                ? t('deskHome.tokens.count', { n: tokens.data.items.length })
                : t('deskHome.tokens.text')}
            </DeskCard>
          </SimpleGrid>
        </Stack>
      </Stack>
    </Box>
  );
}
