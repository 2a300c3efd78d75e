// The benchmark's scenarios, driven over HTTP with autocannon, and the in-process floor for creates.
// Shared by `npm run bench` (a real server in a child process) and bench/smoke.test.ts (an in-process
// app), so the harness is exercised by the test suite and cannot rot.
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { createRng } from '#server/demo/company.ts';
import { BENCH_ACCOUNTS, drawRequestText } from './desk.ts';

export type Latency = { p50: number; p95: number; p99: number; max: number };

/** `maxSeconds`: the whole scenario (a fixed amount of work, e.g. all statements of a month) within it. */
export type Target = { minRps?: number; maxP95Ms?: number; maxSeconds?: number };

export type ScenarioResult = {
  key: string;
  title: string;
  /** 'n/a' for scenarios whose feature has not landed yet. */
  status: 'measured' | 'n/a';
  note?: string;
  connections?: number;
  seconds?: number;
  /** Successful (2xx) responses. */
  requests?: number;
  /** Non-2xx responses, socket errors and timeouts. */
  errors?: number;
  statusCodes?: Record<string, number>;
  rps?: number;
  latencyMs?: Latency;
  /** Peak resident memory of the server process while the scenario ran. */
  peakRssMb?: number | null;
  /**
   * Share of the machine's CPU capacity that processes other than the server, this harness and
   * PostgreSQL used meanwhile: above a few percent, the numbers were disturbed by other work.
   */
  foreignCpuPct?: number | null;
  /**
   * CPU time per successful response, in ms: of the server process, and of PostgreSQL. Unlike latency
   * and throughput, these hardly depend on what else the machine is doing.
   */
  cpuMsPerRequest?: { server: number | null; postgres: number | null };
  /** The machine's 1-minute load average (`uptime`) when the scenario started, and when it ended. */
  loadAverage?: [number, number];
  target?: Target;
  met?: boolean;
};

export type Fixtures = {
  requests: number;
  /** A random sample of request ids, for the request page. */
  ticketIds: string[];
  /** Every client with requests, heaviest first; creates pick them in proportion to their requests. */
  clientIds: string[];
  clientWeights: number[];
  /** The highest request number before the run: what the run adds lies above it and is cleaned up. */
  maxNumber: number;
  firstLineId: string;
  agentId: string;
  /** Every client, for the statements of a month (clients without requests get one too). */
  allClientIds: string[];
  /** The last full month of the desk's history (`YYYY-MM`): the month whose statements are read. */
  statementMonth: string;
  databaseVersion: string;
  /** The database's name (PostgreSQL backends are told apart by it), null on PGlite. */
  databaseName: string | null;
};

/** What the scenarios need to know about the desk, read straight from the database before serving. */
export async function loadFixtures(db: Db, seed = 1): Promise<Fixtures> {
  const range = await db
    .selectFrom('tickets')
    .select((eb) => [
      eb.fn.min<number>('number').as('min'),
      eb.fn.max<number>('number').as('max'),
      eb.fn.countAll<number>().as('count'),
    ])
    .executeTakeFirstOrThrow();
  if (!range.count) {
    throw new Error('the database has no requests: run `npm run bench:data` first');
  }
  const rng = createRng(seed);
  const numbers = Array.from({ length: 2000 }, () =>
    Math.floor(Number(range.min) + rng() * (Number(range.max) - Number(range.min) + 1)),
  );
  const sample = await sql<{
    id: string;
  }>`select id from tickets where number = any(${numbers}::bigint[])`.execute(db);
  const clients = await db
    .selectFrom('tickets')
    .select(['client_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('client_id', 'is not', null)
    .groupBy('client_id')
    .orderBy('count', 'desc')
    .execute();
  const line = await db
    .selectFrom('support_lines')
    .select('id')
    .orderBy('level')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const agent = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', BENCH_ACCOUNTS.agent1)
    .executeTakeFirst();
  if (!agent) {
    throw new Error(`${BENCH_ACCOUNTS.agent1} is missing: the database was not made by npm run bench:data`);
  }
  const allClients = await db.selectFrom('clients').select('id').orderBy('name').orderBy('id').execute();
  // The month before the last posting (the desk's history ends with it): a complete month.
  const lastPosting = await sql<{ month: string | null }>`select to_char(
      date_trunc('month', max(posted_at) at time zone 'Europe/Moscow') - interval '1 month', 'YYYY-MM') as month
    from specification_lines where posted_at is not null`.execute(db);
  const previousMonth = new Date();
  previousMonth.setUTCDate(1);
  previousMonth.setUTCMonth(previousMonth.getUTCMonth() - 1);
  const version = await sql<{
    version: string;
    name: string;
  }>`select version(), current_database() as name`.execute(db);
  return {
    requests: Number(range.count),
    ticketIds: sample.rows.map((row) => row.id),
    clientIds: clients.map((row) => row.client_id ?? ''),
    clientWeights: clients.map((row) => Number(row.count)),
    maxNumber: Number(range.max),
    firstLineId: line.id,
    agentId: agent.id,
    allClientIds: allClients.map((row) => row.id),
    statementMonth: lastPosting.rows[0]?.month ?? previousMonth.toISOString().slice(0, 7),
    databaseVersion: version.rows[0]?.version ?? 'unknown',
    databaseName: version.rows[0]?.version.startsWith('PostgreSQL') ? (version.rows[0]?.name ?? null) : null,
  };
}

// --- Measuring --------------------------------------------------------------------------------------------

const percentile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) {
    return 0;
  }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
};

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export const summarize = (latencies: number[]): Latency => {
  const sorted = Float64Array.from(latencies).sort();
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
};

