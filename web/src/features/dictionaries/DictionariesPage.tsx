import {
  ActionIcon,
  Badge,
  Button,
  ColorSwatch,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
  useMantineTheme,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DICTIONARY_COLORS, type DictionaryColor } from '#common/tickets.ts';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, PageLoader } from '../../components/States.tsx';
import { CheckIcon, ChevronDownIcon, ChevronUpIcon, EditIcon, PlusIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { ApiError } from '../../lib/api.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../lib/forms.ts';
import { PriorityBadge } from '../tickets/components/TicketBadges.tsx';
import {
  allTicketTypesQueryOptions,
  createTicketType,
  prioritiesQueryKey,
  prioritiesQueryOptions,
  ticketTypesQueryKey,
  updatePriority,
  updateTicketType,
  type PriorityEntry,
  type TicketTypeEntry,
} from './api.ts';

const TYPE_CODE = /^[a-z][a-z0-9_]{0,39}$/;

/** A code suggested from the English name: "Access request" → access_request. */
const codeFrom = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 40);

/** Admin: the dictionaries requests are described with — types of requests and priorities. */
export function DictionariesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('dictionaries.title')} description={t('dictionaries.description')} />
      <Stack gap="xl">
        <TicketTypesSection />
        <PrioritiesSection />
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
    <Paper withBorder p="lg" data-testid={testId}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="md">
        <Stack gap={4} style={{ flex: '1 1 320px' }}>
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

// ---- Types of requests -------------------------------------------------------------------------

function TicketTypesSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const types = useQuery(allTicketTypesQueryOptions);
  const [editing, setEditing] = useState<TicketTypeEntry | 'new' | null>(null);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: ticketTypesQueryKey });
  const failed = (error: unknown) => notifications.show({ color: 'red', message: describe(error) });

  const toggle = useMutation({
    mutationFn: updateTicketType,
    onSuccess: (entry) =>
      notifications.show({
        color: 'green',
        message: entry.isActive
          ? t('dictionaries.types.activated', { name: entry.name })
          : t('dictionaries.types.deactivated', { name: entry.name }),
      }),
    onError: failed,
    onSettled: refresh,
  });

  // Positions are renumbered in steps of ten after a move, so equal positions never leave the order to chance.
  const reorder = useMutation({
    mutationFn: async (order: TicketTypeEntry[]) => {
      for (const [index, entry] of order.entries()) {
        const position = (index + 1) * 10;
        if (entry.position !== position) {
          await updateTicketType({ code: entry.code, position });
        }
      }
    },
    onError: failed,
    onSettled: refresh,
  });

  const items = types.data?.items ?? [];
  const move = (index: number, step: -1 | 1) => {
    const order = [...items];
    const [entry] = order.splice(index, 1);
    if (entry) {
      order.splice(index + step, 0, entry);
      reorder.mutate(order);
    }
  };

  const renderBody = () => {
    if (types.isPending) {
      return <PageLoader />;
    }
    if (types.isError) {
      return <ErrorState error={types.error} onRetry={() => void types.refetch()} />;
    }
    return (
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" data-testid="ticket-types-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={88}>{t('dictionaries.order')}</Table.Th>
              <Table.Th>{t('dictionaries.nameRu')}</Table.Th>
              <Table.Th>{t('dictionaries.nameEn')}</Table.Th>
              <Table.Th>{t('dictionaries.types.code')}</Table.Th>
              <Table.Th>{t('dictionaries.types.offered')}</Table.Th>
              <Table.Th w={48}>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((entry, index) => (
              <Table.Tr key={entry.code} data-type-code={entry.code} opacity={entry.isActive ? 1 : 0.6}>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      disabled={index === 0 || reorder.isPending}
                      onClick={() => move(index, -1)}
                      aria-label={t('dictionaries.types.moveUp', { name: entry.name })}
                    >
                      <ChevronUpIcon size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      disabled={index === items.length - 1 || reorder.isPending}
                      onClick={() => move(index, 1)}
                      aria-label={t('dictionaries.types.moveDown', { name: entry.name })}
                    >
                      <ChevronDownIcon size={16} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
                <Table.Td fw={500}>{entry.name}</Table.Td>
                <Table.Td>{entry.nameEn}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" c="dimmed">
                    {entry.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Switch
                    checked={entry.isActive}
                    onChange={(event) =>
                      toggle.mutate({ code: entry.code, isActive: event.currentTarget.checked })
                    }
                    aria-label={t('dictionaries.types.offeredFor', { name: entry.name })}
                    label={entry.isActive ? t('dictionaries.on') : t('dictionaries.off')}
                  />
                </Table.Td>
                <Table.Td>
                  <Tooltip label={t('common.edit')}>
                    <ActionIcon
                      variant="subtle"
                      onClick={() => setEditing(entry)}
                      aria-label={t('dictionaries.types.edit', { name: entry.name })}
                    >
                      <EditIcon size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <Section
      title={t('dictionaries.types.title')}
      hint={t('dictionaries.types.hint')}
      testId="ticket-types-section"
      actions={
        <Button leftSection={<PlusIcon />} variant="light" onClick={() => setEditing('new')}>
          {t('dictionaries.types.add')}
        </Button>
      }
    >
      {renderBody()}
      {editing && (
        <TicketTypeModal
          entry={editing === 'new' ? null : editing}
          nextPosition={(items.length + 1) * 10}
          onClose={() => setEditing(null)}
        />
      )}
    </Section>
  );
}

const TYPE_FIELDS = ['code', 'name', 'nameEn'] as const;
type TypeField = (typeof TYPE_FIELDS)[number];

function TicketTypeModal({
  entry,
  nextPosition,
  onClose,
}: {
  entry: TicketTypeEntry | null;
  nextPosition: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { errors, setErrors, clearError } = useFieldErrors<TypeField>();
  const [name, setName] = useState(entry?.name ?? '');
  const [nameEn, setNameEn] = useState(entry?.nameEn ?? '');
  const [code, setCode] = useState(entry?.code ?? '');
  const [codeTouched, setCodeTouched] = useState(false);

  const save = useMutation({
    mutationFn: () =>
      entry
        ? updateTicketType({ code: entry.code, name: name.trim(), nameEn: nameEn.trim() })
        : createTicketType({ code, name: name.trim(), nameEn: nameEn.trim(), position: nextPosition }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ticketTypesQueryKey });
      notifications.show({ color: 'green', message: t('dictionaries.types.saved', { name: saved.name }) });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'duplicate_code') {
        setErrors({ code: t('dictionaries.types.codeTaken') });
        return;
      }
      setErrors(fieldErrorsFrom(error, TYPE_FIELDS));
    },
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: FieldErrors<TypeField> = {
      ...(name.trim() ? {} : { name: t('dictionaries.required') }),
      ...(nameEn.trim() ? {} : { nameEn: t('dictionaries.required') }),
      ...(entry || TYPE_CODE.test(code) ? {} : { code: t('dictionaries.types.codeRule') }),
    };
    setErrors(missing);
    if (Object.keys(missing).length === 0) {
      save.mutate();
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      centered
      title={entry ? t('dictionaries.types.editTitle') : t('dictionaries.types.newTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={handleSubmit} noValidate data-testid="ticket-type-form">
        <Stack>
          <TextInput
            label={t('dictionaries.nameRu')}
            required
            maxLength={100}
            value={name}
            error={errors.name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              clearError('name');
            }}
            data-autofocus
          />
          <TextInput
            label={t('dictionaries.nameEn')}
            required
            maxLength={100}
            value={nameEn}
            error={errors.nameEn}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setNameEn(value);
              clearError('nameEn');
              if (!entry && !codeTouched) {
                setCode(codeFrom(value));
                clearError('code');
              }
            }}
          />
          {entry ? (
            <Text size="sm" c="dimmed">
              {t('dictionaries.types.codeFixed', { code: entry.code })}
            </Text>
          ) : (
            <TextInput
              label={t('dictionaries.types.code')}
              description={t('dictionaries.types.codeHint')}
              required
              maxLength={40}
              ff="monospace"
              value={code}
              error={errors.code}
              onChange={(event) => {
                setCode(event.currentTarget.value.trim());
                setCodeTouched(true);
                clearError('code');
              }}
            />
          )}
          <FormErrorAlert error={save.error} fields={TYPE_FIELDS} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {entry ? t('common.save') : t('dictionaries.types.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// ---- Priorities --------------------------------------------------------------------------------

function PrioritiesSection() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useErrorMessage();
  const priorities = useQuery(prioritiesQueryOptions);
  const [editing, setEditing] = useState<PriorityEntry | null>(null);

  const toggle = useMutation({
    mutationFn: updatePriority,
    onSuccess: (entry) =>
      notifications.show({
        color: 'green',
        message: entry.isActive
          ? t('dictionaries.priorities.activated', {
              name: i18n.language === 'en' ? entry.nameEn : entry.name,
            })
          : t('dictionaries.priorities.deactivated', {
              name: i18n.language === 'en' ? entry.nameEn : entry.name,
            }),
      }),
    onError: (error) =>
      notifications.show({
        color: 'red',
        message:
          error instanceof ApiError && error.code === 'last_active'
            ? t('dictionaries.priorities.lastActive')
            : describe(error),
      }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: prioritiesQueryKey }),
  });

  const renderBody = () => {
    if (priorities.isPending) {
      return <PageLoader />;
    }
    if (priorities.isError) {
      return <ErrorState error={priorities.error} onRetry={() => void priorities.refetch()} />;
    }
    // Highest first, as a queue reads them.
    const items = [...priorities.data.items].reverse();
    return (
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" data-testid="priorities-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dictionaries.priorities.looks')}</Table.Th>
              <Table.Th>{t('dictionaries.nameRu')}</Table.Th>
              <Table.Th>{t('dictionaries.nameEn')}</Table.Th>
              <Table.Th>{t('dictionaries.priorities.offered')}</Table.Th>
              <Table.Th w={48}>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((entry) => (
              <Table.Tr key={entry.code} data-priority-code={entry.code} opacity={entry.isActive ? 1 : 0.6}>
                <Table.Td>
                  <PriorityBadge priority={entry.code} size="md" />
                </Table.Td>
                <Table.Td fw={500}>{entry.name}</Table.Td>
                <Table.Td>{entry.nameEn}</Table.Td>
                <Table.Td>
                  <Switch
                    checked={entry.isActive}
                    onChange={(event) =>
                      toggle.mutate({ code: entry.code, isActive: event.currentTarget.checked })
                    }
                    aria-label={t('dictionaries.priorities.offeredFor', { name: entry.name })}
                    label={entry.isActive ? t('dictionaries.on') : t('dictionaries.off')}
                  />
                </Table.Td>
                <Table.Td>
                  <Tooltip label={t('common.edit')}>
                    <ActionIcon
                      variant="subtle"
                      onClick={() => setEditing(entry)}
                      aria-label={t('dictionaries.priorities.edit', { name: entry.name })}
                    >
                      <EditIcon size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <Section
      title={t('dictionaries.priorities.title')}
      hint={t('dictionaries.priorities.hint')}
      testId="priorities-section"
    >
      {renderBody()}
      {editing && <PriorityModal entry={editing} onClose={() => setEditing(null)} />}
    </Section>
  );
}

const PRIORITY_FIELDS = ['name', 'nameEn', 'color'] as const;
type PriorityField = (typeof PRIORITY_FIELDS)[number];

function PriorityModal({ entry, onClose }: { entry: PriorityEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const queryClient = useQueryClient();
  const { errors, setErrors, clearError } = useFieldErrors<PriorityField>();
  const [name, setName] = useState(entry.name);
  const [nameEn, setNameEn] = useState(entry.nameEn);
  const [color, setColor] = useState<DictionaryColor>(entry.color);

  const save = useMutation({
    mutationFn: () => updatePriority({ code: entry.code, name: name.trim(), nameEn: nameEn.trim(), color }),
    onSuccess: (saved) => {
      queryClient.setQueryData(prioritiesQueryKey, (previous: { items: PriorityEntry[] } | undefined) =>
        previous
          ? { items: previous.items.map((item) => (item.code === saved.code ? saved : item)) }
          : previous,
      );
      void queryClient.invalidateQueries({ queryKey: prioritiesQueryKey });
      notifications.show({
        color: 'green',
        message: t('dictionaries.priorities.saved', { name: saved.name }),
      });
      onClose();
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, PRIORITY_FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: FieldErrors<PriorityField> = {
      ...(name.trim() ? {} : { name: t('dictionaries.required') }),
      ...(nameEn.trim() ? {} : { nameEn: t('dictionaries.required') }),
    };
    setErrors(missing);
    if (Object.keys(missing).length === 0) {
      save.mutate();
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      centered
      title={t('dictionaries.priorities.editTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={handleSubmit} noValidate data-testid="priority-form">
        <Stack>
          <Text size="sm" c="dimmed">
            {t('dictionaries.priorities.fixedNote')}
          </Text>
          <TextInput
            label={t('dictionaries.nameRu')}
            required
            maxLength={60}
            value={name}
            error={errors.name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              clearError('name');
            }}
            data-autofocus
          />
          <TextInput
            label={t('dictionaries.nameEn')}
            required
            maxLength={60}
            value={nameEn}
            error={errors.nameEn}
            onChange={(event) => {
              setNameEn(event.currentTarget.value);
              clearError('nameEn');
            }}
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="priority-color-label">
              {t('dictionaries.priorities.color')}
            </Text>
            <Group gap={8} role="radiogroup" aria-labelledby="priority-color-label">
              {DICTIONARY_COLORS.map((value) => (
                <ColorSwatch
                  key={value}
                  component="button"
                  type="button"
                  role="radio"
                  aria-checked={color === value}
                  aria-label={t(`dictionaries.colors.${value}`)}
                  title={t(`dictionaries.colors.${value}`)}
                  color={theme.colors[value][6]}
                  size={28}
                  onClick={() => {
                    setColor(value);
                    clearError('color');
                  }}
                  style={{ color: 'white', cursor: 'pointer' }}
                >
                  {color === value && <CheckIcon size={14} />}
                </ColorSwatch>
              ))}
            </Group>
            {errors.color && (
              <Text size="xs" c="red" role="alert">
                {errors.color}
              </Text>
            )}
          </Stack>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('dictionaries.priorities.preview')}
            </Text>
            <Badge color={color} variant="dot" size="md" tt="none">
              {name.trim() || entry.name}
            </Badge>
          </Group>
          <FormErrorAlert error={save.error} fields={PRIORITY_FIELDS} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
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
