// The benchmark desk: a believable service company with years of requests, generated from a seed, with
// its money (contracts, the hour ledger, posted specifications: money.ts) and the SLA columns of every
// request (sla.ts). `generateDesk` prepares the database (migrations, emptiness check, deferred indexes),
// streams the rows through a loader and finishes (indexes, keys, the sequences, statistics); `writeDesk` is
// the pure part — the same seed and anchor always give the same rows, whatever the loader.
import { sql } from 'kysely';
import { ESTIMATE_SCALE, STATUSES, type Status } from '#common/tickets.ts';
import type { Db } from '#server/db/client.ts';
import { migrateToLatest } from '#server/db/migrate.ts';
import { createRng, type Rng } from '#server/demo/company.ts';
import { hashPassword } from '#server/modules/auth/passwords.ts';
import { createIds, iso } from './format.ts';
import {
  type ClientMoney,
  type Completion,
  type ServiceRef,
  Books,
  buildCatalog,
  contractRow,
  drawExtraLine,
  planContracts,
} from './money.ts';
import {
  type Loader,
  type Row,
  type TableSpec,
  type TableWriter,
  deferIndexes,
  insertLoader,
  restoreIndexes,
} from './loader.ts';
import {
  type City,
  drawCity,
  drawCompany,
  drawInn,
  drawPerson,
  drawPhone,
  intBetween,
  pick,
  transliterate,
} from './people.ts';
import {
  BENCH_CALENDAR_IDS,
  BENCH_POLICY_ID,
  type HistoryEvent,
  type SlaDefaults,
  type SlaSetting,
  benchSlaRows,
  readSlaDefaults,
  slaColumns,
  slaSettings,
} from './sla.ts';
import {
  CLIENT_REPLIES,
  GENERIC_DETAILS,
  GENERIC_NOTES,
  GENERIC_REPLIES,
  type GroupCode,
  SEND_BACK,
  TOPICS,
  type Topic,
  WORKLOG_NOTES,
} from './vocabulary.ts';

export const BENCH_PASSWORD = 'bench';
/** Accounts the benchmark logs in with; every generated user has the password `bench`. */
export const BENCH_ACCOUNTS = {
  admin: 'bench-admin@bench.test',
  dispatcher: 'bench-dispatcher@bench.test',
  /** First line, groups BUH and INFRA: the agent whose queue is measured. */
  agent1: 'bench-agent1@bench.test',
  /** The approver and a plain contact of the heaviest client. */
  approver: 'bench-approver1@bench.test',
  client: 'bench-client1@bench.test',
} as const;

export const CLIENT_COUNT = 400;
export const AGENT_COUNT = 60;
const FIRST_NUMBER = 1001;

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;
const MOSCOW_OFFSET = 3 * HOUR;
/** The business grew 2.5 times over the span: recent months have more requests than old ones. */
const GROWTH = 2.5;
const STALE_AFTER = 30 * DAY;
// Small batches with a pause for I/O between them: the sockets drain while the next batch is generated.
const CHUNK = 200;

// --- Tables ---------------------------------------------------------------------------------------------

const table = (
  name: string,
  columns: string,
  options: { overridingSystemValue?: boolean } = {},
): TableSpec => ({
  name,
  columns: columns.split(/\s*,\s*/).map((pair) => {
    const [column = '', type = ''] = pair.split(' ');
    return [column, type] as const;
  }),
  ...options,
});

export const TABLES = {
  support_lines: table('support_lines', 'id uuid, code text, name text, level int4'),
  support_groups: table('support_groups', 'id uuid, line_id uuid, code text, name text'),
  clients: table(
    'clients',
    'id uuid, name text, inn text, kpp text, time_zone text, notes text, approval_limit_hours numeric, created_at timestamptz, updated_at timestamptz, calendar_id uuid',
  ),
  users: table(
    'users',
    'id uuid, email text, name text, role text, password_hash text, client_id uuid, phone text, time_zone text, created_at timestamptz, updated_at timestamptz',
  ),
  user_lines: table('user_lines', 'user_id uuid, line_id uuid'),
  user_groups: table('user_groups', 'user_id uuid, group_id uuid'),
  tickets: table(
    'tickets',
    'id uuid, number int8, title text, description text, client_id uuid, requester_id uuid, type text, priority text, channel text, status text, status_before_stale text, line_id uuid, group_id uuid, assignee_id uuid, estimate_hours numeric, planned_start timestamptz, planned_end timestamptz, acceptance_criteria text, resolution text, desired_due_at timestamptz, created_by uuid, created_at timestamptz, updated_at timestamptz, closed_at timestamptz, version int4, service_id uuid, reacted_at timestamptz, reaction_due_at timestamptz, resolution_due_at timestamptz, sla_due_at timestamptz, sla_warn_at timestamptz, sla_state text',
  ),
  ticket_events: table(
    'ticket_events',
    'ticket_id uuid, actor_id uuid, kind text, data jsonb, internal bool, created_at timestamptz',
  ),
  ticket_comments: table(
    'ticket_comments',
    'id uuid, ticket_id uuid, author_id uuid, body text, internal bool, created_at timestamptz',
  ),
  worklogs: table(
    'worklogs',
    'id uuid, ticket_id uuid, user_id uuid, started_at timestamptz, minutes int4, note text, source text, created_at timestamptz, updated_at timestamptz',
  ),
  // Money and SLA (issues 5 and 6): see money.ts and sla.ts. Only the columns named here are written;
  // defaults fill the rest, so later migrations that add columns with defaults need nothing here.
  business_calendars: table(
    'business_calendars',
    'id uuid, name text, time_zone text, week jsonb, exceptions jsonb, production_calendar bool, created_at timestamptz, updated_at timestamptz',
  ),
  sla_policies: table(
    'sla_policies',
    'id uuid, name text, targets jsonb, warn_share numeric, created_at timestamptz, updated_at timestamptz',
  ),
  services: table(
    'services',
    'id uuid, parent_id uuid, kind text, code text, name text, tariff_mode text, line_id uuid, group_id uuid, created_at timestamptz, updated_at timestamptz',
  ),
  contracts: table(
    'contracts',
    'id uuid, client_id uuid, number text, kind text, starts_on date, ends_on date, hourly_rate numeric, monthly_fee numeric, bonus_hours_per_month numeric, approval_limit_hours numeric, allows_overdraft bool, is_active bool, sla_policy_id uuid, created_at timestamptz, updated_at timestamptz',
  ),
  // Ledger ids are given by the generator (a posted line names its entry), in order of time.
  ledger_entries: table(
    'ledger_entries',
    'id int8, contract_id uuid, kind text, hours numeric, external_id text, ticket_id uuid, note text, actor_id uuid, created_at timestamptz',
    { overridingSystemValue: true },
  ),
  specification_lines: table(
    'specification_lines',
    'id uuid, ticket_id uuid, position int4, service_id uuid, description text, hours numeric, tariff_mode text, performer_id uuid, created_at timestamptz, updated_at timestamptz, posted_at timestamptz, posted_by uuid, contract_id uuid, balance_hours numeric, paid_hours numeric, free_hours numeric, rate numeric, amount numeric, ledger_entry_id int8',
  ),
} as const;

