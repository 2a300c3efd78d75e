import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../../components/FormErrorAlert.tsx';
import { ApiError } from '../../../lib/api.ts';
import { parseDecimal } from '../../../lib/format.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import { useIdempotencyKey } from '../../../lib/idempotency.ts';
import {
  insufficientBalance,
  postLedgerEntry,
  refreshContracts,
  type Contract,
  type LedgerPost,
} from '../api.ts';
import { useContractFormat } from '../useContractFormat.ts';

const FIELDS = ['hours', 'note'] as const;
type Field = (typeof FIELDS)[number];

const NOTE_MAX = 2000;
const HOURS_MAX = 100_000;

const hasAtMostTwoDecimals = (value: number): boolean =>
  Math.abs(Math.round(value * 100) - value * 100) < 1e-6;

type LedgerPostModalProps = {
  contract: Contract;
  kind: 'grant' | 'adjust';
  balanceHours: number;
  onClose: () => void;
};

/**
 * Grants hours (a paid package, a month of ITS) or corrects the balance by hand. Each distinct posting
 * gets its own `ui-<uuid>` externalId; a retry of the same one reuses it, so the server posts it once.
 */
export function LedgerPostModal({ contract, kind, balanceHours, onClose }: LedgerPostModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { hours: formatHours, signedHours } = useContractFormat();
  const externalIdFor = useIdempotencyKey();
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const [hoursText, setHoursText] = useState('');
  const [note, setNote] = useState('');
  const texts = kind === 'grant' ? 'contracts.grant' : 'contracts.adjust';

  const post = useMutation({
    mutationFn: postLedgerEntry,
    onSuccess: (entry) => {
      void refreshContracts(queryClient);
      notifications.show({
        color: 'green',
        message: t(`${texts}.done`, {
          hours: kind === 'grant' ? formatHours(entry.hours) : signedHours(entry.hours),
          number: contract.number,
        }),
      });
      onClose();
    },
    onError: (error) => {
      const short = insufficientBalance(error);
      setErrors(
        short
          ? {
              hours: t('contracts.post.insufficient', {
                balance: formatHours(short.balance),
                missing: formatHours(short.missing),
              }),
            }
          : fieldErrorsFrom(error, FIELDS),
      );
    },
  });

  const signed = parseDecimal(hoursText);

  const validate = (): FieldErrors<Field> => {
    if (signed === null || Math.abs(signed) > HOURS_MAX) {
      return { hours: t('contracts.post.hoursRequired') };
    }
    if (!hasAtMostTwoDecimals(signed)) {
      return { hours: t('contracts.post.hoursPrecision') };
    }
    if (kind === 'grant' && signed <= 0) {
      return { hours: t('contracts.post.hoursPositive') };
    }
    if (signed === 0) {
      return { hours: t('contracts.post.hoursNonZero') };
    }
    // A correction changes what the client pays for: its reason is part of the record.
    if (kind === 'adjust' && !note.trim()) {
      return { note: t('contracts.adjust.noteRequired') };
    }
    return {};
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems = validate();
    setErrors(problems);
    if (Object.keys(problems).length > 0 || signed === null) {
      return;
    }
    const posting: Omit<LedgerPost, 'externalId'> = {
      kind,
      hours: signed,
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    post.mutate({ contractId: contract.id, ...posting, externalId: `ui-${externalIdFor(posting)}` });
  };

  const reused = post.error instanceof ApiError && post.error.code === 'external_id_reused';
  const after =
    signed !== null && signed !== 0 && hasAtMostTwoDecimals(signed) ? balanceHours + signed : null;

  return (
    <Modal
      opened
      onClose={onClose}
      title={t(`${texts}.title`, { number: contract.number })}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          <Text size="sm">{t('contracts.post.balanceNow', { hours: formatHours(balanceHours) })}</Text>
          <TextInput
            label={t('contracts.post.hours')}
            description={t(`${texts}.hoursHint`)}
            required
            inputMode="decimal"
            autoComplete="off"
            value={hoursText}
            error={errors.hours}
            onChange={(event) => {
              setHoursText(event.currentTarget.value);
              clearError('hours');
            }}
            maw={240}
            data-autofocus
          />
          <Textarea
            label={t('contracts.post.note')}
            placeholder={t(`${texts}.notePlaceholder`)}
            required={kind === 'adjust'}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={NOTE_MAX}
            value={note}
            error={errors.note}
            onChange={(event) => {
              setNote(event.currentTarget.value);
              clearError('note');
            }}
          />
          {after !== null && (kind === 'adjust' || after > balanceHours) && (
            <Text size="sm" c={after <= 0 ? 'red.7' : 'dimmed'} data-testid="balance-after">
              {t('contracts.post.balanceAfter', { hours: formatHours(after) })}
            </Text>
          )}
          {reused ? (
            <Alert color="red" variant="light" role="alert">
              {t('contracts.post.reused')}
            </Alert>
          ) : (
            !insufficientBalance(post.error) && <FormErrorAlert error={post.error} fields={FIELDS} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={post.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={post.isPending}>
              {t(`${texts}.submit`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
