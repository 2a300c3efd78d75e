// npm run bench:data -- --requests 1000000 [--database-url postgres://…] [--data-dir DIR] [--seed 1]
//   [--now 2026-01-01T00:00:00Z] [--years 5] [--force]
// Generates the benchmark desk into an empty database (PostgreSQL by URL, else PGlite in DIR).
import { parseArgs } from 'node:util';
import { type DeskReport, generateDesk } from './desk.ts';
import { describeTarget, openBenchDatabase, targetFrom } from './db.ts';

const USAGE =
  'usage: npm run bench:data -- --requests N [--database-url URL | --data-dir DIR] [--seed 1] [--now ISO] [--years 5] [--force]';

export function printReport(report: DeskReport, print: (line: string) => void = console.log): void {
  print('');
  print(`${'table'.padEnd(18)}${'rows'.padStart(12)}${'rows/s'.padStart(12)}${'seconds'.padStart(10)}`);
  for (const row of report.tables) {
    print(
      `${row.table.padEnd(18)}${row.rows.toLocaleString('en').padStart(12)}` +
        `${Math.round(row.rowsPerSecond).toLocaleString('en').padStart(12)}${row.seconds.toFixed(1).padStart(10)}`,
    );
  }
  const total = report.tables.reduce((sum, row) => sum + row.rows, 0);
  print(
    `\n${total.toLocaleString('en')} rows: loaded in ${report.loadSeconds.toFixed(1)} s ` +
      `(${Math.round(total / report.loadSeconds).toLocaleString('en')} rows/s), indexes and statistics ` +
      `${report.indexSeconds.toFixed(1)} s, ${report.totalSeconds.toFixed(1)} s in all`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string', default: '1' },
      now: { type: 'string' },
      years: { type: 'string', default: '5' },
      force: { type: 'boolean', default: false },
    },
  });
  const requests = Number(values.requests);
  const seed = Number(values.seed);
  const years = Number(values.years);
  const now = values.now ? new Date(values.now) : undefined;
  if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(seed) || !(years > 0)) {
    throw new Error(USAGE);
  }
  if (now && Number.isNaN(now.getTime())) {
    throw new Error(`--now is not a date: ${values.now}`);
  }
  const target = targetFrom(values);
  console.log(`generating into ${describeTarget(target)}`);
  const handle = await openBenchDatabase(target);
  try {
    const report = await generateDesk({
      requests,
      seed,
      db: handle.db,
      loader: handle.loader,
      years,
      force: values.force,
      log: (line) => console.log(line),
      ...(now ? { now } : {}),
    });
    printReport(report);
  } finally {
    await handle.close();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