/** Peak RSS of a process from /proc (VmRSS polled; VmHWM is the kernel's own lifetime peak). */
export function rssSampler(pid: number) {
  const read = (field: 'VmRSS' | 'VmHWM'): number | null => {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
        readFileSync(`/proc/${pid}/status`, 'utf8'),
      );
      return match?.[1] ? Number(match[1]) / 1024 : null;
    } catch {
      return null;
    }
  };
  let peak: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  const sample = () => {
    const rss = read('VmRSS');
    if (rss !== null) {
      peak = Math.max(peak ?? 0, rss);
    }
  };
  return {
    start() {
      peak = null;
      sample();
      timer = setInterval(sample, 100);
    },
    /** The peak since start(), in MB. */
    stop(): number | null {
      if (timer) {
        clearInterval(timer);
      }
      sample();
      return peak === null ? null : round(peak);
    },
    lifetimePeakMb: () => {
      const hwm = read('VmHWM');
      return hwm === null ? null : round(hwm);
    },
  };
}

/** CPU time the kernel counts in ticks of 10 ms (USER_HZ = 100 on Linux). */
const MS_PER_TICK = 10;

export type CpuUsage = {
  /** Percent of all cores' time used by other processes meanwhile; null off Linux. */
  foreignPct: number | null;
  /** CPU time of the server process, and of PostgreSQL (its backends on the bench database and its
   * background processes), in ms; null off Linux or without a server pid. */
  serverMs: number | null;
  postgresMs: number | null;
};

/**
 * CPU ticks from /proc: the whole machine's busy time against that of the processes under test (the
 * given pids and PostgreSQL). Polled, because PostgreSQL backends come and go with the pool, and a process
 * that exits takes its counters with it. With `database`, PostgreSQL backends serving other databases
 * (another engineer's tests on the same cluster) count as foreign, told apart by their process title.
 */
