import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyHint } from '../components/States.tsx';

/** An address that leads nowhere; `/` takes the user to the right home. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyHint
      title={t('notFound.title')}
      description={t('notFound.description')}
      action={
        <Button component={Link} to="/" variant="light">
          {t('common.toHome')}
        </Button>
      }
    />
  );
}
