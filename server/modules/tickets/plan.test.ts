import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { AppError, ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import { type Actor, loadActor } from '#server/modules/auth/actor.ts';
import { createTestDatabase } from '#server/test/db.ts';
import { buildClient, buildLine, buildUser } from '#server/test/factories.ts';
import { planTicket } from './plan.ts';
import { createTicket, listEvents, transitionTicket } from './service.ts';

// The planning board's command on a real database, without HTTP: planning an approved request, moving
// and handing over planned work, and what the lifecycle refuses. The clock is Monday 2 March 2026,
// 10:00 Moscow; the working calendar is the default one (9:00–18:00 Moscow, production calendar).

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
const clock = createManualClock('2026-03-02T07:00:00Z');
let dispatcher: Actor;
let agent: Actor;
let colleague: Actor;
let clientId: string;

const actor = async (role: 'dispatcher' | 'agent' | 'client_user', lineIds: string[] = []) => {
  const user = await buildUser(db, { role, lineIds, ...(role === 'client_user' ? { clientId } : {}) });
  const loaded = await loadActor(db, user.id, { tokenId: 'test' });
  if (!loaded) {
    throw new Error('no actor');
  }
  return loaded;
};

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  const line = await buildLine(db, { code: 'L1', level: 1 });
  clientId = (await buildClient(db)).id;
  dispatcher = await actor('dispatcher');
  agent = await actor('agent', [line.id]);
  colleague = await actor('agent', [line.id]);
});
afterAll(async () => {
  await handle.close();
});

const deps = () => ({ db, clock });

/** A request estimated at `hours` (under 1 h it is approved at once; otherwise the test approves it). */
async function approvedRequest(hours: number) {
  let ticket = await createTicket(db, clock, dispatcher, { title: 'Обновить конфигурацию', clientId });
  ticket = await transitionTicket(deps(), agent, ticket.id, {
    to: 'evaluated',
    version: ticket.version,
    estimateHours: hours,
  });
  if (ticket.status !== 'approved') {
    await db.updateTable('tickets').set({ status: 'approved' }).where('id', '=', ticket.id).execute();
  }
  return ticket;
}

async function plannedRequest(hours = 2) {
  const ticket = await approvedRequest(hours);
  return planTicket(deps(), dispatcher, ticket.id, {
    version: ticket.version,
    assigneeId: agent.id,
    plannedStart: '2026-03-03T10:00:00+03:00',
    acceptanceCriteria: 'Конфигурация обновлена, отчёты открываются',
  });
}

