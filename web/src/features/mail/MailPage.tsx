import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { EditIcon, InboxIcon, PlusIcon, TrashIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { fieldErrorsFrom } from '../../lib/forms.ts';
import { useFormatDate } from '../auth/useFormatDate.ts';
import { ClientSelect } from '../users/ClientSelect.tsx';
import {
  TEMPLATE_KINDS,
  createMailbox,
  deleteDomain,
  deleteMailbox,
  domainsQueryKey,
  domainsQueryOptions,
  inboundQueryKey,
  inboundQueryOptions,
  mailboxesQueryKey,
  mailboxesQueryOptions,
  pollMailbox,
  putDomain,
  resetTemplate,
  saveSettings,
  saveTemplate,
  settingsQueryKey,
  settingsQueryOptions,
  templatesQueryKey,
  templatesQueryOptions,
  testMailbox,
  updateMailbox,
  type InboundLetter,
  type Mailbox,
  type MailboxInput,
  type MailSettings,
  type MailTemplate,
  type TemplateKind,
} from './api.ts';

/** Admin: «Почта» — support mailboxes, client domains, outgoing SMTP, the letters' texts and the intake log. */
export function MailPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('mail.title')} description={t('mail.description')} />
      <Stack gap="xl">
        <MailboxesSection />
        <DomainsSection />
        <SmtpSection />
        <TemplatesSection />
        <InboundSection />
      </Stack>
    </>
  );
}

