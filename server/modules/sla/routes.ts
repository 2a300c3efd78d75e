import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF_ROLES } from '#common/roles.ts';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { decodeCursor, encodeCursor } from '#server/http/pagination.ts';
import { IdParams, Page, problemResponses } from '#server/http/schemas.ts';
import {
  createCalendar,
  createPolicy,
  getCalendar,
  getPolicy,
  listCalendars,
  listNotifications,
  listPolicies,
  markAllNotificationsRead,
  markNotificationRead,
  updateCalendar,
  updatePolicy,
} from './admin.ts';
import {
  CalendarCreateBody,
  CalendarPatchBody,
  CalendarView,
  NotificationIdParams,
  NotificationListQuery,
  NotificationView,
  PolicyCreateBody,
  PolicyPatchBody,
  PolicyView,
} from './schema.ts';

const ADMIN = ['admin'] as const;

export function slaRoutes(deps: AppDeps) {
  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/calendars',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['sla'],
          summary: 'Business calendars: working hours, time zone, exceptions',
          response: { 200: Type.Object({ items: Type.Array(CalendarView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listCalendars(deps.db) }),
    );
    app.post(
      '/calendars',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['sla'],
          summary: 'Add a business calendar',
          body: CalendarCreateBody,
          response: { 201: CalendarView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => reply.code(201).send(await createCalendar(deps.db, deps.clock, request.body)),
    );
    app.get(
      '/calendars/:id',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['sla'],
          summary: 'One business calendar',
          params: IdParams,
          response: { 200: CalendarView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getCalendar(deps.db, request.params.id),
    );
    app.patch(
      '/calendars/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['sla'],
          summary: 'Change a calendar; the due times of open requests are recomputed within a minute',
          params: IdParams,
          body: CalendarPatchBody,
          response: { 200: CalendarView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateCalendar(deps.db, deps.clock, request.params.id, request.body),
    );

    app.get(
      '/sla-policies',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['sla'],
          summary: 'SLA policies: reaction and resolution targets per priority, in working minutes',
          response: { 200: Type.Object({ items: Type.Array(PolicyView) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: await listPolicies(deps.db) }),
    );
    app.post(
      '/sla-policies',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['sla'],
          summary: 'Add an SLA policy',
          body: PolicyCreateBody,
          response: { 201: PolicyView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => reply.code(201).send(await createPolicy(deps.db, deps.clock, request.body)),
    );
    app.get(
      '/sla-policies/:id',
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ['sla'],
          summary: 'One SLA policy',
          params: IdParams,
          response: { 200: PolicyView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getPolicy(deps.db, request.params.id),
    );
    app.patch(
      '/sla-policies/:id',
      {
        config: { access: ADMIN },
        schema: {
          tags: ['sla'],
          summary: 'Change an SLA policy; the due times of open requests are recomputed within a minute',
          params: IdParams,
          body: PolicyPatchBody,
          response: { 200: PolicyView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updatePolicy(deps.db, deps.clock, request.params.id, request.body),
    );

    app.get(
      '/notifications',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['notifications'],
          summary: 'The caller’s notifications, newest first',
          querystring: NotificationListQuery,
          response: { 200: Page(NotificationView), ...problemResponses(400, 401) },
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 50;
        const rows = await listNotifications(deps.db, actorOf(request).id, request.query, (cursor) => {
          const key = decodeCursor(cursor, 1);
          return key ? Number(key[0]) : null;
        });
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
      },
    );
    app.post(
      '/notifications/read-all',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark all the caller’s unread notifications read',
          response: { 200: Type.Object({ marked: Type.Integer() }), ...problemResponses(401) },
        },
      },
      async (request) => ({
        marked: await markAllNotificationsRead(deps.db, deps.clock, actorOf(request).id),
      }),
    );
    app.post(
      '/notifications/:id/read',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark a notification read',
          params: NotificationIdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        await markNotificationRead(deps.db, deps.clock, actorOf(request).id, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