export function cpuMeter(pids: readonly number[], options: { serverPid?: number; database?: string } = {}) {
  const ticksOf = (pid: number | string): number | null => {
    try {
      // After the parenthesized command name, utime and stime are the 12th and 13th fields.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  };
  // A backend's title is `postgres: <cluster>: <user> <database> <host>(<port>) <state>`.
  const backendDatabase = (title: string): string | null =>
    /^postgres: (?:[^:]+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title)?.[1] ?? null;
  const postgresPids = () =>
    readdirSync('/proc').filter((name) => {
      if (!/^\d+$/.test(name)) {
        return false;
      }
      try {
        if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') {
          return false;
        }
        if (!options.database) {
          return true;
        }
        const database = backendDatabase(readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' '));
        return database === null || database === options.database;
      } catch {
        return false;
      }
    });
  const machine = () => {
    try {
      const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
      const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
        values.map(Number);
      const busy = user + nice + system + irq + softirq + steal;
      return { busy, total: busy + idle + iowait };
    } catch {
      return null;
    }
  };
  const own = new Set([...pids, ...(options.serverPid ? [options.serverPid] : [])].map(String));
  let base = new Map<string, number>();
  let seen = new Map<string, number>();
  let machineAtStart = machine();
  let timer: NodeJS.Timeout | null = null;
  const poll = (into: Map<string, number>) => {
    for (const pid of [...own, ...postgresPids()]) {
      const ticks = ticksOf(pid);
      if (ticks !== null) {
        into.set(pid, ticks);
      }
    }
  };
  const stop = (): CpuUsage => {
    if (timer) {
      clearInterval(timer);
    }
    poll(seen);
    const end = machine();
    if (!machineAtStart || !end || end.total === machineAtStart.total) {
      return { foreignPct: null, serverMs: null, postgresMs: null };
    }
    let ours = 0;
    let postgres = 0;
    for (const [pid, ticks] of seen) {
      const used = ticks - (base.get(pid) ?? 0);
      ours += used;
      if (!own.has(pid)) {
        postgres += used;
      }
    }
    const server = options.serverPid
      ? (seen.get(String(options.serverPid)) ?? 0) - (base.get(String(options.serverPid)) ?? 0)
      : null;
    const foreign = end.busy - machineAtStart.busy - ours;
    return {
      foreignPct: round(Math.max(0, (100 * foreign) / (end.total - machineAtStart.total))),
      serverMs: server === null ? null : server * MS_PER_TICK,
      postgresMs: postgres * MS_PER_TICK,
    };
  };
  return {
    start() {
      base = new Map();
      poll(base);
      seen = new Map(base);
      machineAtStart = machine();
      timer = setInterval(() => poll(seen), 500);
    },
    stop,
    /** Percent of all cores' time used by other processes since start(); null off Linux. */
    foreignPct: (): number | null => stop().foreignPct,
  };
}

type Drive = {
  baseUrl: string;
  token: string;
  connections: number;
  seconds: number;
  /** Stop after this many requests (each pre-selected id used once). */
  amount?: number;
  /** With `amount`: stop by then even if not done (default `seconds`). */
  limitSeconds?: number;
  /**
   * Without `amount`: go on after `seconds` until this many responses came (slow requests such as a large
   * statement's PDF would otherwise give two samples or none), up to `limitSeconds` (default 600).
   */
  minResponses?: number;
  /** A response slower than this counts as an error (default 30 s). */
  timeoutSeconds?: number;
  requests: autocannon.Request[];
};

type Driven = {
  latencies: number[];
  ok: number;
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
};

/** Runs autocannon and keeps every response time (autocannon itself reports no p95). */
async function drive(options: Drive): Promise<Driven> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        ...(options.amount !== undefined
          ? { amount: options.amount }
          : options.minResponses !== undefined
            ? { amount: Number.MAX_SAFE_INTEGER }
            : { duration: options.seconds }),
        timeout: options.timeoutSeconds ?? 30,
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        requests: options.requests,
      },
      (error: unknown) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        } else {
          resolve();
        }
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) {
        ok += 1;
      } else {
        errors += 1;
      }
    });
    instance.on('reqError', () => {
      errors += 1;
    });
    if (options.amount !== undefined) {
      // A fixed amount ignores the duration: stop by hand so the scenario still takes `seconds` at most.
      setTimeout(() => instance.stop(), (options.limitSeconds ?? options.seconds) * 1000).unref();
    } else if (options.minResponses !== undefined) {
      const minimum = options.minResponses;
      const limit = (options.limitSeconds ?? 600) * 1000;
      const timer = setInterval(() => {
        const elapsed = performance.now() - started;
        if ((elapsed >= options.seconds * 1000 && ok + errors >= minimum) || elapsed >= limit) {
          clearInterval(timer);
          instance.stop();
        }
      }, 20);
      timer.unref();
    }
  });
  return { latencies, ok, errors, statusCodes, seconds: (performance.now() - started) / 1000 };
}

// --- The scenarios -----------------------------------------------------------------------------------------

export type Tokens = { agent: string; dispatcher: string };

