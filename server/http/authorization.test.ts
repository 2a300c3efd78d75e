import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#common/roles.ts';
import { type Session, type TestApp, callAs, createTestApp, logInAs } from '#server/test/app.ts';
import { TEST_PASSWORD, buildClient, buildInn, buildLine, buildUser } from '#server/test/factories.ts';
import { openStreamAs } from '#server/test/stream.ts';

// The route × role matrix: every route of the API with the answer each role must get, all executed.
// A route added without a row here fails the "covers every route" test below.

type Caller = Role | 'anonymous';
type Fixtures = { clientId: string; lineId: string; sessionOf: (caller: Caller) => Session | null };
type Call = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  /** Some calls consume what they touch (logout, deactivation): they get a fresh session or record. */
  freshSession?: boolean;
  /** An endless event stream: only its status and headers are read. */
  stream?: boolean;
};
type Row = {
  route: `${Call['method']} ${string}`;
  allowed: 'public' | 'authenticated' | readonly Role[];
  ok: number;
  /** Record-level answers that differ from `ok` for an allowed role (e.g. 404 for a record not his). */
  except?: Partial<Record<Role, number>>;
  call: (f: Fixtures, caller: Caller) => Promise<Call> | Call;
};

let t: TestApp;
let fixtures: Fixtures;
const sessions = new Map<Caller, Session>();

const STAFF = ['admin', 'dispatcher', 'agent'] as const;

const matrix: Row[] = [
  {
    route: 'GET /api/health',
    allowed: 'public',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/health' }),
  },
  {
    route: 'POST /api/v1/auth/login',
    allowed: 'public',
    ok: 200,
    call: async (f) => {
      const user = await buildUser(t.db, { role: 'agent', lineIds: [f.lineId] });
      return {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: TEST_PASSWORD },
      };
    },
  },
  {
    route: 'POST /api/v1/auth/logout',
    allowed: 'authenticated',
    ok: 204,
    call: () => ({ method: 'POST', url: '/api/v1/auth/logout', freshSession: true }),
  },
  {
    route: 'GET /api/v1/me',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/me' }),
  },
  {
    route: 'PATCH /api/v1/me',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'ru' } }),
  },
  {
    route: 'GET /api/v1/tokens',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/tokens' }),
  },
  {
    route: 'POST /api/v1/tokens',
    allowed: 'authenticated',
    ok: 201,
    call: () => ({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'matrix' } }),
  },
  {
    route: 'DELETE /api/v1/tokens/:id',
    allowed: 'authenticated',
    ok: 204,
    call: async (f, caller) => {
      const session = f.sessionOf(caller);
      const userId = session?.userId ?? (await buildUser(t.db)).id;
      const token = await t.db
        .insertInto('api_tokens')
        .values({ user_id: userId, name: 'matrix', token_hash: randomUUID() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'DELETE', url: `/api/v1/tokens/${token.id}` };
    },
  },
  {
    route: 'GET /api/v1/users',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/users' }),
  },
  {
    route: 'POST /api/v1/users',
    allowed: ['admin'],
    ok: 201,
    call: (f) => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        email: `new-${randomUUID().slice(0, 8)}@test.example`,
        name: 'Новый агент',
        role: 'agent',
        password: 'long enough',
        lineIds: [f.lineId],
      },
    }),
  },
  {
    route: 'GET /api/v1/users/:id',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({ method: 'GET', url: `/api/v1/users/${(await buildUser(t.db)).id}` }),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({
      method: 'PATCH',
      url: `/api/v1/users/${(await buildUser(t.db)).id}`,
      payload: { name: 'Переименован' },
    }),
  },
  {
    route: 'DELETE /api/v1/users/:id',
    allowed: ['admin'],
    ok: 204,
    call: async () => ({ method: 'DELETE', url: `/api/v1/users/${(await buildUser(t.db)).id}` }),
  },
  {
    route: 'GET /api/v1/clients',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/clients' }),
  },
  {
    route: 'POST /api/v1/clients',
    allowed: ['admin', 'dispatcher'],
    ok: 201,
    call: () => ({
      method: 'POST',
      url: '/api/v1/clients',
      payload: { name: 'ООО «Матрица»', inn: buildInn() },
    }),
  },
  {
    route: 'GET /api/v1/clients/:id',
    allowed: 'authenticated',
    ok: 200,
    except: { employee: 404 },
    call: (f) => ({ method: 'GET', url: `/api/v1/clients/${f.clientId}` }),
  },
  {
    route: 'PATCH /api/v1/clients/:id',
    allowed: ['admin', 'dispatcher'],
    ok: 200,
    call: (f) => ({ method: 'PATCH', url: `/api/v1/clients/${f.clientId}`, payload: { notes: 'Обновлено' } }),
  },
  {
    route: 'GET /api/v1/staff',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/staff' }),
  },
  {
    route: 'GET /api/v1/lines',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/lines' }),
  },
];

