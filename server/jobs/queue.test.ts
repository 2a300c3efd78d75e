import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '#server/clock.ts';
import { loadConfig } from '#server/config.ts';
import type { AppDeps } from '#server/deps.ts';
import { recordEvent } from '#server/modules/tickets/service.ts';
import { createTestDatabase } from '#server/test/db.ts';
import { claimJobs, enqueueJobs, retryDelayMs, runDueJobs } from './queue.ts';
import { type TicketEventConsumer, fanOutTicketEvent } from './ticket-events.ts';

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let deps: AppDeps;
const clock = createManualClock('2026-03-02T07:00:00Z');

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = { db: handle.db, engine: handle.engine, listen: handle.listen, clock, config: loadConfig({}) };
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  clock.set('2026-03-02T07:00:00Z');
  await deps.db.deleteFrom('jobs').execute();
});

async function newTicket(title = 'Принтер не печатает') {
  return await deps.db
    .insertInto('tickets')
    .values({ title, created_at: clock.now(), updated_at: clock.now() })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

const jobsOf = (kind: string) =>
  deps.db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('id').execute();

describe('the job queue', () => {
  it('runs a job once, marks it done, and drops a second enqueue with the same key', async () => {
    const seen: unknown[] = [];
    expect(
      await enqueueJobs(deps.db, [
        { kind: 'test.echo', payload: { n: 1 }, dedupeKey: 'a', runAt: clock.now() },
      ]),
    ).toBe(1);
    expect(
      await enqueueJobs(deps.db, [
        { kind: 'test.echo', payload: { n: 2 }, dedupeKey: 'a', runAt: clock.now() },
      ]),
    ).toBe(0);
    const ran = await runDueJobs(deps, {
      'test.echo': async (_deps, job) => {
        seen.push(job.payload);
      },
    });
    expect(ran).toBe(1);
    expect(seen).toEqual([{ n: 1 }]);
    const [job] = await jobsOf('test.echo');
    expect(job).toMatchObject({ state: 'done', attempts: 1, last_error: null });
    expect(await runDueJobs(deps, { 'test.echo': async () => undefined })).toBe(0);
  });

  it('waits for a job planned later, and leaves kinds it has no handler for to other workers', async () => {
    await enqueueJobs(deps.db, [
      { kind: 'test.later', runAt: new Date(clock.now().getTime() + 60_000) },
      { kind: 'test.other', runAt: clock.now() },
    ]);
    const handlers = { 'test.later': async () => undefined };
    expect(await runDueJobs(deps, handlers)).toBe(0);
    clock.advance(60_000);
    expect(await runDueJobs(deps, handlers)).toBe(1);
    expect((await jobsOf('test.other'))[0]).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('retries a failing job with growing waits and gives up after its last attempt, keeping the error', async () => {
    await enqueueJobs(deps.db, [{ kind: 'test.flaky', runAt: clock.now(), maxAttempts: 3 }]);
    const handlers = {
      'test.flaky': async () => {
        throw new Error('connection refused');
      },
    };
    expect(await runDueJobs(deps, handlers)).toBe(1);
    let [job] = await jobsOf('test.flaky');
    expect(job).toMatchObject({ state: 'pending', attempts: 1, last_error: 'connection refused' });
    expect(new Date(job!.run_at).getTime() - clock.now().getTime()).toBe(retryDelayMs(1));

    clock.advance(retryDelayMs(1) - 1000);
    expect(await runDueJobs(deps, handlers)).toBe(0);
    clock.advance(1000);
    expect(await runDueJobs(deps, handlers)).toBe(1);
    clock.advance(retryDelayMs(2));
    expect(await runDueJobs(deps, handlers)).toBe(1);
    [job] = await jobsOf('test.flaky');
    expect(job).toMatchObject({ state: 'failed', attempts: 3, last_error: 'connection refused' });
    clock.advance(24 * 3600_000);
    expect(await runDueJobs(deps, handlers)).toBe(0);
  });

  it('gives a claimed job to nobody else until its lock expires (its worker died)', async () => {
    await enqueueJobs(deps.db, [{ kind: 'test.slow', runAt: clock.now() }]);
    expect(await claimJobs(deps.db, clock.now(), ['test.slow'], 5)).toHaveLength(1);
    expect(await claimJobs(deps.db, clock.now(), ['test.slow'], 5)).toHaveLength(0);
    clock.advance(5 * 60_000);
    const again = await claimJobs(deps.db, clock.now(), ['test.slow'], 5);
    expect(again).toHaveLength(1);
    expect(again[0]!.attempts).toBe(2);
  });

  it('retry waits grow from 30 s and stop growing at 6 h', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(30)).toBe(6 * 3600_000);
  });
});

describe('events of requests reach the channels through the queue', () => {
  it('enqueues one fan-out per event in the writing transaction, at the event time, and none on rollback', async () => {
    const ticket = await newTicket();
    await recordEvent(deps.db, {
      ticketId: ticket.id,
      actorId: null,
      kind: 'created',
      data: {},
      at: clock.now(),
    });
    await recordEvent(deps.db, {
      ticketId: ticket.id,
      actorId: null,
      kind: 'timer_started',
      data: {},
      at: clock.now(),
    });
    await expect(
      deps.db.transaction().execute(async (tx) => {
        await recordEvent(tx, {
          ticketId: ticket.id,
          actorId: null,
          kind: 'commented',
          data: {},
          at: clock.now(),
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const fanOuts = await jobsOf('ticket-event');
    expect(fanOuts).toHaveLength(1);
    expect(new Date(fanOuts[0]!.run_at).toISOString()).toBe(clock.now().toISOString());
  });

  it('asks every consumer and enqueues their deliveries once, even when the fan-out runs twice', async () => {
    const ticket = await newTicket('Не проводится документ');
    await recordEvent(deps.db, {
      ticketId: ticket.id,
      actorId: null,
      kind: 'transitioned',
      data: { from: 'new', to: 'evaluated' },
      at: clock.now(),
    });
    const heard: string[] = [];
    const consumer: TicketEventConsumer = {
      name: 'test',
      plan: async (_deps, event) => {
        heard.push(`${event.kind} #${event.ticket.number} ${String(event.data.to)} ${event.ticket.title}`);
        return [{ kind: 'test.deliver', dedupeKey: `deliver:${event.id}`, runAt: event.createdAt }];
      },
    };
    const [fanOut] = await jobsOf('ticket-event');
    await fanOutTicketEvent(deps, fanOut!, [consumer]);
    await fanOutTicketEvent(deps, fanOut!, [consumer]);
    expect(heard).toEqual([
      `transitioned #${ticket.number} evaluated Не проводится документ`,
      `transitioned #${ticket.number} evaluated Не проводится документ`,
    ]);
    expect(await jobsOf('test.deliver')).toHaveLength(1);
  });
});
