import { Alert, Button, Center, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { AlertIcon } from '../components/icons.tsx';

/** A page that crashed or whose code could not be loaded (e.g. after a new release): offer a reload. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : null;
  return (
    <Center p="md" mih={240}>
      <Alert
        color="red"
        variant="light"
        icon={<AlertIcon />}
        title={t('errors.pageCrashed')}
        role="alert"
        maw={560}
      >
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('errors.pageCrashedHint')}</Text>
          {detail && (
            <Text size="xs" c="dimmed" ff="monospace">
              {detail}
            </Text>
          )}
          <Button size="xs" variant="white" color="red" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </Button>
        </Stack>
      </Alert>
    </Center>
  );
}
