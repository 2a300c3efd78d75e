import {
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '#common/limits.ts';
import { isClientRole, ROLES, type Role } from '#common/roles.ts';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { ErrorState } from '../../components/States.tsx';
import { useRoleLabel } from '../../components/useRoleLabel.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../lib/forms.ts';
import { ClientSelect } from './ClientSelect.tsx';
import {
  createUser,
  linesQueryOptions,
  updateUser,
  usersQueryKey,
  type User,
  type UserCreate,
  type UserUpdate,
} from './api.ts';

const FIELDS = ['email', 'name', 'role', 'password', 'clientId', 'lineIds', 'groupIds', 'isActive'] as const;
type Field = (typeof FIELDS)[number];

type SaveRequest = { id: null; body: UserCreate } | { id: string; body: UserUpdate };

type UserFormModalProps = {
  opened: boolean;
  /** The user to edit; null creates a new one. */
  user: User | null;
  onClose: () => void;
};

/** Create or edit a user; client roles pick their company, agents their support lines and groups. */
export function UserFormModal({ opened, user, onClose }: UserFormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t('users.editTitle', { name: user.name }) : t('users.createTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {/* A fresh form for each user opened, so no field leaks from the previous one. */}
      <UserForm key={user?.id ?? 'new'} user={user} onDone={onClose} />
    </Modal>
  );
}

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const queryClient = useQueryClient();
  const isEdit = user !== null;

  const [email, setEmail] = useState(user?.email ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'agent');
  const [password, setPassword] = useState('');
  const [client, setClient] = useState(
    user?.clientId ? { id: user.clientId, name: user.clientName ?? user.clientId } : null,
  );
  const [lineIds, setLineIds] = useState<string[]>(user?.lineIds ?? []);
  const [groupIds, setGroupIds] = useState<string[]>(user?.groupIds ?? []);
  const [isActive, setIsActive] = useState(user?.isActive ?? true);
  const { errors, setErrors, clearError } = useFieldErrors<Field>();

  const needsClient = isClientRole(role);
  const isAgent = role === 'agent';
  const lines = useQuery({ ...linesQueryOptions, enabled: isAgent });

  const save = useMutation({
    mutationFn: (request: SaveRequest): Promise<User> =>
      request.id === null ? createUser(request.body) : updateUser({ id: request.id, ...request.body }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: usersQueryKey });
      notifications.show({
        color: 'green',
        message: isEdit ? t('users.updated', { name: saved.name }) : t('users.created', { name: saved.name }),
      });
      onDone();
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const validate = (): FieldErrors<Field> => ({
    ...(!isEdit && !email.trim() ? { email: t('users.errors.emailRequired') } : {}),
    ...(!name.trim() ? { name: t('users.errors.nameRequired') } : {}),
    ...(!isEdit && !password ? { password: t('users.errors.passwordRequired') } : {}),
    ...(password && password.length < LIMITS.passwordMin
      ? { password: t('users.errors.passwordShort', { min: LIMITS.passwordMin }) }
      : {}),
    ...(needsClient && !client ? { clientId: t('users.errors.clientRequired') } : {}),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems = validate();
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    // Only the fields that apply to the chosen role are sent.
    const shared = {
      name: name.trim(),
      role,
      ...(needsClient && client ? { clientId: client.id } : {}),
      ...(isAgent ? { lineIds, groupIds } : {}),
    };
    save.mutate(
      user
        ? { id: user.id, body: { ...shared, ...(password ? { password } : {}), isActive } }
        : { id: null, body: { ...shared, email: email.trim(), password } },
    );
  };

  const lineOptions = (lines.data?.items ?? []).map((line) => ({
    value: line.id,
    label: `${line.code} — ${line.name}`,
  }));
  const groupOptions = (lines.data?.items ?? [])
    .filter((line) => line.groups.length > 0)
    .map((line) => ({
      group: `${line.code} — ${line.name}`,
      items: line.groups.map((group) => ({ value: group.id, label: group.name })),
    }));

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack>
        <TextInput
          label={t('users.fields.email')}
          type="email"
          required={!isEdit}
          readOnly={isEdit}
          variant={isEdit ? 'filled' : 'default'}
          description={isEdit ? t('users.emailFixed') : undefined}
          autoComplete="off"
          maxLength={LIMITS.emailMax}
          value={email}
          error={errors.email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
            clearError('email');
          }}
        />
        <TextInput
          label={t('users.fields.name')}
          required
          maxLength={LIMITS.nameMax}
          value={name}
          error={errors.name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            clearError('name');
          }}
        />
        <Select
          label={t('users.fields.role')}
          required
          allowDeselect={false}
          data={ROLES.map((value) => ({ value, label: roleLabel(value) }))}
          value={role}
          error={errors.role}
          onChange={(value) => {
            const next = ROLES.find((candidate) => candidate === value);
            if (next) {
              setRole(next);
              clearError('role');
            }
          }}
          comboboxProps={{ withinPortal: true }}
        />
        {needsClient && (
          <ClientSelect
            value={client}
            error={errors.clientId}
            onChange={(next) => {
              setClient(next);
              clearError('clientId');
            }}
          />
        )}
        {isAgent &&
          (lines.isError ? (
            <ErrorState
              error={lines.error}
              onRetry={() => void lines.refetch()}
              title={t('users.linesFailed')}
            />
          ) : (
            <>
              <MultiSelect
                label={t('users.fields.lines')}
                description={t('users.linesHint')}
                placeholder={lines.isPending ? t('common.loading') : undefined}
                data={lineOptions}
                value={lineIds}
                error={errors.lineIds}
                onChange={(value) => {
                  setLineIds(value);
                  clearError('lineIds');
                }}
                searchable
                clearable
                nothingFoundMessage={t('users.noLines')}
                comboboxProps={{ withinPortal: true }}
              />
              <MultiSelect
                label={t('users.fields.groups')}
                placeholder={lines.isPending ? t('common.loading') : undefined}
                data={groupOptions}
                value={groupIds}
                error={errors.groupIds}
                onChange={(value) => {
                  setGroupIds(value);
                  clearError('groupIds');
                }}
                searchable
                clearable
                nothingFoundMessage={t('users.noGroups')}
                comboboxProps={{ withinPortal: true }}
              />
            </>
          ))}
        <PasswordInput
          label={isEdit ? t('users.fields.newPassword') : t('users.fields.password')}
          description={
            isEdit ? t('users.newPasswordHint') : t('users.passwordHint', { min: LIMITS.passwordMin })
          }
          required={!isEdit}
          autoComplete="new-password"
          visibilityToggleButtonProps={{ 'aria-label': t('common.toggleVisibility') }}
          maxLength={LIMITS.passwordMax}
          value={password}
          error={errors.password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
            clearError('password');
          }}
        />
        {isEdit && (
          <Switch
            label={t('users.fields.isActive')}
            description={t('users.isActiveHint')}
            checked={isActive}
            onChange={(event) => setIsActive(event.currentTarget.checked)}
          />
        )}
        <FormErrorAlert error={save.error} fields={FIELDS} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {isEdit ? t('common.save') : t('users.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
