import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/** GET /mail/mailboxes: a support mailbox; its password is never sent back, only whether one is set. */
export type Mailbox = {
  id: string;
  name: string;
  imapHost: string;
  imapPort: number;
  imapTls: boolean;
  imapUser: string;
  hasPassword: boolean;
  folder: string;
  enabled: boolean;
  unknownSenderPolicy: 'triage' | 'refuse';
  lastUid: number;
  lastPolledAt: string | null;
  lastError: string | null;
};
export type MailboxInput = {
  name: string;
  imapHost: string;
  imapPort: number;
  imapTls: boolean;
  imapUser: string;
  /** Left out on a change: the stored one stays. */
  imapPassword?: string;
  folder: string;
  enabled: boolean;
  unknownSenderPolicy: 'triage' | 'refuse';
};
export type ConnectionTest = { ok: boolean; messages: number | null; error: string | null };
export type PollResult = { fetched: number; stored: number; skipped: number };

export type MailDomain = { domain: string; clientId: string; clientName: string };

export const TEMPLATE_KINDS = ['received', 'answered', 'estimated', 'done', 'completed', 'refused'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export type MailTemplate = {
  kind: TemplateKind;
  locale: 'ru' | 'en';
  subject: string;
  body: string;
  isDefault: boolean;
};

export type MailSettings = {
  smtpUrl: string | null;
  hasPassword: boolean;
  fromAddress: string | null;
  effective: 'page' | 'environment' | 'none';
};
export type MailSettingsInput = { smtpUrl: string | null; smtpPassword?: string; fromAddress: string | null };

export type InboundLetter = {
  id: string;
  source: string;
  mailboxName: string | null;
  messageId: string;
  fromAddress: string;
  subject: string;
  outcome: 'ticket_created' | 'comment_added' | 'ignored' | 'refused';
  reason: string | null;
  acknowledged: boolean;
  ticketId: string | null;
  ticketNumber: number | null;
  receivedAt: string;
};

export const mailboxesQueryKey = ['mail', 'mailboxes'] as const;
export const mailboxesQueryOptions = queryOptions({
  queryKey: mailboxesQueryKey,
  queryFn: ({ signal }) => api.get<{ items: Mailbox[] }>('/mail/mailboxes', { signal }),
});
export const createMailbox = (body: MailboxInput) => api.post<Mailbox>('/mail/mailboxes', body);
export const updateMailbox = ({ id, ...body }: Partial<MailboxInput> & { id: string }) =>
  api.patch<Mailbox>(`/mail/mailboxes/${id}`, body);
export const deleteMailbox = (id: string) => api.delete(`/mail/mailboxes/${id}`);
export const testMailbox = (id: string) => api.post<ConnectionTest>(`/mail/mailboxes/${id}/test`);
export const pollMailbox = (id: string) => api.post<PollResult>(`/mail/mailboxes/${id}/poll`);

export const domainsQueryKey = ['mail', 'domains'] as const;
export const domainsQueryOptions = queryOptions({
  queryKey: domainsQueryKey,
  queryFn: ({ signal }) => api.get<{ items: MailDomain[] }>('/mail/domains', { signal }),
});
export const putDomain = ({ domain, clientId }: { domain: string; clientId: string }) =>
  api.put<MailDomain>(`/mail/domains/${encodeURIComponent(domain)}`, { clientId });
export const deleteDomain = (domain: string) => api.delete(`/mail/domains/${encodeURIComponent(domain)}`);

export const templatesQueryKey = ['mail', 'templates'] as const;
export const templatesQueryOptions = queryOptions({
  queryKey: templatesQueryKey,
  queryFn: ({ signal }) => api.get<{ items: MailTemplate[] }>('/mail/templates', { signal }),
});
export const saveTemplate = ({ kind, locale, subject, body }: Omit<MailTemplate, 'isDefault'>) =>
  api.put<MailTemplate>(`/mail/templates/${kind}/${locale}`, { subject, body });
export const resetTemplate = ({ kind, locale }: Pick<MailTemplate, 'kind' | 'locale'>) =>
  api.delete<MailTemplate>(`/mail/templates/${kind}/${locale}`);

export const settingsQueryKey = ['mail', 'settings'] as const;
export const settingsQueryOptions = queryOptions({
  queryKey: settingsQueryKey,
  queryFn: ({ signal }) => api.get<MailSettings>('/mail/settings', { signal }),
});
export const saveSettings = (body: MailSettingsInput) => api.put<MailSettings>('/mail/settings', body);

export const inboundQueryKey = ['mail', 'inbound'] as const;
export const inboundQueryOptions = queryOptions({
  queryKey: inboundQueryKey,
  queryFn: ({ signal }) => api.get<{ items: InboundLetter[] }>('/mail/inbound', { signal }),
});
