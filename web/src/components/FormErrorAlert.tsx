import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { needsFormLevelMessage } from '../lib/forms.ts';
import { AlertIcon } from './icons.tsx';
import { useErrorMessage } from './useErrorMessage.ts';

type FormErrorAlertProps = { error: unknown; fields: readonly string[] };

/** A failed save that no field message explains (conflict, no access, network). */
export function FormErrorAlert({ error, fields }: FormErrorAlertProps) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  if (!error || !needsFormLevelMessage(error, fields)) {
    return null;
  }
  return (
    <Alert color="red" variant="light" icon={<AlertIcon />} title={t('errors.saveFailed')} role="alert">
      {describe(error)}
    </Alert>
  );
}
