// Loading, error and empty states, so every page says what is happening and what to do next.
import { Alert, Button, Center, EmptyState, Group, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertIcon, InboxIcon } from './icons.tsx';
import { useErrorMessage } from './useErrorMessage.ts';

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader />
        <Text size="sm" c="dimmed">
          {t('common.loading')}
        </Text>
      </Stack>
    </Center>
  );
}

export function FullPageLoader() {
  return (
    <Center mih="100vh">
      <PageLoader />
    </Center>
  );
}

type ErrorStateProps = { error: unknown; onRetry?: () => void; title?: string };

/** A failed load: what went wrong and a retry button. */
export function ErrorState({ error, onRetry, title }: ErrorStateProps) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  return (
    <Alert
      color="red"
      variant="light"
      icon={<AlertIcon />}
      title={title ?? t('errors.loadFailed')}
      role="alert"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{describe(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

type EmptyHintProps = { title: string; description: ReactNode; action?: ReactNode; icon?: ReactNode };

/** An empty list or section: says why it is empty and what to do about it. */
export function EmptyHint({ title, description, action, icon }: EmptyHintProps) {
  return (
    <EmptyState
      py="xl"
      withIndicatorBackground
      icon={icon ?? <InboxIcon size={28} />}
      title={title}
      description={description}
    >
      {action && (
        <EmptyState.Actions>
          <Group justify="center">{action}</Group>
        </EmptyState.Actions>
      )}
    </EmptyState>
  );
}
