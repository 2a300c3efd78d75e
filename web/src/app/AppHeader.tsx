import { Anchor, Burger, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { ThemeSwitch } from '../components/ThemeSwitch.tsx';
import { UserArea } from '../features/auth/UserArea.tsx';

type AppHeaderProps = {
  homePath: string;
  /** The desk's navbar toggle on narrow screens; the portal has none. */
  navbar?: { opened: boolean; toggle: () => void };
  /** Area-specific controls before the language switch (the desk's notification bell). */
  actions?: ReactNode;
};

/** Product name, language and theme switches, the signed-in user and logout: the same in both areas. */
export function AppHeader({ homePath, navbar, actions }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="sm" wrap="nowrap">
        {navbar && (
          <Burger
            opened={navbar.opened}
            onClick={navbar.toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label={t('nav.toggle')}
          />
        )}
        {/* On a phone the desk's header has the burger, the bell and the user: the name gives way. */}
        <Anchor
          component={Link}
          to={homePath}
          underline="never"
          fw={700}
          size="lg"
          c="blue"
          visibleFrom={navbar ? 'xs' : undefined}
        >
          {t('app.name')}
        </Anchor>
      </Group>
      <Group gap="xs" wrap="nowrap">
        {actions}
        <LanguageSwitch />
        <ThemeSwitch />
        <UserArea />
      </Group>
    </Group>
  );
}
