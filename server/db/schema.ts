import type { ColumnType, Generated } from 'kysely';
import type { ServiceKind, TariffMode } from '#common/billing.ts';
import type { Role } from '#common/roles.ts';
import type { Channel, Priority, Status } from '#common/tickets.ts';

// Kysely's view of the tables; each block mirrors a migration in migrations/.
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export type ClientsTable = {
  id: Generated<string>;
  name: string;
  inn: string;
  kpp: string | null;
  time_zone: Generated<string>;
  notes: Generated<string>;
  approval_limit_hours: number | null;
  users_see_balance: Generated<boolean>;
  users_see_company_requests: Generated<boolean>;
  calendar_id: string | null;
  /** Internal: sanitized HTML kept by staff (migration 0013), never shown to the client. */
  knowledge_card: Generated<string>;
  knowledge_version: Generated<number>;
  knowledge_updated_at: Date | string | null;
  knowledge_updated_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type SupportLinesTable = { id: Generated<string>; code: string; name: string; level: number };
export type SupportGroupsTable = { id: Generated<string>; line_id: string; code: string; name: string };

export type UsersTable = {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  client_id: string | null;
  phone: string | null;
  locale: Generated<'ru' | 'en'>;
  time_zone: Generated<string>;
  is_active: Generated<boolean>;
  /** Whether the desk reads new unread requests aloud to this person (migration 0011). */
  speech_alerts: Generated<boolean>;
  /** The queue view this person used last, opened again after the next login (migration 0014). */
  queue_view_id: Generated<string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type UserLinesTable = { user_id: string; line_id: string };
export type UserGroupsTable = { user_id: string; group_id: string };

export type SessionsTable = {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  expires_at: Date | string;
  user_agent: string | null;
  ip: string | null;
};

export type ApiTokensTable = {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
};

export type LoginFailuresTable = {
  email: string;
  failures: number;
  first_failure_at: Date | string;
  locked_until: Date | string | null;
};

export type IdempotencyKeysTable = {
  actor_id: string;
  key: string;
  scope: string;
  request_hash: string;
  status_code: number;
  response: unknown;
  created_at: CreatedAt;
};

export type TicketsTable = {
  id: Generated<string>;
  number: Generated<number>;
  title: string;
  description: Generated<string>;
  client_id: string | null;
  requester_id: string | null;
  service_id: string | null;
  type: Generated<string>;
  priority: Generated<Priority>;
  channel: Generated<Channel>;
  status: Generated<Status>;
  status_before_stale: Status | null;
  line_id: string | null;
  group_id: string | null;
  assignee_id: string | null;
  estimate_hours: number | null;
  planned_start: Date | string | null;
  planned_end: Date | string | null;
  acceptance_criteria: string | null;
  resolution: string | null;
  desired_due_at: Date | string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  closed_at: Date | string | null;
  version: Generated<number>;
  search: ColumnType<string, never, never>;
  /** The words of the public replies and of the internal notes, kept by a trigger on ticket_comments. */
  comments_search: ColumnType<string, never, never>;
  notes_search: ColumnType<string, never, never>;
  reacted_at: Date | string | null;
  reaction_due_at: Date | string | null;
  resolution_due_at: Date | string | null;
  sla_due_at: Date | string | null;
  sla_warn_at: Date | string | null;
  sla_state: 'ok' | 'warning' | 'breached' | 'met' | 'paused' | null;
  escalations: Generated<number>;
  /** The first time a member of the staff opened the request (migration 0011): null while it is unread. */
  first_opened_at: Date | string | null;
  first_opened_by: string | null;
  /** 4 critical … 1 low, computed from `priority` (migration 0010): the queue's default order. */
  priority_rank: ColumnType<number, never, never>;
};

export type TicketEventsTable = {
  id: Generated<number>;
  ticket_id: string;
  actor_id: string | null;
  kind: string;
  data: unknown;
  internal: Generated<boolean>;
  created_at: CreatedAt;
};

export type TicketCommentsTable = {
  id: Generated<string>;
  ticket_id: string;
  author_id: string | null;
  body: string;
  internal: Generated<boolean>;
  created_at: CreatedAt;
  search: ColumnType<string, never, never>;
};

export type WorklogsTable = {
  id: Generated<string>;
  ticket_id: string;
  user_id: string;
  started_at: Date | string;
  minutes: number;
  note: Generated<string>;
  source: Generated<'timer' | 'manual'>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type RunningTimersTable = { user_id: string; ticket_id: string; started_at: Date | string };

export type AttachmentsTable = {
  id: Generated<string>;
  ticket_id: string;
  comment_id: string | null;
  uploader_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: CreatedAt;
};

export type ContractsTable = {
  id: Generated<string>;
  client_id: string;
  number: string;
  kind: 'hourly' | 'subscription' | 'its' | 'internal';
  starts_on: string;
  ends_on: string | null;
  hourly_rate: number | null;
  monthly_fee: number | null;
  bonus_hours_per_month: number | null;
  approval_limit_hours: number | null;
  allows_overdraft: Generated<boolean>;
  is_active: Generated<boolean>;
  sla_policy_id: string | null;
  notes: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type LedgerEntriesTable = {
  id: Generated<number>;
  contract_id: string;
  kind: 'grant' | 'consume' | 'adjust' | 'reverse';
  hours: number;
  external_id: string | null;
  reverses_id: number | null;
  ticket_id: string | null;
  note: Generated<string>;
  actor_id: string | null;
  created_at: CreatedAt;
};

export type OrganizationTable = {
  id: Generated<boolean>;
  name: string;
  inn: string | null;
  kpp: string | null;
  address: Generated<string>;
  signatory: Generated<string>;
  updated_at: UpdatedAt;
};

export type ServicesTable = {
  id: Generated<string>;
  parent_id: string | null;
  kind: Generated<ServiceKind>;
  code: string | null;
  name: string;
  description: Generated<string>;
  tariff_mode: Generated<TariffMode>;
  audience: Generated<'clients' | 'listed' | 'internal'>;
  line_id: string | null;
  group_id: string | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type SpecificationLinesTable = {
  id: Generated<string>;
  ticket_id: string;
  position: number;
  service_id: string | null;
  description: Generated<string>;
  hours: number;
  tariff_mode: TariffMode;
  performer_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  posted_at: Date | string | null;
  posted_by: string | null;
  contract_id: string | null;
  balance_hours: number | null;
  paid_hours: number | null;
  free_hours: number | null;
  rate: number | null;
  amount: number | null;
  ledger_entry_id: number | null;
  reversed_at: Date | string | null;
  reversal_entry_id: number | null;
};

export type BusinessCalendarsTable = {
  id: Generated<string>;
  name: string;
  time_zone: Generated<string>;
  week: unknown;
  exceptions: Generated<unknown>;
  production_calendar: Generated<boolean>;
  is_default: Generated<boolean>;
  version: Generated<number>;
  recompute_requested_at: Date | string | null;
  /** Migration 0019: the earliest instant the pending recompute can change; null means all of it. */
  recompute_from: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type SlaPoliciesTable = {
  id: Generated<string>;
  name: string;
  targets: unknown;
  warn_share: Generated<number>;
  is_default: Generated<boolean>;
  recompute_requested_at: Date | string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type NotificationsTable = {
  id: Generated<number>;
  user_id: string;
  ticket_id: string | null;
  kind: string;
  data: Generated<unknown>;
  created_at: CreatedAt;
  read_at: Date | string | null;
};

export type TicketTypesTable = {
  code: string;
  name: string;
  name_en: string;
  position: Generated<number>;
  is_active: Generated<boolean>;
};

export type TicketPrioritiesTable = {
  code: Priority;
  rank: number;
  name: string;
  name_en: string;
  color: string;
  is_active: Generated<boolean>;
};

export type RoutingRulesTable = {
  id: Generated<string>;
  position: number;
  name: string;
  service_id: string | null;
  type: string | null;
  priority: Priority | null;
  client_id: string | null;
  line_id: string;
  group_id: string | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type ServiceClientsTable = { service_id: string; client_id: string };

export type JobsTable = {
  id: Generated<number>;
  kind: string;
  /** jsonb: written as a JSON string, read back as an object. */
  payload: ColumnType<unknown, string | undefined, string>;
  dedupe_key: string | null;
  run_at: ColumnType<Date, Date | string, Date | string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  state: Generated<'pending' | 'done' | 'failed'>;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type QueueViewsTable = {
  id: Generated<string>;
  owner_id: string;
  /** null: a personal view; else shared with the members of this line. */
  line_id: string | null;
  name: string;
  definition: unknown;
  created_at: Date;
  updated_at: Date;
};

export type WebhookSubscriptionsTable = {
  id: Generated<string>;
  name: string;
  url: string;
  events: string[];
  secret: string;
  include_internal: Generated<boolean>;
  is_active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type WebhookDeliveriesTable = {
  id: Generated<string>;
  subscription_id: string;
  event_id: number | null;
  event: string;
  body: string;
  state: Generated<'pending' | 'delivered' | 'failed' | 'skipped'>;
  attempts: Generated<number>;
  created_at: ColumnType<Date, Date | string, never>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type WebhookAttemptsTable = {
  id: Generated<number>;
  delivery_id: string;
  attempt: number;
  started_at: ColumnType<Date, Date | string, never>;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
};

export type TelegramLinksTable = {
  user_id: string;
  chat_id: number;
  telegram_user_id: number;
  username: string | null;
  linked_at: ColumnType<Date, Date | string, Date | string>;
};

export type TelegramLinkCodesTable = {
  code_hash: string;
  user_id: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  created_at: ColumnType<Date, Date | string, never>;
};

export type TelegramMessagesTable = {
  chat_id: number;
  message_id: number;
  ticket_id: string;
  sent_at: ColumnType<Date, Date | string, never>;
};

export type TelegramStateTable = {
  id: Generated<boolean>;
  bot_username: string | null;
  poller_id: string | null;
  poller_lease_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type TelegramUpdatesTable = {
  update_id: number;
  handled_at: ColumnType<Date, Date | string, never>;
};

// Migration 0016: the e-mail channel.
export type MailboxesTable = {
  id: Generated<string>;
  name: string;
  imap_host: string;
  imap_port: Generated<number>;
  imap_tls: Generated<boolean>;
  imap_user: string;
  imap_password: Generated<string>;
  folder: Generated<string>;
  enabled: Generated<boolean>;
  unknown_sender_policy: Generated<'triage' | 'refuse'>;
  /** bigint columns arrive as numbers (server/db/client.ts); UIDs are 32-bit. */
  uid_validity: number | null;
  last_uid: Generated<number>;
  last_polled_at: Date | string | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};
export type ClientEmailDomainsTable = { domain: string; client_id: string };
export type InboundMessagesTable = {
  id: Generated<string>;
  source: string;
  mailbox_id: string | null;
  uid_validity: number | null;
  uid: number | null;
  message_id: string;
  from_address: string;
  subject: string;
  raw: Buffer;
  outcome: 'ticket_created' | 'comment_added' | 'ignored' | 'refused';
  reason: string | null;
  acknowledge: Generated<boolean>;
  ticket_id: string | null;
  received_at: Date | string;
};
export type TicketMailIdsTable = {
  message_id: string;
  ticket_id: string;
  direction: 'in' | 'out';
  created_at: Date | string;
};
export type TicketMailThreadsTable = { ticket_id: string; address: string; name: Generated<string> };
export type MailTemplatesTable = {
  kind: string;
  locale: 'ru' | 'en';
  subject: string;
  body: string;
  updated_at: Date | string;
  updated_by: string | null;
};
export type MailSettingsTable = {
  id: Generated<boolean>;
  smtp_url: string | null;
  from_address: string | null;
  updated_at: Date | string;
};

export type Database = {
  mailboxes: MailboxesTable;
  client_email_domains: ClientEmailDomainsTable;
  inbound_messages: InboundMessagesTable;
  ticket_mail_ids: TicketMailIdsTable;
  ticket_mail_threads: TicketMailThreadsTable;
  mail_templates: MailTemplatesTable;
  mail_settings: MailSettingsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  telegram_links: TelegramLinksTable;
  telegram_link_codes: TelegramLinkCodesTable;
  telegram_messages: TelegramMessagesTable;
  telegram_state: TelegramStateTable;
  telegram_updates: TelegramUpdatesTable;
  queue_views: QueueViewsTable;
  jobs: JobsTable;
  ticket_types: TicketTypesTable;
  ticket_priorities: TicketPrioritiesTable;
  routing_rules: RoutingRulesTable;
  service_clients: ServiceClientsTable;
  notifications: NotificationsTable;
  business_calendars: BusinessCalendarsTable;
  sla_policies: SlaPoliciesTable;
  organization: OrganizationTable;
  services: ServicesTable;
  specification_lines: SpecificationLinesTable;
  contracts: ContractsTable;
  ledger_entries: LedgerEntriesTable;
  attachments: AttachmentsTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  ticket_comments: TicketCommentsTable;
  worklogs: WorklogsTable;
  running_timers: RunningTimersTable;
  clients: ClientsTable;
  support_lines: SupportLinesTable;
  support_groups: SupportGroupsTable;
  users: UsersTable;
  user_lines: UserLinesTable;
  user_groups: UserGroupsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  idempotency_keys: IdempotencyKeysTable;
};