describe('planTicket', () => {
  it('plans an approved request with the end taken from the estimate in working time', async () => {
    // Friday 6 March 16:00 Moscow + 3 h of work: 2 h that day, 1 h on Tuesday 10 March (Monday 9th is a holiday).
    const ticket = await approvedRequest(0.5);
    const planned = await planTicket(deps(), dispatcher, ticket.id, {
      version: ticket.version,
      assigneeId: agent.id,
      plannedStart: '2026-03-06T16:00:00+03:00',
      acceptanceCriteria: 'Выписка загружается',
    });
    expect(planned).toMatchObject({
      status: 'planned',
      assigneeId: agent.id,
      plannedStart: '2026-03-06T13:00:00.000Z',
      // Half an hour of estimate is half an hour of plan.
      plannedEnd: '2026-03-06T13:30:00.000Z',
      acceptanceCriteria: 'Выписка загружается',
    });
    const bigger = await approvedRequest(3);
    const spanning = await planTicket(deps(), dispatcher, bigger.id, {
      version: bigger.version,
      assigneeId: agent.id,
      plannedStart: '2026-03-06T16:00:00+03:00',
      acceptanceCriteria: 'Готово',
    });
    expect(spanning.plannedEnd).toBe('2026-03-10T07:00:00.000Z');
    const events = await listEvents(db, dispatcher, spanning.id);
    expect(events.at(-1)).toMatchObject({ kind: 'transitioned', data: { from: 'approved', to: 'planned' } });
  });

  it('still needs the acceptance criteria and an assignee to plan an approved request', async () => {
    const ticket = await approvedRequest(0.5);
    const refused = await planTicket(deps(), dispatcher, ticket.id, {
      version: ticket.version,
      plannedStart: '2026-03-03T10:00:00+03:00',
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(400);
    expect(JSON.stringify(refused)).toMatch(/assigneeId/);
    expect(JSON.stringify(refused)).toMatch(/acceptanceCriteria/);
  });

  it('moves a planned request to another day, keeping its working time, and records both plans', async () => {
    const ticket = await plannedRequest(2);
    expect([ticket.plannedStart, ticket.plannedEnd]).toEqual([
      '2026-03-03T07:00:00.000Z',
      '2026-03-03T09:00:00.000Z',
    ]);
    // Thursday 17:00: one working hour that day, the other on Friday morning.
    const moved = await planTicket(deps(), dispatcher, ticket.id, {
      version: ticket.version,
      plannedStart: '2026-03-05T17:00:00+03:00',
    });
    expect(moved).toMatchObject({
      status: 'planned',
      assigneeId: agent.id,
      plannedStart: '2026-03-05T14:00:00.000Z',
      plannedEnd: '2026-03-06T07:00:00.000Z',
      version: ticket.version + 1,
    });
    const events = await listEvents(db, dispatcher, ticket.id);
    expect(events.at(-1)).toMatchObject({
      kind: 'replanned',
      actorId: dispatcher.id,
      data: {
        from: {
          assigneeId: agent.id,
          assigneeName: agent.name,
          plannedStart: '2026-03-03T07:00:00.000Z',
          plannedEnd: '2026-03-03T09:00:00.000Z',
        },
        to: {
          assigneeId: agent.id,
          plannedStart: '2026-03-05T14:00:00.000Z',
          plannedEnd: '2026-03-06T07:00:00.000Z',
        },
        changed: ['plannedStart', 'plannedEnd'],
      },
    });
  });

  it('hands planned work to a colleague at the same time, and lets a running request slip', async () => {
    const ticket = await plannedRequest(1);
    const handed = await planTicket(deps(), dispatcher, ticket.id, {
      version: ticket.version,
      assigneeId: colleague.id,
    });
    expect(handed).toMatchObject({
      assigneeId: colleague.id,
      assigneeName: colleague.name,
      plannedStart: ticket.plannedStart,
      plannedEnd: ticket.plannedEnd,
    });
    const running = await transitionTicket(deps(), colleague, ticket.id, {
      to: 'in_progress',
      version: handed.version,
    });
    const slipped = await planTicket(deps(), dispatcher, ticket.id, {
      version: running.version,
      plannedEnd: '2026-03-04T18:00:00+03:00',
    });
    expect(slipped).toMatchObject({ status: 'in_progress', plannedEnd: '2026-03-04T15:00:00.000Z' });
  });

  it('writes nothing for a move to where the request already is', async () => {
    const ticket = await plannedRequest(1);
    const same = await planTicket(deps(), dispatcher, ticket.id, {
      version: ticket.version,
      assigneeId: agent.id,
      plannedStart: ticket.plannedStart ?? '',
    });
    expect(same.version).toBe(ticket.version);
    const events = await listEvents(db, dispatcher, ticket.id);
    expect(events.filter((e) => e.kind === 'replanned')).toEqual([]);
  });

  it('refuses a stale version, agents, clients and statuses without a plan', async () => {
    const ticket = await plannedRequest(1);
    const stale = await planTicket(deps(), dispatcher, ticket.id, {
      version: ticket.version - 1,
      plannedStart: '2026-03-04T10:00:00+03:00',
    }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(JSON.stringify(stale)).toMatch(/version_conflict/);

    const byAgent = await planTicket(deps(), agent, ticket.id, {
      version: ticket.version,
      plannedStart: '2026-03-04T10:00:00+03:00',
    }).catch((error: unknown) => error);
    expect((byAgent as AppError).status).toBe(403);

    const client = await actor('client_user');
    const byClient = await planTicket(deps(), client, ticket.id, {
      version: ticket.version,
      plannedStart: '2026-03-04T10:00:00+03:00',
    }).catch((error: unknown) => error);
    // The client of the request's own company sees it, but plans nothing.
    expect((byClient as AppError).status).toBe(403);
    const stranger = await loadActor(db, (await buildUser(db, { role: 'client_user' })).id, {
      tokenId: 'test',
    });
    const byStranger = await planTicket(deps(), stranger!, ticket.id, {
      version: ticket.version,
      plannedStart: '2026-03-04T10:00:00+03:00',
    }).catch((error: unknown) => error);
    // Another company's contact: the request does not exist for him.
    expect(byStranger).toBeInstanceOf(NotFoundError);

    const fresh = await createTicket(db, clock, dispatcher, { title: 'Новая', clientId });
    const notYet = await planTicket(deps(), dispatcher, fresh.id, {
      version: fresh.version,
      plannedStart: '2026-03-04T10:00:00+03:00',
    }).catch((error: unknown) => error);
    expect(notYet).toBeInstanceOf(ConflictError);
    expect(JSON.stringify(notYet)).toMatch(/illegal_transition/);
  });

  it('hands work only to active support staff', async () => {
    const ticket = await plannedRequest(1);
    const client = await actor('client_user');
    const refused = await planTicket(deps(), dispatcher, ticket.id, {
      version: ticket.version,
      assigneeId: client.id,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FieldValidationError);
    const unchanged = await listEvents(db, dispatcher, ticket.id);
    expect(unchanged.filter((e) => e.kind === 'replanned')).toEqual([]);
  });
});
