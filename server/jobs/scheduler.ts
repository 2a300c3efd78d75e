import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '#server/deps.ts';
import { watchSla } from '#server/modules/sla/watch.ts';
import { markStaleTickets } from '#server/modules/tickets/stale.ts';
import { pollAllMailboxes } from '#server/modules/mail/imap.ts';

/** A recurring job: idempotent, so any number of app instances may run it side by side. */
export type RecurringJob = { name: string; everyMs: number; run: (deps: AppDeps) => Promise<unknown> };

export const RECURRING_JOBS: RecurringJob[] = [
  {
    // Support mailboxes: a letter becomes a request within a minute.
    name: 'mail.poll',
    everyMs: 60_000,
    run: (deps) => pollAllMailboxes(deps),
  },
  {
    name: 'tickets.mark-stale',
    everyMs: 15 * 60_000,
    run: (deps) => markStaleTickets(deps, deps.config.staleAfterDays),
  },
  {
    // Warnings and breaches are noticed within a minute of their due instant.
    name: 'sla.watch',
    everyMs: 60_000,
    run: (deps) => watchSla(deps),
  },
];

/** Runs each job now and then every `everyMs`; returns a stop function. Timers never hold the process. */
export function startScheduler(deps: AppDeps, log: FastifyBaseLogger, jobs: RecurringJob[] = RECURRING_JOBS) {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  const schedule = (job: RecurringJob, delay: number) => {
    const timer = setTimeout(() => {
      job
        .run(deps)
        .then((result) => log.debug({ job: job.name, result }, 'job done'))
        .catch((error: unknown) => log.error({ err: error, job: job.name }, 'job failed'))
        .finally(() => {
          if (!stopped) {
            schedule(job, job.everyMs);
          }
        });
    }, delay);
    timer.unref();
    timers.set(job.name, timer);
  };
  for (const job of jobs) {
    schedule(job, 5_000);
  }
  return () => {
    stopped = true;
    for (const timer of timers.values()) {
      clearTimeout(timer);
    }
  };
}
