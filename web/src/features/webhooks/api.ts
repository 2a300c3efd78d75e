import { queryOptions } from '@tanstack/react-query';
import type { WebhookDeliveryState, WebhookEvent } from '#common/webhooks.ts';
import { api, type Page } from '../../lib/api.ts';

export type Webhook = {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  includeInternal: boolean;
  isActive: boolean;
  secretHint: string;
  createdAt: string;
  updatedAt: string;
  lastDelivery: { state: WebhookDeliveryState; at: string } | null;
};
export type CreatedWebhook = Webhook & { secret: string };
export type WebhookInput = { name?: string; url: string; events: WebhookEvent[]; includeInternal: boolean };
export type WebhookPatch = Partial<WebhookInput> & { isActive?: boolean };

export type WebhookAttempt = {
  attempt: number;
  startedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
};
export type WebhookDelivery = {
  id: string;
  event: string;
  state: WebhookDeliveryState;
  ticketNumber: number | null;
  attempts: WebhookAttempt[];
  createdAt: string;
  finishedAt: string | null;
};

export const webhooksQueryKey = ['webhooks'] as const;

export const webhooksQueryOptions = queryOptions({
  queryKey: webhooksQueryKey,
  queryFn: ({ signal }) => api.get<{ items: Webhook[] }>('/webhooks', { signal }),
});

export const deliveriesQueryKey = (id: string) => [...webhooksQueryKey, id, 'deliveries'] as const;

export const deliveriesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: deliveriesQueryKey(id),
    queryFn: ({ signal }) =>
      api.get<Page<WebhookDelivery>>(`/webhooks/${encodeURIComponent(id)}/deliveries`, {
        signal,
        query: { limit: 50 },
      }),
  });

export const createWebhook = (input: WebhookInput) => api.post<CreatedWebhook>('/webhooks', input);
export const updateWebhook = (id: string, patch: WebhookPatch) =>
  api.patch<Webhook>(`/webhooks/${encodeURIComponent(id)}`, patch);
export const deleteWebhook = (id: string) => api.delete(`/webhooks/${encodeURIComponent(id)}`);
export const sendTestDelivery = (id: string) =>
  api.post<WebhookDelivery>(`/webhooks/${encodeURIComponent(id)}/test`);
