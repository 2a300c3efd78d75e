// npm run bench -- [--database-url postgres://… | --data-dir DIR] [--duration 10] [--warmup 2]
//   [--connections 8] [--json out.json] [--only create,queue,…] [--keep] [--server-flags=--max-semi-space-size=8]
//   [--statement-concurrency 4]
// Measures the real server (node server/main.ts in a child process) on a desk made by `npm run bench:data`,
// started with the Node flags of `npm start` unless --server-flags says otherwise (`--server-flags=` for none).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ACCOUNTS, BENCH_PASSWORD } from './desk.ts';
import { type Target, describeTarget, openBenchDatabase, targetFrom } from './db.ts';
import {
  type Fixtures,
  type ScenarioResult,
  type Tokens,
  cleanUp,
  formatResults,
  loadFixtures,
  measureFloor,
  rssSampler,
  runScenarios,
} from './scenarios.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/** Logs in as the user and trades the session for an API token, so the load needs no CSRF token. */
export async function apiToken(baseUrl: string, email: string, password = BENCH_PASSWORD): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) {
    throw new Error(`login of ${email} failed: ${login.status} ${await login.text()}`);
  }
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
  const created = await fetch(`${baseUrl}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: `bench ${new Date().toISOString()}` }),
  });
  if (created.status !== 201) {
    throw new Error(`token for ${email} failed: ${created.status} ${await created.text()}`);
  }
  return ((await created.json()) as { token: string }).token;
}

export const tokensFor = async (baseUrl: string): Promise<Tokens> => ({
  agent: await apiToken(baseUrl, BENCH_ACCOUNTS.agent1),
  dispatcher: await apiToken(baseUrl, BENCH_ACCOUNTS.dispatcher),
});

/** The Node flags the `start` script gives the server (`node --flag … server/main.ts`). */
export function startScriptFlags(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const match = /\bnode((?:\s+--\S+)*)\s+server\/main\.ts/.exec(manifest.scripts?.start ?? '');
  return (match?.[1] ?? '').split(/\s+/).filter(Boolean);
}

/** Starts `node server/main.ts` on a free port and waits until /api/health answers. */
async function startServer(
  target: Target,
  flags: readonly string[],
): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  if ('databaseUrl' in target) {
    env.DATABASE_URL = target.databaseUrl;
  } else {
    env.DATA_DIR = path.resolve(target.dataDir);
  }
  const child = spawn(process.execPath, [...flags, 'server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) {
        return { child, baseUrl };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not answer /api/health within 180 s');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const gitCommit = (): string | null => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '8' },
      json: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'server-flags': { type: 'string' },
      'statement-concurrency': { type: 'string', default: '4' },
    },
  });
  const seconds = Number(values.duration);
  const warmupSeconds = Number(values.warmup);
  const connections = Number(values.connections);
  const statementConcurrency = Number(values['statement-concurrency']);
  if (
    !(seconds > 0) ||
    !(warmupSeconds >= 0) ||
    !Number.isInteger(connections) ||
    connections < 1 ||
    !Number.isInteger(statementConcurrency) ||
    statementConcurrency < 1
  ) {
    throw new Error(
      'usage: npm run bench -- [--database-url URL | --data-dir DIR] [--duration 10] [--json out.json]',
    );
  }
  const only = values.only ? values.only.split(',').map((key) => key.trim()) : [];
  // Node flags for the server only, e.g. --server-flags=--max-semi-space-size=8; by default those of `npm start`.
  const serverFlags =
    values['server-flags'] === undefined
      ? startScriptFlags()
      : values['server-flags'].split(/\s+/).filter(Boolean);
  const target = targetFrom(values);
  const log = (line: string) => console.log(line);
  log(`benchmarking ${describeTarget(target)}; server: node ${[...serverFlags, 'server/main.ts'].join(' ')}`);

  // Read what the scenarios need and measure the floor before the server opens the database: PGlite
  // admits one process at a time.
  const bench = await openBenchDatabase(target);
  let fixtures: Fixtures;
  let floor: ScenarioResult | null = null;
  try {
    fixtures = await loadFixtures(bench.db);
    log(`${fixtures.requests.toLocaleString('en')} requests; ${fixtures.databaseVersion}`);
    if (!only.length || only.includes('create')) {
      log(`create floor: ${seconds} s, 8 concurrent transactions in-process`);
      floor = await measureFloor(bench.db, fixtures, { seconds, concurrency: 8 });
      await cleanUp(bench.db, fixtures);
    }
  } finally {
    await bench.close();
  }

  const loadBefore = os.loadavg();
  const { child, baseUrl } = await startServer(target, serverFlags);
  let results: ScenarioResult[];
  let lifetimePeakRssMb: number | null;
  try {
    const tokens = await tokensFor(baseUrl);
    results = await runScenarios({
      baseUrl,
      tokens,
      fixtures,
      seconds,
      warmupSeconds,
      connections,
      serverPid: child.pid ?? 0,
      only,
      statementConcurrency,
      log,
    });
    lifetimePeakRssMb = rssSampler(child.pid ?? 0).lifetimePeakMb();
  } finally {
    await stopServer(child);
  }
  const loadAfter = os.loadavg();
  if (!values.keep) {
    const after = await openBenchDatabase(target);
    try {
      const removed = await cleanUp(after.db, fixtures);
      log(`removed the ${removed.toLocaleString('en')} requests this run added (--keep keeps them)`);
    } finally {
      await after.close();
    }
  }

  log('');
  for (const line of formatResults(results, floor)) {
    log(line);
  }
  log(
    `\nserver peak RSS (VmHWM): ${lifetimePeakRssMb ?? '?'} MB (target ≤400 MB)` +
      `${lifetimePeakRssMb !== null ? (lifetimePeakRssMb <= 400 ? ' ✓' : ' ✗ missed') : ''}`,
  );
  log(
    `load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadAfter.map((n) => n.toFixed(2)).join(' ')}`,
  );

  if (values.json) {
    const report = {
      date: new Date().toISOString(),
      commit: gitCommit(),
      engine: bench.engine,
      database: fixtures.databaseVersion,
      requests: fixtures.requests,
      machine: {
        cpus: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model ?? null,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        loadBefore,
        loadAfter,
      },
      options: { seconds, warmupSeconds, connections, statementConcurrency, only, serverFlags },
      serverPeakRssMb: lifetimePeakRssMb,
      floor,
      scenarios: results,
    };
    const file = path.resolve(values.json);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`results written to ${file}`);
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
