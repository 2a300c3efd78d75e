import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '#common/limits.ts';
import { FormErrorAlert } from '../../../components/FormErrorAlert.tsx';
import { formatDay, formatNumber, parseDecimal, todayIn } from '../../../lib/format.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import { useIdempotencyKey } from '../../../lib/idempotency.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { policiesQueryOptions } from '../../sla/api.ts';
import {
  CONTRACT_KINDS,
  createContract,
  refreshContracts,
  updateContract,
  type Contract,
  type ContractCreate,
  type ContractKind,
  type ContractPatch,
} from '../api.ts';
import { KIND_COLORS, useContractFormat } from '../useContractFormat.ts';

const FIELDS = [
  'number',
  'kind',
  'startsOn',
  'endsOn',
  'hourlyRate',
  'monthlyFee',
  'bonusHoursPerMonth',
  'approvalLimitHours',
  'allowsOverdraft',
  'slaPolicyId',
  'isActive',
  'notes',
] as const;
type Field = (typeof FIELDS)[number];
type NumberField = 'hourlyRate' | 'monthlyFee' | 'bonusHoursPerMonth' | 'approvalLimitHours';

type Values = {
  number: string;
  kind: ContractKind;
  startsOn: string;
  endsOn: string;
  hourlyRate: string;
  monthlyFee: string;
  bonusHoursPerMonth: string;
  approvalLimitHours: string;
  allowsOverdraft: boolean;
  /** '' for the default policy. */
  slaPolicyId: string;
  isActive: boolean;
  notes: string;
};

const NUMBER_MAX = 100_000_000;
// The policy select's value for «the default policy» (null in the API).
const DEFAULT_POLICY = 'default';
const NUMBER_MAX_LENGTH = 100;

/** The terms each kind of contract has: the form shows only these and sends only these. */
const TERMS_OF: Record<ContractKind, readonly NumberField[]> = {
  hourly: ['hourlyRate', 'approvalLimitHours'],
  subscription: ['monthlyFee', 'hourlyRate', 'approvalLimitHours'],
  its: ['bonusHoursPerMonth', 'hourlyRate', 'approvalLimitHours'],
  internal: ['approvalLimitHours'],
};
const REQUIRED_OF: Partial<Record<ContractKind, NumberField>> = {
  hourly: 'hourlyRate',
  subscription: 'monthlyFee',
};

// Shown as the user would type it («2,5» in Russian); parseDecimal reads it back, group spaces and all.
const toText = (value: number | null | undefined, locale: string): string =>
  value === null || value === undefined ? '' : formatNumber(value, locale, 2);

const initialValues = (contract: Contract | null, today: string, locale: string): Values => ({
  number: contract?.number ?? '',
  kind: contract?.kind ?? 'its',
  startsOn: contract?.startsOn ?? today,
  endsOn: contract?.endsOn ?? '',
  hourlyRate: toText(contract?.hourlyRate, locale),
  monthlyFee: toText(contract?.monthlyFee, locale),
  bonusHoursPerMonth: toText(contract?.bonusHoursPerMonth, locale),
  approvalLimitHours: toText(contract?.approvalLimitHours, locale),
  allowsOverdraft: contract?.allowsOverdraft ?? false,
  slaPolicyId: contract?.slaPolicyId ?? '',
  isActive: contract?.isActive ?? true,
  notes: contract?.notes ?? '',
});

type ContractFormModalProps = {
  clientId: string;
  /** null: a new contract. */
  contract: Contract | null;
  onClose: () => void;
};

