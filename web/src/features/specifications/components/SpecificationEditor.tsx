import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/States.tsx';
import { AlertIcon, CheckIcon, PlusIcon, XIcon } from '../../../components/icons.tsx';
import { useErrorMessage } from '../../../components/useErrorMessage.ts';
import { ApiError } from '../../../lib/api.ts';
import { formatNumber, parseDecimal } from '../../../lib/format.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { useFormatDate } from '../../auth/useFormatDate.ts';
import { useContractFormat } from '../../contracts/useContractFormat.ts';
import { assignableStaffQueryOptions, type Ticket } from '../../tickets/api.ts';
import {
  POSTABLE_STATUSES,
  TARIFF_MODES,
  postSpecification,
  refreshAfterPosting,
  saveSpecification,
  servicesQueryOptions,
  specificationQueryKey,
  specificationQueryOptions,
  type DraftLineInput,
  type Service,
  type Specification,
  type SpecificationLine,
  type TariffMode,
  type Totals,
} from '../api.ts';
import { priceDrafts, sumTotals } from '../pricing.ts';
import { useTotalsParts } from '../useTotalsParts.ts';

/** A draft line as the agent edits it: hours stay text until saved, so «2,5» can be typed. */
type Row = {
  key: string;
  serviceId: string | null;
  description: string;
  performerId: string | null;
  hoursText: string;
  tariffMode: TariffMode;
};

const HOURS_MAX = 1000;
const zero: Totals = { hours: 0, balanceHours: 0, paidHours: 0, freeHours: 0, amount: 0 };

/** Sums hours exactly (in hundredths). */
const sumHours = (values: readonly number[]): number =>
  sumTotals(values.map((h) => ({ ...zero, hours: h }))).hours;

/** Balance-mode hours of saved drafts that the server priced as paid: the balance does not cover them. */
const overflowOf = (drafts: readonly SpecificationLine[]): number =>
  sumHours(drafts.filter((line) => line.tariffMode === 'balance').map((line) => line.paidHours));

/** Money for paid hours at a rate, in kopecks rounded half up (as the server prices them). */
const amountFor = (paidHours: number, rate: number): number =>
  Math.round((Math.round(paidHours * 100) * Math.round(rate * 100)) / 100) / 100;

const parseHours = (text: string): number | null => {
  const value = parseDecimal(text);
  if (value === null || value <= 0 || value > HOURS_MAX) {
    return null;
  }
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6 ? value : null;
};

let rowCounter = 0;
const newKey = () => `new-${(rowCounter += 1)}`;

const toInput = (row: Row): DraftLineInput => ({
  serviceId: row.serviceId,
  description: row.description.trim(),
  hours: parseHours(row.hoursText) ?? 0,
  tariffMode: row.tariffMode,
  performerId: row.performerId,
});

const sameRows = (a: readonly Row[], b: readonly Row[]): boolean =>
  a.length === b.length &&
  a.every((row, index) => {
    const other = b[index];
    return (
      other !== undefined &&
      row.serviceId === other.serviceId &&
      row.description.trim() === other.description.trim() &&
      row.performerId === other.performerId &&
      row.tariffMode === other.tariffMode &&
      parseHours(row.hoursText) === parseHours(other.hoursText)
    );
  });

