import { NumberInput, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { CodeInput } from './CodeInput.tsx';
import { ApiError } from '../../lib/api.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../lib/forms.ts';
import { createLine, linesQueryKey, updateLine, type SupportLine } from './api.ts';
import { useLinesErrorMessage } from './useLinesErrors.ts';

const FIELDS = ['code', 'name', 'level'] as const;
type Field = (typeof FIELDS)[number];
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

type LineFormModalProps = {
  /** null: a new line. */
  line: SupportLine | null;
  /** Every line, to suggest the next free level and to name the one holding a taken level. */
  lines: readonly SupportLine[];
  onClose: () => void;
};

/** Admin: adds a support line, or renames one and moves it in the escalation order. */
export function LineFormModal({ line, lines, onClose }: LineFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useLinesErrorMessage();
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const isNew = line === null;
  const nextLevel = lines.reduce((max, other) => Math.max(max, other.level), 0) + 1;
  const [code, setCode] = useState(line?.code ?? '');
  const [name, setName] = useState(line?.name ?? '');
  const [level, setLevel] = useState<number | string>(line?.level ?? nextLevel);

  const save = useMutation({
    mutationFn: (body: { code: string; name: string; level: number }) =>
      line ? updateLine({ id: line.id, name: body.name, level: body.level }) : createLine(body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: linesQueryKey });
      notifications.show({
        color: 'green',
        message: t(isNew ? 'lines.lineCreated' : 'lines.lineSaved', { name: saved.name }),
      });
      onClose();
    },
    onError: (error, body) => {
      const holder = lines.find((other) => other.level === body.level && other.id !== line?.id)?.name;
      const byCode: FieldErrors<Field> =
        error instanceof ApiError && error.code === 'duplicate_code'
          ? { code: describe(error) }
          : error instanceof ApiError && error.code === 'level_taken'
            ? { level: describe(error, holder) }
            : {};
      setErrors({ ...fieldErrorsFrom(error, FIELDS), ...byCode });
    },
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedCode = code.trim();
    const numericLevel = typeof level === 'number' ? level : Number.NaN;
    const holder = lines.find((other) => other.level === numericLevel && other.id !== line?.id);
    const problems: FieldErrors<Field> = {
      ...(isNew && !CODE_PATTERN.test(trimmedCode) ? { code: t('lines.errors.codeFormat') } : {}),
      ...(name.trim() ? {} : { name: t('lines.errors.nameRequired') }),
      ...(!Number.isInteger(numericLevel) || numericLevel < 0 || numericLevel > 1000
        ? { level: t('lines.errors.levelFormat') }
        : holder
          ? { level: t('lines.errors.levelTaken', { name: holder.name }) }
          : {}),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    save.mutate({ code: trimmedCode, name: name.trim(), level: numericLevel });
  };

  return (
    <FormModal
      title={isNew ? t('lines.lineNewTitle') : t('lines.lineEditTitle', { name: line.name })}
      testId="line-form"
      onClose={onClose}
      onSubmit={handleSubmit}
      error={save.error}
      fields={FIELDS}
      pending={save.isPending}
      submitLabel={isNew ? t('lines.createSubmit') : t('common.save')}
    >
      <TextInput
        label={t('lines.fields.name')}
        placeholder={t('lines.namePlaceholder')}
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
      <CodeInput
        isNew={isNew}
        value={code}
        error={errors.code}
        onChange={(value) => {
          setCode(value);
          clearError('code');
        }}
      />
      <NumberInput
        label={t('lines.fields.level')}
        description={t('lines.levelHint')}
        required
        min={0}
        max={1000}
        allowDecimal={false}
        allowNegative={false}
        value={level}
        error={errors.level}
        onChange={(value) => {
          setLevel(value);
          clearError('level');
        }}
        maw={220}
      />
    </FormModal>
  );
}