/** The tables loaded in bulk, with their indexes deferred. */
const BULK_TABLES = [
  'tickets',
  'ticket_events',
  'ticket_comments',
  'worklogs',
  'ledger_entries',
  'specification_lines',
] as const;

// --- Small helpers --------------------------------------------------------------------------------------

/** Log-normal delay around a median: most waits are short, a few are very long. */
const delay = (rng: Rng, median: number, spread = 1): number => {
  const normal = (rng() + rng() + rng() + rng() - 2) * 1.7;
  return median * Math.exp(spread * normal);
};

const weighted = <T>(rng: Rng, items: readonly (readonly [T, number])[]): T => {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let left = rng() * total;
  for (const [item, weight] of items) {
    left -= weight;
    if (left < 0) {
      return item;
    }
  }
  const last = items.at(-1);
  if (!last) {
    throw new Error('weighted() from an empty list');
  }
  return last[0];
};

/** Index into a cumulative distribution (binary search). */
const drawFrom = (rng: Rng, cdf: Float64Array): number => {
  const target = rng() * (cdf[cdf.length - 1] ?? 1);
  let low = 0;
  let high = cdf.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((cdf[mid] ?? 0) < target) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
};

const cumulative = (weights: readonly number[]): Float64Array => {
  const cdf = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((weight, index) => {
    sum += weight;
    cdf[index] = sum;
  });
  return cdf;
};

// --- The company ----------------------------------------------------------------------------------------

type LineCode = 'L1' | 'L2' | 'EXP';
const LINES: readonly { code: LineCode; name: string; level: number }[] = [
  { code: 'L1', name: 'Первая линия', level: 1 },
  { code: 'L2', name: 'Вторая линия', level: 2 },
  { code: 'EXP', name: 'Эксперты', level: 3 },
];
const GROUPS: readonly { code: GroupCode; name: string; line: LineCode }[] = [
  { code: 'BUH', name: '1С:Бухгалтерия', line: 'L1' },
  { code: 'INFRA', name: 'Инфраструктура', line: 'L1' },
  { code: 'ZUP', name: '1С:ЗУП', line: 'L2' },
  { code: 'ERP', name: '1С:УТ/ERP', line: 'L2' },
  { code: 'DEV', name: 'Разработка и интеграции', line: 'EXP' },
];

/** Lines and groups of agent number k (1-based): 30 on the first line, 20 on the second, 10 experts. */
const membershipOf = (k: number): { lines: LineCode[]; groups: GroupCode[] } => {
  if (k === 1) {
    return { lines: ['L1'], groups: ['BUH', 'INFRA'] };
  }
  if (k <= 30) {
    const groups: GroupCode[] = k % 3 === 0 ? ['BUH', 'INFRA'] : k % 3 === 1 ? ['BUH'] : ['INFRA'];
    // Three senior consultants also work the second line's payroll questions.
    return k > 27 ? { lines: ['L1', 'L2'], groups: [...groups, 'ZUP'] } : { lines: ['L1'], groups };
  }
  if (k <= 50) {
    return { lines: ['L2'], groups: k % 3 === 0 ? ['ZUP', 'ERP'] : k % 3 === 1 ? ['ZUP'] : ['ERP'] };
  }
  return k <= 53 ? { lines: ['L2', 'EXP'], groups: ['ERP', 'DEV'] } : { lines: ['EXP'], groups: ['DEV'] };
};

type ClientCast = { id: string; approvalLimit: number | null; contacts: string[]; approver: string };

type Cast = {
  lineIds: Record<LineCode, string>;
  groupIds: Record<GroupCode, string>;
  admin: string;
  dispatcher: string;
  agentsByGroup: Record<GroupCode, string[]>;
  firstLineAgents: string[];
  /** Heaviest first: index 0 files the most requests. */
  clients: ClientCast[];
  clientCdf: Float64Array;
};

type ReferenceRows = Record<
  'support_lines' | 'support_groups' | 'clients' | 'users' | 'user_lines' | 'user_groups',
  Row[]
>;

