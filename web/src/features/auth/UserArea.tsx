import { ActionIcon, Anchor, Avatar, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { homePathFor } from '#common/roles.ts';
import { LogoutIcon } from '../../components/icons.tsx';
import { logout, resetSession } from './api.ts';
import { useCurrentUser } from './currentUser.tsx';

const initialsOf = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');

/** The header's user area: who is signed in (a link to the profile), the role, and the logout button. */
export function UserArea() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const signOut = useMutation({
    mutationFn: logout,
    // Signed out locally even if the server could not be reached: the cookie dies with the session anyway.
    onSettled: () => {
      resetSession(queryClient);
      void navigate('/login', { replace: true });
    },
  });

  return (
    <Group gap="sm" wrap="nowrap" data-testid="user-menu">
      <Anchor
        component={Link}
        to={`${homePathFor(user.role)}/profile`}
        underline="never"
        c="inherit"
        aria-label={t('header.profileOf', { name: user.name })}
      >
        <Group gap="xs" wrap="nowrap">
          <Avatar size="sm" radius="xl" color="blue" aria-hidden>
            {initialsOf(user.name)}
          </Avatar>
          <Stack gap={0} visibleFrom="xs" maw={200}>
            <Text size="sm" fw={500} truncate data-testid="user-name">
              {user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate data-testid="user-role">
              {t(`roles.${user.role}`)}
            </Text>
          </Stack>
        </Group>
      </Anchor>
      <Tooltip label={t('header.logout')}>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={t('header.logout')}
          data-testid="logout"
          loading={signOut.isPending}
          onClick={() => signOut.mutate()}
        >
          <LogoutIcon />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
