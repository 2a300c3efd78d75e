import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { createOnce, idempotencyKeyOf } from '#server/http/idempotency.ts';
import { IdParams, Page, problemResponses } from '#server/http/schemas.ts';
import {
  CommentCreateBody,
  CommentView,
  EventView,
  TicketCreateBody,
  TicketListItem,
  TicketListQuery,
  TicketView,
  TimerView,
  TransitionBody,
  WorklogCreateBody,
  WorklogPatchBody,
  WorklogView,
} from './schema.ts';
import {
  addComment,
  createTicket,
  getTicket,
  listComments,
  listEvents,
  listTickets,
  transitionTicket,
} from './service.ts';
import { recordFirstOpen } from '#server/modules/live/unread.ts';
import { addWorklog, findRunningTimer, listWorklogs, startTimer, stopTimer, updateWorklog } from './work.ts';

// Hours are money: besides staff, only the client's approver sees recorded work (DESIGN.md, capability 4).
const SEES_WORK = [...STAFF_ROLES, 'client_approver'] as const;

export function ticketRoutes(deps: AppDeps) {
  const ticketDeps = { db: deps.db, clock: deps.clock };

  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/tickets',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: 'Register a request (a client files for his company; staff on a client’s behalf)',
          body: TicketCreateBody,
          response: { 201: TicketView, ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        // Without an Idempotency-Key the create is one statement, atomic by itself: no transaction.
        const created = idempotencyKeyOf(request.headers)
          ? await createOnce(deps.db, request, (tx, actor) =>
              createTicket(tx, deps.clock, actor, request.body),
            )
          : await createTicket(deps.db, deps.clock, actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/tickets',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: 'The requests the caller may see, filtered; newest first by default',
          querystring: TicketListQuery,
          response: { 200: Page(TicketListItem), ...problemResponses(400, 401) },
        },
      },
      async (request) => listTickets(deps.db, actorOf(request), request.query),
    );

    app.get(
      '/tickets/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary:
            'One request, with the transitions the caller may take now (staff opening it marks it read)',
          params: IdParams,
          response: { 200: TicketView, ...problemResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return recordFirstOpen(
          deps.db,
          deps.clock,
          actor,
          await getTicket(deps.db, actor, request.params.id),
        );
      },
    );

    app.post(
      '/tickets/:id/transitions',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: 'Move a request through its lifecycle; 409 lists the allowed transitions',
          params: IdParams,
          body: TransitionBody,
          response: { 200: TicketView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => transitionTicket(ticketDeps, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/tickets/:id/events',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: 'The request’s history, oldest first',
          params: IdParams,
          response: {
            200: Type.Object({ items: Type.Array(EventView) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => ({ items: await listEvents(deps.db, actorOf(request), request.params.id) }),
    );

    app.get(
      '/tickets/:id/comments',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: 'The conversation the caller may see (clients never see internal notes)',
          params: IdParams,
          response: {
            200: Type.Object({ items: Type.Array(CommentView) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => ({ items: await listComments(deps.db, actorOf(request), request.params.id) }),
    );

    app.post(
      '/tickets/:id/comments',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: 'A public reply, or an internal note (staff only)',
          params: IdParams,
          body: CommentCreateBody,
          response: { 201: CommentView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        return reply
          .code(201)
          .send(
            await createOnce(deps.db, request, (tx, actor) =>
              addComment({ db: tx, clock: deps.clock }, actor, request.params.id, request.body),
            ),
          );
      },
    );

    app.post(
      '/tickets/:id/timer/start',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['work'],
          summary: 'Start the caller’s timer here (a timer running elsewhere stops and is recorded)',
          params: IdParams,
          response: {
            200: Type.Object({
              ticket: TicketView,
              timer: Type.Object({ ticketId: Type.String(), startedAt: Type.String() }),
              stopped: Type.Union([
                Type.Object({ ticketId: Type.String(), worklogId: Type.String(), minutes: Type.Integer() }),
                Type.Null(),
              ]),
            }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => startTimer(ticketDeps, actorOf(request), request.params.id),
    );

    app.post(
      '/tickets/:id/timer/stop',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['work'],
          summary: 'Stop the caller’s timer here and record the worklog',
          params: IdParams,
          response: { 200: WorklogView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => stopTimer(ticketDeps, actorOf(request), request.params.id),
    );

    app.get(
      '/timer',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['work'],
          summary: 'The caller’s running timer, or null',
          response: {
            200: Type.Object({ timer: Type.Union([TimerView, Type.Null()]) }),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => ({ timer: await findRunningTimer(deps.db, actorOf(request)) }),
    );

    app.get(
      '/tickets/:id/worklogs',
      {
        config: { access: SEES_WORK },
        schema: {
          tags: ['work'],
          summary: 'Recorded work on a request',
          params: IdParams,
          response: {
            200: Type.Object({ items: Type.Array(WorklogView) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => ({ items: await listWorklogs(deps.db, actorOf(request), request.params.id) }),
    );

    app.post(
      '/tickets/:id/worklogs',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['work'],
          summary: 'Record work by hand',
          params: IdParams,
          body: WorklogCreateBody,
          response: { 201: WorklogView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        return reply
          .code(201)
          .send(
            await createOnce(deps.db, request, (tx, actor) =>
              addWorklog({ db: tx, clock: deps.clock }, actor, request.params.id, request.body),
            ),
          );
      },
    );

    app.patch(
      '/worklogs/:id',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['work'],
          summary: 'Correct a worklog (the history keeps before and after)',
          params: IdParams,
          body: WorklogPatchBody,
          response: { 200: WorklogView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => updateWorklog(ticketDeps, actorOf(request), request.params.id, request.body),
    );
  };
}
