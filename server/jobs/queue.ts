import { type Selectable, sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '#server/db/client.ts';
import type { JobsTable } from '#server/db/schema.ts';
import type { AppDeps } from '#server/deps.ts';

// The job queue over the `jobs` table (migration 0015): enqueue inside the caller's transaction, claim
// with SKIP LOCKED, retry with backoff, give up after max_attempts and keep the error for the admin.

export type Job = Selectable<JobsTable>;
export type JobHandler = (deps: AppDeps, job: Job) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

export type EnqueueInput = {
  kind: string;
  payload?: Record<string, unknown>;
  /** Same kind and key twice: the second is dropped, so repeated fan-outs never double a delivery. */
  dedupeKey?: string;
  runAt: Date;
  maxAttempts?: number;
};

/** Enqueues jobs in `db`, which may be the caller's transaction; returns how many were new. */
export async function enqueueJobs(db: Db, jobs: readonly EnqueueInput[]): Promise<number> {
  if (!jobs.length) {
    return 0;
  }
  const inserted = await db
    .insertInto('jobs')
    .values(
      jobs.map((job) => ({
        kind: job.kind,
        payload: JSON.stringify(job.payload ?? {}),
        dedupe_key: job.dedupeKey ?? null,
        run_at: job.runAt,
        max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      })),
    )
    .onConflict((oc) => oc.columns(['kind', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .returning('id')
    .execute();
  if (inserted.length) {
    await sql`SELECT pg_notify('zy_jobs', '')`.execute(db);
  }
  return inserted.length;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
/** How long a claimed job is its worker's; past that, another worker may take it (the first one died). */
export const JOB_LOCK_MS = 5 * 60_000;

/**
 * The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, 4 min … capped at 6 h. Eight attempts
 * span about two hours, enough for a mail server's restart or a receiver's deploy.
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60_000);
}

/** Claims up to `limit` due jobs of the given kinds for this worker. */
export async function claimJobs(db: Db, now: Date, kinds: readonly string[], limit: number): Promise<Job[]> {
  if (!kinds.length) {
    return [];
  }
  const lockedUntil = new Date(now.getTime() + JOB_LOCK_MS);
  const result = await sql<Job>`
    UPDATE jobs SET locked_until = ${lockedUntil}, attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM jobs
        WHERE state = 'pending' AND run_at <= ${now}
          AND (locked_until IS NULL OR locked_until <= ${now})
          AND kind = ANY(${[...kinds]}::text[])
        ORDER BY run_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  // UPDATE … RETURNING gives rows in no set order: jobs run in the order they were due (a bot's replies
  // in the order they were written).
  return result.rows.sort(
    (a, b) => new Date(a.run_at).getTime() - new Date(b.run_at).getTime() || Number(a.id) - Number(b.id),
  );
}

async function finishJob(db: Db, job: Job, now: Date, error: unknown) {
  if (error === undefined) {
    await db
      .updateTable('jobs')
      .set({ state: 'done', finished_at: now, locked_until: null, last_error: null })
      .where('id', '=', job.id)
      .execute();
    return;
  }
  const message = error instanceof Error ? error.message : JSON.stringify(error);
  const exhausted = job.attempts >= job.max_attempts;
  await db
    .updateTable('jobs')
    .set({
      state: exhausted ? 'failed' : 'pending',
      finished_at: exhausted ? now : null,
      run_at: exhausted ? job.run_at : new Date(now.getTime() + retryDelayMs(job.attempts)),
      locked_until: null,
      last_error: message.slice(0, 2000),
    })
    .where('id', '=', job.id)
    .execute();
}

/**
 * Runs the due jobs of the handled kinds until none is left (or `maxJobs` ran); returns how many ran.
 * Tests call this to drain the queue at a chosen moment of their clock; the worker calls it in a loop.
 */
export async function runDueJobs(
  deps: AppDeps,
  handlers: JobHandlers,
  options: { maxJobs?: number; batch?: number; log?: FastifyBaseLogger } = {},
): Promise<number> {
  const kinds = Object.keys(handlers);
  const maxJobs = options.maxJobs ?? 1000;
  let ran = 0;
  while (ran < maxJobs) {
    const jobs = await claimJobs(
      deps.db,
      deps.clock.now(),
      kinds,
      Math.min(options.batch ?? 10, maxJobs - ran),
    );
    if (!jobs.length) {
      break;
    }
    for (const job of jobs) {
      let failure: unknown = undefined;
      try {
        const handler = handlers[job.kind];
        if (!handler) {
          throw new Error(`no handler for job kind ${job.kind}`);
        }
        await handler(deps, job);
      } catch (error) {
        failure = error ?? new Error('job failed');
        options.log?.warn({ err: failure, job: job.id, kind: job.kind, attempt: job.attempts }, 'job failed');
      }
      await finishJob(deps.db, job, deps.clock.now(), failure);
      ran += 1;
    }
  }
  return ran;
}

/**
 * The worker: drains due jobs when woken by NOTIFY zy_jobs (a new job committed anywhere) and at least
 * every `pollMs` (retries whose time came, jobs enqueued while the listening connection was down).
 * Returns a stop function that waits for the current batch.
 */
export async function startJobWorker(
  deps: AppDeps,
  handlers: JobHandlers,
  log: FastifyBaseLogger,
  options: { pollMs?: number } = {},
): Promise<() => Promise<void>> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  const drain = () => {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = runDueJobs(deps, handlers, { log })
      .then(() => undefined)
      .catch((error: unknown) => log.error({ err: error }, 'job worker failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          drain();
        }
      });
  };
  const tick = () => {
    drain();
    timer = setTimeout(tick, options.pollMs ?? 5_000);
    timer.unref();
  };

  const unlisten = await deps.listen('zy_jobs', { onMessage: drain, onGap: drain });
  tick();
  return async () => {
    stopped = true;
    if (timer) {
      clearTimeout(timer);
    }
    await unlisten();
    await running;
  };
}
