import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { createOnce } from '#server/http/idempotency.ts';
import { IdParams, Page, problemResponses } from '#server/http/schemas.ts';
import {
  BalanceView,
  ContractCreateBody,
  ContractPatchBody,
  ContractView,
  LedgerEntryView,
  LedgerListQuery,
  LedgerPostBody,
} from './schema.ts';
import {
  createContract,
  getBalance,
  getContract,
  listContracts,
  listLedger,
  postEntry,
  updateContract,
} from './service.ts';

// Money is for staff and the client's approver (DESIGN.md, capability 4); terms change only by managers.
const SEES_MONEY = [...STAFF_ROLES, 'client_approver'] as const;
const MANAGERS = ['admin', 'dispatcher'] as const;
// The balance and its ledger: also a client_user, when his client allows it (visibleContracts decides).
const SEES_BALANCE = [...SEES_MONEY, 'client_user'] as const;

export function contractRoutes(deps: AppDeps) {
  const contractDeps = { db: deps.db, clock: deps.clock };

  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/clients/:id/contracts',
      {
        config: { access: SEES_BALANCE },
        schema: {
          tags: ['contracts'],
          summary: "A client's contracts with their balances",
          params: IdParams,
          response: {
            200: Type.Object({ items: Type.Array(ContractView) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => ({ items: await listContracts(deps.db, actorOf(request), request.params.id) }),
    );

    app.post(
      '/clients/:id/contracts',
      {
        config: { access: MANAGERS },
        schema: {
          tags: ['contracts'],
          summary: 'Open a contract for a client',
          params: IdParams,
          body: ContractCreateBody,
          response: { 201: ContractView, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        return reply
          .code(201)
          .send(
            await createOnce(deps.db, request, (tx, actor) =>
              createContract(tx, actor, request.params.id, request.body),
            ),
          );
      },
    );

    app.get(
      '/contracts/:id',
      {
        config: { access: SEES_BALANCE },
        schema: {
          tags: ['contracts'],
          summary: 'One contract with its balance',
          params: IdParams,
          response: { 200: ContractView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getContract(deps.db, actorOf(request), request.params.id),
    );

    app.patch(
      '/contracts/:id',
      {
        config: { access: MANAGERS },
        schema: {
          tags: ['contracts'],
          summary: "Change a contract's terms",
          params: IdParams,
          body: ContractPatchBody,
          response: { 200: ContractView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateContract(deps.db, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/contracts/:id/balance',
      {
        config: { access: SEES_BALANCE },
        schema: {
          tags: ['contracts'],
          summary: 'The hour balance: the sum of the ledger, with its parts',
          params: IdParams,
          response: { 200: BalanceView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getBalance(deps.db, actorOf(request), request.params.id),
    );

    app.get(
      '/contracts/:id/ledger',
      {
        config: { access: SEES_BALANCE },
        schema: {
          tags: ['contracts'],
          summary: 'Ledger entries, newest first',
          params: IdParams,
          querystring: LedgerListQuery,
          response: { 200: Page(LedgerEntryView), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => listLedger(deps.db, actorOf(request), request.params.id, request.query),
    );

    app.post(
      '/contracts/:id/ledger',
      {
        config: { access: MANAGERS },
        schema: {
          tags: ['contracts'],
          summary:
            'Post a grant or an adjustment (e.g. hours paid in 1C); idempotent by externalId: 201 when posted, 200 when it already was',
          params: IdParams,
          body: LedgerPostBody,
          response: {
            200: LedgerEntryView,
            201: LedgerEntryView,
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const { entry, created } = await postEntry(contractDeps, actorOf(request), request.params.id, {
          kind: request.body.kind,
          hours: request.body.hours,
          externalId: request.body.externalId,
          ...(request.body.note !== undefined ? { note: request.body.note } : {}),
        });
        return reply.code(created ? 201 : 200).send(entry);
      },
    );
  };
}
