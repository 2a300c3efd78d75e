import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OffsetClock } from '#server/clock.ts';
import type { AppDeps } from '#server/deps.ts';
import { RECURRING_JOBS } from '#server/jobs/scheduler.ts';
import { NotFoundError } from './problem.ts';

/**
 * Routes that exist only when the server runs with TEST_CLOCK=1, for browser tests of time: move the
 * clock, run a recurring job now. Public on purpose (the test drives them from outside), and absent
 * from every normal start.
 */
export function testClockRoutes(deps: AppDeps, clock: OffsetClock) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/test/clock',
      {
        config: { access: 'public' },
        schema: {
          hide: true,
          body: Type.Object({ offsetMs: Type.Integer() }, { additionalProperties: false }),
        },
      },
      async (request) => {
        clock.setOffset(request.body.offsetMs);
        return { now: clock.now().toISOString(), offsetMs: clock.offset() };
      },
    );
    app.post(
      '/api/test/jobs/:name',
      {
        config: { access: 'public' },
        schema: { hide: true, params: Type.Object({ name: Type.String() }) },
      },
      async (request) => {
        const job = RECURRING_JOBS.find((candidate) => candidate.name === request.params.name);
        if (!job) {
          throw new NotFoundError(`Job ${request.params.name}`);
        }
        return { result: await job.run(deps) };
      },
    );
  };
}
