import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { requestableServicesQueryOptions, serviceOptions, type Service } from './api.ts';

type ServiceSelectProps = {
  value: string | null;
  onChange: (service: Service | null) => void;
  label?: string;
  description?: string;
  error?: string | undefined;
  placeholder?: string;
};

/** Picks what a request is for: the catalog's services, grouped by product, searchable. */
export function ServiceSelect({
  value,
  onChange,
  label,
  description,
  error,
  placeholder,
}: ServiceSelectProps) {
  const { t } = useTranslation();
  const services = useQuery(requestableServicesQueryOptions);
  const items = services.data?.items;
  const data = useMemo(() => serviceOptions(items ?? [], t('catalog.otherServices')), [items, t]);

  return (
    <Select
      label={label ?? t('tickets.create.service')}
      description={description}
      placeholder={
        services.isError
          ? t('tickets.create.serviceUnavailable')
          : (placeholder ?? t('tickets.create.servicePlaceholder'))
      }
      data={data}
      value={value}
      onChange={(id) => onChange(items?.find((service) => service.id === id) ?? null)}
      searchable
      clearable
      disabled={services.isError}
      nothingFoundMessage={services.isPending ? t('common.loading') : t('tickets.create.noServices')}
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid="service-select"
    />
  );
}
