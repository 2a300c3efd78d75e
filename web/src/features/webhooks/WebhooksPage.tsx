import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_EVENTS, type WebhookDeliveryState, type WebhookEvent } from '#common/webhooks.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { CheckIcon, CopyIcon, PlusIcon, WebhookIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { fieldErrorsFrom, useFieldErrors } from '../../lib/forms.ts';
import { useFormatDate } from '../auth/useFormatDate.ts';
import {
  createWebhook,
  deleteWebhook,
  deliveriesQueryKey,
  deliveriesQueryOptions,
  sendTestDelivery,
  updateWebhook,
  webhooksQueryKey,
  webhooksQueryOptions,
  type CreatedWebhook,
  type Webhook,
  type WebhookInput,
} from './api.ts';

const FIELDS = ['name', 'url', 'events'] as const;
type Field = (typeof FIELDS)[number];

const STATE_COLORS: Record<WebhookDeliveryState, string> = {
  pending: 'yellow',
  delivered: 'green',
  failed: 'red',
  skipped: 'gray',
};

/** The admin's outgoing webhooks: subscriptions, their secrets (once), test pings and the delivery log. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const webhooks = useQuery(webhooksQueryOptions);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        description={t('webhooks.description')}
        actions={
          <Button leftSection={<PlusIcon />} onClick={() => setEditing('new')}>
            {t('webhooks.add')}
          </Button>
        }
      />
      <Stack gap="lg">
        {created && <SecretAlert webhook={created} onClose={() => setCreated(null)} />}
        {webhooks.isPending ? (
          <PageLoader />
        ) : webhooks.isError ? (
          <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
        ) : webhooks.data.items.length === 0 ? (
          <EmptyHint
            icon={<WebhookIcon size={28} />}
            title={t('webhooks.empty.title')}
            description={t('webhooks.empty.description')}
          />
        ) : (
          <WebhookTable webhooks={webhooks.data.items} onEdit={setEditing} onShowLog={setLogOf} />
        )}
      </Stack>
      {editing && (
        <WebhookFormModal
          webhook={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={setCreated}
        />
      )}
      {logOf && <DeliveryLogModal webhook={logOf} onClose={() => setLogOf(null)} />}
    </>
  );
}

function useEventLabel() {
  const { t } = useTranslation();
  return (event: string) =>
    (WEBHOOK_EVENTS as readonly string[]).includes(event)
      ? t(`webhooks.events.${event as WebhookEvent}`)
      : t('webhooks.events.ping');
}

function SecretAlert({ webhook, onClose }: { webhook: CreatedWebhook; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="green"
      variant="light"
      title={t('webhooks.created.title', { name: webhook.name })}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="new-webhook-secret"
    >
      <Stack gap="sm">
        <Text size="sm">{t('webhooks.created.warning')}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {webhook.secret}
          </Code>
          <CopyButton value={webhook.secret}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                <ActionIcon
                  variant={copied ? 'filled' : 'default'}
                  color={copied ? 'teal' : undefined}
                  size="lg"
                  aria-label={copied ? t('common.copied') : t('webhooks.copySecret')}
                  onClick={copy}
                >
                  {copied ? <CheckIcon /> : <CopyIcon />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          {t('webhooks.created.usage')}
        </Text>
      </Stack>
    </Alert>
  );
}

function WebhookTable({
  webhooks,
  onEdit,
  onShowLog,
}: {
  webhooks: Webhook[];
  onEdit: (webhook: Webhook) => void;
  onShowLog: (webhook: Webhook) => void;
}) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const eventLabel = useEventLabel();
  const describe = useErrorMessage();
  const queryClient = useQueryClient();
  const [toDelete, setToDelete] = useState<Webhook | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: webhooksQueryKey });

  const toggle = useMutation({
    mutationFn: ({ id, isActive }: { id: string; isActive: boolean }) => updateWebhook(id, { isActive }),
    onSuccess: refresh,
    onError: (error) => notifications.show({ color: 'red', message: describe(error) }),
  });
  const test = useMutation({
    mutationFn: (webhook: Webhook) => sendTestDelivery(webhook.id),
    onSuccess: (_delivery, webhook) => {
      notifications.show({ color: 'blue', message: t('webhooks.testQueued', { name: webhook.name }) });
      void queryClient.invalidateQueries({ queryKey: deliveriesQueryKey(webhook.id) });
      onShowLog(webhook);
    },
    onError: (error) => notifications.show({ color: 'red', message: describe(error) }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteWebhook(id),
    onSuccess: () => {
      setToDelete(null);
      refresh();
    },
  });

  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('webhooks.receiver')}</Table.Th>
              <Table.Th>{t('webhooks.eventsLabel')}</Table.Th>
              <Table.Th>{t('webhooks.lastDelivery')}</Table.Th>
              <Table.Th>{t('webhooks.active')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {webhooks.map((webhook) => (
              <Table.Tr key={webhook.id} data-testid="webhook-row">
                <Table.Td>
                  <Text fw={500}>{webhook.name}</Text>
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                    {webhook.url}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('webhooks.secretHint', { hint: webhook.secretHint })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {webhook.events.map((event) => (
                      <Badge key={event} variant="light" size="sm">
                        {eventLabel(event)}
                      </Badge>
                    ))}
                    {webhook.includeInternal && (
                      <Badge variant="outline" color="orange" size="sm">
                        {t('webhooks.withInternal')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {webhook.lastDelivery ? (
                    <Stack gap={2}>
                      <Badge color={STATE_COLORS[webhook.lastDelivery.state]} variant="light" size="sm">
                        {t(`webhooks.states.${webhook.lastDelivery.state}`)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {formatDate(webhook.lastDelivery.at)}
                      </Text>
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('webhooks.never')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Switch
                    checked={webhook.isActive}
                    aria-label={t('webhooks.activeNamed', { name: webhook.name })}
                    onChange={(event) =>
                      toggle.mutate({ id: webhook.id, isActive: event.currentTarget.checked })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => onShowLog(webhook)}>
                      {t('webhooks.log')}
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      loading={test.isPending && test.variables.id === webhook.id}
                      onClick={() => test.mutate(webhook)}
                    >
                      {t('webhooks.sendTest')}
                    </Button>
                    <Button size="xs" variant="subtle" onClick={() => onEdit(webhook)}>
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => {
                        remove.reset();
                        setToDelete(webhook);
                      }}
                    >
                      {t('webhooks.delete')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={toDelete !== null}
        title={t('webhooks.deleteTitle')}
        confirmLabel={t('webhooks.delete')}
        isPending={remove.isPending}
        error={
          remove.error && (
            <Text size="sm" c="red" role="alert">
              {describe(remove.error)}
            </Text>
          )
        }
        onConfirm={() => toDelete && remove.mutate(toDelete.id)}
        onClose={() => setToDelete(null)}
      >
        {t('webhooks.deleteConfirm', { name: toDelete?.name ?? '' })}
      </ConfirmModal>
    </>
  );
}

function WebhookFormModal({
  webhook,
  onClose,
  onCreated,
}: {
  webhook: Webhook | null;
  onClose: () => void;
  onCreated: (created: CreatedWebhook) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const eventLabel = useEventLabel();
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? 'https://');
  const [events, setEvents] = useState<WebhookEvent[]>(webhook?.events ?? ['request.created']);
  const [includeInternal, setIncludeInternal] = useState(webhook?.includeInternal ?? false);
  const { errors, setErrors, clearError } = useFieldErrors<Field>();

  const save = useMutation({
    mutationFn: (input: WebhookInput) => (webhook ? updateWebhook(webhook.id, input) : createWebhook(input)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: webhooksQueryKey });
      if ('secret' in saved) {
        onCreated(saved as CreatedWebhook);
      } else {
        notifications.show({ color: 'green', message: t('webhooks.saved') });
      }
      onClose();
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = url.trim();
    const missing = {
      ...(/^https?:\/\/[^/\s]+/i.test(trimmed) ? {} : { url: t('webhooks.errors.url') }),
      ...(events.length ? {} : { events: t('webhooks.errors.events') }),
    };
    setErrors(missing);
    if (Object.keys(missing).length) {
      return;
    }
    save.mutate({ ...(name.trim() ? { name: name.trim() } : {}), url: trimmed, events, includeInternal });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={webhook ? t('webhooks.editTitle') : t('webhooks.addTitle')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          <TextInput
            label={t('webhooks.url')}
            description={t('webhooks.urlHint')}
            required
            data-autofocus
            maxLength={2000}
            value={url}
            error={errors.url}
            onChange={(event) => {
              setUrl(event.currentTarget.value);
              clearError('url');
            }}
          />
          <TextInput
            label={t('webhooks.name')}
            description={t('webhooks.nameHint')}
            maxLength={120}
            value={name}
            error={errors.name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              clearError('name');
            }}
          />
          <Checkbox.Group
            label={t('webhooks.eventsLabel')}
            value={events}
            onChange={(value) => {
              setEvents(value);
              clearError('events');
            }}
            error={errors.events}
          >
            <Stack gap="xs" mt="xs">
              {WEBHOOK_EVENTS.map((event) => (
                <Checkbox
                  key={event}
                  value={event}
                  label={eventLabel(event)}
                  description={<Code>{event}</Code>}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Switch
            label={t('webhooks.includeInternal')}
            description={t('webhooks.includeInternalHint')}
            checked={includeInternal}
            onChange={(event) => setIncludeInternal(event.currentTarget.checked)}
          />
          <FormErrorAlert error={save.error} fields={FIELDS} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {webhook ? t('common.save') : t('webhooks.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeliveryLogModal({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // Without a status the server names the failure: a timeout in words, a network error by its code.
  const attemptFailure = (error: string | null) =>
    error?.startsWith('no answer within') ? t('webhooks.timeout') : (error ?? '—');
  const handleClose = () => {
    // The list's «last delivery» column may have changed while the log was open.
    void queryClient.invalidateQueries({ queryKey: webhooksQueryKey, exact: true });
    onClose();
  };
  const formatDate = useFormatDate();
  const eventLabel = useEventLabel();
  const deliveries = useQuery({
    ...deliveriesQueryOptions(webhook.id),
    // While something is still on its way, the log follows it.
    refetchInterval: (query) =>
      query.state.data?.items.some((delivery) => delivery.state === 'pending') ? 3_000 : false,
  });

  return (
    <Modal
      opened
      onClose={handleClose}
      title={t('webhooks.logTitle', { name: webhook.name })}
      size="xl"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {deliveries.isPending ? (
        <PageLoader />
      ) : deliveries.isError ? (
        <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('webhooks.logEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" data-testid="webhook-log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.when')}</Table.Th>
                <Table.Th>{t('webhooks.event')}</Table.Th>
                <Table.Th>{t('webhooks.state')}</Table.Th>
                <Table.Th>{t('webhooks.attempts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.data.items.map((delivery) => (
                <Table.Tr key={delivery.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(delivery.createdAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{eventLabel(delivery.event)}</Text>
                    {delivery.ticketNumber !== null && (
                      <Text size="xs" c="dimmed">
                        {t('webhooks.request', { number: delivery.ticketNumber })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATE_COLORS[delivery.state]} variant="light" size="sm">
                      {t(`webhooks.states.${delivery.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {delivery.attempts.map((attempt) => (
                        <Text key={attempt.attempt} size="xs" c={attempt.error ? 'red' : undefined}>
                          {t('webhooks.attemptLine', {
                            n: attempt.attempt,
                            status: attempt.statusCode ?? attemptFailure(attempt.error),
                            ms: attempt.durationMs,
                          })}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="flex-end" mt="md">
        <Anchor component="button" type="button" size="sm" onClick={() => void deliveries.refetch()}>
          {t('webhooks.refresh')}
        </Anchor>
      </Group>
    </Modal>
  );
}
