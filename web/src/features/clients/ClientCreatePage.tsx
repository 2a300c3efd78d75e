import { Button, Group, Paper, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LIMITS } from '#common/limits.ts';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DEFAULT_TIME_ZONE, listTimeZones } from '../../lib/format.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../lib/forms.ts';
import { clientsQueryKey, createClient, type ClientCreate } from './api.ts';

const FIELDS = ['name', 'inn', 'kpp', 'timeZone', 'notes'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const EMPTY: Values = { name: '', inn: '', kpp: '', timeZone: DEFAULT_TIME_ZONE, notes: '' };

/** Registers a client company (admin, dispatcher). The server checks the INN checksum. */
export function ClientCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(EMPTY);
  const { errors, setErrors, clearError } = useFieldErrors<Field>();

  const create = useMutation({
    mutationFn: createClient,
    onSuccess: (client) => {
      void queryClient.invalidateQueries({ queryKey: clientsQueryKey });
      notifications.show({ color: 'green', message: t('clients.created', { name: client.name }) });
      void navigate(`/desk/clients/${encodeURIComponent(client.id)}`);
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const change = (field: Field, value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    clearError(field);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body: ClientCreate = {
      name: values.name.trim(),
      inn: values.inn.trim(),
      ...(values.kpp.trim() ? { kpp: values.kpp.trim() } : {}),
      ...(values.timeZone ? { timeZone: values.timeZone } : {}),
      ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
    };
    // Only what the user cannot miss is checked here; the server owns the INN and KPP rules.
    const missing: FieldErrors<Field> = {
      ...(body.name ? {} : { name: t('clients.errors.nameRequired') }),
      ...(body.inn ? {} : { inn: t('clients.errors.innRequired') }),
    };
    setErrors(missing);
    if (Object.keys(missing).length === 0) {
      create.mutate(body);
    }
  };

  return (
    <>
      <PageHeader title={t('clients.new')} description={t('clients.newDescription')} />
      <Paper withBorder p="lg" maw={720}>
        <form onSubmit={handleSubmit} noValidate>
          <Stack>
            <TextInput
              label={t('clients.fields.name')}
              placeholder={t('clients.namePlaceholder')}
              required
              maxLength={LIMITS.clientNameMax}
              value={values.name}
              error={errors.name}
              onChange={(event) => change('name', event.currentTarget.value)}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                label={t('clients.fields.inn')}
                description={t('clients.innHint')}
                required
                inputMode="numeric"
                maxLength={12}
                value={values.inn}
                error={errors.inn}
                onChange={(event) => change('inn', event.currentTarget.value)}
                data-testid="client-inn"
              />
              <TextInput
                label={t('clients.fields.kpp')}
                description={t('clients.kppHint')}
                maxLength={9}
                value={values.kpp}
                error={errors.kpp}
                onChange={(event) => change('kpp', event.currentTarget.value.toUpperCase())}
              />
            </SimpleGrid>
            <Select
              label={t('clients.fields.timeZone')}
              description={t('clients.timeZoneHint')}
              searchable
              data={listTimeZones()}
              value={values.timeZone || null}
              error={errors.timeZone}
              onChange={(value) => change('timeZone', value ?? '')}
              clearable
              maw={360}
            />
            <Textarea
              label={t('clients.fields.notes')}
              description={t('clients.notesHint')}
              autosize
              minRows={3}
              maxRows={12}
              maxLength={LIMITS.notesMax}
              value={values.notes}
              error={errors.notes}
              onChange={(event) => change('notes', event.currentTarget.value)}
            />
            <FormErrorAlert error={create.error} fields={FIELDS} />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t('clients.createSubmit')}
              </Button>
              <Button component={Link} to="/desk/clients" variant="default">
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
