import { Box, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The code of a line or a group: upper case, typed once at creation and fixed afterwards, because
 * routing rules, imports and reports refer to it.
 */
export function CodeInput({
  isNew,
  value,
  error,
  onChange,
}: {
  isNew: boolean;
  value: string;
  error: string | undefined;
  onChange: (code: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('lines.fields.code')}
      description={isNew ? t('lines.codeHint') : t('lines.codeFixed')}
      required={isNew}
      disabled={!isNew}
      maxLength={32}
      value={value}
      error={error}
      onChange={(event) => onChange(event.currentTarget.value.toUpperCase())}
      inputContainer={(children) => <Box maw={220}>{children}</Box>}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
    />
  );
}
