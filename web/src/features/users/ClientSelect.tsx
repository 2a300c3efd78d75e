import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clientsQueryOptions } from '../clients/api.ts';

type ClientOption = { id: string; name: string };

type ClientSelectProps = {
  value: ClientOption | null;
  onChange: (client: ClientOption | null) => void;
  error?: string | undefined;
  /** Defaults to the user form's wording. */
  label?: string;
  description?: string;
  /** Defaults to true: a contact must belong to a client; a filter or a rule may leave it empty. */
  required?: boolean;
  placeholder?: string;
};

/** Picks a client company, searching the server by name or INN as the user types. */
export function ClientSelect({
  value,
  onChange,
  error,
  label,
  description,
  required = true,
  placeholder,
}: ClientSelectProps) {
  const { t } = useTranslation();
  const [searchValue, setSearchValue] = useState('');
  const [term, setTerm] = useState('');
  const [debouncedTerm] = useDebouncedValue(term.trim(), 300);
  const clients = useInfiniteQuery({
    ...clientsQueryOptions(debouncedTerm, 20),
    placeholderData: keepPreviousData,
  });

  const data = useMemo(() => {
    const found = (clients.data?.pages[0]?.items ?? []).map((client) => ({
      value: client.id,
      label: `${client.name} · ${client.inn}`,
    }));
    // The chosen client must stay among the options, or the input would go blank.
    if (value && !found.some((option) => option.value === value.id)) {
      found.unshift({ value: value.id, label: value.name });
    }
    return found;
  }, [clients.data, value]);

  return (
    <Select
      label={label ?? t('users.fields.client')}
      description={description ?? t('users.clientHint')}
      placeholder={placeholder ?? t('users.clientPlaceholder')}
      required={required}
      searchable
      clearable
      filter={({ options }) => options}
      data={data}
      value={value?.id ?? null}
      searchValue={searchValue}
      onSearchChange={(text) => {
        setSearchValue(text);
        // Picking an option puts its label in the input: that is not a search.
        setTerm(data.some((option) => option.label === text) ? '' : text);
      }}
      onChange={(id, option) => onChange(id && option ? { id, name: option.label } : null)}
      nothingFoundMessage={clients.isFetching ? t('common.loading') : t('users.noClients')}
      rightSection={clients.isFetching ? <Loader size="xs" /> : undefined}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
