import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Group,
  Indicator,
  Loader,
  NavLink,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorState } from '../../components/States.tsx';
import { BellIcon } from '../../components/icons.tsx';
import type { Page } from '../../lib/api.ts';
import { useFormatDate } from '../auth/useFormatDate.ts';
import {
  markAllNotificationsRead,
  markNotificationRead,
  notificationsQueryKey,
  unreadNotificationsQueryOptions,
  UNREAD_LIMIT,
  type AppNotification,
} from './api.ts';

const KIND_COLORS: Record<string, string> = { sla_breached: 'red', sla_warning: 'orange' };

/** The desk header's bell: unread SLA warnings and breaches; a click opens the request and marks it read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formatDate = useFormatDate();
  const [opened, { toggle, close }] = useDisclosure(false);
  const unread = useQuery(unreadNotificationsQueryOptions);
  const items = unread.data?.items ?? [];
  const count = items.length;
  const countLabel = unread.data?.nextCursor ? `${UNREAD_LIMIT}+` : String(count);

  // Read at once in the list; the server is told in the background and the list refetched after.
  const forget = (ids: readonly number[]) =>
    queryClient.setQueryData(
      unreadNotificationsQueryOptions.queryKey,
      (page: Page<AppNotification> | undefined) =>
        page ? { ...page, items: page.items.filter((item) => !ids.includes(item.id)) } : page,
    );
  const markRead = useMutation({
    mutationFn: async (ids: readonly number[]) => {
      await Promise.all(ids.map((id) => markNotificationRead(id)));
    },
    onMutate: (ids) => forget(ids),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });

  // Beyond the page the bell holds there may be more unread ones: the server marks them all.
  const markAllRead = useMutation({
    mutationFn: markAllNotificationsRead,
    onMutate: () => forget(items.map((item) => item.id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });

  const kindLabel = (kind: string) =>
    kind === 'sla_breached' || kind === 'sla_warning' ? t(`notifications.kinds.${kind}`) : kind;

  const open = (item: AppNotification) => {
    markRead.mutate([item.id]);
    close();
    if (item.ticketId) {
      void navigate(`/desk/tickets/${encodeURIComponent(item.ticketId)}`);
    }
  };

  const renderList = () => {
    if (unread.isPending) {
      return (
        <Group justify="center" py="md">
          <Loader size="sm" />
        </Group>
      );
    }
    if (unread.isError) {
      return <ErrorState error={unread.error} onRetry={() => void unread.refetch()} />;
    }
    if (items.length === 0) {
      return (
        <Stack gap={4} py="md" px="sm" align="center">
          <Text size="sm" fw={500}>
            {t('notifications.empty')}
          </Text>
          <Text size="xs" c="dimmed" ta="center">
            {t('notifications.emptyHint')}
          </Text>
        </Stack>
      );
    }
    return (
      <ScrollArea.Autosize mah={420} type="auto">
        <Stack gap={0} data-testid="notification-list">
          {items.map((item) => {
            const number = typeof item.data.number === 'number' ? item.data.number : null;
            const title = typeof item.data.title === 'string' ? item.data.title : '';
            const dueAt = typeof item.data.dueAt === 'string' ? formatDate(item.data.dueAt) : null;
            return (
              <NavLink
                key={item.id}
                component="button"
                onClick={() => open(item)}
                data-testid="notification"
                data-ticket-number={number ?? undefined}
                style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                label={
                  <Stack gap={2}>
                    <Group gap="xs" wrap="nowrap" justify="space-between">
                      <Badge size="xs" variant="light" color={KIND_COLORS[item.kind] ?? 'gray'} tt="none">
                        {kindLabel(item.kind)}
                      </Badge>
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(item.createdAt)}
                      </Text>
                    </Group>
                    <Text size="sm" fw={500} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                      {number !== null ? `#${number} · ${title}` : title}
                    </Text>
                    {dueAt && (
                      <Text size="xs" c="dimmed">
                        {t('notifications.dueAt', { date: dueAt })}
                      </Text>
                    )}
                  </Stack>
                }
              />
            );
          })}
        </Stack>
      </ScrollArea.Autosize>
    );
  };

  const label = count > 0 ? t('notifications.labelUnread', { count: countLabel }) : t('notifications.label');

  return (
    <Popover
      opened={opened}
      onChange={(value) => !value && close()}
      position="bottom-end"
      width={360}
      shadow="md"
      withArrow
    >
      <Popover.Target>
        <Tooltip label={label} disabled={opened}>
          <Indicator
            label={countLabel}
            size={16}
            offset={4}
            color="red"
            disabled={count === 0}
            inline
            data-testid="notification-count"
          >
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={label}
              onClick={toggle}
              data-testid="notification-bell"
            >
              <BellIcon />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="xs" maw="calc(100vw - 16px)">
        <Group justify="space-between" px="sm" pb={6}>
          <Text size="sm" fw={600}>
            {t('notifications.title')}
          </Text>
          {count > 0 && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => markAllRead.mutate()}
              data-testid="notifications-read-all"
            >
              {t('notifications.readAll')}
            </Button>
          )}
        </Group>
        <Divider mb={4} />
        {renderList()}
      </Popover.Dropdown>
    </Popover>
  );
}