function buildCompany(
  rng: Rng,
  nextId: () => string,
  passwordHash: string,
  start: number,
): { cast: Cast; rows: ReferenceRows } {
  const rows: ReferenceRows = {
    support_lines: [],
    support_groups: [],
    clients: [],
    users: [],
    user_lines: [],
    user_groups: [],
  };
  const since = iso(start - 30 * DAY);
  const lineIds = {} as Record<LineCode, string>;
  for (const line of LINES) {
    lineIds[line.code] = nextId();
    rows.support_lines.push([lineIds[line.code], line.code, line.name, line.level]);
  }
  const groupIds = {} as Record<GroupCode, string>;
  for (const group of GROUPS) {
    groupIds[group.code] = nextId();
    rows.support_groups.push([groupIds[group.code], lineIds[group.line], group.code, group.name]);
  }

  const user = (
    email: string,
    name: string,
    role: string,
    clientId: string | null,
    phone: string | null,
    timeZone: string,
  ) => {
    const id = nextId();
    rows.users.push([id, email, name, role, passwordHash, clientId, phone, timeZone, since, since]);
    return id;
  };
  const admin = user(BENCH_ACCOUNTS.admin, drawPerson(rng).fullName, 'admin', null, null, 'Europe/Moscow');
  const dispatcher = user(
    BENCH_ACCOUNTS.dispatcher,
    drawPerson(rng).fullName,
    'dispatcher',
    null,
    null,
    'Europe/Moscow',
  );
  const agentsByGroup: Record<GroupCode, string[]> = { BUH: [], INFRA: [], ZUP: [], ERP: [], DEV: [] };
  const firstLineAgents: string[] = [];
  for (let k = 1; k <= AGENT_COUNT; k += 1) {
    const id = user(
      `bench-agent${k}@bench.test`,
      drawPerson(rng).fullName,
      'agent',
      null,
      null,
      'Europe/Moscow',
    );
    const membership = membershipOf(k);
    for (const line of membership.lines) {
      rows.user_lines.push([id, lineIds[line]]);
    }
    for (const group of membership.groups) {
      rows.user_groups.push([id, groupIds[group]]);
      agentsByGroup[group].push(id);
    }
    if (membership.lines.includes('L1')) {
      firstLineAgents.push(id);
    }
  }

  // Pareto: the client of rank r files requests in proportion to 1/(r+1), so the top five file about
  // a third of all requests and most clients only a few a month.
  const taken = new Set<string>();
  const inns = new Set<string>();
  const emails = new Set<string>();
  const clients: ClientCast[] = [];
  for (let rank = 0; rank < CLIENT_COUNT; rank += 1) {
    const company = drawCompany(rng, taken);
    const city: City = drawCity(rng);
    const id = nextId();
    const inn = drawInn(rng, city, company.soleTrader, inns);
    const approvalLimit = rng() < 0.45 ? null : pick(rng, [2, 3, 4, 6.5, 8]);
    const users = rank < 10 ? intBetween(rng, 20, 120) : intBetween(rng, 2, 40);
    const notes = `${city.name}. ${pick(rng, ['1С:Бухгалтерия', '1С:УТ и 1С:Бухгалтерия', '1С:ERP', '1С:Розница', '1С:ЗУП и 1С:Бухгалтерия'])}, пользователей: ${users}.`;
    const created = iso(start + rng() * 0.5 * YEAR);
    rows.clients.push([
      id,
      company.name,
      inn,
      company.soleTrader ? null : `${inn.slice(0, 4)}01001`,
      city.timeZone,
      notes,
      approvalLimit,
      created,
      created,
    ]);

    const count =
      rank < 10 ? intBetween(rng, 6, 8) : company.soleTrader ? intBetween(rng, 1, 2) : intBetween(rng, 1, 4);
    const contacts: string[] = [];
    for (let c = 0; c < Math.max(count, rank === 0 ? 2 : 1); c += 1) {
      const person = c === 0 && company.owner ? company.owner : drawPerson(rng);
      let email = `${transliterate(person.firstName)}.${transliterate(person.surname)}@${company.domain}.test`;
      if (rank === 0 && c < 2) {
        email = c === 0 ? BENCH_ACCOUNTS.approver : BENCH_ACCOUNTS.client;
      }
      for (let n = 2; emails.has(email); n += 1) {
        email = `${transliterate(person.firstName)}.${transliterate(person.surname)}${n}@${company.domain}.test`;
      }
      emails.add(email);
      contacts.push(
        user(
          email,
          person.fullName,
          c === 0 ? 'client_approver' : 'client_user',
          id,
          drawPhone(rng, city),
          city.timeZone,
        ),
      );
    }
    clients.push({ id, approvalLimit, contacts, approver: contacts[0] ?? '' });
  }
  const clientCdf = cumulative(clients.map((_, rank) => 1 / (rank + 1)));
  return {
    cast: { lineIds, groupIds, admin, dispatcher, agentsByGroup, firstLineAgents, clients, clientCdf },
    rows,
  };
}

// --- When requests were filed and where they stand now ----------------------------------------------------

/** Creation times, sorted: growing over the years, on working days, mostly in Moscow office hours. */
function drawCreatedTimes(rng: Rng, count: number, now: number, years: number): Float64Array {
  const span = years * YEAR;
  const start = now - span;
  const times = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    for (;;) {
      const offset = (Math.log(1 + rng() * (GROWTH - 1)) / Math.log(GROWTH)) * span;
      const day = Math.floor((start + offset + MOSCOW_OFFSET) / DAY);
      // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sundays and 6 on Saturdays.
      const weekday = (day + 4) % 7;
      if ((weekday === 0 || weekday === 6) && rng() < 0.85) {
        continue;
      }
      const minute = rng() < 0.92 ? 8 * 60 + ((rng() + rng()) / 2) * 11 * 60 : rng() * 24 * 60;
      const at = day * DAY - MOSCOW_OFFSET + minute * MIN;
      if (at >= start && at < now - 5 * MIN) {
        times[i] = at;
        break;
      }
    }
  }
  return times.sort();
}

type Bucket = { maxAgeDays: number; statuses: readonly (readonly [Status, number])[] };

// Where a request stands now depends on its age: yesterday's are in work, last year's are closed.
// New and evaluated ones are younger than 30 days, or the stale job would have moved them.
const BY_AGE: readonly Bucket[] = [
  {
    maxAgeDays: 1,
    statuses: [
      ['new', 40],
      ['evaluated', 8],
      ['approved', 14],
      ['planned', 10],
      ['in_progress', 18],
      ['done', 4],
      ['completed', 4],
      ['rejected', 2],
    ],
  },
  {
    maxAgeDays: 7,
    statuses: [
      ['new', 6],
      ['evaluated', 10],
      ['approved', 8],
      ['planned', 12],
      ['in_progress', 18],
      ['done', 10],
      ['completed', 33],
      ['rejected', 3],
    ],
  },
  {
    maxAgeDays: 29,
    statuses: [
      ['new', 1],
      ['evaluated', 5],
      ['approved', 2],
      ['planned', 4],
      ['in_progress', 7],
      ['done', 4],
      ['completed', 74],
      ['rejected', 3],
    ],
  },
  {
    maxAgeDays: 33,
    statuses: [
      ['approved', 1],
      ['planned', 1],
      ['in_progress', 2],
      ['done', 1],
      ['completed', 91],
      ['rejected', 4],
    ],
  },
  {
    maxAgeDays: 90,
    statuses: [
      ['stale', 4],
      ['irrelevant', 2],
      ['approved', 0.5],
      ['planned', 0.5],
      ['in_progress', 1],
      ['done', 0.5],
      ['completed', 87.5],
      ['rejected', 4],
    ],
  },
  {
    maxAgeDays: Infinity,
    statuses: [
      ['stale', 1.5],
      ['irrelevant', 4.5],
      ['completed', 90],
      ['rejected', 4],
    ],
  },
];

const eligible = (status: Status, ageDays: number): boolean => {
  switch (status) {
    case 'new':
    case 'evaluated':
      return ageDays < 29;
    case 'stale':
      return ageDays >= 33;
    case 'irrelevant':
      return ageDays >= 35;
    default:
      return ageDays > 0.05;
  }
};

