import { Select, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { CodeInput } from './CodeInput.tsx';
import { ApiError } from '../../lib/api.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../lib/forms.ts';
import { createGroup, linesQueryKey, updateGroup, type SupportGroup, type SupportLine } from './api.ts';
import { CODE_PATTERN } from './LineFormModal.tsx';
import { useLinesErrorMessage } from './useLinesErrors.ts';

const FIELDS = ['code', 'name', 'lineId'] as const;
type Field = (typeof FIELDS)[number];

type GroupFormModalProps = {
  /** null: a new group on `lineId`. */
  group: SupportGroup | null;
  lineId: string;
  lines: readonly SupportLine[];
  onClose: () => void;
};

/** Admin: adds a group to a line, or renames a group and moves it to another line. */
export function GroupFormModal({ group, lineId, lines, onClose }: GroupFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const describe = useLinesErrorMessage();
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const isNew = group === null;
  const [code, setCode] = useState(group?.code ?? '');
  const [name, setName] = useState(group?.name ?? '');
  const [line, setLine] = useState<string | null>(group?.lineId ?? lineId);
  const lineName = lines.find((candidate) => candidate.id === lineId)?.name ?? '';

  const save = useMutation({
    mutationFn: (body: { code: string; name: string; lineId: string }) =>
      group
        ? updateGroup({
            id: group.id,
            name: body.name,
            ...(body.lineId !== group.lineId ? { lineId: body.lineId } : {}),
          })
        : createGroup(body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: linesQueryKey });
      notifications.show({
        color: 'green',
        message: t(isNew ? 'lines.groupCreated' : 'lines.groupSaved', { name: saved.name }),
      });
      onClose();
    },
    onError: (error) => {
      const byCode: FieldErrors<Field> =
        error instanceof ApiError && error.code === 'duplicate_code'
          ? { code: describe(error) }
          : error instanceof ApiError && error.code === 'group_routed'
            ? { lineId: describe(error) }
            : {};
      setErrors({ ...fieldErrorsFrom(error, FIELDS), ...byCode });
    },
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedCode = code.trim();
    const problems: FieldErrors<Field> = {
      ...(isNew && !CODE_PATTERN.test(trimmedCode) ? { code: t('lines.errors.codeFormat') } : {}),
      ...(name.trim() ? {} : { name: t('lines.errors.nameRequired') }),
      ...(line ? {} : { lineId: t('lines.errors.lineRequired') }),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !line) {
      return;
    }
    save.mutate({ code: trimmedCode, name: name.trim(), lineId: line });
  };

  return (
    <FormModal
      title={
        isNew ? t('lines.groupNewTitle', { line: lineName }) : t('lines.groupEditTitle', { name: group.name })
      }
      testId="group-form"
      onClose={onClose}
      onSubmit={handleSubmit}
      error={save.error}
      fields={FIELDS}
      pending={save.isPending}
      submitLabel={isNew ? t('lines.createSubmit') : t('common.save')}
    >
      <TextInput
        label={t('lines.fields.groupName')}
        description={t('lines.groupNameHint')}
        placeholder={t('lines.groupNamePlaceholder')}
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
      {!isNew && (
        <Select
          label={t('lines.fields.line')}
          description={t('lines.moveHint')}
          required
          data={lines.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
          value={line}
          onChange={(value) => {
            setLine(value);
            clearError('lineId');
          }}
          allowDeselect={false}
          error={errors.lineId}
          comboboxProps={{ withinPortal: true }}
        />
      )}
    </FormModal>
  );
}
