import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { servicesQueryOptions } from '../../catalog/api.ts';
import { supportLinesQueryOptions } from '../../lines/api.ts';
import { ticketTypesQueryOptions } from '../../routing/api.ts';

/** Names of what a request refers to by id or code (types, services, lines, groups), from the dictionaries. */
export function useQueueLookups() {
  const { i18n } = useTranslation();
  const types = useQuery(ticketTypesQueryOptions).data?.items;
  const services = useQuery(servicesQueryOptions(true)).data?.items;
  const lines = useQuery(supportLinesQueryOptions).data?.items;

  const typeName = useCallback(
    (code: string) => {
      const type = types?.find((item) => item.code === code);
      return type ? (i18n.language === 'en' ? type.nameEn : type.name) : code;
    },
    [types, i18n.language],
  );
  const maps = useMemo(
    () => ({
      service: new Map((services ?? []).map((service) => [service.id, service.name])),
      line: new Map((lines ?? []).map((line) => [line.id, line.name])),
      group: new Map((lines ?? []).flatMap((line) => line.groups.map((group) => [group.id, group.name]))),
    }),
    [services, lines],
  );
  return useMemo(
    () => ({
      types: types ?? [],
      services: services ?? [],
      lines: lines ?? [],
      typeName,
      serviceName: (id: string | null) => (id ? (maps.service.get(id) ?? null) : null),
      lineName: (id: string | null) => (id ? (maps.line.get(id) ?? null) : null),
      groupName: (id: string | null) => (id ? (maps.group.get(id) ?? null) : null),
    }),
    [types, services, lines, typeName, maps],
  );
}
export type QueueLookups = ReturnType<typeof useQueueLookups>;
