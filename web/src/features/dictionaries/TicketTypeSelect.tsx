import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { offeredTicketTypesQueryOptions } from './api.ts';

/**
 * The type of a new request, from the admin's dictionary. Until the dictionary loads (or if it fails)
 * the form still works: the field stays empty and the server gives the default type.
 */
export function TicketTypeSelect({
  value,
  onChange,
  error,
  description,
}: {
  value: string | null;
  onChange: (code: string | null) => void;
  error?: string | undefined;
  description?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const types = useQuery(offeredTicketTypesQueryOptions);
  const items = types.data?.items ?? [];
  return (
    <Select
      label={t('tickets.create.type')}
      description={description}
      placeholder={types.isPending ? t('common.loading') : t('tickets.create.typePlaceholder')}
      data={items.map((item) => ({
        value: item.code,
        label: i18n.language === 'en' ? item.nameEn : item.name,
      }))}
      value={value && items.some((item) => item.code === value) ? value : null}
      onChange={onChange}
      clearable
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid="ticket-type-select"
    />
  );
}