export type RunOptions = {
  baseUrl: string;
  tokens: Tokens;
  fixtures: Fixtures;
  seconds: number;
  /** Unmeasured seconds before each read scenario and the create (JIT, caches, connection pools). */
  warmupSeconds: number;
  connections: number;
  /** The server's pid, for its memory. */
  serverPid: number;
  /** Run only these scenario keys (all when empty). */
  only?: readonly string[];
  /** How many clients the all-statements scenarios read (all by default; the smoke run takes a few). */
  statementClients?: number;
  /** How many statements of a month are read at a time (default 4: two cores, the server and PostgreSQL). */
  statementConcurrency?: number;
  seed?: number;
  log?: (line: string) => void;
};

type Prepared = {
  requests: autocannon.Request[];
  amount?: number;
  /** A fixed amount of work done to the end, however long it takes (up to 10 minutes). */
  toTheEnd?: boolean;
  /** Connections for this scenario instead of the run's. */
  connections?: number;
  note?: string;
};

type Scenario = {
  key: string;
  title: string;
  target?: Target;
  token: keyof Tokens;
  /** Builds the requests; may fetch what it needs first (the ids to transition). */
  prepare?: (options: RunOptions) => Promise<Prepared | string>;
  requests?: (options: RunOptions, rng: () => number) => autocannon.Request[];
  /** Connections for this scenario instead of the run's. */
  connections?: number;
  /**
   * Measure at least this many responses, however long they take (see `drive`); by default as many as
   * there are connections, so that a scenario too slow for its seconds still reports what it costs.
   */
  minResponses?: number;
  /** A response slower than this counts as an error (default 30 s). */
  timeoutSeconds?: number;
  warmup?: boolean;
};

const pickFrom = <T>(rng: () => number, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) {
    throw new Error('nothing to pick from');
  }
  return item;
};

type Context = Record<string, unknown>;

/** A client in proportion to the requests it files: the desk's own Pareto load. */
const clientPicker = (fixtures: Fixtures, rng: () => number) => {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of fixtures.clientWeights) {
    total += weight;
    cumulative.push(total);
  }
  return (): string => {
    const target = rng() * total;
    const index = cumulative.findIndex((sum) => sum > target);
    return fixtures.clientIds[index < 0 ? 0 : index] ?? '';
  };
};

/** Whether a scenario met its target (undefined when it has none). */
const meets = (
  target: Target | undefined,
  rps: number,
  latency: Latency,
  seconds: number,
  complete: boolean,
): boolean | undefined => {
  if (!target) {
    return undefined;
  }
  return (
    (target.minRps === undefined || rps >= target.minRps) &&
    (target.maxP95Ms === undefined || latency.p95 <= target.maxP95Ms) &&
    (target.maxSeconds === undefined || (complete && seconds <= target.maxSeconds))
  );
};

/**
 * A client's statement for the desk's last full month, or one of its documents: the heaviest client,
 * one at a time (the target is the time of one statement, which concurrency would only multiply).
 */
const statementOf = (key: string, title: string, document: string): Scenario => ({
  key,
  title,
  target: { maxP95Ms: 300 },
  token: 'dispatcher',
  connections: 1,
  minResponses: 5,
  // A large client's PDF may take minutes: measured, not cut off as an error.
  timeoutSeconds: 600,
  warmup: true,
  requests: (options) => [
    {
      method: 'GET',
      path:
        `/api/v1/clients/${options.fixtures.clientIds[0] ?? ''}/statements/${options.fixtures.statementMonth}` +
        document,
    },
  ],
});

/**
 * A period report of issue 9 for the desk's last full month, all clients, as the dispatcher (who sees
 * everything): one at a time, the target being the time of one report (< 1 s at 1M requests).
 */
const reportOf = (name: string, extension = ''): Scenario => ({
  key: `report-${name}${extension ? '-xlsx' : ''}`,
  title: `report «${name}» of a month, all clients${extension ? ' (XLSX)' : ''}`,
  target: { maxP95Ms: 1000 },
  token: 'dispatcher',
  connections: 1,
  minResponses: 3,
  timeoutSeconds: 120,
  warmup: true,
  requests: (options) => {
    const month = options.fixtures.statementMonth;
    const [year = 0, number = 1] = month.split('-').map(Number);
    const next = new Date(Date.UTC(year, number, 1)).toISOString().slice(0, 10);
    return [
      {
        method: 'GET',
        path: `/api/v1/reports/${name}${extension}?from=${month}-01&to=${next}&timeZone=Europe/Moscow`,
      },
    ];
  },
});

