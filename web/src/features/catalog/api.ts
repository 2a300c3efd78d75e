import { queryOptions } from '@tanstack/react-query';
import type { ServiceKind, TariffMode } from '#common/billing.ts';
import { api, ApiError } from '../../lib/api.ts';

/** GET /services: a node of the catalog — a product, a module grouping services, or a service itself. */
export type Service = {
  id: string;
  parentId: string | null;
  kind: ServiceKind;
  code: string | null;
  name: string;
  description: string;
  /** How its hours are billed: from the balance, paid at the rate, or free but counted. */
  tariffMode: TariffMode;
  isActive: boolean;
  createdAt: string;
};

export type ServiceCreate = {
  name: string;
  kind?: ServiceKind;
  parentId?: string | null;
  code?: string | null;
  tariffMode?: TariffMode;
};

export type ServicePatch = Partial<ServiceCreate & { isActive: boolean }>;

export const servicesQueryKey = ['services'] as const;

export const servicesQueryOptions = (includeInactive = false) =>
  queryOptions({
    queryKey: [...servicesQueryKey, { includeInactive }],
    queryFn: ({ signal }) =>
      api.get<{ items: Service[] }>('/services', {
        signal,
        query: includeInactive ? { includeInactive } : {},
      }),
    staleTime: 5 * 60_000,
  });

/**
 * What this user may file a request for (his audience: clients the clients' services, employees the
 * internal ones). A server without the audience filter answers 400 to `forRequest`: then the whole list.
 */
export const requestableServicesQueryOptions = queryOptions({
  queryKey: [...servicesQueryKey, 'requestable'],
  queryFn: async ({ signal }) => {
    try {
      return await api.get<{ items: Service[] }>('/services', { signal, query: { forRequest: true } });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        return api.get<{ items: Service[] }>('/services', { signal });
      }
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});

export const createService = (body: ServiceCreate): Promise<Service> => api.post<Service>('/services', body);

export const updateService = ({ id, ...body }: ServicePatch & { id: string }): Promise<Service> =>
  api.patch<Service>(`/services/${encodeURIComponent(id)}`, body);

export type CatalogNode = { service: Service; depth: number; children: CatalogNode[] };

/** The flat list as a tree, each level by name; a node whose parent is missing is shown at the top. */
export const buildTree = (services: readonly Service[]): CatalogNode[] => {
  const byParent = new Map<string | null, Service[]>();
  const ids = new Set(services.map((service) => service.id));
  for (const service of services) {
    const parent = service.parentId && ids.has(service.parentId) ? service.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), service]);
  }
  const build = (parent: string | null, depth: number, seen: Set<string>): CatalogNode[] =>
    (byParent.get(parent) ?? [])
      .filter((service) => !seen.has(service.id))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((service) => ({
        service,
        depth,
        children: build(service.id, depth + 1, new Set([...seen, service.id])),
      }));
  return build(null, 0, new Set());
};

/** The tree in reading order. */
export const flattenTree = (nodes: readonly CatalogNode[]): CatalogNode[] =>
  nodes.flatMap((node) => [node, ...flattenTree(node.children)]);

/**
 * Leaf services grouped by their product, for a request's «Услуга» select: `{ group: '1С:Бухгалтерия',
 * items: [...] }`. A module's services are shown as «Модуль · Услуга» under the product.
 */
export const serviceOptions = (services: readonly Service[], ungroupedLabel: string) => {
  const byId = new Map(services.map((service) => [service.id, service]));
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const service of services) {
    if (service.kind !== 'service' || !service.isActive) {
      continue;
    }
    const path: Service[] = [];
    let cursor = service.parentId ? byId.get(service.parentId) : undefined;
    while (cursor && path.length < 20) {
      path.unshift(cursor);
      cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
    }
    const [root, ...between] = path;
    const group = root?.name ?? ungroupedLabel;
    const label = [...between.map((node) => node.name), service.name].join(' · ');
    groups.set(group, [...(groups.get(group) ?? []), { value: service.id, label }]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === ungroupedLabel ? 1 : b === ungroupedLabel ? -1 : a.localeCompare(b)))
    .map(([group, items]) => ({ group, items: items.sort((a, b) => a.label.localeCompare(b.label)) }));
};