/** Opens a contract for a client, or changes the terms of one (admin, dispatcher). */
export function ContractFormModal({ clientId, contract, onClose }: ContractFormModalProps) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const { kindLabel } = useContractFormat();
  const idempotencyKeyFor = useIdempotencyKey();
  const [values, setValues] = useState<Values>(() =>
    initialValues(contract, todayIn(user.timeZone), i18n.language),
  );
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const isNew = contract === null;
  const policies = useQuery(policiesQueryOptions);
  const defaultPolicy = policies.data?.items.find((policy) => policy.isDefault);

  // A new contract and a change of terms: two calls, one form.
  const save = useMutation({
    mutationFn: (request: { create: ContractCreate } | { patch: ContractPatch }): Promise<Contract> =>
      'create' in request
        ? createContract({
            clientId,
            body: request.create,
            idempotencyKey: idempotencyKeyFor(request.create),
          })
        : updateContract({ id: contract?.id ?? '', ...request.patch }),
    onSuccess: (saved) => {
      void refreshContracts(queryClient);
      notifications.show({
        color: 'green',
        message: t(isNew ? 'contracts.form.created' : 'contracts.form.saved', { number: saved.number }),
      });
      onClose();
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const change = <F extends Field>(field: F, value: Values[F]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    clearError(field);
  };

  const terms = TERMS_OF[values.kind];
  const required = REQUIRED_OF[values.kind];

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: FieldErrors<Field> = {};
    const numbers: Partial<Record<NumberField, number | null>> = {};
    for (const field of terms) {
      const text = values[field].trim();
      if (!text) {
        numbers[field] = null;
        if (field === required) {
          problems[field] = t(
            field === 'hourlyRate'
              ? 'contracts.form.errors.rateRequired'
              : 'contracts.form.errors.feeRequired',
          );
        }
        continue;
      }
      const value = parseDecimal(text);
      const isHours = field === 'bonusHoursPerMonth' || field === 'approvalLimitHours';
      if (value === null || value < 0 || value > NUMBER_MAX) {
        problems[field] = t(
          isHours ? 'contracts.form.errors.hoursInvalid' : 'contracts.form.errors.amountInvalid',
        );
      } else {
        numbers[field] = value;
      }
    }
    const number = values.number.trim();
    if (!number) {
      problems.number = t('contracts.form.errors.numberRequired');
    }
    if (isNew && !values.startsOn) {
      problems.startsOn = t('contracts.form.errors.startsOnRequired');
    }
    if (values.endsOn && values.startsOn && values.endsOn < values.startsOn) {
      problems.endsOn = t('contracts.form.errors.endBeforeStart');
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    const hasHours = values.kind !== 'internal';
    if (isNew) {
      // A new contract carries only what was filled in; the server fills in the rest.
      const filled = Object.fromEntries(Object.entries(numbers).filter(([, value]) => value !== null));
      const body: ContractCreate = {
        number,
        kind: values.kind,
        startsOn: values.startsOn,
        ...(values.endsOn ? { endsOn: values.endsOn } : {}),
        ...filled,
        ...(hasHours ? { allowsOverdraft: values.allowsOverdraft } : {}),
        ...(values.slaPolicyId ? { slaPolicyId: values.slaPolicyId } : {}),
        ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
      };
      save.mutate({ create: body });
    } else {
      // A change sends every term the form shows, emptied ones as null.
      const body: ContractPatch = {
        number,
        endsOn: values.endsOn || null,
        ...numbers,
        ...(hasHours ? { allowsOverdraft: values.allowsOverdraft } : {}),
        slaPolicyId: values.slaPolicyId || null,
        isActive: values.isActive,
        notes: values.notes.trim(),
      };
      save.mutate({ patch: body });
    }
  };

  const numberInput = (field: NumberField) => {
    const isHours = field === 'bonusHoursPerMonth' || field === 'approvalLimitHours';
    return (
      <TextInput
        key={field}
        label={t(`contracts.form.${field}`)}
        description={
          field === 'hourlyRate'
            ? t(
                values.kind === 'hourly'
                  ? 'contracts.form.hourlyRateHint'
                  : 'contracts.form.hourlyRateExtraHint',
              )
            : t(`contracts.form.${field}Hint`)
        }
        required={field === required}
        inputMode="decimal"
        autoComplete="off"
        rightSection={
          <Text size="sm" c="dimmed">
            {isHours ? t('contracts.form.hoursUnit') : '₽'}
          </Text>
        }
        value={values[field]}
        error={errors[field]}
        onChange={(event) => change(field, event.currentTarget.value)}
      />
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        isNew ? t('contracts.form.createTitle') : t('contracts.form.editTitle', { number: contract.number })
      }
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          <TextInput
            label={t('contracts.form.number')}
            placeholder={t('contracts.form.numberPlaceholder')}
            required
            maxLength={NUMBER_MAX_LENGTH}
            value={values.number}
            error={errors.number}
            onChange={(event) => change('number', event.currentTarget.value)}
            data-autofocus
          />
          {isNew ? (
            <Radio.Group
              label={t('contracts.form.kind')}
              required
              value={values.kind}
              error={errors.kind}
              onChange={(value) => change('kind', value)}
            >
              <Stack gap="sm" mt="xs">
                {CONTRACT_KINDS.map((kind) => (
                  <Radio
                    key={kind}
                    value={kind}
                    label={kindLabel(kind)}
                    description={t(`contracts.kindHints.${kind}`)}
                  />
                ))}
              </Stack>
            </Radio.Group>
          ) : (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('contracts.form.kind')}
              </Text>
              <Group gap="xs">
                <Badge variant="light" color={KIND_COLORS[contract.kind]} tt="none">
                  {kindLabel(contract.kind)}
                </Badge>
                <Text size="sm" c="dimmed">
                  {t('contracts.form.startedOn', { date: formatDay(contract.startsOn, i18n.language) })}
                </Text>
              </Group>
            </Stack>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            {isNew && (
              <TextInput
                type="date"
                label={t('contracts.form.startsOn')}
                required
                value={values.startsOn}
                error={errors.startsOn}
                onChange={(event) => change('startsOn', event.currentTarget.value)}
              />
            )}
            <TextInput
              type="date"
              label={t('contracts.form.endsOn')}
              description={t('contracts.form.endsOnHint')}
              value={values.endsOn}
              error={errors.endsOn}
              onChange={(event) => change('endsOn', event.currentTarget.value)}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>{terms.map(numberInput)}</SimpleGrid>
          {values.kind !== 'internal' && (
            <Checkbox
              label={t('contracts.form.allowsOverdraft')}
              description={t('contracts.form.allowsOverdraftHint')}
              checked={values.allowsOverdraft}
              onChange={(event) => change('allowsOverdraft', event.currentTarget.checked)}
            />
          )}
          <Select
            label={t('contracts.form.slaPolicy')}
            description={t('contracts.form.slaPolicyHint')}
            data={[
              {
                value: DEFAULT_POLICY,
                label: defaultPolicy
                  ? t('contracts.form.slaPolicyDefaultNamed', { name: defaultPolicy.name })
                  : t('contracts.form.slaPolicyDefault'),
              },
              ...(policies.data?.items ?? [])
                .filter((policy) => !policy.isDefault || policy.id === values.slaPolicyId)
                .map((policy) => ({ value: policy.id, label: policy.name })),
            ]}
            value={values.slaPolicyId || DEFAULT_POLICY}
            onChange={(value) => change('slaPolicyId', !value || value === DEFAULT_POLICY ? '' : value)}
            allowDeselect={false}
            error={errors.slaPolicyId}
            disabled={policies.isError}
            comboboxProps={{ withinPortal: true }}
            data-testid="contract-form-sla-policy"
          />
          <Textarea
            label={t('contracts.form.notes')}
            description={t('contracts.form.notesHint')}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={LIMITS.notesMax}
            value={values.notes}
            error={errors.notes}
            onChange={(event) => change('notes', event.currentTarget.value)}
          />
          {!isNew && (
            <Switch
              label={t('contracts.form.isActive')}
              description={t('contracts.form.isActiveHint')}
              checked={values.isActive}
              onChange={(event) => change('isActive', event.currentTarget.checked)}
            />
          )}
          <FormErrorAlert error={save.error} fields={FIELDS} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {isNew ? t('contracts.form.createSubmit') : t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