/** Each request's status now; every status appears at least once when some request is old enough for it. */
function drawStatuses(rng: Rng, times: Float64Array, now: number): Uint8Array {
  const codes = new Uint8Array(times.length);
  const counts = new Array<number>(STATUSES.length).fill(0);
  for (let i = 0; i < times.length; i += 1) {
    const age = (now - (times[i] ?? now)) / DAY;
    const bucket = BY_AGE.find((candidate) => age < candidate.maxAgeDays) ?? BY_AGE[BY_AGE.length - 1];
    const status: Status = weighted<Status>(rng, bucket?.statuses ?? [['completed', 1]]);
    const code = STATUSES.indexOf(status);
    codes[i] = code;
    counts[code] = (counts[code] ?? 0) + 1;
  }
  // A small desk may miss a status by chance; the newest request that may have it takes it over.
  STATUSES.forEach((status, code) => {
    if ((counts[code] ?? 0) > 0) {
      return;
    }
    for (let i = times.length - 1; i >= 0; i -= 1) {
      const current = codes[i] ?? 0;
      if ((counts[current] ?? 0) > 1 && eligible(status, (now - (times[i] ?? now)) / DAY)) {
        counts[current] = (counts[current] ?? 0) - 1;
        codes[i] = code;
        counts[code] = 1;
        return;
      }
    }
  });
  return codes;
}

// --- One request with its history ---------------------------------------------------------------------------

type Event = { at: number; kind: string; actor: string | null; data: string; internal: boolean; to?: Status };

type TicketOut = { ticket: Row; events: Row[]; comments: Row[]; worklogs: Row[] };

const TOPIC_CDF = cumulative(TOPICS.map((topic) => topic.weight));

/**
 * A request as people write it, topics in their usual proportions. The benchmark's creates use it too,
 * so that what they add to the desk does not skew the queue and search scenarios that run after them.
 */
export function drawRequestText(rng: Rng): { topic: Topic; title: string; description: string } {
  const topic = TOPICS[drawFrom(rng, TOPIC_CDF)];
  if (!topic) {
    throw new Error('no topic');
  }
  const sentences = [pick(rng, topic.details)];
  if (rng() < 0.5) {
    sentences.push(pick(rng, GENERIC_DETAILS));
  }
  if (rng() < 0.2) {
    sentences.push(pick(rng, topic.details));
  }
  return {
    topic,
    title: pick(rng, topic.titles),
    description: `<p>${[...new Set(sentences)].join(' ')}</p>`,
  };
}
const CHANNELS = [
  ['portal', 40],
  ['email', 30],
  ['phone', 20],
  ['telegram', 7],
  ['api', 3],
] as const;
const PRIORITIES = [
  ['low', 10],
  ['normal', 70],
  ['high', 15],
  ['critical', 5],
] as const;
const TYPES = [
  ['incident', 45],
  ['question', 30],
  ['change', 15],
  ['consultation', 10],
] as const;
const ESTIMATE_WEIGHTS = [6, 10, 10, 18, 12, 14, 12, 7, 5, 4, 2];
const ESTIMATE_CDF = cumulative(ESTIMATE_WEIGHTS);

/** The request's path through the lifecycle to reach `target` (DESIGN.md capability 2). */
type Plan = {
  evaluate: boolean;
  /** The approver's answer when the estimate needs one; null when approval is automatic or not reached. */
  answer: 'approved' | 'rejected' | null;
  plan: boolean;
  start: boolean;
  finish: boolean;
  sendBack: boolean;
  confirm: boolean;
  stale: boolean;
  irrelevant: boolean;
  /** The estimate must be one the client's approver has to answer. */
  needsApproval: boolean;
};

const planFor = (rng: Rng, target: Status): Plan => {
  const after = (statuses: readonly Status[]) => statuses.includes(target);
  const staleFromEvaluated = (target === 'stale' || target === 'irrelevant') && rng() < 0.5;
  return {
    evaluate: target !== 'new' && (!(target === 'stale' || target === 'irrelevant') || staleFromEvaluated),
    answer: target === 'rejected' ? 'rejected' : null,
    plan: after(['planned', 'in_progress', 'done', 'completed']),
    start: after(['in_progress', 'done', 'completed']),
    finish: after(['done', 'completed']),
    sendBack: target === 'completed' && rng() < 0.05,
    confirm: target === 'completed',
    stale: target === 'stale' || target === 'irrelevant',
    irrelevant: target === 'irrelevant',
    needsApproval: target === 'evaluated' || target === 'rejected' || staleFromEvaluated,
  };
};

/** Money and SLA of the desk: drawn from their own random stream, so the requests stay as they were. */
type Ledger = {
  rng: Rng;
  books: Books;
  serviceOfTopic: Map<string, ServiceRef>;
  updateService: ServiceRef;
  /** Each client's SLA calendar and policy, by the client's index. */
  slaOf: SlaSetting[];
  roleOf: Map<string, string>;
};

type Context = { rng: Rng; nextId: () => string; cast: Cast; now: number; ledger: Ledger };

