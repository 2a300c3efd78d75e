// The request vocabulary of the API contract (API.md, "Request statuses"): never rename these.
export const STATUSES = [
  'new',
  'evaluated',
  'approved',
  'rejected',
  'planned',
  'in_progress',
  'done',
  'completed',
  'stale',
  'irrelevant',
] as const;
export type Status = (typeof STATUSES)[number];

/** Norm-hours an estimate may take (seed 001): a coarse scale, so estimates are quick and comparable. */
export const ESTIMATE_SCALE = [0.1, 0.2, 0.3, 0.5, 0.8, 1, 2, 3, 4, 6.5, 13] as const;
export type EstimateHours = (typeof ESTIMATE_SCALE)[number];
export const isEstimateHours = (value: number): value is EstimateHours =>
  (ESTIMATE_SCALE as readonly number[]).includes(value);

/** Estimates under this are approved without asking the client (DESIGN.md, capability 2). */
export const AUTO_APPROVE_BELOW_HOURS = 1;

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * Colours a dictionary entry (a priority) may take: names of the UI's palette rather than hex codes, so
 * the light and the dark theme each shade them legibly.
 */
export const DICTIONARY_COLORS = [
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
] as const;
export type DictionaryColor = (typeof DICTIONARY_COLORS)[number];

export const CHANNELS = ['portal', 'email', 'phone', 'telegram', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_TYPES = ['incident', 'question', 'change', 'consultation'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** Days without change after which a request stuck before planning becomes stale (configurable). */
export const STALE_AFTER_DAYS_DEFAULT = 30;