/** The «Спецификация» section of a desk request: posted lines, editable drafts, their price, posting. */
export function SpecificationEditor({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const specification = useQuery(specificationQueryOptions(ticket.id));

  // Completion posts the drafts on the server: when the request's status moves, read the lines again.
  const status = useRef(ticket.status);
  useEffect(() => {
    if (status.current !== ticket.status) {
      status.current = ticket.status;
      void queryClient.invalidateQueries({ queryKey: specificationQueryKey(ticket.id) });
    }
  }, [queryClient, ticket.id, ticket.status]);

  return (
    <Paper withBorder p="md" data-testid="specification">
      <Stack gap={4} mb="sm">
        <Title order={2} size="h5">
          {t('specification.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('specification.description')}
        </Text>
      </Stack>
      {specification.isPending ? (
        <Text size="sm" c="dimmed">
          {t('common.loading')}
        </Text>
      ) : specification.isError ? (
        <ErrorState error={specification.error} onRetry={() => void specification.refetch()} />
      ) : (
        // A new status (completion posts the drafts) starts the editing afresh from the server's lines.
        <Editor key={specification.data.status} specification={specification.data} />
      )}
    </Paper>
  );
}

function useServiceOptions(lines: readonly SpecificationLine[]) {
  const { t } = useTranslation();
  const services = useQuery(servicesQueryOptions);
  return useMemo(() => {
    const items = services.data?.items ?? [];
    const byId = new Map<string, Service>(items.map((service) => [service.id, service]));
    const groups = new Map<string, { value: string; label: string }[]>();
    const known = new Set<string>();
    const add = (group: string, value: string, label: string) => {
      if (known.has(value)) {
        return;
      }
      known.add(value);
      groups.set(group, [...(groups.get(group) ?? []), { value, label }]);
    };
    // A request is for a service, the catalog's leaves; products and modules only group them.
    for (const service of items) {
      if (service.kind === 'service' && service.isActive) {
        const parent = service.parentId ? byId.get(service.parentId) : undefined;
        add(parent?.name ?? t('specification.otherServices'), service.id, service.name);
      }
    }
    // A line may name a service retired since: keep it selectable, so its name does not vanish.
    for (const line of lines) {
      if (line.serviceId && line.serviceName) {
        add(t('specification.otherServices'), line.serviceId, line.serviceName);
      }
    }
    return {
      data: [...groups.entries()].map(([group, options]) => ({ group, items: options })),
      tariffOf: (id: string | null) => (id ? byId.get(id)?.tariffMode : undefined),
    };
  }, [services.data, lines, t]);
}

function usePerformerOptions(specification: Specification) {
  const user = useCurrentUser();
  const staff = useQuery(assignableStaffQueryOptions);
  return useMemo(() => {
    const people = new Map<string, string>();
    people.set(user.id, user.name);
    for (const member of staff.data ?? []) {
      people.set(member.id, member.name);
    }
    for (const line of specification.lines) {
      if (line.performerId && line.performerName) {
        people.set(line.performerId, line.performerName);
      }
    }
    for (const line of specification.proposal) {
      people.set(line.performerId, line.performerName);
    }
    return [...people.entries()]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [staff.data, specification, user.id, user.name]);
}

function Editor({ specification }: { specification: Specification }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const describeError = useErrorMessage();
  const { hours } = useContractFormat();
  const totalsParts = useTotalsParts();
  const locale = i18n.language;
  const ticketId = specification.ticketId;

  const posted = specification.lines.filter((line) => line.posted);
  const savedDrafts = specification.lines.filter((line) => !line.posted);
  const savedRows = useMemo(
    (): Row[] =>
      specification.lines
        .filter((line) => !line.posted)
        .map((line) => ({
          key: line.id,
          serviceId: line.serviceId,
          description: line.description,
          performerId: line.performerId,
          hoursText: formatNumber(line.hours, locale, 2),
          tariffMode: line.tariffMode,
        })),
    [specification.lines, locale],
  );
  // null: nothing edited, the saved drafts are shown as they are.
  const [edited, setEdited] = useState<Row[] | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [postAfterSave, setPostAfterSave] = useState(false);
  const rows = edited ?? savedRows;
  const dirty = edited !== null && !sameRows(edited, savedRows);
  const invalid = rows.some((row) => parseHours(row.hoursText) === null);

  const services = useServiceOptions(specification.lines);
  const performers = usePerformerOptions(specification);

  const update = (key: string, patch: Partial<Row>) => {
    setEdited(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  };

  // What the worklogs still propose beyond the lines on screen (the server counts only saved lines).
  const remaining = useMemo(() => {
    const extra = new Map<string, number>();
    const count = (list: readonly Row[], sign: number) => {
      for (const row of list) {
        if (row.performerId) {
          const value = Math.round((parseHours(row.hoursText) ?? 0) * 100);
          extra.set(row.performerId, (extra.get(row.performerId) ?? 0) + sign * value);
        }
      }
    };
    count(rows, 1);
    count(savedRows, -1);
    return specification.proposal
      .map((line) => ({
        ...line,
        hours: (Math.round(line.hours * 100) - Math.max(0, extra.get(line.performerId) ?? 0)) / 100,
      }))
      .filter((line) => line.hours > 0);
  }, [rows, savedRows, specification.proposal]);
  const remainingHours = sumHours(remaining.map((line) => line.hours));

  const fillFromWorklogs = () => {
    setEdited([
      ...rows,
      ...remaining.map((line) => ({
        key: newKey(),
        serviceId: line.serviceId,
        description: line.description,
        performerId: line.performerId,
        hoursText: formatNumber(line.hours, locale, 2),
        tariffMode: line.tariffMode,
      })),
    ]);
  };

  const addRow = () => {
    const last = rows.at(-1);
    setEdited([
      ...rows,
      {
        key: newKey(),
        serviceId: last?.serviceId ?? null,
        description: '',
        performerId: last?.performerId ?? null,
        hoursText: '',
        tariffMode: last?.tariffMode ?? 'balance',
      },
    ]);
  };

  // The preview: the server's pricing of the saved drafts, or the same arithmetic over unsaved ones.
  const preview = useMemo(() => {
    if (!dirty) {
      return {
        lines: savedDrafts,
        totals: specification.draftTotals,
        balanceAfter: specification.draftTotals.balanceAfter,
        overflowHours: overflowOf(savedDrafts),
      };
    }
    return priceDrafts(
      rows.map((row) => ({ hours: parseHours(row.hoursText) ?? 0, tariffMode: row.tariffMode })),
      specification.contract,
    );
  }, [dirty, rows, savedDrafts, specification]);

  const save = useMutation({
    mutationFn: saveSpecification,
    onSuccess: (answer) => {
      queryClient.setQueryData(specificationQueryKey(ticketId), answer);
      setEdited(null);
      setShowErrors(false);
    },
  });

  const post = useMutation({
    mutationFn: () => postSpecification(ticketId),
    onSuccess: (answer) => {
      // What was posted: the drafts as the server priced them when the agent confirmed.
      const parts = totalsParts(specification.draftTotals).join(', ');
      refreshAfterPosting(queryClient, answer);
      setConfirming(false);
      notifications.show({ color: 'green', message: t('specification.postedDone', { parts }) });
    },
  });

  const handleSave = () => {
    if (invalid) {
      setShowErrors(true);
      return;
    }
    save.mutate(
      { ticketId, lines: rows.map(toInput) },
      { onSuccess: () => notifications.show({ color: 'green', message: t('specification.saved') }) },
    );
  };

  // «Провести» saves what is on screen first, so the confirmation shows the server's own figures.
  const handlePost = () => {
    if (invalid) {
      setShowErrors(true);
      return;
    }
    post.reset();
    if (dirty) {
      setPostAfterSave(true);
      save.mutate(
        { ticketId, lines: rows.map(toInput) },
        { onSuccess: () => setConfirming(true), onSettled: () => setPostAfterSave(false) },
      );
    } else {
      setConfirming(true);
    }
  };

  const canEdit = specification.canEdit;
  const postableStatus = POSTABLE_STATUSES.includes(specification.status);
  const canPost = canEdit && postableStatus && rows.length > 0 && (dirty || specification.canPost);
  const postHint = !canEdit
    ? t('specification.postHint.closed')
    : !postableStatus
      ? t('specification.postHint.notDone')
      : rows.length === 0
        ? posted.length > 0
          ? t('specification.postHint.allPosted')
          : t('specification.postHint.nothing')
        : null;

  const postError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'not_postable') {
      return t('specification.errors.notPostable');
    }
    if (error instanceof ApiError && error.code === 'nothing_to_post') {
      return t('specification.errors.nothingToPost');
    }
    if (error instanceof ApiError && error.code === 'not_specifiable') {
      return t('specification.errors.notSpecifiable');
    }
    return describeError(error);
  };

  return (
    <Stack gap="sm">
      {specification.workedHours > 0 && (
        <Text size="sm" c="dimmed" data-testid="specification-worked">
          {t('specification.worked', { hours: hours(specification.workedHours) })}
        </Text>
      )}

      {posted.length === 0 && rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="specification-empty">
          {canEdit ? t('specification.empty') : t('specification.postHint.closed')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" horizontalSpacing="xs" data-testid="specification-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('specification.columns.service')}</Table.Th>
                <Table.Th w={210}>{t('specification.columns.performer')}</Table.Th>
                <Table.Th w={96}>{t('specification.columns.hours')}</Table.Th>
                {canEdit && <Table.Th w={36} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {posted.map((line) => (
                <PostedRow key={line.id} line={line} withAction={canEdit} />
              ))}
              {rows.map((row, index) => {
                const n = posted.length + index + 1;
                const price = preview.lines[index];
                const hoursError = showErrors && parseHours(row.hoursText) === null;
                return canEdit ? (
                  <Table.Tr key={row.key} data-testid="draft-line">
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Stack gap={6}>
                        <Select
                          size="xs"
                          aria-label={t('specification.fields.service', { n })}
                          placeholder={t('specification.placeholders.service')}
                          data={services.data}
                          value={row.serviceId}
                          searchable
                          clearable
                          nothingFoundMessage={t('specification.noServices')}
                          onChange={(value) =>
                            update(row.key, {
                              serviceId: value,
                              tariffMode: services.tariffOf(value) ?? row.tariffMode,
                            })
                          }
                        />
                        <TextInput
                          size="xs"
                          aria-label={t('specification.fields.description', { n })}
                          placeholder={t('specification.placeholders.description')}
                          maxLength={2000}
                          value={row.description}
                          onChange={(event) => update(row.key, { description: event.currentTarget.value })}
                        />
                      </Stack>
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Stack gap={6}>
                        <Select
                          size="xs"
                          aria-label={t('specification.fields.performer', { n })}
                          placeholder={t('specification.placeholders.performer')}
                          data={performers}
                          value={row.performerId}
                          searchable
                          clearable
                          onChange={(value) => update(row.key, { performerId: value })}
                        />
                        <Select
                          size="xs"
                          aria-label={t('specification.fields.tariffMode', { n })}
                          data={TARIFF_MODES.map((mode) => ({
                            value: mode,
                            label: t(`specification.tariffModes.${mode}`),
                          }))}
                          value={row.tariffMode}
                          allowDeselect={false}
                          onChange={(value) => {
                            if (value) {
                              update(row.key, { tariffMode: value });
                            }
                          }}
                        />
                      </Stack>
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Stack gap={4}>
                        <TextInput
                          size="xs"
                          aria-label={t('specification.fields.hours', { n })}
                          inputMode="decimal"
                          autoComplete="off"
                          value={row.hoursText}
                          error={hoursError}
                          onChange={(event) => update(row.key, { hoursText: event.currentTarget.value })}
                        />
                        {price && <LinePrice mode={row.tariffMode} price={price} />}
                      </Stack>
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Tooltip label={t('specification.removeLine', { n })}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('specification.removeLine', { n })}
                          onClick={() => setEdited(rows.filter((other) => other.key !== row.key))}
                        >
                          <XIcon size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ) : (
                  savedDrafts[index] && (
                    <PostedRow key={row.key} line={savedDrafts[index]} withAction={false} />
                  )
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {showErrors && invalid && (
        <Text size="sm" c="red.7" role="alert">
          {t('specification.fixHours')}
        </Text>
      )}

      {canEdit && (
        <Group gap="xs">
          <Tooltip
            label={
              remaining.length > 0
                ? t('specification.fillHint', { hours: hours(remainingHours) })
                : t('specification.fillNothing')
            }
          >
            <Button
              size="xs"
              variant="light"
              onClick={fillFromWorklogs}
              disabled={remaining.length === 0}
              data-testid="specification-fill"
            >
              {t('specification.fill')}
            </Button>
          </Tooltip>
          <Button size="xs" variant="default" leftSection={<PlusIcon size={14} />} onClick={addRow}>
            {t('specification.addLine')}
          </Button>
        </Group>
      )}

      {(rows.length > 0 || posted.length > 0) && (
        <PreviewBlock
          specification={specification}
          totals={preview.totals}
          balanceAfter={preview.balanceAfter}
          overflowHours={preview.overflowHours}
          hasDrafts={rows.length > 0}
          unsaved={dirty}
        />
      )}

      {save.error && (
        <Alert color="red" variant="light" icon={<AlertIcon />} title={t('errors.saveFailed')} role="alert">
          {postError(save.error)}
        </Alert>
      )}

      {canEdit && (
        <Stack gap={6}>
          <Group gap="xs" justify="flex-end">
            {dirty && (
              <Text size="xs" c="orange.8" mr="auto" data-testid="specification-unsaved">
                {t('specification.unsaved')}
              </Text>
            )}
            <Button
              size="sm"
              variant="default"
              onClick={handleSave}
              loading={save.isPending && !postAfterSave}
              disabled={!dirty || postAfterSave}
              data-testid="specification-save"
            >
              {t('specification.save')}
            </Button>
            <Button
              size="sm"
              leftSection={<CheckIcon size={14} />}
              onClick={handlePost}
              disabled={!canPost || (save.isPending && !postAfterSave)}
              loading={postAfterSave}
              data-testid="specification-post"
            >
              {t('specification.post')}
            </Button>
          </Group>
          {postHint && (
            <Text size="xs" c="dimmed" ta="right" data-testid="specification-post-hint">
              {postHint}
            </Text>
          )}
        </Stack>
      )}

      {confirming && (
        <Modal
          opened
          onClose={() => setConfirming(false)}
          title={t('specification.confirm.title')}
          centered
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <Stack>
            <Text size="sm">
              {t('specification.confirm.text', {
                hours: hours(specification.draftTotals.hours),
                parts: totalsParts(specification.draftTotals).join(', '),
              })}
            </Text>
            {specification.contract && specification.draftTotals.balanceAfter !== null && (
              <Text size="sm">
                {t('specification.confirm.after', {
                  number: specification.contract.number,
                  hours: hours(specification.draftTotals.balanceAfter),
                })}
              </Text>
            )}
            <OverflowWarning specification={specification} overflowHours={overflowOf(savedDrafts)} />
            {post.error && (
              <Alert color="red" variant="light" icon={<AlertIcon />} role="alert">
                {postError(post.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)} disabled={post.isPending}>
                {t('common.cancel')}
              </Button>
              <Button onClick={() => post.mutate()} loading={post.isPending} data-testid="confirm-post">
                {t('specification.confirm.submit')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

/** Under a line's hours: the part that becomes paid, or the money for a paid line. */
function LinePrice({ mode, price }: { mode: TariffMode; price: Totals }) {
  const { t } = useTranslation();
  const { hours, money } = useContractFormat();
  if (mode === 'balance' && price.paidHours > 0) {
    return (
      <Text size="xs" c="orange.8" fw={500} lh={1.2} style={{ whiteSpace: 'nowrap' }}>
        {t('specification.linePaid', { hours: hours(price.paidHours) })}
      </Text>
    );
  }
  if (mode !== 'free' && price.amount > 0) {
    return (
      <Text size="xs" c="dimmed" lh={1.2} style={{ whiteSpace: 'nowrap' }}>
        {t('specification.lineAmount', { amount: money(price.amount) })}
      </Text>
    );
  }
  return null;
}

function PostedRow({ line, withAction }: { line: SpecificationLine; withAction: boolean }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { hours } = useContractFormat();
  return (
    <Table.Tr data-testid={line.posted ? 'posted-line' : 'draft-line'}>
      <Table.Td>
        <Stack gap={2}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={500}>
              {line.serviceName ?? t('specification.placeholders.service')}
            </Text>
            {line.posted && (
              <Tooltip label={t('specification.postedAt', { date: formatDate(line.postedAt) ?? '' })}>
                <Badge size="xs" color="green" variant="light" tt="none">
                  {t('specification.postedBadge')}
                </Badge>
              </Tooltip>
            )}
          </Group>
          {line.description && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {line.description}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm">{line.performerName ?? '—'}</Text>
          <Text size="xs" c="dimmed">
            {t(`specification.tariffModes.${line.tariffMode}`)}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {hours(line.hours)}
          </Text>
          <LinePrice mode={line.tariffMode} price={line} />
        </Stack>
      </Table.Td>
      {withAction && <Table.Td />}
    </Table.Tr>
  );
}

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

type PreviewBlockProps = {
  specification: Specification;
  totals: Totals;
  balanceAfter: number | null;
  overflowHours: number;
  hasDrafts: boolean;
  unsaved: boolean;
};

/** What posting the drafts now would do: the contract, the split by tariff, the balance after. */
function PreviewBlock({
  specification,
  totals,
  balanceAfter,
  overflowHours,
  hasDrafts,
  unsaved,
}: PreviewBlockProps) {
  const { t } = useTranslation();
  const { hours, money } = useContractFormat();
  const totalsParts = useTotalsParts();
  const { contract, postedTotals } = specification;
  return (
    <Stack gap="xs" data-testid="specification-preview">
      {hasDrafts && (
        <Paper bg="var(--mantine-color-default-hover)" p="sm" radius="sm">
          <Stack gap="xs">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {t('specification.preview.title')}
              </Text>
              <Text size="sm" c="dimmed" data-testid="preview-contract">
                {contract
                  ? t('specification.preview.contract', {
                      number: contract.number,
                      hours: hours(contract.balanceHours),
                    })
                  : t('specification.preview.noContract')}
              </Text>
            </Group>
            <Group gap="lg" wrap="wrap" align="flex-start">
              <Figure label={t('specification.preview.balance')} testId="preview-balance">
                {hours(totals.balanceHours)}
              </Figure>
              <Figure label={t('specification.preview.paid')} testId="preview-paid">
                {hours(totals.paidHours)}
                {totals.amount > 0 && (
                  <Text span size="sm" c="dimmed" fw={400}>
                    {' '}
                    ({money(totals.amount)})
                  </Text>
                )}
              </Figure>
              <Figure label={t('specification.preview.free')} testId="preview-free">
                {hours(totals.freeHours)}
              </Figure>
              {balanceAfter !== null && (
                <Figure label={t('specification.preview.after')} testId="preview-after">
                  <Text span inherit c={balanceAfter < 0 ? 'red.7' : undefined}>
                    {hours(balanceAfter)}
                  </Text>
                </Figure>
              )}
            </Group>
            {unsaved && (
              <Text size="xs" c="dimmed">
                {t('specification.preview.unsaved')}
              </Text>
            )}
          </Stack>
        </Paper>
      )}
      {hasDrafts && (
        <OverflowWarning
          specification={specification}
          overflowHours={overflowHours}
          balanceAfter={balanceAfter}
        />
      )}
      {postedTotals.hours > 0 && (
        <Text size="xs" c="dimmed" data-testid="posted-totals">
          {t('specification.postedTotals', {
            hours: hours(postedTotals.hours),
            parts: totalsParts(postedTotals).join(', '),
          })}
        </Text>
      )}
    </Stack>
  );
}

type OverflowWarningProps = {
  specification: Specification;
  overflowHours: number;
  balanceAfter?: number | null;
};

/** Balance-mode hours that the balance cannot cover become paid: the agent must see it before posting. */
function OverflowWarning({ specification, overflowHours, balanceAfter }: OverflowWarningProps) {
  const { t } = useTranslation();
  const { hours, money } = useContractFormat();
  const { contract } = specification;
  if (overflowHours > 0 && !contract) {
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<AlertIcon />}
        title={t('specification.preview.noContractTitle')}
        data-testid="overflow-warning"
      >
        {t('specification.preview.noContractText', { hours: hours(overflowHours) })}
      </Alert>
    );
  }
  if (overflowHours > 0 && contract) {
    const rate = contract.kind === 'internal' ? null : contract.hourlyRate;
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<AlertIcon />}
        title={t('specification.preview.overflowTitle')}
        data-testid="overflow-warning"
      >
        {rate === null
          ? t('specification.preview.overflowNoRate', { hours: hours(overflowHours) })
          : t('specification.preview.overflow', {
              hours: hours(overflowHours),
              amount: money(amountFor(overflowHours, rate)),
              rate: t('contracts.units.perHour', { value: money(rate) }),
            })}
      </Alert>
    );
  }
  if (contract?.allowsOverdraft && balanceAfter !== undefined && balanceAfter !== null && balanceAfter < 0) {
    return (
      <Text size="xs" c="orange.8">
        {t('specification.preview.overdraft')}
      </Text>
    );
  }
  return null;
}