/** The statements (or one document) of every client for the month, `statementConcurrency` at a time. */
const allStatements = (key: string, title: string, document: string): Scenario => ({
  key,
  title,
  target: { maxSeconds: 30 },
  token: 'dispatcher',
  timeoutSeconds: 600,
  prepare: async (options) => {
    const clients = options.fixtures.allClientIds.slice(0, options.statementClients ?? Infinity);
    let next = 0;
    const concurrency = options.statementConcurrency ?? 4;
    return {
      amount: clients.length,
      toTheEnd: true,
      connections: concurrency,
      note: `${clients.length} clients, ${options.fixtures.statementMonth}, ${concurrency} at a time`,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const client = clients[next % clients.length] ?? '';
            next += 1;
            return {
              ...request,
              path: `/api/v1/clients/${client}/statements/${options.fixtures.statementMonth}${document}`,
            };
          },
        },
      ],
    };
  },
});

/**
 * Requests in `new` the agent may evaluate, with their versions, newest first: those this run created
 * (so the generated desk stays as generated), or any when the create scenario did not run.
 */
async function evaluableTickets(
  options: RunOptions,
  max: number,
): Promise<{ id: string; version: number }[]> {
  const found: { id: string; version: number }[] = [];
  const older: { id: string; version: number }[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL('/api/v1/tickets', options.baseUrl);
    url.searchParams.set('status', 'new');
    url.searchParams.set('limit', '200');
    if (cursor) {
      url.searchParams.set('cursor', cursor);
    }
    const response = await fetch(url, { headers: { authorization: `Bearer ${options.tokens.agent}` } });
    if (!response.ok) {
      throw new Error(`listing new requests failed: ${response.status} ${await response.text()}`);
    }
    const page = (await response.json()) as {
      items: { id: string; number: number; version: number; allowedTransitions: string[] }[];
      nextCursor: string | null;
    };
    for (const item of page.items) {
      if (item.allowedTransitions.includes('evaluated')) {
        (item.number > options.fixtures.maxNumber ? found : older).push({
          id: item.id,
          version: item.version,
        });
      }
    }
    cursor = older.length ? null : page.nextCursor;
  } while (cursor && found.length < max);
  return (found.length ? found : older).slice(0, max);
}

