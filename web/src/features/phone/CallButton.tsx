import { Button, Kbd, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PhoneIcon } from '../../components/icons.tsx';
import { CallDialog } from './CallDialog.tsx';

/** The desk's «Звонок» button; F2 opens it from anywhere in the desk, even from a text field. */
export function CallButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useHotkeys([['F2', () => setOpen(true)]], []);

  return (
    <>
      <Tooltip
        label={
          <>
            {t('phone.buttonHint')} <Kbd size="xs">F2</Kbd>
          </>
        }
      >
        <Button
          variant="light"
          size="compact-sm"
          leftSection={<PhoneIcon size={16} />}
          onClick={() => setOpen(true)}
          aria-keyshortcuts="F2"
          data-testid="call-button"
        >
          {t('phone.button')}
        </Button>
      </Tooltip>
      {open && <CallDialog onClose={() => setOpen(false)} />}
    </>
  );
}
