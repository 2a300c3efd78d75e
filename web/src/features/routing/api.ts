import { queryOptions } from '@tanstack/react-query';
import type { Priority } from '#common/tickets.ts';
import { api } from '../../lib/api.ts';

/** GET /routing-rules: tried by position; an empty criterion matches anything. */
export type RoutingRule = {
  id: string;
  position: number;
  name: string;
  serviceId: string | null;
  serviceName: string | null;
  type: string | null;
  priority: Priority | null;
  clientId: string | null;
  clientName: string | null;
  lineId: string;
  lineName: string;
  groupId: string | null;
  groupName: string | null;
  isActive: boolean;
  updatedAt: string;
};

export type RuleInput = {
  name: string;
  serviceId: string | null;
  type: string | null;
  priority: Priority | null;
  clientId: string | null;
  lineId: string;
  groupId: string | null;
  isActive?: boolean;
};

export const rulesQueryKey = ['routing-rules'] as const;

export const rulesQueryOptions = queryOptions({
  queryKey: rulesQueryKey,
  queryFn: ({ signal }) => api.get<{ items: RoutingRule[] }>('/routing-rules', { signal }),
});

/** A type of request from the dictionary (retired ones too: an old rule may still name one). */
export type TicketType = { code: string; name: string; nameEn: string; position: number; isActive: boolean };

export const ticketTypesQueryOptions = queryOptions({
  queryKey: ['ticket-types', { includeInactive: true }],
  queryFn: ({ signal }) =>
    api.get<{ items: TicketType[] }>('/ticket-types', { signal, query: { includeInactive: true } }),
  staleTime: 5 * 60_000,
});

export const createRule = (body: RuleInput): Promise<RoutingRule> =>
  api.post<RoutingRule>('/routing-rules', body);

export const updateRule = ({
  id,
  ...body
}: Partial<RuleInput> & { id: string; position?: number }): Promise<RoutingRule> =>
  api.patch<RoutingRule>(`/routing-rules/${encodeURIComponent(id)}`, body);

export const deleteRule = (id: string): Promise<void> =>
  api.delete(`/routing-rules/${encodeURIComponent(id)}`);

/**
 * The positions that put `rules` in `order`: 10, 20, 30… Only the rules whose position changes are
 * returned, so swapping two neighbours spaced as the server spaces them costs two writes.
 */
export const positionsFor = (
  rules: readonly RoutingRule[],
  order: readonly string[],
): { id: string; position: number }[] => {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  return order
    .map((id, index) => ({ id, position: (index + 1) * 10 }))
    .filter(({ id, position }) => byId.get(id)?.position !== position);
};

/** The order after moving one rule a step up or down (unchanged at either end). */
export const movedOrder = (rules: readonly RoutingRule[], id: string, step: -1 | 1): string[] => {
  const order = rules.map((rule) => rule.id);
  const from = order.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= order.length) {
    return order;
  }
  [order[from], order[to]] = [order[to] ?? '', order[from] ?? ''];
  return order;
};