const SCENARIOS: readonly Scenario[] = [
  {
    key: 'create',
    title: 'create a request',
    target: { minRps: 500, maxP95Ms: 50 },
    token: 'agent',
    warmup: true,
    requests: (options, rng) => {
      const nextClient = clientPicker(options.fixtures, rng);
      return [
        {
          method: 'POST',
          path: '/api/v1/tickets',
          setupRequest: (request) => {
            const { title, description } = drawRequestText(rng);
            const clientId = nextClient();
            return { ...request, body: JSON.stringify({ title, description, clientId, channel: 'phone' }) };
          },
        },
      ];
    },
  },
  {
    key: 'queue',
    title: "agent's default queue page",
    target: { maxP95Ms: 50 },
    token: 'agent',
    warmup: true,
    requests: () => [{ method: 'GET', path: '/api/v1/tickets' }],
  },
  {
    key: 'queue-filtered',
    title: 'queue by client and status',
    target: { maxP95Ms: 50 },
    token: 'agent',
    warmup: true,
    requests: (options, rng) => [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path:
            `/api/v1/tickets?clientId=${pickFrom(rng, options.fixtures.clientIds.slice(0, 20))}` +
            `&status=${pickFrom(rng, ['new', 'in_progress', 'done', 'completed'])}`,
        }),
      },
    ],
  },
  {
    key: 'queue-sla',
    title: "agent's queue sorted by SLA due time",
    target: { maxP95Ms: 50 },
    token: 'agent',
    warmup: true,
    requests: () => [{ method: 'GET', path: '/api/v1/tickets?sort=slaDueAt' }],
  },
  {
    key: 'queue-sla-dispatcher',
    title: "dispatcher's queue sorted by SLA due time",
    target: { maxP95Ms: 50 },
    token: 'dispatcher',
    warmup: true,
    requests: () => [{ method: 'GET', path: '/api/v1/tickets?sort=slaDueAt' }],
  },
  {
    key: 'search',
    title: 'full-text search «принтеры»',
    target: { maxP95Ms: 150 },
    token: 'agent',
    warmup: true,
    requests: () => [{ method: 'GET', path: `/api/v1/tickets?q=${encodeURIComponent('принтеры')}` }],
  },
  {
    key: 'page',
    title: 'request page (ticket + events + comments)',
    target: { maxP95Ms: 30 },
    token: 'dispatcher',
    warmup: true,
    requests: (options, rng) => [
      {
        method: 'GET',
        setupRequest: (request, context) => {
          const id = pickFrom(rng, options.fixtures.ticketIds);
          (context as Context).id = id;
          return { ...request, path: `/api/v1/tickets/${id}` };
        },
      },
      {
        method: 'GET',
        setupRequest: (request, context) => ({
          ...request,
          path: `/api/v1/tickets/${String((context as Context).id)}/events`,
        }),
      },
      {
        method: 'GET',
        setupRequest: (request, context) => ({
          ...request,
          path: `/api/v1/tickets/${String((context as Context).id)}/comments`,
        }),
      },
    ],
  },
  {
    key: 'transition',
    title: 'evaluate new requests (0.5 h, auto-approved)',
    token: 'agent',
    prepare: async (options) => {
      // Each request is evaluated once, with the version it has: a second attempt would be a 409.
      const tickets = await evaluableTickets(options, Math.max(50, Math.min(20_000, 800 * options.seconds)));
      if (tickets.length === 0) {
        return 'no requests in status new to evaluate';
      }
      let next = 0;
      return {
        amount: tickets.length,
        note: `${tickets.length} requests pre-selected`,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const ticket = tickets[next % tickets.length];
              next += 1;
              return {
                ...request,
                path: `/api/v1/tickets/${ticket?.id ?? ''}/transitions`,
                body: JSON.stringify({ to: 'evaluated', version: ticket?.version ?? 1, estimateHours: 0.5 }),
              };
            },
          },
        ],
      };
    },
  },
  statementOf('statement', "a large client's monthly statement (JSON)", ''),
  statementOf('statement-pdf', 'the same statement as PDF', '/statement.pdf'),
  statementOf('statement-xlsx', 'the same statement as XLSX', '/statement.xlsx'),
  statementOf('act-pdf', 'the act of the same month as PDF', '/act.pdf'),
  ...[
    'volume',
    'stages',
    'sla',
    'labour',
    'utilization',
    'clients',
    'first-line',
    'estimates',
    'free-work',
  ].map((name) => reportOf(name)),
  reportOf('clients', '.xlsx'),
  allStatements('statements-all', 'all statements of the month (JSON)', ''),
  allStatements('statements-all-pdf', 'all statements of the month (PDF)', '/statement.pdf'),
];

/** Scenarios whose feature has not landed yet, with why. */
const NOT_YET: Record<string, string> = {};