function Section({
  title,
  hint,
  actions,
  testId,
  children,
}: {
  title: string;
  hint: string;
  actions?: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        </Stack>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

function MailboxesSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const formatDate = useFormatDate();
  const mailboxes = useQuery(mailboxesQueryOptions);
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const [removing, setRemoving] = useState<Mailbox | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: mailboxesQueryKey });

  const test = useMutation({
    mutationFn: testMailbox,
    onSuccess: (result) =>
      notifications.show(
        result.ok
          ? { color: 'green', message: t('mail.mailboxes.testOk', { messages: result.messages ?? 0 }) }
          : { color: 'red', title: t('mail.mailboxes.testFailed'), message: result.error ?? '' },
      ),
    onError: (error) => notifications.show({ color: 'red', message: describe(error) }),
  });
  const poll = useMutation({
    mutationFn: pollMailbox,
    onSuccess: async (result) => {
      notifications.show({
        color: 'green',
        message: t('mail.mailboxes.polled', { fetched: result.fetched, stored: result.stored }),
      });
      await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: inboundQueryKey })]);
    },
    onError: async (error) => {
      notifications.show({ color: 'red', message: describe(error) });
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (mailbox: Mailbox) => deleteMailbox(mailbox.id),
    onSuccess: async () => {
      setRemoving(null);
      await refresh();
    },
  });

  return (
    <Section
      title={t('mail.mailboxes.title')}
      hint={t('mail.mailboxes.hint')}
      testId="mail-mailboxes"
      actions={
        <Button leftSection={<PlusIcon />} onClick={() => setEditing('new')}>
          {t('mail.mailboxes.add')}
        </Button>
      }
    >
      {mailboxes.isPending ? (
        <PageLoader />
      ) : mailboxes.isError ? (
        <ErrorState error={mailboxes.error} onRetry={() => void mailboxes.refetch()} />
      ) : mailboxes.data.items.length === 0 ? (
        <EmptyHint
          icon={<InboxIcon />}
          title={t('mail.mailboxes.empty')}
          description={t('mail.mailboxes.emptyHint')}
        />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mail.mailboxes.name')}</Table.Th>
                <Table.Th>{t('mail.mailboxes.server')}</Table.Th>
                <Table.Th>{t('mail.mailboxes.policy')}</Table.Th>
                <Table.Th>{t('mail.mailboxes.lastPoll')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mailboxes.data.items.map((mailbox) => (
                <Table.Tr key={mailbox.id}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text fw={500}>{mailbox.name}</Text>
                      {!mailbox.enabled && <Badge color="gray">{t('mail.mailboxes.disabled')}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {mailbox.imapUser}@{mailbox.imapHost}:{mailbox.imapPort} {mailbox.imapTls ? 'TLS' : ''}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {mailbox.folder}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`mail.policy.${mailbox.unknownSenderPolicy}`)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(mailbox.lastPolledAt) ?? '—'}</Text>
                    {mailbox.lastError && (
                      <Text size="xs" c="red">
                        {mailbox.lastError}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        loading={test.isPending && test.variables === mailbox.id}
                        onClick={() => test.mutate(mailbox.id)}
                      >
                        {t('mail.mailboxes.test')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        loading={poll.isPending && poll.variables === mailbox.id}
                        onClick={() => poll.mutate(mailbox.id)}
                      >
                        {t('mail.mailboxes.pollNow')}
                      </Button>
                      <Tooltip label={t('common.edit')}>
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('common.edit')}
                          onClick={() => setEditing(mailbox)}
                        >
                          <EditIcon />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('mail.delete')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('mail.delete')}
                          onClick={() => setRemoving(mailbox)}
                        >
                          <TrashIcon />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <MailboxModal mailbox={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      <ConfirmModal
        opened={removing !== null}
        title={t('mail.mailboxes.removeTitle')}
        confirmLabel={t('mail.delete')}
        isPending={remove.isPending}
        error={remove.error ? describe(remove.error) : undefined}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      >
        {t('mail.mailboxes.removeText', { name: removing?.name ?? '' })}
      </ConfirmModal>
    </Section>
  );
}

const MAILBOX_FIELDS = ['name', 'imapHost', 'imapPort', 'imapUser', 'imapPassword', 'folder'] as const;

function MailboxModal({ mailbox, onClose }: { mailbox: Mailbox | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<MailboxInput>(() => ({
    name: mailbox?.name ?? '',
    imapHost: mailbox?.imapHost ?? '',
    imapPort: mailbox?.imapPort ?? 993,
    imapTls: mailbox?.imapTls ?? true,
    imapUser: mailbox?.imapUser ?? '',
    folder: mailbox?.folder ?? 'INBOX',
    enabled: mailbox?.enabled ?? true,
    unknownSenderPolicy: mailbox?.unknownSenderPolicy ?? 'triage',
  }));
  const [password, setPassword] = useState('');
  const save = useMutation({
    mutationFn: () =>
      mailbox
        ? updateMailbox({ id: mailbox.id, ...form, ...(password ? { imapPassword: password } : {}) })
        : createMailbox({ ...form, imapPassword: password }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: mailboxesQueryKey });
      onClose();
    },
  });
  const errors = fieldErrorsFrom(save.error, MAILBOX_FIELDS);
  const set = <K extends keyof MailboxInput>(key: K, value: MailboxInput[K]) =>
    setForm((previous) => ({ ...previous, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={mailbox ? t('mail.mailboxes.editTitle') : t('mail.mailboxes.addTitle')}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('mail.mailboxes.name')}
            required
            value={form.name}
            error={errors.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            data-autofocus
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('mail.mailboxes.host')}
              required
              value={form.imapHost}
              error={errors.imapHost}
              onChange={(e) => set('imapHost', e.currentTarget.value)}
              placeholder="imap.example.ru"
            />
            <NumberInput
              label={t('mail.mailboxes.port')}
              required
              min={1}
              max={65535}
              value={form.imapPort}
              error={errors.imapPort}
              onChange={(value) => set('imapPort', Number(value) || 0)}
            />
          </Group>
          <Switch
            label={t('mail.mailboxes.tls')}
            checked={form.imapTls}
            onChange={(e) => set('imapTls', e.currentTarget.checked)}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('mail.mailboxes.user')}
              required
              value={form.imapUser}
              error={errors.imapUser}
              onChange={(e) => set('imapUser', e.currentTarget.value)}
              autoComplete="off"
            />
            <PasswordInput
              label={t('mail.mailboxes.password')}
              description={mailbox?.hasPassword ? t('mail.mailboxes.passwordKept') : undefined}
              value={password}
              error={errors.imapPassword}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="new-password"
            />
          </Group>
          <TextInput
            label={t('mail.mailboxes.folder')}
            required
            value={form.folder}
            error={errors.folder}
            onChange={(e) => set('folder', e.currentTarget.value)}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('mail.mailboxes.policy')}
            </Text>
            <SegmentedControl
              value={form.unknownSenderPolicy}
              onChange={(value) => set('unknownSenderPolicy', value === 'refuse' ? 'refuse' : 'triage')}
              data={[
                { value: 'triage', label: t('mail.policy.triage') },
                { value: 'refuse', label: t('mail.policy.refuse') },
              ]}
            />
            <Text size="xs" c="dimmed">
              {t(`mail.policy.${form.unknownSenderPolicy}Hint`)}
            </Text>
          </Stack>
          <Switch
            label={t('mail.mailboxes.enabled')}
            checked={form.enabled}
            onChange={(e) => set('enabled', e.currentTarget.checked)}
          />
          <FormErrorAlert error={save.error} fields={MAILBOX_FIELDS} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DomainsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const domains = useQuery(domainsQueryOptions);
  const [domain, setDomain] = useState('');
  const [client, setClient] = useState<{ id: string; name: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: domainsQueryKey });
  const add = useMutation({
    mutationFn: putDomain,
    onSuccess: async () => {
      setDomain('');
      setClient(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: deleteDomain,
    onSuccess: refresh,
    onError: (error) => notifications.show({ color: 'red', message: describe(error) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (client && domain.trim()) {
      add.mutate({ domain: domain.trim().toLowerCase(), clientId: client.id });
    }
  };
  return (
    <Section title={t('mail.domains.title')} hint={t('mail.domains.hint')} testId="mail-domains">
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" mb="sm" wrap="wrap">
          <TextInput
            label={t('mail.domains.domain')}
            placeholder="romashka.ru"
            value={domain}
            onChange={(e) => setDomain(e.currentTarget.value)}
            error={fieldErrorsFrom(add.error, ['domain']).domain}
          />
          <ClientSelect
            value={client}
            onChange={setClient}
            label={t('mail.domains.client')}
            description={t('mail.domains.clientHint')}
            required={false}
          />
          <Button
            type="submit"
            leftSection={<PlusIcon />}
            disabled={!client || !domain.trim()}
            loading={add.isPending}
          >
            {t('mail.domains.add')}
          </Button>
        </Group>
        <FormErrorAlert error={add.error} fields={['domain', 'clientId']} />
      </form>
      {domains.isPending ? (
        <PageLoader />
      ) : domains.isError ? (
        <ErrorState error={domains.error} onRetry={() => void domains.refetch()} />
      ) : domains.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('mail.domains.empty')}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {domains.data.items.map((row) => (
              <Table.Tr key={row.domain}>
                <Table.Td>
                  <Text ff="monospace">@{row.domain}</Text>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/desk/clients/${row.clientId}`}>
                    {row.clientName}
                  </Anchor>
                </Table.Td>
                <Table.Td w={48}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('mail.domains.remove', { domain: row.domain })}
                    onClick={() => remove.mutate(row.domain)}
                  >
                    <TrashIcon />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function SmtpSection() {
  const { t } = useTranslation();
  const settings = useQuery(settingsQueryOptions);
  return (
    <Section title={t('mail.smtp.title')} hint={t('mail.smtp.hint')} testId="mail-smtp">
      {settings.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SmtpForm settings={settings.data} />
      )}
    </Section>
  );
}

/** The form starts from the stored settings; the password field always starts empty (it is never sent back). */
function SmtpForm({ settings }: { settings: MailSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [smtpUrl, setSmtpUrl] = useState(settings.smtpUrl ?? '');
  const [password, setPassword] = useState('');
  const [fromAddress, setFromAddress] = useState(settings.fromAddress ?? '');
  const save = useMutation({
    mutationFn: () =>
      saveSettings({
        smtpUrl: smtpUrl.trim() || null,
        fromAddress: fromAddress.trim() || null,
        ...(password ? { smtpPassword: password } : {}),
      }),
    onSuccess: async () => {
      setPassword('');
      notifications.show({ color: 'green', message: t('mail.smtp.saved') });
      await queryClient.invalidateQueries({ queryKey: settingsQueryKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={640}>
        <Alert variant="light" color={settings.effective === 'none' ? 'yellow' : 'blue'}>
          {t(`mail.smtp.effective.${settings.effective}`)}
        </Alert>
        <TextInput
          label={t('mail.smtp.url')}
          description={t('mail.smtp.urlHint')}
          placeholder="smtps://support@smtp.example.ru:465"
          value={smtpUrl}
          onChange={(e) => setSmtpUrl(e.currentTarget.value)}
          error={fieldErrorsFrom(save.error, ['smtpUrl']).smtpUrl}
        />
        <PasswordInput
          label={t('mail.smtp.password')}
          description={settings.hasPassword ? t('mail.mailboxes.passwordKept') : undefined}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="new-password"
        />
        <TextInput
          label={t('mail.smtp.from')}
          placeholder="Поддержка <support@example.ru>"
          value={fromAddress}
          onChange={(e) => setFromAddress(e.currentTarget.value)}
        />
        <FormErrorAlert error={save.error} fields={['smtpUrl']} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TemplatesSection() {
  const { t, i18n } = useTranslation();
  const templates = useQuery(templatesQueryOptions);
  const [kind, setKind] = useState<TemplateKind>('received');
  const [locale, setLocale] = useState<'ru' | 'en'>(i18n.language === 'en' ? 'en' : 'ru');
  const current = templates.data?.items.find((item) => item.kind === kind && item.locale === locale);
  return (
    <Section title={t('mail.templates.title')} hint={t('mail.templates.hint')} testId="mail-templates">
      {templates.isPending ? (
        <PageLoader />
      ) : templates.isError ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : (
        <Stack gap="sm">
          <Group align="flex-end" wrap="wrap">
            <Select
              label={t('mail.templates.kind')}
              value={kind}
              allowDeselect={false}
              onChange={(value) => {
                const chosen = TEMPLATE_KINDS.find((candidate) => candidate === value);
                if (chosen) {
                  setKind(chosen);
                }
              }}
              data={TEMPLATE_KINDS.map((value) => ({ value, label: t(`mail.templates.kinds.${value}`) }))}
              w={320}
            />
            <SegmentedControl
              value={locale}
              onChange={(value) => setLocale(value === 'en' ? 'en' : 'ru')}
              data={[
                { value: 'ru', label: 'Русский' },
                { value: 'en', label: 'English' },
              ]}
            />
            {current && !current.isDefault && <Badge color="blue">{t('mail.templates.edited')}</Badge>}
          </Group>
          {current && (
            // A new key per text: switching the letter or resetting it starts the form from that text.
            <TemplateForm key={`${kind}-${locale}-${current.subject}-${current.body}`} template={current} />
          )}
        </Stack>
      )}
    </Section>
  );
}

function TemplateForm({ template }: { template: MailTemplate }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const refresh = () => queryClient.invalidateQueries({ queryKey: templatesQueryKey });
  const save = useMutation({
    mutationFn: () => saveTemplate({ kind: template.kind, locale: template.locale, subject, body }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('mail.templates.saved') });
      await refresh();
    },
  });
  const reset = useMutation({ mutationFn: () => resetTemplate(template), onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('mail.templates.subject')}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={fieldErrorsFrom(save.error, ['subject']).subject}
        />
        <Textarea
          label={t('mail.templates.body')}
          autosize
          minRows={6}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={fieldErrorsFrom(save.error, ['body']).body}
        />
        <Text size="xs" c="dimmed">
          {t('mail.templates.placeholders', PLACEHOLDERS)}
        </Text>
        <FormErrorAlert error={save.error} fields={['subject', 'body']} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          <Button
            variant="default"
            disabled={template.isDefault}
            loading={reset.isPending}
            onClick={() => reset.mutate()}
          >
            {t('mail.templates.reset')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// The hint names the placeholders literally: each interpolates to its own spelling.
const PLACEHOLDERS = {
  number: '{{number}}',
  title: '{{title}}',
  comment: '{{comment}}',
  estimate: '{{estimate}}',
  subject: '{{subject}}',
};

const OUTCOME_COLORS: Record<InboundLetter['outcome'], string> = {
  ticket_created: 'green',
  comment_added: 'blue',
  ignored: 'gray',
  refused: 'orange',
};

function InboundSection() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const inbound = useQuery(inboundQueryOptions);
  return (
    <Section title={t('mail.inbound.title')} hint={t('mail.inbound.hint')} testId="mail-inbound">
      {inbound.isPending ? (
        <PageLoader />
      ) : inbound.isError ? (
        <ErrorState error={inbound.error} onRetry={() => void inbound.refetch()} />
      ) : inbound.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('mail.inbound.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mail.inbound.received')}</Table.Th>
                <Table.Th>{t('mail.inbound.from')}</Table.Th>
                <Table.Th>{t('mail.inbound.subject')}</Table.Th>
                <Table.Th>{t('mail.inbound.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {inbound.data.items.map((letter) => (
                <Table.Tr key={letter.id}>
                  <Table.Td>
                    <Text size="sm">{formatDate(letter.receivedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{letter.fromAddress}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {letter.subject || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Badge color={OUTCOME_COLORS[letter.outcome]} variant="light">
                        {t(`mail.inbound.outcomes.${letter.outcome}`)}
                      </Badge>
                      {letter.ticketId && letter.ticketNumber !== null && (
                        <Anchor component={Link} to={`/desk/tickets/${letter.ticketId}`} size="sm">
                          №{letter.ticketNumber}
                        </Anchor>
                      )}
                    </Group>
                    {letter.reason && (
                      <Text size="xs" c="dimmed">
                        {letter.reason}
                      </Text>
                    )}
                    {!letter.acknowledged && letter.outcome !== 'ignored' && (
                      <Text size="xs" c="orange">
                        {t('mail.inbound.notAcknowledged')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