// Lines and groups the admin edits: each call gets a record of its own, so a delete leaves the next caller one.
let lineLevel = 500;
const groupFor = async (f: Fixtures) =>
  (
    await t.db
      .insertInto('support_groups')
      .values({ line_id: f.lineId, code: `G${randomUUID().slice(0, 8)}`, name: 'Группа матрицы' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
matrix.push(
  {
    route: 'POST /api/v1/lines',
    allowed: ['admin'],
    ok: 201,
    call: () => ({
      method: 'POST',
      url: '/api/v1/lines',
      payload: { code: `L${randomUUID().slice(0, 8)}`, name: 'Линия матрицы', level: (lineLevel += 1) },
    }),
  },
  {
    route: 'PATCH /api/v1/lines/:id',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({
      method: 'PATCH',
      url: `/api/v1/lines/${(await buildLine(t.db)).id}`,
      payload: { name: 'Переименована' },
    }),
  },
  {
    route: 'DELETE /api/v1/lines/:id',
    allowed: ['admin'],
    ok: 204,
    call: async () => ({ method: 'DELETE', url: `/api/v1/lines/${(await buildLine(t.db)).id}` }),
  },
  {
    route: 'POST /api/v1/lines/:id/groups',
    allowed: ['admin'],
    ok: 201,
    call: (f) => ({
      method: 'POST',
      url: `/api/v1/lines/${f.lineId}/groups`,
      payload: { code: `G${randomUUID().slice(0, 8)}`, name: 'Группа матрицы' },
    }),
  },
  {
    route: 'PATCH /api/v1/groups/:id',
    allowed: ['admin'],
    ok: 200,
    call: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/groups/${await groupFor(f)}`,
      payload: { name: 'Переименована' },
    }),
  },
  {
    route: 'DELETE /api/v1/groups/:id',
    allowed: ['admin'],
    ok: 204,
    call: async (f) => ({ method: 'DELETE', url: `/api/v1/groups/${await groupFor(f)}` }),
  },
);

const ticketFor = async (f: Fixtures) =>
  (
    await t.db
      .insertInto('tickets')
      .values({ title: 'Матрица', client_id: f.clientId, line_id: f.lineId })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
const userOf = (f: Fixtures, caller: Caller) => f.sessionOf(caller)?.userId;
// Requests of the fixture client: staff and that client's contacts see them, an internal employee does not.
const NOT_HIS = { employee: 404 } as const;

matrix.push(
  {
    route: 'POST /api/v1/tickets',
    allowed: 'authenticated',
    ok: 201,
    call: (f, caller) => ({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: STAFF.includes(caller as never)
        ? { title: 'Звонок', clientId: f.clientId }
        : { title: 'Заявка' },
    }),
  },
  {
    route: 'GET /api/v1/tickets',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/tickets' }),
  },
  {
    route: 'GET /api/v1/tickets/:id',
    allowed: 'authenticated',
    ok: 200,
    except: NOT_HIS,
    call: async (f) => ({ method: 'GET', url: `/api/v1/tickets/${await ticketFor(f)}` }),
  },
  {
    route: 'POST /api/v1/tickets/:id/transitions',
    allowed: 'authenticated',
    ok: 200,
    // The lifecycle decides: estimating is staff work; clients are refused, the employee cannot see it.
    except: { client_user: 403, client_approver: 403, employee: 404 },
    call: async (f) => ({
      method: 'POST',
      url: `/api/v1/tickets/${await ticketFor(f)}/transitions`,
      payload: { to: 'evaluated', version: 1, estimateHours: 0.5 },
    }),
  },
  {
    route: 'GET /api/v1/tickets/:id/events',
    allowed: 'authenticated',
    ok: 200,
    except: NOT_HIS,
    call: async (f) => ({ method: 'GET', url: `/api/v1/tickets/${await ticketFor(f)}/events` }),
  },
  {
    route: 'GET /api/v1/tickets/:id/comments',
    allowed: 'authenticated',
    ok: 200,
    except: NOT_HIS,
    call: async (f) => ({ method: 'GET', url: `/api/v1/tickets/${await ticketFor(f)}/comments` }),
  },
  {
    route: 'POST /api/v1/tickets/:id/comments',
    allowed: 'authenticated',
    ok: 201,
    except: NOT_HIS,
    call: async (f) => ({
      method: 'POST',
      url: `/api/v1/tickets/${await ticketFor(f)}/comments`,
      payload: { body: 'Ответ' },
    }),
  },
  {
    route: 'POST /api/v1/tickets/:id/timer/start',
    allowed: STAFF,
    ok: 200,
    call: async (f) => ({ method: 'POST', url: `/api/v1/tickets/${await ticketFor(f)}/timer/start` }),
  },
  {
    route: 'POST /api/v1/tickets/:id/timer/stop',
    allowed: STAFF,
    ok: 200,
    call: async (f, caller) => {
      const ticketId = await ticketFor(f);
      const userId = userOf(f, caller);
      if (userId && STAFF.includes(caller as never)) {
        await t.db.deleteFrom('running_timers').where('user_id', '=', userId).execute();
        await t.db
          .insertInto('running_timers')
          .values({ user_id: userId, ticket_id: ticketId, started_at: t.clock.now() })
          .execute();
      }
      return { method: 'POST', url: `/api/v1/tickets/${ticketId}/timer/stop` };
    },
  },
  {
    route: 'GET /api/v1/timer',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/timer' }),
  },
  {
    route: 'GET /api/v1/tickets/:id/worklogs',
    allowed: [...STAFF, 'client_approver'],
    ok: 200,
    call: async (f) => ({ method: 'GET', url: `/api/v1/tickets/${await ticketFor(f)}/worklogs` }),
  },
  {
    route: 'POST /api/v1/tickets/:id/worklogs',
    allowed: STAFF,
    ok: 201,
    call: async (f) => ({
      method: 'POST',
      url: `/api/v1/tickets/${await ticketFor(f)}/worklogs`,
      payload: { minutes: 15 },
    }),
  },
  {
    route: 'PATCH /api/v1/worklogs/:id',
    allowed: STAFF,
    ok: 200,
    call: async (f, caller) => {
      const ticketId = await ticketFor(f);
      const author = userOf(f, caller) ?? (await buildUser(t.db)).id;
      const worklog = await t.db
        .insertInto('worklogs')
        .values({ ticket_id: ticketId, user_id: author, started_at: t.clock.now(), minutes: 10 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'PATCH', url: `/api/v1/worklogs/${worklog.id}`, payload: { minutes: 20 } };
    },
  },
);

const attachmentFor = async (f: Fixtures) => {
  const ticketId = await ticketFor(f);
  const row = await t.db
    .insertInto('attachments')
    .values({
      ticket_id: ticketId,
      file_name: 'a.txt',
      content_type: 'text/plain',
      size: 2,
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
};

matrix.push(
  {
    route: 'POST /api/v1/tickets/:id/attachments',
    allowed: 'authenticated',
    // Without a multipart body every caller who may see the request gets 400: access is checked first.
    ok: 400,
    except: NOT_HIS,
    call: async (f) => ({
      method: 'POST',
      url: `/api/v1/tickets/${await ticketFor(f)}/attachments`,
      payload: {},
    }),
  },
  {
    route: 'GET /api/v1/tickets/:id/attachments',
    allowed: 'authenticated',
    ok: 200,
    except: NOT_HIS,
    call: async (f) => ({ method: 'GET', url: `/api/v1/tickets/${await ticketFor(f)}/attachments` }),
  },
  {
    route: 'GET /api/v1/attachments/:id',
    allowed: 'authenticated',
    // The row has no file on disk: those who may see it learn that (404 "file"), others 404 alike.
    ok: 404,
    call: async (f) => ({ method: 'GET', url: `/api/v1/attachments/${await attachmentFor(f)}` }),
  },
);

const contractFor = async (f: Fixtures) =>
  (
    await t.db
      .insertInto('contracts')
      .values({ client_id: f.clientId, number: randomUUID(), kind: 'its', starts_on: '2026-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
// Money: staff and the client's approver read it; the client_user is refused; managers change it.
const SEES_MONEY = [...STAFF, 'client_approver'] as const;
const MANAGERS = ['admin', 'dispatcher'] as const;
// A client_user reads the balance only when his client allows it; the fixture client does not.
const SEES_BALANCE = [...SEES_MONEY, 'client_user'] as const;

matrix.push(
  {
    route: 'GET /api/v1/clients/:id/contracts',
    allowed: SEES_BALANCE,
    ok: 200,
    call: (f) => ({ method: 'GET', url: `/api/v1/clients/${f.clientId}/contracts` }),
  },
  {
    route: 'POST /api/v1/clients/:id/contracts',
    allowed: MANAGERS,
    ok: 201,
    call: (f) => ({
      method: 'POST',
      url: `/api/v1/clients/${f.clientId}/contracts`,
      payload: { number: randomUUID(), kind: 'its', startsOn: '2026-01-01' },
    }),
  },
  {
    route: 'GET /api/v1/contracts/:id',
    allowed: SEES_BALANCE,
    ok: 200,
    except: { client_user: 404 },
    call: async (f) => ({ method: 'GET', url: `/api/v1/contracts/${await contractFor(f)}` }),
  },
  {
    route: 'PATCH /api/v1/contracts/:id',
    allowed: MANAGERS,
    ok: 200,
    call: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/contracts/${await contractFor(f)}`,
      payload: { notes: 'x' },
    }),
  },
  {
    route: 'GET /api/v1/contracts/:id/balance',
    allowed: SEES_BALANCE,
    ok: 200,
    except: { client_user: 404 },
    call: async (f) => ({ method: 'GET', url: `/api/v1/contracts/${await contractFor(f)}/balance` }),
  },
  {
    route: 'GET /api/v1/contracts/:id/ledger',
    allowed: SEES_BALANCE,
    ok: 200,
    except: { client_user: 404 },
    call: async (f) => ({ method: 'GET', url: `/api/v1/contracts/${await contractFor(f)}/ledger` }),
  },
  {
    route: 'POST /api/v1/contracts/:id/ledger',
    allowed: MANAGERS,
    ok: 201,
    call: async (f) => ({
      method: 'POST',
      url: `/api/v1/contracts/${await contractFor(f)}/ledger`,
      payload: { kind: 'grant', hours: 2, externalId: randomUUID() },
    }),
  },
);

const serviceFor = async () =>
  (
    await t.db
      .insertInto('services')
      .values({ name: `Услуга ${randomUUID().slice(0, 6)}` })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
/** A finished request of the fixture client with one draft line, ready to post. */
const doneTicketFor = async (f: Fixtures) => {
  const ticket = await t.db
    .insertInto('tickets')
    .values({ title: 'Матрица', client_id: f.clientId, line_id: f.lineId, status: 'done' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('specification_lines')
    .values({ ticket_id: ticket.id, position: 0, hours: 1, tariff_mode: 'paid' })
    .execute();
  return ticket.id;
};

matrix.push(
  {
    route: 'GET /api/v1/services',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/services' }),
  },
  {
    route: 'POST /api/v1/services',
    allowed: ['admin'],
    ok: 201,
    call: () => ({ method: 'POST', url: '/api/v1/services', payload: { name: 'Консультация' } }),
  },
  {
    route: 'GET /api/v1/services/:id',
    allowed: 'authenticated',
    ok: 200,
    call: async () => ({ method: 'GET', url: `/api/v1/services/${await serviceFor()}` }),
  },
  {
    route: 'PATCH /api/v1/services/:id',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({
      method: 'PATCH',
      url: `/api/v1/services/${await serviceFor()}`,
      payload: { tariffMode: 'free' },
    }),
  },
  {
    route: 'GET /api/v1/tickets/:id/specification',
    allowed: SEES_MONEY,
    ok: 200,
    call: async (f) => ({ method: 'GET', url: `/api/v1/tickets/${await ticketFor(f)}/specification` }),
  },
  {
    route: 'PUT /api/v1/tickets/:id/specification',
    allowed: STAFF,
    ok: 200,
    call: async (f) => ({
      method: 'PUT',
      url: `/api/v1/tickets/${await ticketFor(f)}/specification`,
      payload: { lines: [{ hours: 1.5, tariffMode: 'balance' }] },
    }),
  },
  {
    route: 'POST /api/v1/tickets/:id/specification/post',
    allowed: STAFF,
    ok: 200,
    call: async (f) => ({
      method: 'POST',
      url: `/api/v1/tickets/${await doneTicketFor(f)}/specification/post`,
    }),
  },
  ...(['', '/statement.pdf', '/statement.xlsx', '/act.pdf'] as const).map((suffix): Row => ({
    route: `GET /api/v1/clients/:id/statements/:month${suffix}`,
    allowed: SEES_MONEY,
    ok: 200,
    call: (f) => ({ method: 'GET', url: `/api/v1/clients/${f.clientId}/statements/2026-03${suffix}` }),
  })),
  {
    route: 'GET /api/v1/organization',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/organization' }),
  },
  {
    route: 'PATCH /api/v1/organization',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'PATCH', url: '/api/v1/organization', payload: { signatory: 'Иванов И. И.' } }),
  },
  {
    route: 'GET /api/v1/exchange/sales',
    allowed: MANAGERS,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/exchange/sales?from=2026-03-01&to=2026-03-31' }),
  },
  {
    route: 'GET /api/v1/exchange/counterparties',
    allowed: MANAGERS,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/exchange/counterparties' }),
  },
);

const calendarFor = async () =>
  (
    await t.db
      .insertInto('business_calendars')
      .values({ name: 'Матрица', week: JSON.stringify(WEEK_9_18) })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
const policyFor = async () =>
  (
    await t.db
      .insertInto('sla_policies')
      .values({ name: 'Матрица', targets: JSON.stringify(TARGETS) })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
const notificationFor = async (f: Fixtures, caller: Caller) => {
  const userId = userOf(f, caller);
  if (!userId) {
    return 1;
  }
  return (
    await t.db
      .insertInto('notifications')
      .values({ user_id: userId, kind: 'sla_warning' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
};
const WEEK_9_18 = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d, i) => [
    d,
    i < 5 ? [{ start: 540, end: 1080 }] : [],
  ]),
);
const TARGETS = Object.fromEntries(
  ['low', 'normal', 'high', 'critical'].map((p) => [p, { reactionMinutes: 60, resolutionMinutes: 480 }]),
);

matrix.push(
  {
    route: 'GET /api/v1/calendars',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/calendars' }),
  },
  {
    route: 'POST /api/v1/calendars',
    allowed: ['admin'],
    ok: 201,
    call: () => ({
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Владивосток', timeZone: 'Asia/Vladivostok', week: WEEK_9_18 },
    }),
  },
  {
    route: 'GET /api/v1/calendars/:id',
    allowed: STAFF,
    ok: 200,
    call: async () => ({ method: 'GET', url: `/api/v1/calendars/${await calendarFor()}` }),
  },
  {
    route: 'PATCH /api/v1/calendars/:id',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({
      method: 'PATCH',
      url: `/api/v1/calendars/${await calendarFor()}`,
      payload: { exceptions: { '2026-12-31': { kind: 'holiday' } } },
    }),
  },
  {
    route: 'GET /api/v1/sla-policies',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/sla-policies' }),
  },
  {
    route: 'POST /api/v1/sla-policies',
    allowed: ['admin'],
    ok: 201,
    call: () => ({ method: 'POST', url: '/api/v1/sla-policies', payload: { name: 'VIP', targets: TARGETS } }),
  },
  {
    route: 'GET /api/v1/sla-policies/:id',
    allowed: STAFF,
    ok: 200,
    call: async () => ({ method: 'GET', url: `/api/v1/sla-policies/${await policyFor()}` }),
  },
  {
    route: 'PATCH /api/v1/sla-policies/:id',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({
      method: 'PATCH',
      url: `/api/v1/sla-policies/${await policyFor()}`,
      payload: { warnShare: 0.75 },
    }),
  },
  {
    route: 'GET /api/v1/notifications',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/notifications' }),
  },
  {
    route: 'POST /api/v1/notifications/read-all',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'POST', url: '/api/v1/notifications/read-all' }),
  },
  {
    route: 'POST /api/v1/notifications/:id/read',
    allowed: 'authenticated',
    ok: 204,
    call: async (f, caller) => ({
      method: 'POST',
      url: `/api/v1/notifications/${await notificationFor(f, caller)}/read`,
    }),
  },
);

// Work done is hours of the client's requests: staff, the approver, a client_user only when his
// client shows him the balance (the fixture client does not); employees' requests are not billed.
matrix.push({
  route: 'GET /api/v1/reports/work',
  allowed: [...STAFF, 'client_approver', 'client_user'],
  ok: 200,
  except: { client_user: 403 },
  call: () => ({ method: 'GET', url: '/api/v1/reports/work?from=2026-10&to=2026-11' }),
});

// Suggested estimates are for the staff evaluating a request they see.
matrix.push({
  route: 'GET /api/v1/tickets/:id/estimate-suggestion',
  allowed: STAFF,
  ok: 200,
  call: async (f) => ({ method: 'GET', url: `/api/v1/tickets/${await ticketFor(f)}/estimate-suggestion` }),
});

matrix.push({
  route: 'GET /api/v1/reports/today',
  allowed: STAFF,
  ok: 200,
  call: () => ({ method: 'GET', url: '/api/v1/reports/today' }),
});

// The period reports (issue 9): staff and a client's approver (his company's); utilization is the
// staff's capacity, not shown to clients. Each also as XLSX.
for (const name of [
  'volume',
  'stages',
  'sla',
  'labour',
  'utilization',
  'clients',
  'first-line',
  'estimates',
  'free-work',
]) {
  const allowed = name === 'utilization' ? STAFF : ([...STAFF, 'client_approver'] as const);
  for (const suffix of ['', '.xlsx']) {
    matrix.push({
      route: `GET /api/v1/reports/${name}${suffix}`,
      allowed,
      ok: 200,
      call: () => ({ method: 'GET', url: `/api/v1/reports/${name}${suffix}?from=2026-11-01&to=2026-12-01` }),
    });
  }
}

const ruleFor = async (f: Fixtures) =>
  (
    await t.db
      .insertInto('routing_rules')
      .values({ name: 'Матрица', position: 1000, line_id: f.lineId })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
/** A request on the fixture line with a line above it to escalate to. */
const escalatableFor = async (f: Fixtures) => {
  await buildLine(t.db, { level: 9 });
  return ticketFor(f);
};

matrix.push(
  {
    route: 'GET /api/v1/ticket-types',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/ticket-types' }),
  },
  {
    route: 'POST /api/v1/ticket-types',
    allowed: ['admin'],
    ok: 201,
    call: () => ({
      method: 'POST',
      url: '/api/v1/ticket-types',
      payload: { code: `t_${randomUUID().slice(0, 8)}`, name: 'Тип', nameEn: 'Type' },
    }),
  },
  {
    route: 'PATCH /api/v1/ticket-types/:code',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'PATCH', url: '/api/v1/ticket-types/question', payload: { position: 2 } }),
  },
  {
    route: 'GET /api/v1/priorities',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/priorities' }),
  },
  {
    route: 'PATCH /api/v1/priorities/:code',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'PATCH', url: '/api/v1/priorities/high', payload: { color: 'orange' } }),
  },
  {
    route: 'GET /api/v1/routing-rules',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/routing-rules' }),
  },
  {
    route: 'POST /api/v1/routing-rules',
    allowed: ['admin'],
    ok: 201,
    call: (f) => ({
      method: 'POST',
      url: '/api/v1/routing-rules',
      payload: { name: 'Критичные', priority: 'critical', lineId: f.lineId, position: 2000 },
    }),
  },
  {
    route: 'PATCH /api/v1/routing-rules/:id',
    allowed: ['admin'],
    ok: 200,
    call: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/routing-rules/${await ruleFor(f)}`,
      payload: { isActive: false },
    }),
  },
  {
    route: 'DELETE /api/v1/routing-rules/:id',
    allowed: ['admin'],
    ok: 204,
    call: async (f) => ({ method: 'DELETE', url: `/api/v1/routing-rules/${await ruleFor(f)}` }),
  },
  {
    route: 'POST /api/v1/tickets/:id/escalations',
    allowed: STAFF,
    ok: 200,
    call: async (f) => ({
      method: 'POST',
      url: `/api/v1/tickets/${await escalatableFor(f)}/escalations`,
      payload: { direction: 'up', reason: 'Нужен эксперт', version: 1 },
    }),
  },
);

// The planning board: staff look at it (agents read-only), only dispatchers and admins plan; the lifecycle
// refuses an agent's move (403), the route refuses client roles.
const plannedFor = async (f: Fixtures) =>
  (
    await t.db
      .insertInto('tickets')
      .values({
        title: 'Матрица: в плане',
        client_id: f.clientId,
        line_id: f.lineId,
        status: 'planned',
        assignee_id: userOf(f, 'agent') ?? null,
        estimate_hours: 1,
        planned_start: '2026-03-03T07:00:00Z',
        planned_end: '2026-03-03T08:00:00Z',
        acceptance_criteria: 'Проверено',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

matrix.push(
  {
    route: 'GET /api/v1/planning',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/planning?from=2026-03-02&days=14' }),
  },
  {
    route: 'POST /api/v1/tickets/:id/plan',
    allowed: STAFF,
    ok: 200,
    except: { agent: 403 },
    call: async (f) => ({
      method: 'POST',
      url: `/api/v1/tickets/${await plannedFor(f)}/plan`,
      payload: { version: 1, plannedStart: '2026-03-04T10:00:00+03:00' },
    }),
  },
);

// The agent's single window: the client card beside a request, the client's knowledge card (the team's
// internal notes: never the client's), and the team's activity.
matrix.push(
  {
    route: 'GET /api/v1/tickets/:id/client-card',
    allowed: STAFF,
    ok: 200,
    call: async (f) => ({ method: 'GET', url: `/api/v1/tickets/${await ticketFor(f)}/client-card` }),
  },
  {
    route: 'GET /api/v1/clients/:id/knowledge',
    allowed: STAFF,
    ok: 200,
    call: (f) => ({ method: 'GET', url: `/api/v1/clients/${f.clientId}/knowledge` }),
  },
  {
    route: 'PUT /api/v1/clients/:id/knowledge',
    allowed: STAFF,
    ok: 200,
    // A client of its own per call: each save moves the version the next caller would have to send.
    call: async () => ({
      method: 'PUT',
      url: `/api/v1/clients/${(await buildClient(t.db)).id}/knowledge`,
      payload: { body: '<p>Учёт по ордерной схеме</p>', version: 0 },
    }),
  },
  {
    route: 'GET /api/v1/activity',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/activity?date=2026-03-02' }),
  },
);

// The queue: group counts, bulk actions and saved views are the staff's; each view is the caller's own.
const viewFor = async (f: Fixtures, caller: Caller) =>
  (
    await t.db
      .insertInto('queue_views')
      .values({
        owner_id: userOf(f, caller) ?? userOf(f, 'admin') ?? '',
        name: 'Матрица',
        definition: JSON.stringify({ filters: {} }),
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

matrix.push(
  {
    route: 'GET /api/v1/tickets/groups',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/tickets/groups?by=status' }),
  },
  {
    route: 'POST /api/v1/tickets/bulk',
    allowed: STAFF,
    ok: 200,
    call: async (f) => ({
      method: 'POST',
      url: '/api/v1/tickets/bulk',
      payload: { action: 'priority', priority: 'high', items: [{ id: await ticketFor(f), version: 1 }] },
    }),
  },
  {
    route: 'GET /api/v1/views',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/views' }),
  },
  {
    route: 'POST /api/v1/views',
    allowed: STAFF,
    ok: 201,
    call: () => ({
      method: 'POST',
      url: '/api/v1/views',
      payload: { name: 'Новые', definition: { filters: { status: ['new'] } } },
    }),
  },
  {
    route: 'PUT /api/v1/views/last-used',
    allowed: STAFF,
    ok: 204,
    call: async (f, caller) => ({
      method: 'PUT',
      url: '/api/v1/views/last-used',
      payload: { id: await viewFor(f, caller) },
    }),
  },
  {
    route: 'PATCH /api/v1/views/:id',
    allowed: STAFF,
    ok: 200,
    call: async (f, caller) => ({
      method: 'PATCH',
      url: `/api/v1/views/${await viewFor(f, caller)}`,
      payload: { name: 'Переименован' },
    }),
  },
  {
    route: 'DELETE /api/v1/views/:id',
    allowed: STAFF,
    ok: 204,
    call: async (f, caller) => ({ method: 'DELETE', url: `/api/v1/views/${await viewFor(f, caller)}` }),
  },
);

// Channels (issue 8): webhooks are the admin's; anyone signed in links his own Telegram chat; staff
// search contacts to register a call.
const webhookFor = async () =>
  (
    await t.db
      .insertInto('webhook_subscriptions')
      .values({
        name: 'matrix',
        url: 'http://127.0.0.1:9/hook',
        events: ['request.created'],
        secret: 'whsec_matrix',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

matrix.push(
  {
    route: 'GET /api/v1/webhooks',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/webhooks' }),
  },
  {
    route: 'POST /api/v1/webhooks',
    allowed: ['admin'],
    ok: 201,
    call: () => ({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: 'https://example.test/hook', events: ['request.created'] },
    }),
  },
  {
    route: 'PATCH /api/v1/webhooks/:id',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({
      method: 'PATCH',
      url: `/api/v1/webhooks/${await webhookFor()}`,
      payload: { isActive: false },
    }),
  },
  {
    route: 'DELETE /api/v1/webhooks/:id',
    allowed: ['admin'],
    ok: 204,
    call: async () => ({ method: 'DELETE', url: `/api/v1/webhooks/${await webhookFor()}` }),
  },
  {
    route: 'GET /api/v1/webhooks/:id/deliveries',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({ method: 'GET', url: `/api/v1/webhooks/${await webhookFor()}/deliveries` }),
  },
  {
    route: 'POST /api/v1/webhooks/:id/test',
    allowed: ['admin'],
    ok: 202,
    call: async () => ({ method: 'POST', url: `/api/v1/webhooks/${await webhookFor()}/test` }),
  },
  {
    route: 'GET /api/v1/telegram/link',
    allowed: 'authenticated',
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/telegram/link' }),
  },
  {
    route: 'POST /api/v1/telegram/link-code',
    allowed: 'authenticated',
    ok: 201,
    call: () => ({ method: 'POST', url: '/api/v1/telegram/link-code' }),
  },
  {
    route: 'DELETE /api/v1/telegram/link',
    allowed: 'authenticated',
    ok: 204,
    call: () => ({ method: 'DELETE', url: '/api/v1/telegram/link' }),
  },
  {
    route: 'GET /api/v1/contacts/search',
    allowed: STAFF,
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/contacts/search?q=%D0%9C%D0%B0' }),
  },
);

function expectedStatus(row: Row, caller: Caller): number {
  if (row.allowed === 'public') {
    return row.ok;
  }
  if (caller === 'anonymous') {
    return 401;
  }
  if (row.allowed !== 'authenticated' && !row.allowed.includes(caller)) {
    return 403;
  }
  return row.except?.[caller] ?? row.ok;
}

async function newSession(role: Role, clientId: string, lineId: string): Promise<Session> {
  const user = await buildUser(t.db, {
    role,
    clientId,
    lineIds: STAFF.includes(role as never) ? [lineId] : [],
  });
  return logInAs(t.app, user.email);
}

beforeAll(async () => {
  t = await createTestApp();
  const client = await buildClient(t.db);
  const line = await buildLine(t.db);
  for (const role of ROLES) {
    sessions.set(role, await newSession(role, client.id, line.id));
  }
  fixtures = { clientId: client.id, lineId: line.id, sessionOf: (caller) => sessions.get(caller) ?? null };
});
afterAll(async () => {
  await t.close();
});

// The mail channel (issue 8): mailboxes, domains, templates and SMTP settings are the admin's alone.
// The matrix's mailbox points at a closed port: testing it answers "not ok", polling it 502.
const mailboxFor = async () =>
  (
    await t.db
      .insertInto('mailboxes')
      .values({ name: 'matrix', imap_host: '127.0.0.1', imap_port: 9, imap_tls: false, imap_user: 'u' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
const mailDomainFor = async (f: Fixtures) => {
  const domain = `m${randomUUID().slice(0, 8)}.example`;
  await t.db.insertInto('client_email_domains').values({ domain, client_id: f.clientId }).execute();
  return domain;
};

matrix.push(
  {
    route: 'GET /api/v1/mail/mailboxes',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/mail/mailboxes' }),
  },
  {
    route: 'POST /api/v1/mail/mailboxes',
    allowed: ['admin'],
    ok: 201,
    call: () => ({
      method: 'POST',
      url: '/api/v1/mail/mailboxes',
      payload: {
        name: 'Поддержка',
        imapHost: 'imap.example',
        imapPort: 993,
        imapTls: true,
        imapUser: 'support',
        imapPassword: 'secret',
      },
    }),
  },
  {
    route: 'PATCH /api/v1/mail/mailboxes/:id',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({
      method: 'PATCH',
      url: `/api/v1/mail/mailboxes/${await mailboxFor()}`,
      payload: { enabled: false },
    }),
  },
  {
    route: 'DELETE /api/v1/mail/mailboxes/:id',
    allowed: ['admin'],
    ok: 204,
    call: async () => ({ method: 'DELETE', url: `/api/v1/mail/mailboxes/${await mailboxFor()}` }),
  },
  {
    route: 'POST /api/v1/mail/mailboxes/:id/test',
    allowed: ['admin'],
    ok: 200,
    call: async () => ({ method: 'POST', url: `/api/v1/mail/mailboxes/${await mailboxFor()}/test` }),
  },
  {
    route: 'POST /api/v1/mail/mailboxes/:id/poll',
    allowed: ['admin'],
    ok: 502,
    call: async () => ({ method: 'POST', url: `/api/v1/mail/mailboxes/${await mailboxFor()}/poll` }),
  },
  {
    route: 'GET /api/v1/mail/domains',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/mail/domains' }),
  },
  {
    route: 'PUT /api/v1/mail/domains/:domain',
    allowed: ['admin'],
    ok: 200,
    call: (f) => ({
      method: 'PUT',
      url: `/api/v1/mail/domains/p${randomUUID().slice(0, 8)}.example`,
      payload: { clientId: f.clientId },
    }),
  },
  {
    route: 'DELETE /api/v1/mail/domains/:domain',
    allowed: ['admin'],
    ok: 204,
    call: async (f) => ({ method: 'DELETE', url: `/api/v1/mail/domains/${await mailDomainFor(f)}` }),
  },
  {
    route: 'GET /api/v1/mail/templates',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/mail/templates' }),
  },
  {
    route: 'PUT /api/v1/mail/templates/:kind/:locale',
    allowed: ['admin'],
    ok: 200,
    call: () => ({
      method: 'PUT',
      url: '/api/v1/mail/templates/completed/en',
      payload: { subject: 'Request #{{number}} closed', body: 'Closed.' },
    }),
  },
  {
    route: 'DELETE /api/v1/mail/templates/:kind/:locale',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'DELETE', url: '/api/v1/mail/templates/completed/en' }),
  },
  {
    route: 'GET /api/v1/mail/settings',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/mail/settings' }),
  },
  {
    route: 'PUT /api/v1/mail/settings',
    allowed: ['admin'],
    ok: 200,
    call: () => ({
      method: 'PUT',
      url: '/api/v1/mail/settings',
      payload: { smtpUrl: null, fromAddress: 'Поддержка <support@desk.example>' },
    }),
  },
  {
    route: 'GET /api/v1/mail/inbound',
    allowed: ['admin'],
    ok: 200,
    call: () => ({ method: 'GET', url: '/api/v1/mail/inbound' }),
  },
);

// The live change stream: anyone signed in may listen; what each hears is his visibility filter's
// (server/http/visibility.test.ts).
matrix.push({
  route: 'GET /api/v1/stream',
  allowed: 'authenticated',
  ok: 200,
  call: () => ({ method: 'GET', url: '/api/v1/stream', stream: true }),
});

describe('authorization matrix', () => {
  it('covers every route the application registers', () => {
    const registered = t.app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
    expect(matrix.map((row) => row.route).sort()).toEqual(registered);
  });

  it('declares the same access in the table as on the routes', () => {
    for (const row of matrix) {
      const declared = t.app.routeTable.find((r) => `${r.method} ${r.url}` === row.route);
      expect(declared?.access, row.route).toEqual(row.allowed);
    }
  });

  const callers: Caller[] = [...ROLES, 'anonymous'];
  for (const row of matrix) {
    it(`${row.route}: ${callers.map((c) => `${c} ${expectedStatus(row, c)}`).join(', ')}`, async () => {
      for (const caller of callers) {
        const call = await row.call(fixtures, caller);
        let session = sessions.get(caller) ?? null;
        if (call.freshSession && caller !== 'anonymous') {
          session = await newSession(caller, fixtures.clientId, fixtures.lineId);
        }
        const stream = call.stream ? await openStreamAs(t.app, session) : null;
        const response = stream ?? (await callAs(t.app, session, call));
        stream?.close();
        expect(response.statusCode, `${caller}: ${response.body.slice(0, 300)}`).toBe(
          expectedStatus(row, caller),
        );
        if (response.statusCode >= 400) {
          expect(response.headers['content-type']).toContain('application/problem+json');
        }
      }
    });
  }
});