/** Runs every scenario in order against a serving app; the create runs first and feeds the transition. */
export async function runScenarios(options: RunOptions): Promise<ScenarioResult[]> {
  const log = options.log ?? (() => {});
  const rss = rssSampler(options.serverPid);
  const cpu = cpuMeter(options.serverPid === process.pid ? [] : [process.pid], {
    serverPid: options.serverPid,
    ...(options.fixtures.databaseName ? { database: options.fixtures.databaseName } : {}),
  });
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    if (options.only?.length && !options.only.includes(scenario.key)) {
      continue;
    }
    const notYet = NOT_YET[scenario.key];
    if (notYet !== undefined) {
      results.push({ key: scenario.key, title: scenario.title, status: 'n/a', note: notYet });
      log(`${scenario.title}: ${notYet}`);
      continue;
    }
    const rng = createRng(options.seed ?? 1);
    let prepared: Prepared = { requests: [] };
    if (scenario.prepare) {
      const made = await scenario.prepare(options);
      if (typeof made === 'string') {
        results.push({ key: scenario.key, title: scenario.title, status: 'n/a', note: made });
        log(`${scenario.title}: ${made}`);
        continue;
      }
      prepared = made;
    } else if (scenario.requests) {
      prepared = { requests: scenario.requests(options, rng) };
    }
    const { requests, amount, note } = prepared;
    const token = options.tokens[scenario.token];
    const wanted = prepared.connections ?? scenario.connections ?? options.connections;
    const connections = Math.max(1, Math.min(wanted, amount ?? wanted));
    if (scenario.warmup && options.warmupSeconds > 0) {
      await drive({
        baseUrl: options.baseUrl,
        token,
        connections,
        seconds: options.warmupSeconds,
        requests,
        ...(scenario.timeoutSeconds !== undefined ? { timeoutSeconds: scenario.timeoutSeconds } : {}),
      });
    }
    log(`${scenario.title}: ${options.seconds} s, ${connections} connections${note ? ` (${note})` : ''}`);
    rss.start();
    cpu.start();
    const loadBefore = os.loadavg()[0] ?? 0;
    const driven = await drive({
      baseUrl: options.baseUrl,
      token,
      connections,
      seconds: options.seconds,
      requests,
      ...(amount !== undefined ? { amount } : {}),
      ...(prepared.toTheEnd ? { limitSeconds: 600 } : {}),
      ...(amount === undefined ? { minResponses: scenario.minResponses ?? connections } : {}),
      ...(scenario.timeoutSeconds !== undefined ? { timeoutSeconds: scenario.timeoutSeconds } : {}),
    });
    const peakRssMb = rss.stop();
    const usage = cpu.stop();
    const latencyMs = summarize(driven.latencies);
    const rps = round(driven.ok / driven.seconds);
    results.push({
      key: scenario.key,
      title: scenario.title,
      status: 'measured',
      ...(note ? { note } : {}),
      connections,
      seconds: round(driven.seconds, 2),
      requests: driven.ok,
      errors: driven.errors,
      statusCodes: driven.statusCodes,
      rps,
      latencyMs,
      peakRssMb,
      foreignCpuPct: usage.foreignPct,
      loadAverage: [round(loadBefore, 2), round(os.loadavg()[0] ?? 0, 2)],
      cpuMsPerRequest: {
        server: usage.serverMs === null || !driven.ok ? null : round(usage.serverMs / driven.ok, 2),
        postgres: usage.postgresMs === null || !driven.ok ? null : round(usage.postgresMs / driven.ok, 2),
      },
      ...(scenario.target ? { target: scenario.target } : {}),
      ...(scenario.target
        ? {
            // Nothing answered is no evidence of a met target.
            met:
              driven.ok > 0 &&
              (meets(
                scenario.target,
                rps,
                latencyMs,
                driven.seconds,
                amount === undefined || driven.ok >= amount,
              ) ??
                true),
          }
        : {}),
    });
  }
  return results;
}

// --- The floor ---------------------------------------------------------------------------------------------

/**
 * The same rows a create writes (the request and its `created` event, in one transaction), inserted
 * with the same driver and pool by `concurrency` workers in this process: what HTTP, validation,
 * authentication and the service's reads cost on top is the distance to this floor.
 */
export async function measureFloor(
  db: Db,
  fixtures: Fixtures,
  options: { seconds: number; concurrency: number; seed?: number },
): Promise<ScenarioResult> {
  const rng = createRng(options.seed ?? 2);
  const nextClient = clientPicker(fixtures, rng);
  const latencies: number[] = [];
  const cpu = cpuMeter([], {
    serverPid: process.pid,
    ...(fixtures.databaseName ? { database: fixtures.databaseName } : {}),
  });
  cpu.start();
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      const { title, description } = drawRequestText(rng);
      await db.transaction().execute(async (tx) => {
        const now = new Date();
        const row = await tx
          .insertInto('tickets')
          .values({
            title,
            description,
            client_id: nextClient(),
            channel: 'phone',
            line_id: fixtures.firstLineId,
            created_by: fixtures.agentId,
            created_at: now,
            updated_at: now,
          })
          .returning(['id', 'number'])
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('ticket_events')
          .values({
            ticket_id: row.id,
            actor_id: fixtures.agentId,
            kind: 'created',
            data: JSON.stringify({ number: row.number, status: 'new', channel: 'phone', title }),
            created_at: now,
          })
          .execute();
      });
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    key: 'create-floor',
    title: 'create floor: Kysely in-process, no HTTP',
    status: 'measured',
    connections: options.concurrency,
    seconds: round(seconds, 2),
    requests: latencies.length,
    errors: 0,
    rps: round(latencies.length / seconds),
    latencyMs: summarize(latencies),
    ...(() => {
      const usage = cpu.stop();
      return {
        foreignCpuPct: usage.foreignPct,
        cpuMsPerRequest: {
          server:
            usage.serverMs === null || !latencies.length ? null : round(usage.serverMs / latencies.length, 2),
          postgres:
            usage.postgresMs === null || !latencies.length
              ? null
              : round(usage.postgresMs / latencies.length, 2),
        },
      };
    })(),
  };
}

