import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { CalendarIcon, PlusIcon } from '../../components/icons.tsx';
import { calendarsQueryOptions } from './api.ts';
import { useSlaAdminFormat } from './useSlaAdminFormat.ts';

export const calendarPath = (id: string) => `/desk/settings/calendars/${encodeURIComponent(id)}`;

/** Admin: the business calendars SLA clocks count in; the default one serves every client without his own. */
export function CalendarsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useSlaAdminFormat();
  const calendars = useQuery({
    ...calendarsQueryOptions,
    // While the SLA job recomputes due times after an edit, look again now and then.
    refetchInterval: (query) =>
      query.state.data?.items.some((item) => item.recomputePending) ? 10_000 : false,
  });

  const newButton = (
    <Button component={Link} to="/desk/settings/calendars/new" leftSection={<PlusIcon />}>
      {t('sla.calendars.new')}
    </Button>
  );

  const renderBody = () => {
    if (calendars.isPending) {
      return <PageLoader />;
    }
    if (calendars.isError) {
      return <ErrorState error={calendars.error} onRetry={() => void calendars.refetch()} />;
    }
    if (calendars.data.items.length === 0) {
      return (
        <EmptyHint
          icon={<CalendarIcon size={28} />}
          title={t('sla.calendars.emptyTitle')}
          description={t('sla.calendars.emptyText')}
          action={newButton}
        />
      );
    }
    return (
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="calendars-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sla.calendars.fields.name')}</Table.Th>
              <Table.Th>{t('sla.calendars.fields.week')}</Table.Th>
              <Table.Th>{t('sla.calendars.fields.timeZone')}</Table.Th>
              <Table.Th>{t('sla.calendars.fields.productionShort')}</Table.Th>
              <Table.Th ta="right">{t('sla.calendars.fields.clients')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {calendars.data.items.map((calendar) => (
              <Table.Tr
                key={calendar.id}
                style={{ cursor: 'pointer' }}
                onClick={(event) => {
                  if (!(event.target instanceof Element && event.target.closest('a'))) {
                    void navigate(calendarPath(calendar.id));
                  }
                }}
              >
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <Anchor component={Link} to={calendarPath(calendar.id)} fw={500} size="sm">
                      {calendar.name}
                    </Anchor>
                    <Group gap={6}>
                      {calendar.isDefault && (
                        <Badge size="sm" variant="light" color="blue" tt="none">
                          {t('sla.default')}
                        </Badge>
                      )}
                      {calendar.recomputePending && (
                        <Badge
                          size="sm"
                          variant="light"
                          color="gray"
                          tt="none"
                          leftSection={<Loader size={10} />}
                        >
                          {t('sla.recomputing')}
                        </Badge>
                      )}
                    </Group>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{format.week(calendar.week)}</Text>
                  {Object.keys(calendar.exceptions).length > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('sla.calendars.exceptionCount', { n: Object.keys(calendar.exceptions).length })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{calendar.timeZone}</Table.Td>
                <Table.Td>{calendar.productionCalendar ? t('common.yes') : t('common.no')}</Table.Td>
                <Table.Td ta="right">
                  {calendar.isDefault
                    ? calendar.clientCount > 0
                      ? t('sla.calendars.allOthers', { n: calendar.clientCount })
                      : t('sla.calendars.allWithout')
                    : calendar.clientCount}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <>
      <PageHeader
        title={t('sla.calendars.title')}
        description={t('sla.calendars.description')}
        actions={calendars.data && calendars.data.items.length > 0 ? newButton : undefined}
      />
      {renderBody()}
    </>
  );
}
