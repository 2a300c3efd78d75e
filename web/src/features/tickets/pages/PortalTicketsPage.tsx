import { Button, Loader, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LIMITS } from '#common/limits.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../../components/States.tsx';
import { InboxIcon, PlusIcon, SearchIcon } from '../../../components/icons.tsx';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { CLOSED_STATUSES, OPEN_STATUSES, ticketsQueryOptions, type TicketFilters } from '../api.ts';
import { PortalTicketCard } from '../components/PortalTicketCard.tsx';

const SCOPES = ['open', 'closed', 'all'] as const;
type Scope = (typeof SCOPES)[number];
const isScope = (value: string | null): value is Scope =>
  value !== null && (SCOPES as readonly string[]).includes(value);

/** The portal's list: the company's requests (an employee's own), open ones first by default. */
export function PortalTicketsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [searchParams, setSearchParams] = useSearchParams();
  const scopeParam = searchParams.get('scope');
  const scope: Scope = isScope(scopeParam) ? scopeParam : 'open';
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);

  const filters: TicketFilters = useMemo(
    () => ({
      status: scope === 'open' ? OPEN_STATUSES : scope === 'closed' ? CLOSED_STATUSES : [],
      q: debouncedSearch,
      sort: '-updatedAt',
    }),
    [scope, debouncedSearch],
  );
  const tickets = useInfiniteQuery({
    ...ticketsQueryOptions(filters, 20),
    placeholderData: keepPreviousData,
  });
  const items = tickets.data?.pages.flatMap((page) => page.items) ?? [];

  const newButton = (
    <Button component={Link} to="/portal/tickets/new" leftSection={<PlusIcon />}>
      {t('tickets.new')}
    </Button>
  );

  const renderList = () => {
    if (tickets.isPending) {
      return <PageLoader />;
    }
    if (tickets.isError) {
      return <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />;
    }
    if (items.length === 0) {
      return debouncedSearch || scope !== 'open' ? (
        <EmptyHint
          icon={<SearchIcon size={28} />}
          title={t('tickets.notFound.title')}
          description={t('tickets.portal.notFound')}
          action={
            <Button
              variant="light"
              onClick={() => {
                setSearch('');
                setSearchParams({}, { replace: true });
              }}
            >
              {t('common.resetFilters')}
            </Button>
          }
        />
      ) : (
        <EmptyHint
          icon={<InboxIcon size={28} />}
          title={t('tickets.portal.empty.titleOpen')}
          description={t('tickets.portal.empty.description')}
          action={newButton}
        />
      );
    }
    return (
      <Stack gap="sm" data-testid="portal-tickets">
        {items.map((ticket) => (
          <PortalTicketCard key={ticket.id} ticket={ticket} />
        ))}
        {tickets.hasNextPage && (
          <Button
            variant="default"
            loading={tickets.isFetchingNextPage}
            onClick={() => void tickets.fetchNextPage()}
            style={{ alignSelf: 'center' }}
          >
            {t('common.loadMore')}
          </Button>
        )}
      </Stack>
    );
  };

  return (
    <>
      <PageHeader
        title={t('tickets.portal.title')}
        description={
          user.role === 'employee' ? t('tickets.portal.descriptionEmployee') : t('tickets.portal.description')
        }
        actions={newButton}
      />
      <Stack gap="md">
        <SegmentedControl
          value={scope}
          onChange={(value) => setSearchParams(value === 'open' ? {} : { scope: value }, { replace: true })}
          data={SCOPES.map((value) => ({ value, label: t(`tickets.portal.scope.${value}`) }))}
          fullWidth
          maw={420}
        />
        <TextInput
          aria-label={t('tickets.filters.search')}
          placeholder={t('tickets.portal.searchPlaceholder')}
          leftSection={<SearchIcon size={16} />}
          rightSection={tickets.isFetching && !tickets.isFetchingNextPage ? <Loader size="xs" /> : null}
          maxLength={LIMITS.searchMax}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          type="search"
          maw={420}
        />
        {renderList()}
      </Stack>
    </>
  );
}
