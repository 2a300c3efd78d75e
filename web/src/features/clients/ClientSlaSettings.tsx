import { Select, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { calendarsQueryOptions } from '../sla/api.ts';
import {
  clientQueryOptions,
  clientsQueryKey,
  updateClient,
  type ClientDetails,
  type ClientPatch,
} from './api.ts';

// The select's value for «the default calendar» (null in the API).
const DEFAULT = 'default';

function Label({ children }: { children: string }) {
  return (
    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
      {children}
    </Text>
  );
}

/**
 * The client's SLA calendar and who among his contacts sees the hour balance. Admin and dispatcher change
 * them in place (each change is saved at once); agents read them.
 */
export function ClientSlaSettings({ client }: { client: ClientDetails }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const canEdit = user.role === 'admin' || user.role === 'dispatcher';
  const calendars = useQuery(calendarsQueryOptions);
  const items = calendars.data?.items ?? [];
  const defaultCalendar = items.find((calendar) => calendar.isDefault);
  const current = client.calendarId ? items.find((calendar) => calendar.id === client.calendarId) : undefined;

  const save = useMutation({
    mutationFn: (patch: ClientPatch) => updateClient({ id: client.id, ...patch }),
    onSuccess: (saved, patch) => {
      queryClient.setQueryData(clientQueryOptions(client.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: clientsQueryKey });
      // A new calendar moves the due times of the client's open requests (within a minute).
      if ('calendarId' in patch) {
        void queryClient.invalidateQueries({ queryKey: ['calendars'] });
        void queryClient.invalidateQueries({ queryKey: ['tickets'] });
      }
      notifications.show({
        color: 'green',
        message:
          'calendarId' in patch
            ? t('clients.sla.calendarSaved')
            : saved.usersSeeBalance
              ? t('clients.sla.balanceAll')
              : t('clients.sla.balanceApprover'),
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('errors.saveFailed'), message: describe(error) }),
  });

  const defaultLabel = defaultCalendar
    ? t('clients.sla.defaultCalendarNamed', { name: defaultCalendar.name })
    : t('clients.sla.defaultCalendar');

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" data-testid="client-sla-settings">
      <Stack gap={4}>
        <Label>{t('clients.sla.calendar')}</Label>
        {canEdit ? (
          <Select
            aria-label={t('clients.sla.calendar')}
            data={[
              { value: DEFAULT, label: defaultLabel },
              ...items
                .filter((calendar) => !calendar.isDefault || calendar.id === client.calendarId)
                .map((calendar) => ({ value: calendar.id, label: calendar.name })),
            ]}
            value={client.calendarId ?? DEFAULT}
            onChange={(value) => {
              const next = !value || value === DEFAULT ? null : value;
              if (next !== client.calendarId) {
                save.mutate({ calendarId: next });
              }
            }}
            allowDeselect={false}
            disabled={save.isPending || calendars.isPending}
            maw={420}
            comboboxProps={{ withinPortal: true }}
            data-testid="client-calendar"
          />
        ) : (
          <Text size="sm">{client.calendarId ? (current?.name ?? '…') : defaultLabel}</Text>
        )}
        <Text size="xs" c="dimmed">
          {t('clients.sla.calendarHint')}
        </Text>
      </Stack>
      <Stack gap={4}>
        <Label>{t('clients.sla.balance')}</Label>
        {canEdit ? (
          <Switch
            label={t('clients.sla.usersSeeBalance')}
            checked={client.usersSeeBalance}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ usersSeeBalance: event.currentTarget.checked })}
            data-testid="client-users-see-balance"
          />
        ) : (
          <Text size="sm">
            {client.usersSeeBalance ? t('clients.sla.balanceAll') : t('clients.sla.balanceApprover')}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('clients.sla.usersSeeBalanceHint')}
        </Text>
      </Stack>
    </SimpleGrid>
  );
}
