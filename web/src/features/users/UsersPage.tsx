import {
  Badge,
  Button,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '#common/limits.ts';
import { ROLES, type Role } from '#common/roles.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { PlusIcon, SearchIcon, UsersIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { useRoleLabel } from '../../components/useRoleLabel.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { useFormatDate } from '../auth/useFormatDate.ts';
import { UserFormModal } from './UserFormModal.tsx';
import { deactivateUser, updateUser, usersQueryKey, usersQueryOptions, type User } from './api.ts';

/** Admin: all accounts, staff and clients; search, filter by role, create, edit, deactivate. */
export function UsersPage() {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  // The user stays set while the modal animates closed, so its title does not flicker.
  const [formUser, setFormUser] = useState<User | null>(null);
  const [isFormOpen, setFormOpen] = useState(false);
  const openForm = (user: User | null) => {
    setFormUser(user);
    setFormOpen(true);
  };

  const users = useInfiniteQuery({
    ...usersQueryOptions({ q: debouncedSearch, role }),
    placeholderData: keepPreviousData,
  });
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered = debouncedSearch !== '' || role !== null;

  const createButton = (
    <Button leftSection={<PlusIcon />} onClick={() => openForm(null)}>
      {t('users.new')}
    </Button>
  );

  const renderList = () => {
    if (users.isPending) {
      return <PageLoader />;
    }
    if (users.isError) {
      return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
    }
    if (items.length === 0) {
      return isFiltered ? (
        <EmptyHint
          icon={<SearchIcon size={28} />}
          title={t('users.notFound.title')}
          description={t('users.notFound.description')}
          action={
            <Button
              variant="light"
              onClick={() => {
                setSearch('');
                setRole(null);
              }}
            >
              {t('common.resetFilters')}
            </Button>
          }
        />
      ) : (
        <EmptyHint
          icon={<UsersIcon size={28} />}
          title={t('users.empty.title')}
          description={t('users.empty.description')}
          action={createButton}
        />
      );
    }
    return (
      <Stack gap="md">
        <UserTable users={items} onEdit={openForm} />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('common.shown', { n: items.length })}
          </Text>
          {users.hasNextPage && (
            <Button
              variant="default"
              loading={users.isFetchingNextPage}
              onClick={() => void users.fetchNextPage()}
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
      <PageHeader title={t('users.title')} description={t('users.description')} actions={createButton} />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('users.search')}
            placeholder={t('users.searchPlaceholder')}
            leftSection={<SearchIcon size={16} />}
            rightSection={users.isFetching && !users.isFetchingNextPage ? <Loader size="xs" /> : null}
            type="search"
            maxLength={LIMITS.searchMax}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            style={{ flex: '1 1 260px' }}
            maw={420}
          />
          <Select
            label={t('users.roleFilter')}
            placeholder={t('users.allRoles')}
            clearable
            data={ROLES.map((value) => ({ value, label: roleLabel(value) }))}
            value={role}
            onChange={(value) => setRole(ROLES.find((candidate) => candidate === value) ?? null)}
            w={240}
          />
        </Group>
        {renderList()}
      </Stack>
      <UserFormModal opened={isFormOpen} user={formUser} onClose={() => setFormOpen(false)} />
    </>
  );
}

function UserTable({ users, onEdit }: { users: User[]; onEdit: (user: User) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const roleLabel = useRoleLabel();
  const formatDate = useFormatDate();
  const describe = useErrorMessage();
  const queryClient = useQueryClient();
  const [toDeactivate, setToDeactivate] = useState<User | null>(null);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: usersQueryKey });

  const deactivate = useMutation({
    mutationFn: deactivateUser,
    onSuccess: () => {
      notifications.show({
        color: 'green',
        message: t('users.deactivated', { name: toDeactivate?.name ?? '' }),
      });
      setToDeactivate(null);
      refresh();
    },
  });

  const activate = useMutation({
    mutationFn: (user: User) => updateUser({ id: user.id, isActive: true }),
    onSuccess: (user) => {
      notifications.show({ color: 'green', message: t('users.activated', { name: user.name }) });
      refresh();
    },
    onError: (error) => {
      notifications.show({ color: 'red', title: t('errors.saveFailed'), message: describe(error) });
    },
  });

  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.fields.name')}</Table.Th>
              <Table.Th>{t('users.fields.role')}</Table.Th>
              <Table.Th>{t('users.fields.client')}</Table.Th>
              <Table.Th>{t('users.fields.status')}</Table.Th>
              <Table.Th>{t('users.fields.createdAt')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((user) => (
              <Table.Tr key={user.id} c={user.isActive ? undefined : 'dimmed'}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {user.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {user.email}
                  </Text>
                </Table.Td>
                <Table.Td>{roleLabel(user.role)}</Table.Td>
                <Table.Td>{user.clientName ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge variant="light" color={user.isActive ? 'green' : 'gray'}>
                    {user.isActive ? t('users.active') : t('users.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(user.createdAt, false)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="subtle"
                      aria-label={t('users.editNamed', { name: user.name })}
                      onClick={() => onEdit(user)}
                    >
                      {t('common.edit')}
                    </Button>
                    {user.isActive ? (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        disabled={user.id === me.id}
                        title={user.id === me.id ? t('users.cannotDeactivateSelf') : undefined}
                        aria-label={t('users.deactivateNamed', { name: user.name })}
                        onClick={() => {
                          deactivate.reset();
                          setToDeactivate(user);
                        }}
                      >
                        {t('users.deactivate')}
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="green"
                        loading={activate.isPending && activate.variables.id === user.id}
                        aria-label={t('users.activateNamed', { name: user.name })}
                        onClick={() => activate.mutate(user)}
                      >
                        {t('users.activate')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={toDeactivate !== null}
        title={t('users.deactivateTitle')}
        confirmLabel={t('users.deactivate')}
        isPending={deactivate.isPending}
        error={
          deactivate.error && (
            <Text size="sm" c="red" role="alert">
              {describe(deactivate.error)}
            </Text>
          )
        }
        onConfirm={() => {
          if (toDeactivate) {
            deactivate.mutate(toDeactivate.id);
          }
        }}
        onClose={() => setToDeactivate(null)}
      >
        {t('users.deactivateConfirm', { name: toDeactivate?.name ?? '' })}
      </ConfirmModal>
    </>
  );
}
