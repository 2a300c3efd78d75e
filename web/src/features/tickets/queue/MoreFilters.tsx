import { Badge, Button, Checkbox, Group, Popover, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '#common/tickets.ts';
import { ClientSelect } from '../../users/ClientSelect.tsx';
import { clientQueryOptions } from '../../clients/api.ts';
import { useTicketFormat } from '../useTicketFormat.ts';
import type { QueueState } from './queueState.ts';
import { isChannel } from './queueState.ts';
import type { QueueLookups } from './useQueueLookups.ts';

type Filters = QueueState['filters'];

/** Keys of the filters this popover holds: the button counts those in use. */
const MORE = [
  'clientId',
  'lineId',
  'groupId',
  'serviceId',
  'type',
  'channel',
  'without',
  'createdFrom',
  'createdTo',
  'dueFrom',
  'dueTo',
] as const;

type MoreFiltersProps = {
  filters: Filters;
  lookups: QueueLookups;
  onChange: (changes: Partial<Filters>) => void;
};

/** The rarer filters of the queue, in one popover so the bar stays short. */
export function MoreFilters({ filters, lookups, onChange }: MoreFiltersProps) {
  const { t, i18n } = useTranslation();
  const { channelLabel } = useTicketFormat();
  const client = useQuery({ ...clientQueryOptions(filters.clientId ?? ''), enabled: !!filters.clientId });
  const [opened, setOpened] = useState(false);
  const inUse = MORE.filter((key) => filters[key] !== undefined).length;
  const groups = lookups.lines
    .filter((line) => !filters.lineId || line.id === filters.lineId)
    .flatMap((line) => line.groups.map((group) => ({ value: group.id, label: group.name })));
  const unassigned = filters.without?.includes('assignee') ?? false;
  const dateInput = (field: 'createdFrom' | 'createdTo' | 'dueFrom' | 'dueTo') => (
    <TextInput
      type="date"
      label={t(`queue.filters.${field}`)}
      value={filters[field] ?? ''}
      onChange={(event) => onChange({ [field]: event.currentTarget.value || undefined })}
      data-testid={`filter-${field}`}
    />
  );

  return (
    // The client picker's list opens in a portal: a click there must not count as a click outside.
    <Popover
      position="bottom-end"
      shadow="md"
      width={520}
      withinPortal
      opened={opened}
      onChange={setOpened}
      closeOnClickOutside={false}
    >
      <Popover.Target>
        <Button
          onClick={() => setOpened((open) => !open)}
          variant="default"
          mb={1}
          rightSection={
            inUse ? (
              <Badge size="xs" circle>
                {inUse}
              </Badge>
            ) : undefined
          }
          data-testid="more-filters"
        >
          {t('queue.filters.more')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <ClientSelect
              label={t('queue.filters.client')}
              description=""
              placeholder={t('queue.filters.any')}
              required={false}
              value={filters.clientId ? { id: filters.clientId, name: client.data?.name ?? '…' } : null}
              onChange={(picked) => onChange({ clientId: picked?.id })}
            />
            <Select
              label={t('queue.filters.type')}
              placeholder={t('queue.filters.any')}
              data={lookups.types.map((type) => ({
                value: type.code,
                label: i18n.language === 'en' ? type.nameEn : type.name,
              }))}
              value={filters.type ?? null}
              onChange={(value) => onChange({ type: value ?? undefined })}
              clearable
              comboboxProps={{ withinPortal: false }}
              data-testid="filter-type"
            />
            <Select
              label={t('queue.filters.line')}
              placeholder={t('queue.filters.any')}
              data={lookups.lines.map((line) => ({ value: line.id, label: line.name }))}
              value={filters.lineId ?? null}
              onChange={(value) => onChange({ lineId: value ?? undefined, groupId: undefined })}
              clearable
              comboboxProps={{ withinPortal: false }}
            />
            <Select
              label={t('queue.filters.group')}
              placeholder={t('queue.filters.any')}
              data={groups}
              value={filters.groupId ?? null}
              onChange={(value) => onChange({ groupId: value ?? undefined })}
              clearable
              comboboxProps={{ withinPortal: false }}
            />
            <Select
              label={t('queue.filters.service')}
              placeholder={t('queue.filters.any')}
              data={lookups.services
                .filter((service) => service.kind === 'service')
                .map((service) => ({ value: service.id, label: service.name }))}
              value={filters.serviceId ?? null}
              onChange={(value) => onChange({ serviceId: value ?? undefined })}
              searchable
              clearable
              comboboxProps={{ withinPortal: false }}
            />
            <Select
              label={t('queue.filters.channel')}
              placeholder={t('queue.filters.any')}
              data={CHANNELS.map((channel) => ({ value: channel, label: channelLabel(channel) }))}
              value={filters.channel ?? null}
              onChange={(value) => onChange({ channel: isChannel(value) ? value : undefined })}
              clearable
              comboboxProps={{ withinPortal: false }}
            />
            {dateInput('createdFrom')}
            {dateInput('createdTo')}
            {dateInput('dueFrom')}
            {dateInput('dueTo')}
          </SimpleGrid>
          <Group justify="space-between">
            <Checkbox
              label={t('queue.filters.unassigned')}
              checked={unassigned}
              onChange={(event) => {
                const rest = (filters.without ?? []).filter((item) => item !== 'assignee');
                const next = event.currentTarget.checked ? [...rest, 'assignee' as const] : rest;
                onChange({ without: next.length ? next : undefined });
              }}
            />
            <Button
              variant="subtle"
              size="xs"
              disabled={inUse === 0}
              onClick={() => onChange(Object.fromEntries(MORE.map((key) => [key, undefined])))}
            >
              {t('queue.filters.clearMore')}
            </Button>
            <Button size="xs" onClick={() => setOpened(false)} data-testid="more-filters-done">
              {t('queue.filters.done')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
