import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '#common/limits.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { FormErrorAlert } from '../../components/FormErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyHint, ErrorState, PageLoader } from '../../components/States.tsx';
import { CheckIcon, CopyIcon, KeyIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { fieldErrorsFrom, useFieldErrors } from '../../lib/forms.ts';
import { useFormatDate } from '../auth/useFormatDate.ts';
import {
  createToken,
  revokeToken,
  tokensQueryKey,
  tokensQueryOptions,
  type ApiToken,
  type CreatedToken,
} from './api.ts';

const FIELDS = ['name'] as const;

/** The caller's own API tokens: create (shown once), list, revoke. */
export function TokensPage() {
  const { t } = useTranslation();
  const tokens = useQuery(tokensQueryOptions);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  return (
    <>
      <PageHeader title={t('tokens.title')} description={t('tokens.description')} />
      <Stack gap="lg">
        <CreateTokenForm onCreated={setCreated} />
        {created && <NewTokenAlert token={created} onClose={() => setCreated(null)} />}
        {tokens.isPending ? (
          <PageLoader />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.items.length === 0 ? (
          <EmptyHint
            icon={<KeyIcon size={28} />}
            title={t('tokens.empty.title')}
            description={t('tokens.empty.description')}
          />
        ) : (
          <TokenTable tokens={tokens.data.items} />
        )}
      </Stack>
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const { errors, setErrors, clearError } = useFieldErrors<'name'>();

  const create = useMutation({
    mutationFn: createToken,
    onSuccess: (token) => {
      setName('');
      onCreated(token);
      void queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
    onError: (error) => setErrors(fieldErrorsFrom(error, FIELDS)),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setErrors({ name: t('tokens.errors.nameRequired') });
      return;
    }
    create.mutate(trimmed);
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label={t('tokens.name')}
              placeholder={t('tokens.namePlaceholder')}
              maxLength={LIMITS.tokenNameMax}
              value={name}
              error={errors.name}
              onChange={(event) => {
                setName(event.currentTarget.value);
                clearError('name');
              }}
              style={{ flex: '1 1 260px' }}
            />
            <Button type="submit" loading={create.isPending} mt={{ base: 0, xs: 25 }}>
              {t('tokens.create')}
            </Button>
          </Group>
          <FormErrorAlert error={create.error} fields={FIELDS} />
        </Stack>
      </form>
    </Paper>
  );
}

function NewTokenAlert({ token, onClose }: { token: CreatedToken; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="green"
      variant="light"
      title={t('tokens.created.title', { name: token.name })}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="new-token"
    >
      <Stack gap="sm">
        <Text size="sm">{t('tokens.created.warning')}</Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code
            block
            style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
            data-testid="new-token-value"
          >
            {token.token}
          </Code>
          <CopyButton value={token.token}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                <ActionIcon
                  variant={copied ? 'filled' : 'default'}
                  color={copied ? 'teal' : undefined}
                  size="lg"
                  aria-label={copied ? t('common.copied') : t('tokens.copy')}
                  onClick={copy}
                >
                  {copied ? <CheckIcon /> : <CopyIcon />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed">
          {t('tokens.created.usage')}
        </Text>
      </Stack>
    </Alert>
  );
}

function TokenTable({ tokens }: { tokens: ApiToken[] }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const describe = useErrorMessage();
  const queryClient = useQueryClient();
  const [toRevoke, setToRevoke] = useState<ApiToken | null>(null);

  const revoke = useMutation({
    mutationFn: revokeToken,
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('tokens.revoked', { name: toRevoke?.name ?? '' }) });
      setToRevoke(null);
      void queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
  });

  return (
    <>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tokens.name')}</Table.Th>
              <Table.Th>{t('tokens.createdAt')}</Table.Th>
              <Table.Th>{t('tokens.lastUsedAt')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td fw={500}>{token.name}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(token.createdAt)}</Table.Td>
                <Table.Td>{formatDate(token.lastUsedAt) ?? t('tokens.neverUsed')}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('tokens.revokeNamed', { name: token.name })}
                    onClick={() => {
                      revoke.reset();
                      setToRevoke(token);
                    }}
                  >
                    {t('tokens.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={toRevoke !== null}
        title={t('tokens.revokeTitle')}
        confirmLabel={t('tokens.revoke')}
        isPending={revoke.isPending}
        error={
          revoke.error && (
            <Text size="sm" c="red" role="alert">
              {describe(revoke.error)}
            </Text>
          )
        }
        onConfirm={() => {
          if (toRevoke) {
            revoke.mutate(toRevoke.id);
          }
        }}
        onClose={() => setToRevoke(null)}
      >
        {t('tokens.revokeConfirm', { name: toRevoke?.name ?? '' })}
      </ConfirmModal>
    </>
  );
}
