import { Box, Group, NumberInput, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, type Priority } from '#common/tickets.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { ApiError } from '../../lib/api.ts';
import { PriorityBadge } from '../tickets/components/TicketBadges.tsx';
import { useTicketFormat } from '../tickets/useTicketFormat.ts';
import { createPolicy, refreshSla, updatePolicy, type PolicyInput, type SlaPolicy } from './api.ts';

type Target = 'reaction' | 'resolution';
type HoursMinutes = { hours: number | string; minutes: number | string };
type Row = Record<Target, HoursMinutes>;

// What a new policy starts from: the product's standard targets (as the seeded default).
const STANDARD: Record<Priority, { reactionMinutes: number; resolutionMinutes: number }> = {
  critical: { reactionMinutes: 30, resolutionMinutes: 480 },
  high: { reactionMinutes: 60, resolutionMinutes: 960 },
  normal: { reactionMinutes: 240, resolutionMinutes: 2400 },
  low: { reactionMinutes: 480, resolutionMinutes: 4800 },
};
const MAX_MINUTES = 525_600;
const ORDER: readonly Priority[] = [...PRIORITIES].reverse();

const split = (total: number): HoursMinutes => ({ hours: Math.floor(total / 60), minutes: total % 60 });
const join = ({ hours, minutes }: HoursMinutes): number | null => {
  const h = hours === '' ? 0 : Number(hours);
  const m = minutes === '' ? 0 : Number(minutes);
  return Number.isInteger(h) && Number.isInteger(m) && h >= 0 && m >= 0 && m < 60 ? h * 60 + m : null;
};

type Errors = Partial<Record<'name' | 'warnShare' | Priority, string>>;

const errorsFromServer = (error: unknown): Errors => {
  if (!(error instanceof ApiError)) {
    return {};
  }
  const errors: Errors = {};
  for (const issue of error.errors) {
    const segments = issue.path.split(/[/.[\]]/).filter(Boolean);
    const [first, second] = segments[0] === 'body' ? segments.slice(1) : segments;
    const key =
      first === 'targets' && second && (PRIORITIES as readonly string[]).includes(second)
        ? (second as Priority)
        : first === 'name' || first === 'warnShare'
          ? first
          : null;
    if (key && !errors[key]) {
      errors[key] = issue.message;
    }
  }
  return errors;
};

