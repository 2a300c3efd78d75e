import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { Page, problemResponses } from '#server/http/schemas.ts';
import { contentDisposition } from '#server/modules/tickets/attachments.ts';
import { listCounterparties, listSales } from './exchange.ts';
import { renderActPdf, renderStatementPdf } from './render-pdf.ts';
import { renderStatementXlsx } from './render-xlsx.ts';
import {
  CounterpartyQuery,
  CounterpartyView,
  DocumentQuery,
  OrganizationPatchBody,
  OrganizationView,
  SaleView,
  SalesQuery,
  StatementParams,
  StatementView,
} from './schema.ts';
import { getOrganization, getStatement, updateOrganization } from './service.ts';

// Statements are money: staff and the client's own approver. The 1C exchange acts for a manager
// (an API token he issued).
const SEES_MONEY = [...STAFF_ROLES, 'client_approver'] as const;
const MANAGERS = ['admin', 'dispatcher'] as const;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A document answer: its own media type for 200, problem+json for the errors. */
const documentResponses = (type: string) => ({
  200: {
    description: 'The document, as an attachment',
    content: { [type]: { schema: Type.String({ format: 'binary' }) } },
  },
  ...problemResponses(400, 401, 403, 404),
});

function sendDocument(reply: FastifyReply, body: Buffer, contentType: string, fileName: string) {
  return reply
    .header('Content-Type', contentType)
    .header('Content-Disposition', contentDisposition(fileName))
    .header('Cache-Control', 'private, no-store')
    .send(body);
}

export function statementRoutes(deps: AppDeps) {
  const statementDeps = { db: deps.db, clock: deps.clock };
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/clients/:id/statements/:month',
      {
        config: { access: SEES_MONEY },
        schema: {
          tags: ['statements'],
          summary:
            "A client's statement for a month: requests, their posted lines, hours from balance, paid and free, the balance movement",
          params: StatementParams,
          response: { 200: StatementView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        getStatement(statementDeps, actorOf(request), request.params.id, request.params.month),
    );

    const documents = [
      {
        path: 'statement.pdf',
        summary: 'The statement as PDF',
        type: 'application/pdf',
        name: 'statement',
        render: renderStatementPdf,
      },
      {
        path: 'statement.xlsx',
        summary: 'The statement as XLSX',
        type: XLSX,
        name: 'statement',
        render: renderStatementXlsx,
      },
      {
        path: 'act.pdf',
        summary: 'The act of completed work for the month as PDF',
        type: 'application/pdf',
        name: 'act',
        render: renderActPdf,
      },
    ] as const;
    for (const document of documents) {
      app.get(
        `/clients/:id/statements/:month/${document.path}`,
        {
          config: { access: SEES_MONEY },
          schema: {
            tags: ['statements'],
            summary: document.summary,
            params: StatementParams,
            querystring: DocumentQuery,
            response: documentResponses(document.type),
          },
        },
        async (request, reply) => {
          const actor = actorOf(request);
          const statement = await getStatement(statementDeps, actor, request.params.id, request.params.month);
          const body = await document.render(statement, request.query.locale ?? actor.locale);
          const extension = document.path.split('.').at(-1) ?? 'pdf';
          return sendDocument(
            reply,
            body,
            document.type,
            `${document.name}-${statement.month}-${statement.client.inn}.${extension}`,
          );
        },
      );
    }

    app.get(
      '/organization',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['statements'],
          summary: 'The provider as statements and acts name it',
          response: { 200: OrganizationView, ...problemResponses(401, 403) },
        },
      },
      async () => getOrganization(deps.db),
    );

    app.patch(
      '/organization',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['statements'],
          summary: 'Change the provider details printed on statements and acts',
          body: OrganizationPatchBody,
          response: { 200: OrganizationView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => updateOrganization(deps.db, deps.clock, request.body),
    );

    app.get(
      '/exchange/sales',
      {
        config: { access: MANAGERS },
        schema: {
          tags: ['1c-exchange'],
          summary:
            'Posted specification lines whose posting day (client time zone) falls in [from, to]: what 1C needs for its sales documents',
          querystring: SalesQuery,
          response: { 200: Page(SaleView), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => listSales(deps.db, request.query),
    );

    app.get(
      '/exchange/counterparties',
      {
        config: { access: MANAGERS },
        schema: {
          tags: ['1c-exchange'],
          summary: 'Clients as counterparties with their contracts, by INN or all (ordered by INN)',
          querystring: CounterpartyQuery,
          response: { 200: Page(CounterpartyView), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => listCounterparties(deps.db, request.query),
    );
  };
}
