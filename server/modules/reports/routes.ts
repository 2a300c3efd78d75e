import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import { MONTH_PATTERN } from '#common/billing.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { Nullable, Uuid, problemResponses } from '#server/http/schemas.ts';
import { MAX_MONTHS, workDone } from './work.ts';

// Hours are the client's business as the balance is: staff, the approver, and a client_user whose
// company shows him the balance (checked in workDone). Employees' internal requests are not billed.
const SEES_WORK = [...STAFF_ROLES, 'client_approver', 'client_user'] as const;

const Month = Type.String({ pattern: MONTH_PATTERN, description: 'A month: YYYY-MM' });
const SplitFields = {
  hours: Type.Number(),
  balanceHours: Type.Number({ description: 'Taken from the contract balance' }),
  paidHours: Type.Number({ description: 'Billed at the rate' }),
  freeHours: Type.Number({ description: 'Not billed but counted' }),
  requests: Type.Integer({ description: 'Requests whose lines these hours are' }),
};
const WorkReportView = Type.Object({
  from: Month,
  to: Month,
  clientId: Nullable(Uuid),
  totals: Type.Object(SplitFields),
  months: Type.Array(Type.Object({ month: Month, ...SplitFields })),
  services: Type.Array(
    Type.Object({ serviceId: Nullable(Uuid), name: Nullable(Type.String()), ...SplitFields }),
  ),
  requesters: Type.Array(
    Type.Object({ requesterId: Nullable(Uuid), name: Nullable(Type.String()), ...SplitFields }),
  ),
});
const WorkQuery = Type.Object(
  {
    from: Month,
    to: Month,
    clientId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export function reportRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/reports/work',
      {
        config: { access: SEES_WORK },
        schema: {
          tags: ['reports'],
          summary: `Work done: posted hours from balance, paid and free, by month, service and requester (at most ${MAX_MONTHS} months)`,
          description:
            'Months are calendar months in each client’s time zone. A client’s people see their own company only; a client_user only when his company shows him the balance.',
          querystring: WorkQuery,
          response: { 200: WorkReportView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => workDone(deps.db, actorOf(request), request.query),
    );
  };
}
