import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type TelegramLink = {
  botConfigured: boolean;
  botUsername: string | null;
  linked: boolean;
  username: string | null;
  linkedAt: string | null;
};
export type TelegramLinkCode = {
  code: string;
  expiresAt: string;
  botUsername: string | null;
  deepLink: string | null;
};

export const telegramLinkQueryKey = ['telegram', 'link'] as const;

export const telegramLinkQueryOptions = queryOptions({
  queryKey: telegramLinkQueryKey,
  queryFn: ({ signal }) => api.get<TelegramLink>('/telegram/link', { signal }),
});

export const createLinkCode = () => api.post<TelegramLinkCode>('/telegram/link-code');
export const unlinkTelegram = () => api.delete('/telegram/link');