function ticketRows(ctx: Context, number: number, createdAt: number, target: Status): TicketOut {
  const { rng, nextId, cast, now, ledger } = ctx;
  const id = nextId();
  const clientIndex = drawFrom(rng, cast.clientCdf);
  const client = cast.clients[clientIndex] ?? cast.clients[0];
  if (!client) {
    throw new Error('no clients');
  }
  const { topic, title, description } = drawRequestText(rng);
  const group = GROUPS.find((candidate) => candidate.code === topic.group);
  if (!group) {
    throw new Error(`no group ${topic.group}`);
  }
  const groupAgents = cast.agentsByGroup[group.code];
  const service = ledger.serviceOfTopic.get(topic.key);
  if (!service) {
    throw new Error(`no service for the topic ${topic.key}`);
  }
  const requester = pick(rng, client.contacts);
  const channel = weighted(rng, CHANNELS);
  const creator = channel === 'phone' ? pick(rng, cast.firstLineAgents) : requester;
  const events: Event[] = [];
  const comments: Row[] = [];
  const worklogs: Row[] = [];
  const event = (
    at: number,
    kind: string,
    actor: string | null,
    data: object,
    internal = false,
    to?: Status,
  ) => {
    events.push({ at, kind, actor, data: JSON.stringify(data), internal, ...(to ? { to } : {}) });
  };
  const transition = (
    at: number,
    actor: string | null,
    from: Status,
    to: Status,
    changes: object = {},
    extra: object = {},
  ) => {
    event(at, 'transitioned', actor, { from, to, ...extra, changes }, false, to);
  };
  const comment = (at: number, author: string, body: string, internal: boolean) => {
    const commentId = nextId();
    comments.push([commentId, id, author, body, internal, iso(at)]);
    event(at, 'commented', author, { commentId, internal }, internal);
  };

  event(createdAt, 'created', creator, { number, status: 'new', channel, title });

  const plan = planFor(rng, target);
  // The estimate decides whether the approver is asked (under 1 h or within the client's limit: no).
  const limit = client.approvalLimit;
  const autoRule = (hours: number) =>
    hours < 1 ? 'under_one_hour' : limit !== null && hours <= limit ? 'within_client_limit' : null;
  let estimate: number = ESTIMATE_SCALE[drawFrom(rng, ESTIMATE_CDF)] ?? 1;
  if (plan.needsApproval) {
    const asked = ESTIMATE_SCALE.filter((hours) => autoRule(hours) === null);
    estimate = pick(rng, asked.length ? asked : [13]);
  }
  const rule = autoRule(estimate);
  const manual =
    plan.evaluate && rule === null && (plan.plan || plan.answer !== null || target === 'approved');
  const answer: 'approved' | 'rejected' | null = plan.answer ?? (manual ? 'approved' : null);

  // Natural waits between milestones, in order; squeezed below when the request is too young for them.
  const evaluator = pick(rng, rng() < 0.8 ? cast.firstLineAgents : groupAgents);
  const assignee = pick(rng, groupAgents);
  const planner = rng() < 0.9 ? cast.dispatcher : cast.admin;
  const confirmer = rng() < 0.8 ? requester : pick(rng, client.contacts);
  const waits: { step: string; wait: number }[] = [];
  if (plan.evaluate) {
    waits.push({ step: 'evaluate', wait: delay(rng, 45 * MIN, 1.1) });
  }
  if (answer) {
    waits.push({ step: 'answer', wait: delay(rng, 20 * HOUR, 0.9) });
  }
  if (plan.plan) {
    waits.push({ step: 'plan', wait: delay(rng, 5 * HOUR, 0.9) });
  }
  if (plan.start) {
    waits.push({ step: 'start', wait: delay(rng, 18 * HOUR, 0.9) });
  }
  const work = Math.max(20 * MIN, estimate * HOUR * (0.6 + rng() * 0.8));
  if (plan.finish) {
    waits.push({ step: 'finish', wait: work + delay(rng, 4 * HOUR, 0.8) });
  }
  if (plan.sendBack) {
    waits.push({ step: 'sendBack', wait: delay(rng, 20 * HOUR, 0.8) });
    waits.push({ step: 'finish', wait: delay(rng, 6 * HOUR, 0.8) });
  }
  if (plan.confirm) {
    waits.push({ step: 'confirm', wait: delay(rng, 30 * HOUR, 0.9) });
  }
  const age = now - createdAt;
  let irrelevantWait = 0;
  let budget = age * 0.95;
  if (plan.stale) {
    irrelevantWait = plan.irrelevant
      ? Math.min(delay(rng, 5 * DAY, 0.7), Math.max(HOUR, (age - STALE_AFTER - DAY) * 0.5))
      : 0;
    budget = Math.max(0, age - STALE_AFTER - 20 * MIN - irrelevantWait) * 0.95;
  }
  const natural = waits.reduce((sum, step) => sum + step.wait, 0);
  const squeeze = natural > budget ? budget / natural : 1;

  let version = 1;
  let status: Status = 'new';
  let at = createdAt;
  let statusBeforeStale: Status | null = null;
  let closedAt: number | null = null;
  let plannedStart: number | null = null;
  let plannedEnd: number | null = null;
  let criteria: string | null = null;
  let resolution: string | null = null;
  let evaluated = false;
  let planned = false;
  /** Spans of work: from the start (or a send-back) to done, or to now for a request still in progress. */
  const workSpans: { from: number; to: number }[] = [];
  let workingSince: number | null = null;
  let viaTimer = false;
  /** Gaps between milestones where people talk: [from, to, who may write]. */
  const gaps: { from: number; to: number; phase: 'intake' | 'approval' | 'work' | 'review' }[] = [];
  const gap = (from: number, to: number, phase: 'intake' | 'approval' | 'work' | 'review') => {
    if (to - from > 2 * MIN) {
      gaps.push({ from, to, phase });
    }
  };

  for (const { step, wait } of waits) {
    const next = at + wait * squeeze;
    switch (step) {
      case 'evaluate': {
        gap(at, next, 'intake');
        at = next;
        if (rng() < 0.35 && at - createdAt > 3 * MIN) {
          const minutes = Math.max(
            1,
            Math.min(intBetween(rng, 5, 30), Math.floor((at - createdAt) / MIN) - 1),
          );
          const worklogId = nextId();
          const startedAt = at - (minutes + 1) * MIN;
          worklogs.push([
            worklogId,
            id,
            evaluator,
            iso(startedAt),
            minutes,
            pick(rng, WORKLOG_NOTES),
            'manual',
            iso(at - MIN),
            iso(at - MIN),
          ]);
          event(
            at - MIN,
            'worklog_added',
            evaluator,
            { worklogId, minutes, startedAt: iso(startedAt) },
            true,
          );
        }
        transition(at, evaluator, 'new', 'evaluated', { estimateHours: estimate });
        status = 'evaluated';
        evaluated = true;
        version += 1;
        if (rule) {
          transition(at, null, 'evaluated', 'approved', {}, { reason: 'auto_approved', rule });
          status = 'approved';
        }
        break;
      }
      case 'answer': {
        gap(at, next, 'approval');
        at = next;
        const to = answer ?? 'approved';
        transition(at, client.approver, 'evaluated', to);
        status = to;
        version += 1;
        if (to === 'rejected') {
          closedAt = at;
        }
        break;
      }
      case 'plan': {
        gap(at, next, 'approval');
        at = next;
        plannedStart = at + delay(rng, 16 * HOUR, 0.7);
        plannedEnd = plannedStart + Math.max(HOUR, work * 1.5);
        criteria = pick(rng, topic.criteria);
        transition(at, planner, 'approved', 'planned', {
          assigneeId: assignee,
          plannedStart: iso(plannedStart),
          plannedEnd: iso(plannedEnd),
          acceptanceCriteria: criteria,
        });
        status = 'planned';
        planned = true;
        version += 1;
        break;
      }
      case 'start': {
        at = next;
        // Half the agents start work by starting the timer, which moves the request in progress.
        viaTimer = rng() < 0.5;
        if (viaTimer) {
          event(at, 'timer_started', assignee, {}, true);
          transition(at, assignee, 'planned', 'in_progress', {}, { via: 'timer' });
        } else {
          transition(at, assignee, 'planned', 'in_progress');
        }
        status = 'in_progress';
        workingSince = at;
        version += 1;
        break;
      }
      case 'finish': {
        at = next;
        workSpans.push({ from: workingSince ?? at, to: at });
        gap(workingSince ?? at, at, 'work');
        workingSince = null;
        resolution = pick(rng, topic.resolutions);
        transition(at, assignee, 'in_progress', 'done', { resolution });
        status = 'done';
        version += 1;
        break;
      }
      case 'sendBack': {
        gap(at, next, 'review');
        at = next;
        transition(at, confirmer, 'done', 'in_progress');
        comment(at, confirmer, pick(rng, SEND_BACK), false);
        status = 'in_progress';
        workingSince = at;
        version += 1;
        break;
      }
      case 'confirm': {
        gap(at, next, 'review');
        at = next;
        transition(at, confirmer, 'done', 'completed');
        status = 'completed';
        closedAt = at;
        version += 1;
        break;
      }
      default:
        throw new Error(`unknown step ${step}`);
    }
  }
  if (workingSince !== null) {
    // Still in progress: work so far runs up to now.
    workSpans.push({ from: workingSince, to: now - MIN });
    gap(workingSince, now - MIN, 'work');
  }
  // An open request may still be talked about after its last change; a stale one by definition is not.
  if (!plan.stale && closedAt === null && status !== 'in_progress') {
    gap(at, now - MIN, status === 'done' ? 'review' : status === 'new' ? 'intake' : 'approval');
  }

  // The conversation: a reply at intake, the client's answer, internal notes, news during the work.
  const talker = (phase: string) =>
    phase === 'work' ? assignee : evaluated ? evaluator : pick(rng, cast.firstLineAgents);
  const inGap = (phase: string) => {
    const candidates = gaps.filter((candidate) => candidate.phase === phase);
    const chosen = candidates.length ? pick(rng, candidates) : null;
    return chosen ? chosen.from + (chosen.to - chosen.from) * (0.1 + rng() * 0.8) : null;
  };
  const say = (
    phase: string,
    probability: number,
    author: () => string,
    body: () => string,
    internal: boolean,
  ) => {
    if (rng() < probability) {
      const when = inGap(phase);
      if (when !== null) {
        comment(when, author(), body(), internal);
      }
    }
  };
  say(
    'intake',
    0.75,
    () => talker('intake'),
    () => pick(rng, rng() < 0.6 ? topic.replies : GENERIC_REPLIES),
    false,
  );
  say(
    'intake',
    0.35,
    () => requester,
    () => pick(rng, CLIENT_REPLIES),
    false,
  );
  say(
    rng() < 0.5 ? 'intake' : 'work',
    0.35,
    () => talker('work'),
    () => pick(rng, rng() < 0.6 ? topic.notes : GENERIC_NOTES),
    true,
  );
  say(
    'work',
    0.35,
    () => assignee,
    () => pick(rng, rng() < 0.5 ? topic.replies : GENERIC_REPLIES),
    false,
  );
  say(
    'review',
    0.2,
    () => requester,
    () => pick(rng, CLIENT_REPLIES),
    false,
  );

  // Recorded work, about three entries per request that was worked on, by timer or by hand.
  if (workSpans.length) {
    const total = Math.max(10, Math.round((estimate * 60 * (0.6 + rng() * 0.8)) / 1));
    const entries = intBetween(rng, 1, 5);
    for (let k = 0; k < entries; k += 1) {
      const span = workSpans[k % workSpans.length] ?? workSpans[0];
      if (!span) {
        break;
      }
      const slots = Math.ceil(entries / workSpans.length);
      const slot = (span.to - span.from) / slots;
      const slotIndex = Math.floor(k / workSpans.length);
      if (slot < 3 * MIN) {
        continue;
      }
      const first = k === 0 && viaTimer;
      const startedAt = first ? span.from : span.from + slotIndex * slot + rng() * 0.3 * slot;
      const minutes = Math.max(
        1,
        Math.min(24 * 60, Math.round(total / entries), Math.floor((0.6 * slot) / MIN)),
      );
      const endedAt = startedAt + minutes * MIN;
      const worklogId = nextId();
      const note = rng() < 0.5 ? pick(rng, WORKLOG_NOTES) : '';
      if (first || rng() < 0.3) {
        if (!first) {
          event(startedAt, 'timer_started', assignee, {}, true);
        }
        worklogs.push([
          worklogId,
          id,
          assignee,
          iso(startedAt),
          minutes,
          note,
          'timer',
          iso(endedAt),
          iso(endedAt),
        ]);
        event(endedAt, 'timer_stopped', assignee, { worklogId, minutes, startedAt: iso(startedAt) }, true);
      } else {
        const recordedAt = Math.min(endedAt + rng() * 20 * MIN, span.from + (slotIndex + 0.95) * slot);
        worklogs.push([
          worklogId,
          id,
          assignee,
          iso(startedAt),
          minutes,
          note,
          'manual',
          iso(recordedAt),
          iso(recordedAt),
        ]);
        event(recordedAt, 'worklog_added', assignee, { worklogId, minutes, startedAt: iso(startedAt) }, true);
      }
    }
  }

  if (plan.stale) {
    // The stale job: 30 days after the last change, on its next quarter-hour run.
    const lastChange = events.reduce((latest, candidate) => Math.max(latest, candidate.at), createdAt);
    at = lastChange + STALE_AFTER + rng() * 15 * MIN;
    event(
      at,
      'transitioned',
      null,
      { from: status, to: 'stale', reason: 'no_change_for_days', days: 30 },
      false,
      'stale',
    );
    statusBeforeStale = status;
    status = 'stale';
    version += 1;
    if (plan.irrelevant) {
      at += irrelevantWait;
      transition(at, cast.dispatcher, 'stale', 'irrelevant');
      status = 'irrelevant';
      closedAt = at;
      version += 1;
    }
  }

  // Array.prototype.sort is stable: events at the same instant keep the order they happened in.
  events.sort((a, b) => a.at - b.at);
  const updatedAt = events[events.length - 1]?.at ?? createdAt;
  const priority = weighted(rng, PRIORITIES);
  const type = weighted(rng, TYPES);
  const desiredDueAt = rng() < 0.1 ? iso(createdAt + intBetween(rng, 1, 10) * DAY) : null;
  const ticket: Row = [
    id,
    number,
    title,
    description,
    client.id,
    requester,
    type,
    priority,
    channel,
    status,
    statusBeforeStale,
    cast.lineIds[group.line],
    cast.groupIds[group.code],
    planned ? assignee : null,
    evaluated ? estimate : null,
    plannedStart === null ? null : iso(plannedStart),
    plannedEnd === null ? null : iso(plannedEnd),
    criteria,
    resolution,
    desiredDueAt,
    creator,
    iso(createdAt),
    iso(updatedAt),
    closedAt === null ? null : iso(closedAt),
    version,
    service.id,
    ...slaColumns(
      { createdAt, priority, status, closedAt },
      events.map((e) => ({
        at: e.at,
        kind: e.kind,
        actorRole: e.actor === null ? null : (ledger.roleOf.get(e.actor) ?? null),
        internal: e.internal,
        ...(e.to ? { to: e.to } : {}),
      })) satisfies HistoryEvent[],
      ledger.slaOf[clientIndex] ?? ledger.slaOf[0]!,
      now,
    ),
  ];
  if (status === 'completed' && closedAt !== null) {
    // Confirmation posts the specification (posting.ts): booked in order of time, see money.ts.
    const completion: Completion = {
      ticketId: id,
      number,
      clientIndex,
      at: closedAt,
      actorId: confirmer,
      service,
      work: worklogs.map((row) => ({
        performerId: String(row[2]),
        minutes: Number(row[4]),
        note: String(row[5]),
        startedAt: Date.parse(String(row[3])),
      })),
      extra: drawExtraLine(ledger.rng, assignee, ledger.updateService),
    };
    ledger.books.complete(completion);
  }
  return {
    ticket,
    events: events.map((e) => [id, e.actor, e.kind, e.data, e.internal, iso(e.at)]),
    comments,
    worklogs,
  };
}

