import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import { MONTH_PATTERN } from '#common/billing.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { IdParams, Nullable, Uuid, problemResponses } from '#server/http/schemas.ts';
import { contentDisposition } from '#server/modules/tickets/attachments.ts';
import { EstimateSuggestionView, ReportQuery, TodayView } from './schema.ts';
import { suggestEstimate } from './estimate-suggestion.ts';
import { todayDashboard } from './today.ts';
import { MAX_MONTHS, workDone } from './work.ts';
import { REPORTS } from './registry.ts';

// Hours are the client's business as the balance is: staff, the approver, and a client_user whose
// company shows him the balance (checked in workDone). Employees' internal requests are not billed.
const SEES_WORK = [...STAFF_ROLES, 'client_approver', 'client_user'] as const;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PERIOD_NOTE =
  'The period is [from, to) in local dates of `timeZone` (the caller’s by default). Filters narrow the requests counted; visibility is the requests list’s: an agent counts his lines’, groups’ and assigned requests, a client’s approver his company’s.';

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

function sendWorkbook(reply: FastifyReply, body: Buffer, fileName: string) {
  return reply
    .header('Content-Type', XLSX)
    .header('Content-Disposition', contentDisposition(fileName))
    .header('Cache-Control', 'private, no-store')
    .send(body);
}

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

    app.get(
      '/reports/today',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['reports'],
          summary:
            'The day on the desk: new today, unassigned, SLA warnings and breaches, overdue plans, running timers',
          description:
            'Counted over the requests the caller may see; «today» is the local day of `timeZone` (the caller’s by default).',
          querystring: Type.Object(
            { timeZone: Type.Optional(Type.String()) },
            { additionalProperties: false },
          ),
          response: { 200: TodayView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => todayDashboard(deps.db, actorOf(request), deps.clock.now(), request.query.timeZone),
    );

    app.get(
      '/tickets/:id/estimate-suggestion',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['tickets'],
          summary: 'An estimate suggested from the hours of similar completed requests, with those requests',
          description:
            'Similar: the same service or the words of the request (Russian full text), the same service and client ranked first; only requests the caller may see. The suggestion is the median of their recorded hours rounded up to the estimate scale, null without any.',
          params: IdParams,
          response: { 200: EstimateSuggestionView, ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => suggestEstimate(deps.db, actorOf(request), request.params.id),
    );

    // The period reports of issue 9: each as JSON and, with the same numbers, as a workbook.
    for (const report of REPORTS) {
      app.get(
        `/reports/${report.name}`,
        {
          config: { access: report.access },
          schema: {
            tags: ['reports'],
            summary: report.summary,
            description: PERIOD_NOTE,
            querystring: ReportQuery,
            response: { 200: report.view, ...problemResponses(400, 401, 403) },
          },
        },
        async (request) => report.run(deps, actorOf(request), request.query),
      );
      app.get(
        `/reports/${report.name}.xlsx`,
        {
          config: { access: report.access },
          schema: {
            tags: ['reports'],
            summary: `${report.summary} (XLSX)`,
            description: PERIOD_NOTE,
            querystring: ReportQuery,
            response: {
              200: {
                description: 'The report as a workbook, one sheet per table',
                content: { [XLSX]: { schema: Type.String({ format: 'binary' }) } },
              },
              ...problemResponses(400, 401, 403),
            },
          },
        },
        async (request, reply) => {
          const actor = actorOf(request);
          const body = await report.xlsx(deps, actor, request.query);
          const { from, to } = request.query;
          return sendWorkbook(reply, body, `${report.name}-${from}-${to}.xlsx`);
        },
      );
    }
  };
}
