import { Button, Group, Modal, Stack, type ModalProps } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from './FormErrorAlert.tsx';

/**
 * An admin's edit dialog: a title, the fields, what the server refused (the fields it names are shown
 * beside them, the rest above the buttons), Cancel and the submit button, which waits while saving.
 */
export function FormModal({
  title,
  size,
  testId,
  onClose,
  onSubmit,
  error,
  fields,
  pending,
  submitLabel,
  children,
}: {
  title: ReactNode;
  size?: ModalProps['size'];
  testId: string;
  onClose: () => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  error: unknown;
  fields: readonly string[];
  pending: boolean;
  submitLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      onClose={onClose}
      centered
      size={size}
      title={title}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={onSubmit} noValidate data-testid={testId}>
        <Stack>
          {children}
          <FormErrorAlert error={error} fields={fields} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={pending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
