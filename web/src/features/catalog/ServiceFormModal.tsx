import { Box, Input, SegmentedControl, Select, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TARIFF_MODES, type ServiceKind, type TariffMode } from '#common/billing.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../lib/forms.ts';
import {
  createService,
  servicesQueryKey,
  updateService,
  type Service,
  type ServiceCreate,
  type ServicePatch,
} from './api.ts';
import { useTariffLabel } from './useTariffLabel.ts';

const FIELDS = ['name', 'code', 'kind', 'parentId', 'tariffMode'] as const;
type Field = (typeof FIELDS)[number];
const KINDS: readonly ServiceKind[] = ['service', 'module', 'product'];
const CODE = /^[A-Za-z0-9_.-]{1,50}$/;

type ServiceFormModalProps = {
  /** null: a new node. */
  service: Service | null;
  /** For a new node: where it goes (a product's «Добавить услугу»). */
  parentId?: string | null;
  /** The whole catalog, for the parent select. */
  catalog: readonly Service[];
  onClose: () => void;
};

/** Admin: adds a product, module or service to the catalog, or renames and moves one. */
export function ServiceFormModal({ service, parentId = null, catalog, onClose }: ServiceFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tariffLabel = useTariffLabel();
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const [name, setName] = useState(service?.name ?? '');
  const [code, setCode] = useState(service?.code ?? '');
  const [kind, setKind] = useState<ServiceKind>(service?.kind ?? 'service');
  const [parent, setParent] = useState<string | null>(service ? service.parentId : parentId);
  const [tariff, setTariff] = useState<TariffMode>(service?.tariffMode ?? 'balance');
  const isNew = service === null;

  // A node goes under a product or module, never under itself.
  const parents = catalog
    .filter((node) => node.kind !== 'service' && node.id !== service?.id && node.isActive)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((node) => ({ value: node.id, label: `${node.name} · ${t(`catalog.kinds.${node.kind}`)}` }));

  const save = useMutation({
    mutationFn: (request: { create: ServiceCreate } | { patch: ServicePatch }) =>
      'create' in request
        ? createService(request.create)
        : updateService({ id: service?.id ?? '', ...request.patch }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: servicesQueryKey });
      notifications.show({
        color: 'green',
        message: t(isNew ? 'catalog.created' : 'catalog.saved', { name: saved.name }),
      });
      onClose();
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedCode = code.trim();
    const problems: FieldErrors<Field> = {
      ...(name.trim() ? {} : { name: t('catalog.errors.nameRequired') }),
      ...(trimmedCode && !CODE.test(trimmedCode) ? { code: t('catalog.errors.codeFormat') } : {}),
      ...(kind !== 'product' && !parent ? { parentId: t('catalog.errors.parentRequired') } : {}),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    const body = {
      name: name.trim(),
      code: trimmedCode || null,
      parentId: kind === 'product' ? null : parent,
      ...(kind === 'service' ? { tariffMode: tariff } : {}),
    };
    save.mutate(isNew ? { create: { ...body, kind } } : { patch: body });
  };

  return (
    <FormModal
      title={isNew ? t('catalog.newTitle') : t('catalog.editTitle', { name: service.name })}
      testId="service-form"
      onClose={onClose}
      onSubmit={handleSubmit}
      error={save.error}
      fields={FIELDS}
      pending={save.isPending}
      submitLabel={isNew ? t('catalog.createSubmit') : t('common.save')}
    >
      {isNew ? (
        <Input.Wrapper
          label={t('catalog.fields.kind')}
          description={t(`catalog.kindHints.${kind}`)}
          inputWrapperOrder={['label', 'input', 'description']}
        >
          <SegmentedControl
            data={KINDS.map((value) => ({ value, label: t(`catalog.kinds.${value}`) }))}
            value={kind}
            onChange={setKind}
            fullWidth
            mb={4}
          />
        </Input.Wrapper>
      ) : null}
      <TextInput
        label={t('catalog.fields.name')}
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
      <TextInput
        label={t('catalog.fields.code')}
        description={t('catalog.codeHint')}
        maxLength={50}
        value={code}
        error={errors.code}
        onChange={(event) => {
          setCode(event.currentTarget.value);
          clearError('code');
        }}
        inputContainer={(children) => <Box maw={220}>{children}</Box>}
      />
      {kind !== 'product' && (
        <Select
          label={t('catalog.fields.parent')}
          description={t('catalog.parentHint')}
          required
          searchable
          data={parents}
          value={parent}
          onChange={(value) => {
            setParent(value);
            clearError('parentId');
          }}
          error={errors.parentId}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {kind === 'service' && (
        <Input.Wrapper
          label={t('catalog.fields.tariff')}
          description={t(`catalog.tariffHints.${tariff}`)}
          inputWrapperOrder={['label', 'input', 'description']}
        >
          <SegmentedControl
            data={TARIFF_MODES.map((value) => ({ value, label: tariffLabel(value) }))}
            value={tariff}
            onChange={setTariff}
            fullWidth
            mb={4}
          />
        </Input.Wrapper>
      )}
    </FormModal>
  );
}
