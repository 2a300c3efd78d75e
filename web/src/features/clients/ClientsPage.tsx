import { Anchor, Button, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LIMITS } from '#common/limits.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { BuildingIcon, PlusIcon, SearchIcon } from '../../components/icons.tsx';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { useFormatDate } from '../auth/useFormatDate.ts';
import { canCreateClients, clientsQueryOptions } from './api.ts';

/** Clients: search by name or INN, a page at a time. */
export function ClientsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const formatDate = useFormatDate();
  const [searchParams, setSearchParams] = useSearchParams();
  const [search, setSearch] = useState(searchParams.get('q') ?? '');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);

  // The search lives in the address too, so Back from a client page returns to the same list.
  useEffect(() => {
    setSearchParams(debouncedSearch ? { q: debouncedSearch } : {}, { replace: true });
  }, [debouncedSearch, setSearchParams]);

  const clients = useInfiniteQuery({
    ...clientsQueryOptions(debouncedSearch),
    placeholderData: keepPreviousData,
  });
  const items = clients.data?.pages.flatMap((page) => page.items) ?? [];
  const canCreate = canCreateClients(user.role);

  const newClientButton = canCreate && (
    <Button component={Link} to="/desk/clients/new" leftSection={<PlusIcon />}>
      {t('clients.new')}
    </Button>
  );

  const renderList = () => {
    if (clients.isPending) {
      return <PageLoader />;
    }
    if (clients.isError) {
      return <ErrorState error={clients.error} onRetry={() => void clients.refetch()} />;
    }
    if (items.length === 0) {
      return debouncedSearch ? (
        <EmptyHint
          icon={<SearchIcon size={28} />}
          title={t('clients.notFound.title')}
          description={t('clients.notFound.description', { query: debouncedSearch })}
          action={
            <Button variant="light" onClick={() => setSearch('')}>
              {t('common.clearSearch')}
            </Button>
          }
        />
      ) : (
        <EmptyHint
          icon={<BuildingIcon size={28} />}
          title={t('clients.empty.title')}
          description={
            canCreate ? t('clients.empty.descriptionManager') : t('clients.empty.descriptionAgent')
          }
          action={newClientButton}
        />
      );
    }
    return (
      <Stack gap="md">
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="clients-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('clients.fields.name')}</Table.Th>
                <Table.Th>{t('clients.fields.inn')}</Table.Th>
                <Table.Th>{t('clients.fields.kpp')}</Table.Th>
                <Table.Th>{t('clients.fields.timeZone')}</Table.Th>
                <Table.Th ta="right">{t('clients.fields.contacts')}</Table.Th>
                <Table.Th>{t('clients.fields.createdAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((client) => (
                <Table.Tr key={client.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/desk/clients/${encodeURIComponent(client.id)}`} fw={500}>
                      {client.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ff="monospace">{client.inn}</Table.Td>
                  <Table.Td ff="monospace">{client.kpp || '—'}</Table.Td>
                  <Table.Td>{client.timeZone || '—'}</Table.Td>
                  <Table.Td ta="right">{client.contactCount}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(client.createdAt, false)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('common.shown', { n: items.length })}
          </Text>
          {clients.hasNextPage && (
            <Button
              variant="default"
              loading={clients.isFetchingNextPage}
              onClick={() => void clients.fetchNextPage()}
            >
              {t('common.loadMore')}
            </Button>
          )}
        </Group>
      </Stack>
    );
  };

  return (
    <>
      <PageHeader
        title={t('clients.title')}
        description={t('clients.description')}
        actions={newClientButton}
      />
      <Stack gap="md">
        <TextInput
          label={t('clients.search')}
          placeholder={t('clients.searchPlaceholder')}
          leftSection={<SearchIcon size={16} />}
          rightSection={clients.isFetching && !clients.isFetchingNextPage ? <Loader size="xs" /> : null}
          maxLength={LIMITS.searchMax}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          type="search"
          maw={480}
        />
        {renderList()}
      </Stack>
    </>
  );
}