/** Admin: a new SLA policy or a change of one — targets in hours and minutes of working time. */
export function PolicyFormModal({ policy, onClose }: { policy: SlaPolicy | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { priorityLabel } = useTicketFormat();
  const queryClient = useQueryClient();
  const [name, setName] = useState(policy?.name ?? '');
  const [warnPercent, setWarnPercent] = useState<number | string>(
    Math.round((policy?.warnShare ?? 0.8) * 100),
  );
  const [isDefault, setDefault] = useState(policy?.isDefault ?? false);
  const [rows, setRows] = useState<Record<Priority, Row>>(
    () =>
      Object.fromEntries(
        PRIORITIES.map((priority) => {
          const targets = policy?.targets[priority] ?? STANDARD[priority];
          return [
            priority,
            { reaction: split(targets.reactionMinutes), resolution: split(targets.resolutionMinutes) },
          ];
        }),
      ) as Record<Priority, Row>,
  );
  const [errors, setErrors] = useState<Errors>({});
  const clear = (key: keyof Errors) => setErrors((previous) => ({ ...previous, [key]: undefined }));

  const save = useMutation({
    mutationFn: (body: PolicyInput) =>
      policy ? updatePolicy({ id: policy.id, ...body }) : createPolicy(body),
    onSuccess: (saved) => {
      refreshSla(queryClient);
      notifications.show({
        color: 'green',
        message: t(policy ? 'sla.policies.saved' : 'sla.policies.created', { name: saved.name }),
      });
      onClose();
    },
    onError: (error) => setErrors(errorsFromServer(error)),
  });

  const setPart = (priority: Priority, target: Target, part: keyof HoursMinutes, value: number | string) => {
    setRows((previous) => ({
      ...previous,
      [priority]: { ...previous[priority], [target]: { ...previous[priority][target], [part]: value } },
    }));
    clear(priority);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Errors = {};
    if (!name.trim()) {
      problems.name = t('sla.policies.errors.nameRequired');
    }
    const percent = typeof warnPercent === 'number' ? warnPercent : Number(warnPercent);
    if (!Number.isFinite(percent) || percent <= 0 || percent >= 100) {
      problems.warnShare = t('sla.policies.errors.warnShare');
    }
    const targets = {} as PolicyInput['targets'];
    for (const priority of PRIORITIES) {
      const reaction = join(rows[priority].reaction);
      const resolution = join(rows[priority].resolution);
      if (reaction === null || resolution === null || reaction < 1 || resolution < 1) {
        problems[priority] = t('sla.policies.errors.targetRequired');
      } else if (reaction > MAX_MINUTES || resolution > MAX_MINUTES) {
        problems[priority] = t('sla.policies.errors.targetTooLong');
      } else if (resolution < reaction) {
        problems[priority] = t('sla.policies.errors.resolutionShorter');
      } else {
        targets[priority] = { reactionMinutes: reaction, resolutionMinutes: resolution };
      }
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    save.mutate({
      name: name.trim(),
      targets,
      warnShare: Math.round(percent) / 100,
      ...(isDefault && !policy?.isDefault ? { isDefault: true } : {}),
    });
  };

  const timeInputs = (priority: Priority, target: Target) => (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <NumberInput
        aria-label={t('sla.policies.hoursOf', {
          target: t(`sla.policies.${target}`),
          priority: priorityLabel(priority),
        })}
        value={rows[priority][target].hours}
        onChange={(value) => setPart(priority, target, 'hours', value)}
        min={0}
        max={8760}
        allowDecimal={false}
        allowNegative={false}
        hideControls
        w={64}
        error={Boolean(errors[priority])}
        rightSection={
          <Text size="xs" c="dimmed">
            {t('sla.policies.h')}
          </Text>
        }
        rightSectionWidth={24}
      />
      <NumberInput
        aria-label={t('sla.policies.minutesOf', {
          target: t(`sla.policies.${target}`),
          priority: priorityLabel(priority),
        })}
        value={rows[priority][target].minutes}
        onChange={(value) => setPart(priority, target, 'minutes', value)}
        min={0}
        max={59}
        allowDecimal={false}
        allowNegative={false}
        hideControls
        w={72}
        error={Boolean(errors[priority])}
        rightSection={
          <Text size="xs" c="dimmed">
            {t('sla.policies.min')}
          </Text>
        }
        rightSectionWidth={32}
      />
    </Group>
  );

  return (
    <FormModal
      title={policy ? t('sla.policies.editTitle', { name: policy.name }) : t('sla.policies.new')}
      size="lg"
      testId="policy-form"
      onClose={onClose}
      onSubmit={handleSubmit}
      error={save.error}
      fields={['name', 'targets', 'warnShare']}
      pending={save.isPending}
      submitLabel={policy ? t('common.save') : t('sla.policies.createSubmit')}
    >
      <TextInput
        label={t('sla.policies.name')}
        placeholder={t('sla.policies.namePlaceholder')}
        required
        maxLength={200}
        value={name}
        error={errors.name}
        onChange={(event) => {
          setName(event.currentTarget.value);
          clear('name');
        }}
        data-autofocus
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('sla.policies.targets')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('sla.policies.targetsHint')}
        </Text>
      </Stack>
      <Table.ScrollContainer minWidth={460}>
        <Table verticalSpacing={6} withRowBorders={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sla.policies.priority')}</Table.Th>
              <Table.Th ta="right">{t('sla.policies.reaction')}</Table.Th>
              <Table.Th ta="right">{t('sla.policies.resolution')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ORDER.map((priority) => (
              <Fragment key={priority}>
                <Table.Tr>
                  <Table.Td>
                    <PriorityBadge priority={priority} />
                  </Table.Td>
                  <Table.Td>{timeInputs(priority, 'reaction')}</Table.Td>
                  <Table.Td>{timeInputs(priority, 'resolution')}</Table.Td>
                </Table.Tr>
                {errors[priority] && (
                  <Table.Tr>
                    <Table.Td colSpan={3} pt={0}>
                      <Text size="xs" c="red" role="alert" ta="right">
                        {errors[priority]}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <NumberInput
        label={t('sla.policies.warnShare')}
        description={t('sla.policies.warnShareHint')}
        value={warnPercent}
        onChange={(value) => {
          setWarnPercent(value);
          clear('warnShare');
        }}
        min={1}
        max={99}
        allowDecimal={false}
        suffix=" %"
        inputContainer={(children) => <Box maw={160}>{children}</Box>}
        error={errors.warnShare}
      />
      <Switch
        label={t('sla.policies.isDefault')}
        description={policy?.isDefault ? t('sla.policies.isDefaultLocked') : t('sla.policies.isDefaultHint')}
        checked={isDefault}
        disabled={policy?.isDefault === true}
        onChange={(event) => setDefault(event.currentTarget.checked)}
      />
    </FormModal>
  );
}
