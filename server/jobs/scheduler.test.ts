import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '#server/deps.ts';
import { startScheduler } from './scheduler.ts';

const log = { debug: vi.fn(), error: vi.fn() } as unknown as FastifyBaseLogger;
const deps = {} as AppDeps;

afterEach(() => {
  vi.useRealTimers();
});

describe('startScheduler', () => {
  it('runs a job soon after start and then every interval, and keeps going after a failure', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const stop = startScheduler(deps, log, [
      {
        name: 'flaky',
        everyMs: 60_000,
        run: async () => {
          runs += 1;
          if (runs === 1) {
            throw new Error('first run fails');
          }
        },
      },
    ]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(2);
    stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(runs).toBe(2);
  });
});
