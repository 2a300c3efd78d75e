import { Anchor, Button, Divider, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { ArrowLeftIcon, SearchIcon, UsersIcon } from '../../components/icons.tsx';
import { useRoleLabel } from '../../components/useRoleLabel.ts';
import { ApiError } from '../../lib/api.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { useFormatDate } from '../auth/useFormatDate.ts';
import { ClientContracts } from '../contracts/components/ClientContracts.tsx';
import { ClientStatements } from '../statements/components/ClientStatements.tsx';
import { clientQueryOptions, type ClientDetails } from './api.ts';
import { ClientSlaSettings } from './ClientSlaSettings.tsx';
import { ClientKnowledgeSection } from '../workspace/KnowledgeCard.tsx';

function BackToClients() {
  const { t } = useTranslation();
  return (
    <Anchor
      component={Link}
      to="/desk/clients"
      size="sm"
      mb="sm"
      display="inline-flex"
      style={{ gap: 4, alignItems: 'center' }}
    >
      <ArrowLeftIcon size={14} />
      {t('clients.back')}
    </Anchor>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** One client: requisites, notes and contacts. */
export function ClientPage() {
  const { t } = useTranslation();
  const { clientId = '' } = useParams();
  const client = useQuery(clientQueryOptions(clientId));

  if (client.isPending) {
    return <PageLoader />;
  }
  if (client.isError) {
    // A malformed id (400) is as missing as an unknown one (404).
    if (client.error instanceof ApiError && (client.error.status === 404 || client.error.status === 400)) {
      return (
        <>
          <BackToClients />
          <EmptyHint
            icon={<SearchIcon size={28} />}
            title={t('clients.missing.title')}
            description={t('clients.missing.description')}
            action={
              <Button component={Link} to="/desk/clients" variant="light">
                {t('clients.back')}
              </Button>
            }
          />
        </>
      );
    }
    return (
      <>
        <BackToClients />
        <ErrorState error={client.error} onRetry={() => void client.refetch()} />
      </>
    );
  }
  return <ClientView client={client.data} />;
}

function ClientView({ client }: { client: ClientDetails }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const formatDate = useFormatDate();
  const roleLabel = useRoleLabel();

  return (
    <>
      <BackToClients />
      <PageHeader title={client.name} description={t('clients.innLine', { inn: client.inn })} />
      <Stack gap="xl">
        <Paper withBorder p="lg">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="lg" data-testid="client-details">
            <Detail label={t('clients.fields.inn')}>
              <Text ff="monospace" size="sm">
                {client.inn}
              </Text>
            </Detail>
            <Detail label={t('clients.fields.kpp')}>
              <Text ff="monospace" size="sm">
                {client.kpp || '—'}
              </Text>
            </Detail>
            <Detail label={t('clients.fields.timeZone')}>{client.timeZone || '—'}</Detail>
            <Detail label={t('clients.fields.createdAt')}>{formatDate(client.createdAt)}</Detail>
          </SimpleGrid>
          <Stack gap={2} mt="lg">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('clients.fields.notes')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={client.notes ? undefined : 'dimmed'}>
              {client.notes || t('clients.noNotes')}
            </Text>
          </Stack>
          <Divider my="lg" />
          <ClientSlaSettings client={client} />
        </Paper>

        <ClientKnowledgeSection clientId={client.id} />

        <ClientContracts clientId={client.id} />

        <ClientStatements clientId={client.id} />

        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('clients.contacts.title')}
          </Title>
          {client.contacts.length === 0 ? (
            <EmptyHint
              icon={<UsersIcon size={28} />}
              title={t('clients.contacts.empty')}
              description={
                user.role === 'admin' ? t('clients.contacts.emptyAdmin') : t('clients.contacts.emptyOther')
              }
              action={
                user.role === 'admin' && (
                  <Button component={Link} to="/desk/users" variant="light">
                    {t('nav.users')}
                  </Button>
                )
              }
            />
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="sm" data-testid="client-contacts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('clients.contacts.name')}</Table.Th>
                    <Table.Th>{t('clients.contacts.email')}</Table.Th>
                    <Table.Th>{t('clients.contacts.phone')}</Table.Th>
                    <Table.Th>{t('clients.contacts.role')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {client.contacts.map((contact) => (
                    <Table.Tr key={contact.id}>
                      <Table.Td>
                        <Text size="sm" fw={500} c={contact.isActive === false ? 'dimmed' : undefined}>
                          {contact.name}
                        </Text>
                        {contact.isActive === false && (
                          <Text size="xs" c="dimmed">
                            {t('clients.contacts.inactive')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Anchor href={`mailto:${contact.email}`} size="sm">
                          {contact.email}
                        </Anchor>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {contact.phone ? (
                          <Anchor href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`} size="sm">
                            {contact.phone}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>{roleLabel(contact.role)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Stack>
    </>
  );
}
