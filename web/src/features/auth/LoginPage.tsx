import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { homePathFor } from '#common/roles.ts';
import { LIMITS } from '#common/limits.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { ThemeSwitch } from '../../components/ThemeSwitch.tsx';
import { FullPageLoader } from '../../components/States.tsx';
import { AlertIcon } from '../../components/icons.tsx';
import { useErrorMessage } from '../../components/useErrorMessage.ts';
import { ApiError } from '../../lib/api.ts';
import { useFieldErrors } from '../../lib/forms.ts';
import { login, meQueryOptions, updateMe, type Me } from './api.ts';
import { takeLanguageChosenWhileSignedOut } from './locale.ts';

/** Login answered 200 but the session cookie did not stick (e.g. a Secure cookie over plain http). */
class SessionNotStartedError extends Error {}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(meQueryOptions);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, setErrors, clearError } = useFieldErrors<'email' | 'password'>();

  const signIn = useMutation({
    mutationFn: async (credentials: { email: string; password: string }): Promise<Me> => {
      const answer = await login(credentials.email, credentials.password);
      const chosen = takeLanguageChosenWhileSignedOut();
      if (chosen && chosen !== answer.user.locale) {
        await updateMe({ locale: chosen }).catch(() => undefined);
      }
      // Enter with the full profile (client, lines, groups), not just the login answer.
      const profile = await queryClient.fetchQuery({ ...meQueryOptions, staleTime: 0 });
      if (!profile) {
        throw new SessionNotStartedError();
      }
      return profile;
    },
    onSuccess: (profile) => {
      void navigate(homePathFor(profile.role), { replace: true });
    },
  });

  if (me.isPending) {
    return <FullPageLoader />;
  }
  if (me.data && !signIn.isPending) {
    return <Navigate to={homePathFor(me.data.role)} replace />;
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedEmail = email.trim();
    const missing = {
      ...(trimmedEmail ? {} : { email: t('auth.errors.emailRequired') }),
      ...(password ? {} : { password: t('auth.errors.passwordRequired') }),
    };
    setErrors(missing);
    if (Object.keys(missing).length === 0) {
      signIn.mutate({ email: trimmedEmail, password });
    }
  };

  return (
    <Box mih="100vh" display="flex" style={{ flexDirection: 'column' }}>
      <Group justify="flex-end" p="md" gap="sm">
        <LanguageSwitch />
        <ThemeSwitch />
      </Group>
      <Center flex={1} px="md" pb="xl">
        <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={420}>
          <Stack gap="lg">
            <Stack gap={4}>
              <Text fw={700} c="blue" size="lg">
                {t('app.name')}
              </Text>
              <Title order={1} size="h3">
                {t('auth.title')}
              </Title>
              <Text c="dimmed" size="sm">
                {t('auth.subtitle')}
              </Text>
            </Stack>
            <form onSubmit={handleSubmit} noValidate>
              <Stack>
                <TextInput
                  label={t('auth.email')}
                  type="email"
                  name="email"
                  autoComplete="username"
                  inputMode="email"
                  maxLength={LIMITS.emailMax}
                  value={email}
                  error={errors.email}
                  onChange={(event) => {
                    setEmail(event.currentTarget.value);
                    clearError('email');
                  }}
                  autoFocus
                />
                <PasswordInput
                  label={t('auth.password')}
                  name="password"
                  autoComplete="current-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('common.toggleVisibility') }}
                  maxLength={LIMITS.passwordMax}
                  value={password}
                  error={errors.password}
                  onChange={(event) => {
                    setPassword(event.currentTarget.value);
                    clearError('password');
                  }}
                />
                {signIn.error && <LoginError error={signIn.error} />}
                <Button type="submit" fullWidth loading={signIn.isPending}>
                  {t('auth.submit')}
                </Button>
              </Stack>
            </form>
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}

function LoginError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();

  let title = t('auth.errors.failed');
  let message: string = describe(error);
  if (error instanceof SessionNotStartedError) {
    message = t('auth.errors.cookie');
  } else if (error instanceof ApiError && error.status === 401) {
    title = t('auth.errors.invalidTitle');
    message = t('auth.errors.invalid');
  } else if (error instanceof ApiError && error.status === 429) {
    title = t('auth.errors.locked');
    const minutes = error.retryAfterSeconds ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) : null;
    // Our own sentence when the wait is known (the server's detail is in one language only).
    message = minutes ? t('auth.errors.retryIn', { minutes }) : (error.detail ?? t('auth.errors.retryLater'));
  }

  return (
    <Alert
      color="red"
      variant="light"
      icon={<AlertIcon />}
      title={title}
      role="alert"
      data-testid="login-error"
    >
      {message}
    </Alert>
  );
}
