import { Button, Grid, Group, Modal, Select, SimpleGrid, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type Channel, type Priority } from '#common/tickets.ts';
import { FormErrorAlert } from '../../../components/FormErrorAlert.tsx';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import type { Service } from '../../catalog/api.ts';
import { ServiceSelect } from '../../catalog/ServiceSelect.tsx';
import { clientQueryOptions } from '../../clients/api.ts';
import { ClientBalancePanel } from '../../contracts/components/ClientBalancePanel.tsx';
import { TicketTypeSelect } from '../../dictionaries/TicketTypeSelect.tsx';
import { ClientSelect } from '../../users/ClientSelect.tsx';
import { useCreateTicket } from '../useCreateTicket.ts';
import { TicketTextFields } from './TicketTextFields.tsx';
import { plainTextToHtml } from '../richText.ts';
import { useTicketFormat } from '../useTicketFormat.ts';

const FIELDS = [
  'clientId',
  'requesterId',
  'serviceId',
  'title',
  'description',
  'type',
  'priority',
  'channel',
] as const;
type Field = (typeof FIELDS)[number];

// Staff register calls, letters and messages; the portal and the API are the clients' own doors.
const STAFF_CHANNELS = CHANNELS.filter((channel) => channel !== 'portal' && channel !== 'api');

/** Registers a request on a client's behalf: the call an agent has just taken. */
export function NewTicketModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { priorityLabel, channelLabel, offeredPriorities } = useTicketFormat();
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const [client, setClient] = useState<{ id: string; name: string } | null>(null);
  const [requesterId, setRequesterId] = useState<string | null>(null);
  const [service, setService] = useState<Service | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<string | null>(null);
  const [chosenPriority, setPriority] = useState<Priority>('normal');
  // A level the admin has retired is not offered: the form falls back to «normal», or the first offered.
  const priority = offeredPriorities.includes(chosenPriority)
    ? chosenPriority
    : offeredPriorities.includes('normal')
      ? 'normal'
      : (offeredPriorities[0] ?? 'normal');
  const [channel, setChannel] = useState<Channel>('phone');

  const details = useQuery({ ...clientQueryOptions(client?.id ?? ''), enabled: client !== null });
  const contacts = (details.data?.contacts ?? []).filter((contact) => contact.isActive !== false);

  const create = useCreateTicket({
    area: 'desk',
    onCreated: onClose,
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: FieldErrors<Field> = {
      ...(client ? {} : { clientId: t('tickets.create.clientRequired') }),
      ...(title.trim() ? {} : { title: t('tickets.create.titleRequired') }),
    };
    setErrors(missing);
    if (!client || Object.keys(missing).length > 0) {
      return;
    }
    create.mutate({
      title: title.trim(),
      clientId: client.id,
      priority,
      channel,
      ...(type ? { type } : {}),
      ...(requesterId ? { requesterId } : {}),
      ...(service ? { serviceId: service.id } : {}),
      ...(description.trim() ? { description: plainTextToHtml(description) } : {}),
    });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('tickets.create.title')}
      size="xl"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <form onSubmit={handleSubmit} noValidate data-testid="new-ticket-form">
            <Stack>
              <ClientSelect
                label={t('tickets.create.client')}
                description={t('tickets.create.clientHint')}
                value={client}
                onChange={(value) => {
                  setClient(value);
                  setRequesterId(null);
                  clearError('clientId');
                }}
                error={errors.clientId}
              />
              <Select
                label={t('tickets.create.contact')}
                description={t('tickets.create.contactHint')}
                placeholder={
                  client ? t('tickets.create.contactPlaceholder') : t('tickets.create.chooseClientFirst')
                }
                disabled={!client}
                clearable
                searchable
                data={contacts.map((contact) => ({
                  value: contact.id,
                  label: contact.phone
                    ? `${contact.name} · ${contact.phone}`
                    : `${contact.name} · ${contact.email}`,
                }))}
                value={requesterId}
                onChange={(value) => {
                  setRequesterId(value);
                  clearError('requesterId');
                }}
                nothingFoundMessage={
                  details.isFetching ? t('common.loading') : t('tickets.create.noContacts')
                }
                error={errors.requesterId}
                comboboxProps={{ withinPortal: true }}
              />
              <ServiceSelect
                value={service?.id ?? null}
                onChange={(value) => {
                  setService(value);
                  clearError('serviceId');
                }}
                description={t('tickets.create.serviceHint')}
                error={errors.serviceId}
              />
              <TicketTextFields
                title={title}
                description={description}
                onTitle={(value) => {
                  setTitle(value);
                  clearError('title');
                }}
                onDescription={(value) => {
                  setDescription(value);
                  clearError('description');
                }}
                errors={errors}
              />
              <SimpleGrid cols={{ base: 1, xs: 3 }}>
                <TicketTypeSelect
                  value={type}
                  onChange={(value) => {
                    setType(value);
                    clearError('type');
                  }}
                  error={errors.type}
                />
                <Select
                  label={t('tickets.create.priority')}
                  data={offeredPriorities.map((value) => ({ value, label: priorityLabel(value) }))}
                  value={priority}
                  onChange={(value) => value && setPriority(value)}
                  allowDeselect={false}
                  error={errors.priority}
                  comboboxProps={{ withinPortal: true }}
                />
                <Select
                  label={t('tickets.create.channel')}
                  data={STAFF_CHANNELS.map((value) => ({ value, label: channelLabel(value) }))}
                  value={channel}
                  onChange={(value) => value && setChannel(value)}
                  allowDeselect={false}
                  error={errors.channel}
                  comboboxProps={{ withinPortal: true }}
                />
              </SimpleGrid>
              <FormErrorAlert error={create.error} fields={FIELDS} />
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose} disabled={create.isPending}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={create.isPending}>
                  {t('tickets.create.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <ClientBalancePanel clientId={client?.id ?? null} tariffMode={service?.tariffMode ?? null} />
        </Grid.Col>
      </Grid>
    </Modal>
  );
}
