import { Divider, Select, SimpleGrid, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, type Priority } from '#common/tickets.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../lib/forms.ts';
import { ServiceSelect } from '../catalog/ServiceSelect.tsx';
import type { SupportLine } from '../lines/api.ts';
import { useTicketFormat } from '../tickets/useTicketFormat.ts';
import { ClientSelect } from '../users/ClientSelect.tsx';
import {
  createRule,
  rulesQueryKey,
  ticketTypesQueryOptions,
  updateRule,
  type RoutingRule,
  type RuleInput,
} from './api.ts';

const FIELDS = [
  'name',
  'serviceId',
  'type',
  'priority',
  'clientId',
  'lineId',
  'groupId',
  'isActive',
] as const;
type Field = (typeof FIELDS)[number];

type RuleFormModalProps = {
  /** null: a new rule, added at the end of the list. */
  rule: RoutingRule | null;
  lines: readonly SupportLine[];
  onClose: () => void;
};

/** Admin: the criteria a rule matches (each may be left as «any») and the line and group it sends to. */
export function RuleFormModal({ rule, lines, onClose }: RuleFormModalProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { priorityLabel } = useTicketFormat();
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const types = useQuery(ticketTypesQueryOptions);
  const isNew = rule === null;
  const [name, setName] = useState(rule?.name ?? '');
  const [serviceId, setServiceId] = useState<string | null>(rule?.serviceId ?? null);
  const [type, setType] = useState<string | null>(rule?.type ?? null);
  const [priority, setPriority] = useState<Priority | null>(rule?.priority ?? null);
  const [client, setClient] = useState<{ id: string; name: string } | null>(
    rule?.clientId ? { id: rule.clientId, name: rule.clientName ?? '' } : null,
  );
  const [lineId, setLineId] = useState<string | null>(rule?.lineId ?? null);
  const [groupId, setGroupId] = useState<string | null>(rule?.groupId ?? null);
  const [isActive, setActive] = useState(rule?.isActive ?? true);
  const groups = lines.find((line) => line.id === lineId)?.groups ?? [];

  const typeOptions = (types.data?.items ?? [])
    .filter((item) => item.isActive || item.code === type)
    .map((item) => ({ value: item.code, label: i18n.language === 'en' ? item.nameEn : item.name }));

  const save = useMutation({
    mutationFn: (body: RuleInput) => (rule ? updateRule({ id: rule.id, ...body }) : createRule(body)),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: rulesQueryKey });
      notifications.show({
        color: 'green',
        message: t(isNew ? 'routing.created' : 'routing.saved', { name: saved.name }),
      });
      onClose();
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: FieldErrors<Field> = {
      ...(name.trim() ? {} : { name: t('routing.errors.nameRequired') }),
      ...(lineId ? {} : { lineId: t('routing.errors.lineRequired') }),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !lineId) {
      return;
    }
    save.mutate({
      name: name.trim(),
      serviceId,
      type,
      priority,
      clientId: client?.id ?? null,
      lineId,
      groupId,
      isActive,
    });
  };

  return (
    <FormModal
      title={isNew ? t('routing.newTitle') : t('routing.editTitle', { name: rule.name })}
      size="lg"
      testId="rule-form"
      onClose={onClose}
      onSubmit={handleSubmit}
      error={save.error}
      fields={FIELDS}
      pending={save.isPending}
      submitLabel={isNew ? t('routing.createSubmit') : t('common.save')}
    >
      <TextInput
        label={t('routing.fields.name')}
        placeholder={t('routing.namePlaceholder')}
        required
        maxLength={200}
        value={name}
        error={errors.name}
        onChange={(event) => {
          setName(event.currentTarget.value);
          clearError('name');
        }}
        data-autofocus
      />

      <Divider label={t('routing.criteria')} labelPosition="left" />
      <Text size="sm" c="dimmed" mt={-8}>
        {t('routing.criteriaHint')}
      </Text>
      <ServiceSelect
        label={t('routing.fields.service')}
        placeholder={t('routing.any.servicePlaceholder')}
        value={serviceId}
        onChange={(service) => {
          setServiceId(service?.id ?? null);
          clearError('serviceId');
        }}
        error={errors.serviceId}
      />
      <ClientSelect
        label={t('routing.fields.client')}
        description={t('routing.clientHint')}
        placeholder={t('routing.any.clientPlaceholder')}
        required={false}
        value={client}
        onChange={(value) => {
          setClient(value);
          clearError('clientId');
        }}
        error={errors.clientId}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('routing.fields.type')}
          placeholder={t('routing.any.typePlaceholder')}
          data={typeOptions}
          value={type}
          onChange={(value) => {
            setType(value);
            clearError('type');
          }}
          clearable
          error={errors.type}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('routing.fields.priority')}
          placeholder={t('routing.any.priorityPlaceholder')}
          data={PRIORITIES.map((value) => ({ value, label: priorityLabel(value) }))}
          value={priority}
          onChange={(value) => {
            setPriority(PRIORITIES.find((candidate) => candidate === value) ?? null);
            clearError('priority');
          }}
          clearable
          error={errors.priority}
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>

      <Divider label={t('routing.target')} labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('routing.fields.line')}
          placeholder={t('routing.linePlaceholder')}
          required
          data={lines.map((line) => ({ value: line.id, label: line.name }))}
          value={lineId}
          onChange={(value) => {
            setLineId(value);
            // A group belongs to one line: a new line starts without one.
            setGroupId(null);
            clearError('lineId');
          }}
          allowDeselect={false}
          error={errors.lineId}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('routing.fields.group')}
          placeholder={lineId ? t('routing.groupPlaceholder') : t('routing.groupFirstLine')}
          description={t('routing.groupHint')}
          data={groups.map((group) => ({ value: group.id, label: group.name }))}
          value={groupId}
          onChange={(value) => {
            setGroupId(value);
            clearError('groupId');
          }}
          clearable
          disabled={!lineId || groups.length === 0}
          error={errors.groupId}
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      <Switch
        label={t('routing.fields.active')}
        description={t('routing.activeHint')}
        checked={isActive}
        onChange={(event) => setActive(event.currentTarget.checked)}
      />
    </FormModal>
  );
}
