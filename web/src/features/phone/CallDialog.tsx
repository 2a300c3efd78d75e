import {
  Badge,
  Button,
  Group,
  Kbd,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { SearchIcon } from '../../components/icons.tsx';
import { fieldErrorsFrom, useFieldErrors } from '../../lib/forms.ts';
import { useIdempotencyKey } from '../../lib/idempotency.ts';
import { createTicket, ticketQueryKey, ticketsQueryKey, type TicketCreate } from '../tickets/api.ts';
import { plainTextToHtml } from '../tickets/richText.ts';
import { contactSearchQueryOptions, type ContactHit } from './api.ts';

const FIELDS = ['title', 'description', 'requesterId', 'clientId'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Registers a phone call as a request on the caller's behalf, from the keyboard: type a part of his
 * name, phone or company INN, Enter picks the highlighted contact, type the title, Enter registers.
 */
export function CallDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [contact, setContact] = useState<ContactHit | null>(null);

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('phone.title')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {contact ? (
        <CallForm contact={contact} onChangeContact={() => setContact(null)} onDone={onClose} />
      ) : (
        <ContactSearch onPick={setContact} />
      )}
    </Modal>
  );
}

function ContactSearch({ onPick }: { onPick: (contact: ContactHit) => void }) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const [active, setActive] = useState(0);
  const [debounced] = useDebouncedValue(term.trim(), 200);
  const search = useQuery({ ...contactSearchQueryOptions(debounced), placeholderData: keepPreviousData });
  const hits = debounced.length >= 2 ? (search.data?.items ?? []) : [];
  const index = Math.min(active, Math.max(hits.length - 1, 0));

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive(Math.min(index + 1, hits.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[index];
      if (hit) {
        onPick(hit);
      }
    }
  };

  return (
    <Stack gap="sm">
      <TextInput
        label={t('phone.who')}
        description={t('phone.whoHint')}
        placeholder={t('phone.searchPlaceholder')}
        leftSection={<SearchIcon />}
        data-autofocus
        autoFocus
        value={term}
        onChange={(event) => {
          setTerm(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={handleKeyDown}
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="call-contacts"
        aria-activedescendant={hits[index] ? `call-contact-${hits[index].id}` : undefined}
        data-testid="call-search"
      />
      <Stack gap={4} id="call-contacts" role="listbox" aria-label={t('phone.results')}>
        {hits.map((hit, i) => (
          <UnstyledButton
            key={hit.id}
            id={`call-contact-${hit.id}`}
            role="option"
            aria-selected={i === index}
            onMouseEnter={() => setActive(i)}
            onClick={() => onPick(hit)}
            tabIndex={-1}
          >
            <Paper
              withBorder
              p="xs"
              bg={i === index ? 'var(--mantine-primary-color-light)' : undefined}
              style={{ borderColor: i === index ? 'var(--mantine-primary-color-filled)' : undefined }}
            >
              <ContactLine contact={hit} />
            </Paper>
          </UnstyledButton>
        ))}
        {debounced.length >= 2 && search.isSuccess && hits.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('phone.nothingFound')}
          </Text>
        )}
      </Stack>
      <Text size="xs" c="dimmed">
        <Kbd>↑</Kbd> <Kbd>↓</Kbd> {t('phone.keysMove')} · <Kbd>Enter</Kbd> {t('phone.keysPick')} ·{' '}
        <Kbd>Esc</Kbd> {t('phone.keysClose')}
      </Text>
    </Stack>
  );
}

function ContactLine({ contact }: { contact: ContactHit }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text fw={500} size="sm" truncate>
          {contact.name}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {contact.client
            ? t('phone.clientLine', { name: contact.client.name, inn: contact.client.inn })
            : t('phone.internal')}
        </Text>
      </Stack>
      <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
        <Text size="sm">{contact.phone ?? '—'}</Text>
        <Text size="xs" c="dimmed">
          {contact.email}
        </Text>
      </Stack>
    </Group>
  );
}

function CallForm({
  contact,
  onChangeContact,
  onDone,
}: {
  contact: ContactHit;
  onChangeContact: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keyFor = useIdempotencyKey();
  const titleRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const { errors, setErrors, clearError } = useFieldErrors<Field>();

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  const create = useMutation({
    mutationFn: (body: TicketCreate) => createTicket(body, keyFor(body)),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketQueryKey(ticket.id), ticket);
      void queryClient.invalidateQueries({ queryKey: [...ticketsQueryKey, 'list'] });
      notifications.show({ color: 'green', message: t('tickets.create.created', { number: ticket.number }) });
      onDone();
      void navigate(`/desk/tickets/${encodeURIComponent(ticket.id)}`);
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const submit = () => {
    if (!title.trim()) {
      setErrors({ title: t('tickets.create.titleRequired') });
      titleRef.current?.focus();
      return;
    }
    create.mutate({
      title: title.trim(),
      requesterId: contact.id,
      ...(contact.client ? { clientId: contact.client.id } : {}),
      channel: 'phone',
      ...(description.trim() ? { description: plainTextToHtml(description) } : {}),
    });
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  return (
    <form onSubmit={handleSubmit} noValidate data-testid="call-form">
      <Stack gap="sm">
        <Paper withBorder p="xs">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Group gap="xs">
                <Badge size="xs" variant="light">
                  {t('phone.caller')}
                </Badge>
              </Group>
              <ContactLine contact={contact} />
            </Stack>
          </Group>
          <Button variant="subtle" size="compact-xs" mt={4} onClick={onChangeContact}>
            {t('phone.changeCaller')}
          </Button>
        </Paper>
        <TextInput
          ref={titleRef}
          label={t('tickets.create.titleLabel')}
          placeholder={t('phone.titlePlaceholder')}
          required
          maxLength={300}
          value={title}
          error={errors.title}
          onChange={(event) => {
            setTitle(event.currentTarget.value);
            clearError('title');
          }}
          data-testid="call-title"
        />
        <Textarea
          label={t('tickets.create.description')}
          placeholder={t('phone.descriptionPlaceholder')}
          autosize
          minRows={3}
          maxRows={10}
          value={description}
          error={errors.description}
          onChange={(event) => {
            setDescription(event.currentTarget.value);
            clearError('description');
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <FormErrorAlert error={create.error} fields={FIELDS} />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            <Kbd>Enter</Kbd> {t('phone.keysSubmitTitle')} · <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd>{' '}
            {t('phone.keysSubmitDescription')}
          </Text>
          <Button type="submit" loading={create.isPending}>
            {t('phone.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
