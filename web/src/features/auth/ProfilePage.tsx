import { Button, Group, Paper, Select, Space, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '#common/limits.ts';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { listTimeZones } from '../../lib/format.ts';
import { fieldErrorsFrom, useFieldErrors } from '../../lib/forms.ts';
import { meQueryKey, updateMe } from './api.ts';
import { useCurrentUser } from './currentUser.tsx';
import { TelegramCard } from '../telegram/TelegramCard.tsx';

const FIELDS = ['name', 'timeZone'] as const;
type Field = (typeof FIELDS)[number];

/** The signed-in user's own settings: name, time zone, language. */
export function ProfilePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name);
  const [timeZone, setTimeZone] = useState(user.timeZone);
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const timeZones = useMemo(() => {
    const zones = listTimeZones();
    return zones.includes(user.timeZone) ? zones : [user.timeZone, ...zones];
  }, [user.timeZone]);

  const save = useMutation({
    mutationFn: updateMe,
    onSuccess: (updated) => {
      queryClient.setQueryData(meQueryKey, updated);
      notifications.show({ color: 'green', message: t('profile.saved') });
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setErrors({ name: t('profile.errors.nameRequired') });
      return;
    }
    save.mutate({ name: trimmed, timeZone });
  };

  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <Paper withBorder p="lg" maw={560}>
        <form onSubmit={handleSubmit} noValidate>
          <Stack>
            <TextInput label={t('profile.email')} value={user.email} readOnly variant="filled" />
            <TextInput label={t('profile.role')} value={t(`roles.${user.role}`)} readOnly variant="filled" />
            <TextInput
              label={t('profile.name')}
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
              label={t('profile.timeZone')}
              description={t('profile.timeZoneHint')}
              searchable
              allowDeselect={false}
              data={timeZones}
              value={timeZone}
              error={errors.timeZone}
              onChange={(value) => {
                if (value) {
                  setTimeZone(value);
                  clearError('timeZone');
                }
              }}
            />
            <Text size="sm" c="dimmed">
              {t('profile.languageHint')}
            </Text>
            <FormErrorAlert error={save.error} fields={FIELDS} />
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Space h="lg" />
      <TelegramCard />
    </>
  );
}