// --- Writing it all -------------------------------------------------------------------------------------

export type TableReport = { table: string; rows: number; seconds: number; rowsPerSecond: number };

export type WriteOptions = {
  requests: number;
  seed: number;
  /** The moment the desk's history ends; requests are filed over `years` before it. */
  now: Date;
  years: number;
  passwordHash: string;
  /** The default calendar and policy the migrations seeded (`readSlaDefaults`). */
  sla: SlaDefaults;
  log?: (line: string) => void;
};

/**
 * Money and SLA around the company: the catalog, two of the generator's own calendars and a priority
 * policy, each client's calendar and contracts. From its own random and id streams, so that the company
 * and its requests are the same rows as before these existed.
 */
function buildLedger(options: WriteOptions, cast: Cast, rows: ReferenceRows, start: number, now: number) {
  const rng = createRng(options.seed + 4);
  const nextId = createIds(options.seed + 5);
  const since = iso(start - 30 * DAY);
  const catalog = buildCatalog(
    nextId,
    TOPICS,
    (code) => {
      const group = GROUPS.find((candidate) => candidate.code === code);
      if (!group) {
        throw new Error(`no group ${code}`);
      }
      return { lineId: cast.lineIds[group.line], groupId: cast.groupIds[code] };
    },
    since,
  );
  const slaRows = benchSlaRows(since);
  const settingOf = slaSettings(options.sla, since);
  const money: ClientMoney[] = [];
  const slaOf: SlaSetting[] = [];
  const contracts: Row[] = [];
  let sequence = 0;
  cast.clients.forEach((client, rank) => {
    const row = rows.clients[rank];
    if (!row) {
      throw new Error(`no row of client ${rank}`);
    }
    // Retailers work long days and Saturdays; a few clients pay for a round-the-clock duty shift.
    const draw = rng();
    const calendarId =
      draw < 0.08 ? BENCH_CALENDAR_IDS.extended : draw < 0.11 ? BENCH_CALENDAR_IDS.roundTheClock : null;
    row.push(calendarId);
    const plan = planContracts(
      rng,
      nextId,
      {
        rank,
        timeZone: String(row[4]),
        approvalLimit: client.approvalLimit,
        sequence: () => (sequence += 1),
      },
      { start, now },
      BENCH_POLICY_ID,
    );
    money.push(plan);
    contracts.push(...plan.contracts.map((contract) => contractRow(client.id, contract)));
    // The policy of the newest active contract that names one, else the default (as `recomputeSla`).
    const policyId =
      [...plan.contracts].reverse().find((contract) => contract.isActive && contract.slaPolicyId)
        ?.slaPolicyId ?? null;
    slaOf.push(settingOf(calendarId, policyId));
  });
  const names = new Map(rows.users.map((user) => [String(user[0]), String(user[2])]));
  const roleOf = new Map(rows.users.map((user) => [String(user[0]), String(user[3])]));
  const books = new Books(money, nextId, createRng(options.seed + 6), (id) => names.get(id) ?? '', now);
  const ledger: Ledger = {
    rng,
    books,
    serviceOfTopic: catalog.byTopic,
    updateService: catalog.updateService,
    slaOf,
    roleOf,
  };
  return {
    ledger,
    rows: {
      business_calendars: slaRows.calendars,
      sla_policies: slaRows.policies,
      services: catalog.rows,
      contracts,
    },
  };
}

