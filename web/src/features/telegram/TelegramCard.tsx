import { Alert, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isStaffRole } from '#common/roles.ts';
import { ErrorState } from '../../components/States.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { useCurrentUser } from '../auth/currentUser.tsx';
import { useFormatDate } from '../auth/useFormatDate.ts';
import {
  createLinkCode,
  telegramLinkQueryKey,
  telegramLinkQueryOptions,
  unlinkTelegram,
  type TelegramLinkCode,
} from './api.ts';

/**
 * Linking the user's Telegram chat to his account: a one-time code to send to the bot, the link's
 * state (it flips by itself once the bot has the code), and unlinking.
 */
export function TelegramCard() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const formatDate = useFormatDate();
  const describe = useErrorMessage();
  const queryClient = useQueryClient();
  const [code, setCode] = useState<TelegramLinkCode | null>(null);
  const link = useQuery({
    ...telegramLinkQueryOptions,
    // While a code waits to be sent, the card watches for the bot to take it.
    refetchInterval: (query) => (code && !query.state.data?.linked ? 3_000 : false),
  });
  const issue = useMutation({ mutationFn: createLinkCode, onSuccess: setCode });
  const unlink = useMutation({
    mutationFn: unlinkTelegram,
    onSuccess: () => {
      setCode(null);
      void queryClient.invalidateQueries({ queryKey: telegramLinkQueryKey });
    },
  });
  const staff = isStaffRole(user.role);

  return (
    <Paper withBorder p="lg" maw={560} data-testid="telegram-card">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('telegram.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {staff ? t('telegram.staffDescription') : t('telegram.description')}
        </Text>
        {link.isError ? (
          <ErrorState error={link.error} onRetry={() => void link.refetch()} />
        ) : link.data?.linked ? (
          <>
            <Alert color="green" variant="light" data-testid="telegram-linked">
              {link.data.username
                ? t('telegram.linkedAs', {
                    username: link.data.username,
                    date: formatDate(link.data.linkedAt),
                  })
                : t('telegram.linked', { date: formatDate(link.data.linkedAt) })}
            </Alert>
            <Group>
              <Button
                variant="default"
                color="red"
                loading={unlink.isPending}
                onClick={() => unlink.mutate()}
              >
                {t('telegram.unlink')}
              </Button>
            </Group>
          </>
        ) : (
          <>
            {link.data && !link.data.botConfigured && (
              <Text size="sm" c="orange">
                {t('telegram.notConfigured')}
              </Text>
            )}
            {code ? (
              <Stack gap="xs">
                <Text size="sm">
                  {code.botUsername
                    ? t('telegram.sendToBot', { bot: code.botUsername })
                    : t('telegram.sendToTheBot')}
                </Text>
                <Code block fz="lg" data-testid="telegram-code">
                  /start {code.code}
                </Code>
                <Text size="xs" c="dimmed">
                  {t('telegram.expires', { time: formatDate(code.expiresAt) })}
                </Text>
                <Group>
                  {code.deepLink && (
                    <Button component="a" href={code.deepLink} target="_blank" rel="noreferrer">
                      {t('telegram.open')}
                    </Button>
                  )}
                  <Button variant="default" loading={issue.isPending} onClick={() => issue.mutate()}>
                    {t('telegram.newCode')}
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Group>
                <Button loading={issue.isPending} disabled={link.isPending} onClick={() => issue.mutate()}>
                  {t('telegram.getCode')}
                </Button>
              </Group>
            )}
          </>
        )}
        {(issue.error ?? unlink.error) && (
          <Text size="sm" c="red" role="alert">
            {describe(issue.error ?? unlink.error)}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