/**
 * Removes what a run added (the requests above `maxNumber`, with their history, and the API tokens the
 * harness made), so that repeated runs measure the same desk instead of one growing at the top.
 */
export async function cleanUp(db: Db, fixtures: Fixtures): Promise<number> {
  const deleted = await db.deleteFrom('tickets').where('number', '>', fixtures.maxNumber).executeTakeFirst();
  await db.deleteFrom('api_tokens').where('name', 'like', 'bench %').execute();
  await sql`vacuum (analyze) tickets, ticket_events, ticket_comments, worklogs`.execute(db);
  return Number(deleted.numDeletedRows);
}

// --- Reporting ---------------------------------------------------------------------------------------------

const describeTarget = (target: Target | undefined): string =>
  target
    ? [
        target.minRps !== undefined ? `≥${target.minRps} req/s` : '',
        target.maxP95Ms !== undefined ? `p95 ≤${target.maxP95Ms} ms` : '',
        target.maxSeconds !== undefined ? `all ≤${target.maxSeconds} s` : '',
      ]
        .filter(Boolean)
        .join(', ')
    : '';

/**
 * The results as a fixed-width table, with the HTTP/floor ratio under the create; `srv ms` and `pg ms`
 * are the CPU time the server and PostgreSQL spent per successful response.
 */
export function formatResults(results: readonly ScenarioResult[], floor: ScenarioResult | null): string[] {
  const lines = [
    `${'scenario'.padEnd(44)}${'req/s'.padStart(9)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}` +
      `${'errors'.padStart(8)}${'RSS MB'.padStart(8)}${'other%'.padStart(8)}${'load'.padStart(7)}${'srv ms'.padStart(8)}` +
      `${'pg ms'.padStart(8)}  target`,
  ];
  const row = (result: ScenarioResult) => {
    if (result.status === 'n/a') {
      return `${result.title.padEnd(44)}${result.note ?? 'n/a'}`;
    }
    const l = result.latencyMs;
    const verdict = result.met === undefined ? '' : result.met ? ' ✓' : ' ✗ missed';
    return (
      `${result.title.padEnd(44)}${String(result.rps ?? '').padStart(9)}${String(l?.p50 ?? '').padStart(8)}` +
      `${String(l?.p95 ?? '').padStart(8)}${String(l?.p99 ?? '').padStart(8)}${String(result.errors ?? '').padStart(8)}` +
      `${String(result.peakRssMb ?? '').padStart(8)}${String(result.foreignCpuPct ?? '').padStart(8)}` +
      `${String(result.loadAverage?.[0] ?? '').padStart(7)}` +
      `${String(result.cpuMsPerRequest?.server ?? '').padStart(8)}` +
      `${String(result.cpuMsPerRequest?.postgres ?? '').padStart(8)}  ${describeTarget(result.target)}${verdict}`
    );
  };
  for (const result of results) {
    lines.push(row(result));
    if (result.target?.maxSeconds !== undefined && result.status === 'measured') {
      lines.push(
        `  ${result.requests ?? 0} done in ${result.seconds ?? '?'} s wall time, ${result.connections ?? '?'} at a time`,
      );
    }
    if (result.key === 'create' && floor) {
      lines.push(row({ ...floor, title: `  ${floor.title}` }));
      if (floor.rps && result.rps) {
        lines.push(`  HTTP / floor throughput: ${round(result.rps / floor.rps, 2)}`);
      }
    }
  }
  return lines;
}