/** Streams the whole desk through the loader; deterministic for the same options. */
export async function writeDesk(
  loader: Loader,
  options: WriteOptions,
): Promise<{ tables: TableReport[]; lastLedgerId: number }> {
  const log = options.log ?? (() => {});
  const now = options.now.getTime();
  const start = now - options.years * YEAR;
  const nextId = createIds(options.seed);
  const rng = createRng(options.seed);
  const { cast, rows } = buildCompany(createRng(options.seed + 1), nextId, options.passwordHash, start);
  const { ledger, rows: ledgerRows } = buildLedger(options, cast, rows, start, now);
  const reference = { ...rows, ...ledgerRows };
  const reports: TableReport[] = [];

  // Reference tables first, each committed before the next (their foreign keys stay in place).
  for (const name of [
    'support_lines',
    'support_groups',
    'business_calendars',
    'sla_policies',
    'clients',
    'users',
    'user_lines',
    'user_groups',
    'services',
    'contracts',
  ] as const) {
    const started = performance.now();
    const writer = await loader.open(TABLES[name]);
    await writer.write(reference[name]);
    const count = await writer.end();
    const seconds = (performance.now() - started) / 1000;
    reports.push({ table: name, rows: count, seconds, rowsPerSecond: count / Math.max(seconds, 1e-6) });
  }

  const times = drawCreatedTimes(createRng(options.seed + 2), options.requests, now, options.years);
  const statuses = drawStatuses(createRng(options.seed + 3), times, now);
  const ctx: Context = { rng, nextId, cast, now, ledger };

  const started = performance.now();
  const writers = {} as Record<(typeof BULK_TABLES)[number], TableWriter>;
  for (const name of BULK_TABLES) {
    writers[name] = await loader.open(TABLES[name]);
  }
  let lastLog = started;
  for (let from = 0; from < options.requests; from += CHUNK) {
    const batch: Record<(typeof BULK_TABLES)[number], Row[]> = {
      tickets: [],
      ticket_events: [],
      ticket_comments: [],
      worklogs: [],
      ledger_entries: [],
      specification_lines: [],
    };
    const to = Math.min(options.requests, from + CHUNK);
    for (let i = from; i < to; i += 1) {
      const createdAt = times[i] ?? now;
      // Whatever falls due before this request was filed can be booked: no later request completes earlier.
      ledger.books.advance(createdAt);
      const out = ticketRows(ctx, FIRST_NUMBER + i, createdAt, STATUSES[statuses[i] ?? 0] ?? 'new');
      batch.tickets.push(out.ticket);
      batch.ticket_events.push(...out.events);
      batch.ticket_comments.push(...out.comments);
      batch.worklogs.push(...out.worklogs);
    }
    if (to === options.requests) {
      // The last batch books the rest of the history, up to now.
      ledger.books.advance(Infinity);
    }
    const booked = ledger.books.take();
    batch.ledger_entries.push(...booked.ledger_entries);
    batch.specification_lines.push(...booked.specification_lines);
    batch.ticket_events.push(...booked.ticket_events);
    await Promise.all(BULK_TABLES.map((name) => writers[name].write(batch[name])));
    await new Promise((resolve) => setImmediate(resolve));
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      const rate = to / ((lastLog - started) / 1000);
      log(
        `  ${to.toLocaleString('en')} requests written, ${Math.round(rate).toLocaleString('en')} requests/s`,
      );
    }
  }
  const ends = BULK_TABLES.map(async (name) => {
    const count = await writers[name].end();
    const seconds = (performance.now() - started) / 1000;
    return { table: name, rows: count, seconds, rowsPerSecond: count / Math.max(seconds, 1e-6) };
  });
  reports.push(...(await Promise.all(ends)));
  return { tables: reports, lastLedgerId: ledger.books.lastLedgerId };
}

