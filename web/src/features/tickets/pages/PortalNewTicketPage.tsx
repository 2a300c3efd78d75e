import { Button, Group, Paper, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormErrorAlert } from '../../../components/FormErrorAlert.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { fromWallTime } from '../../../lib/format.ts';
import { fieldErrorsFrom, useFieldErrors, type FieldErrors } from '../../../lib/forms.ts';
import { useCurrentUser } from '../../auth/currentUser.tsx';
import { ServiceSelect } from '../../catalog/ServiceSelect.tsx';
import { TicketTypeSelect } from '../../dictionaries/TicketTypeSelect.tsx';
import { TicketTextFields } from '../components/TicketTextFields.tsx';
import { useCreateTicket } from '../useCreateTicket.ts';
import { plainTextToHtml } from '../richText.ts';

const FIELDS = ['serviceId', 'type', 'title', 'description', 'desiredDueAt'] as const;
type Field = (typeof FIELDS)[number];

/** A client (or an employee) describes a request in his own words. */
export function PortalNewTicketPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { errors, setErrors, clearError } = useFieldErrors<Field>();
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [desiredDueAt, setDesiredDueAt] = useState('');

  const create = useCreateTicket({
    area: 'portal',
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const due = desiredDueAt ? fromWallTime(desiredDueAt, user.timeZone) : null;
    const missing: FieldErrors<Field> = {
      ...(title.trim() ? {} : { title: t('tickets.create.titleRequired') }),
      ...(desiredDueAt && !due ? { desiredDueAt: t('tickets.transition.dateRequired') } : {}),
      ...(due && new Date(due).getTime() < Date.now() ? { desiredDueAt: t('tickets.create.dueInPast') } : {}),
    };
    setErrors(missing);
    if (Object.keys(missing).length > 0) {
      return;
    }
    create.mutate({
      title: title.trim(),
      ...(serviceId ? { serviceId } : {}),
      ...(type ? { type } : {}),
      ...(description.trim() ? { description: plainTextToHtml(description) } : {}),
      ...(due ? { desiredDueAt: due } : {}),
    });
  };

  return (
    <>
      <PageHeader title={t('tickets.create.title')} description={t('tickets.portal.newDescription')} />
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        <form onSubmit={handleSubmit} noValidate data-testid="portal-new-ticket">
          <Stack>
            <ServiceSelect
              value={serviceId}
              onChange={(service) => {
                setServiceId(service?.id ?? null);
                clearError('serviceId');
              }}
              description={t('tickets.create.serviceHintPortal')}
              error={errors.serviceId}
            />
            <TicketTypeSelect
              value={type}
              onChange={(value) => {
                setType(value);
                clearError('type');
              }}
              description={t('tickets.create.typeHintPortal')}
              error={errors.type}
            />
            <TicketTextFields
              title={title}
              description={description}
              onTitle={(value) => {
                setTitle(value);
                clearError('title');
              }}
              onDescription={(value) => {
                setDescription(value);
                clearError('description');
              }}
              errors={errors}
              rows={[5, 16]}
            />
            <TextInput
              type="datetime-local"
              label={t('tickets.create.desiredDueAt')}
              description={t('tickets.create.desiredDueAtHint')}
              value={desiredDueAt}
              error={errors.desiredDueAt}
              onChange={(event) => {
                setDesiredDueAt(event.currentTarget.value);
                clearError('desiredDueAt');
              }}
              maw={320}
            />
            <FormErrorAlert error={create.error} fields={FIELDS} />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t('tickets.create.submit')}
              </Button>
              <Button component={Link} to="/portal/tickets" variant="default">
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