// --- The database around it -------------------------------------------------------------------------------

export type DeskOptions = {
  requests: number;
  seed?: number;
  db: Db;
  /** How rows are written; INSERT … unnest through `db` when not given. */
  loader?: Loader;
  /** Where the history ends; the start of today (UTC) when not given. */
  now?: Date;
  years?: number;
  /** Empty the desk's tables first instead of refusing a database that has data. */
  force?: boolean;
  log?: (line: string) => void;
};

export type DeskReport = {
  requests: number;
  seed: number;
  now: string;
  loader: Loader['kind'];
  tables: TableReport[];
  loadSeconds: number;
  indexSeconds: number;
  totalSeconds: number;
};

const DESK_TABLES = [
  'jobs',
  'attachments',
  'running_timers',
  'worklogs',
  'ticket_comments',
  'ticket_events',
  'tickets',
  'idempotency_keys',
  'api_tokens',
  'sessions',
  'login_failures',
  'user_groups',
  'user_lines',
  'users',
  'support_groups',
  'support_lines',
  'specification_lines',
  'ledger_entries',
  'contracts',
  'notifications',
  'services',
  'clients',
];

export const startOfTodayUtc = (): Date => new Date(Math.floor(Date.now() / DAY) * DAY);

/**
 * Fills each request's conversation vectors (`comments_search`, `notes_search`: migration 0006) from its
 * loaded comments, as the trigger switched off for the load would have done row by row, then rewrites
 * `tickets` in number order: the UPDATE leaves a dead version of every request with comments and
 * scatters the live ones, which a desk that grew request by request would not have.
 */
export async function fillConversationSearch(db: Db, log: (line: string) => void = () => {}): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`set maintenance_work_mem = '256MB'`.execute(connection);
    let started = performance.now();
    const filled = await sql`update tickets t
      set comments_search = v.comments_search, notes_search = v.notes_search
      from ticket_conversation_search v where v.ticket_id = t.id`.execute(connection);
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    log(
      `  ${Number(filled.numAffectedRows ?? 0).toLocaleString('en')} requests with comments: ${seconds()} s`,
    );
    started = performance.now();
    await sql`cluster tickets using tickets_number_key`.execute(connection);
    log(`  tickets rewritten in number order: ${seconds()} s`);
  });
}

/** Migrates, checks the database is empty, loads the desk and leaves it indexed and analyzed. */
export async function generateDesk(options: DeskOptions): Promise<DeskReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const now = options.now ?? startOfTodayUtc();
  const { db } = options;
  const began = performance.now();

  await migrateToLatest(db);
  const tickets = await db
    .selectFrom('tickets')
    .select(db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const users = await db
    .selectFrom('users')
    .select(db.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(tickets.n) > 0 || Number(users.n) > 0) {
    if (!options.force) {
      throw new Error(
        `the database already has ${tickets.n} requests and ${users.n} users; pass --force to empty it and generate afresh`,
      );
    }
    log(`emptying ${DESK_TABLES.length} tables (--force)`);
    await sql`truncate ${sql.join(DESK_TABLES.map((name) => sql.table(name)))} restart identity cascade`.execute(
      db,
    );
    await db.deleteFrom('sla_policies').where('id', '=', BENCH_POLICY_ID).execute();
    await db.deleteFrom('business_calendars').where('id', 'in', Object.values(BENCH_CALENDAR_IDS)).execute();
  }

  // scrypt is slow on purpose: one hash serves every generated user.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const sla = await readSlaDefaults(db);
  const deferred = await deferIndexes(db, BULK_TABLES);
  const loader = options.loader ?? insertLoader(db);
  log(
    `loading ${options.requests.toLocaleString('en')} requests (seed ${seed}, history until ${now.toISOString()}) via ${loader.kind}`,
  );
  const loadStarted = performance.now();
  const { tables, lastLedgerId } = await writeDesk(loader, {
    requests: options.requests,
    seed,
    now,
    years: options.years ?? 5,
    passwordHash,
    sla,
    log,
  });
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  const indexStarted = performance.now();
  log('filling the search vectors of the conversations');
  await fillConversationSearch(db, log);
  log('building indexes and foreign keys');
  await restoreIndexes(db, deferred, log);
  // Numbers were given explicitly: the sequence continues after the highest, or the next create collides.
  await sql`select setval('ticket_number_seq', greatest((select max(number) from tickets), ${FIRST_NUMBER}))`.execute(
    db,
  );
  // Ledger ids too: the next entry the product posts continues after the generated ones.
  await sql`select setval(pg_get_serial_sequence('ledger_entries', 'id'), ${Math.max(lastLedgerId, 1)}, ${lastLedgerId > 0})`.execute(
    db,
  );
  // Fresh rows have no hint bits or visibility map: without this the first benchmark reads would write.
  await sql`vacuum (analyze) ${sql.join(BULK_TABLES.map((name) => sql.table(name)))}`.execute(db);
  await sql`analyze`.execute(db);
  const indexSeconds = (performance.now() - indexStarted) / 1000;

  return {
    requests: options.requests,
    seed,
    now: now.toISOString(),
    loader: loader.kind,
    tables,
    loadSeconds,
    indexSeconds,
    totalSeconds: (performance.now() - began) / 1000,
  };
}
