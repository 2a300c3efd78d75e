import { describe, expect, it } from 'vitest';
import { STATUSES } from '#common/tickets.ts';
import { REPLANNING, decideReplan, mayReplan, type LifecycleActor, type ReplanTicket } from './lifecycle.ts';

// Re-planning (the planning board's moves): who may change a plan, in which statuses, and what the rules
// make of partial input. Pure: no database, no HTTP.

const ACTORS = {
  admin: { id: 'admin-1', role: 'admin', clientId: null },
  dispatcher: { id: 'dispatcher-1', role: 'dispatcher', clientId: null },
  assignee: { id: 'agent-1', role: 'agent', clientId: null },
  agent: { id: 'agent-2', role: 'agent', clientId: null },
  clientUser: { id: 'client-user-1', role: 'client_user', clientId: 'client-1' },
  approver: { id: 'approver-1', role: 'client_approver', clientId: 'client-1' },
  employee: { id: 'employee-1', role: 'employee', clientId: null },
  system: { id: 'system', role: 'system', clientId: null },
} as const satisfies Record<string, LifecycleActor>;

const START = new Date('2026-03-03T06:00:00Z');
const END = new Date('2026-03-03T10:00:00Z');

const planned = (overrides: Partial<ReplanTicket> = {}): ReplanTicket => ({
  status: 'planned',
  clientId: 'client-1',
  requesterId: 'client-user-1',
  assigneeId: 'agent-1',
  estimateHours: 4,
  statusBeforeStale: null,
  plannedStart: START,
  plannedEnd: END,
  ...overrides,
});

describe('mayReplan', () => {
  it('lets dispatchers and admins change the plan of planned and running requests only', () => {
    const replannable = Object.keys(REPLANNING).sort();
    expect(replannable).toEqual(['in_progress', 'planned']);
    for (const status of STATUSES) {
      for (const [name, actor] of Object.entries(ACTORS)) {
        const expected = replannable.includes(status) && (name === 'dispatcher' || name === 'admin');
        expect(mayReplan(planned({ status }), actor), `${name} on ${status}`).toBe(expected);
      }
    }
  });
});

describe('decideReplan', () => {
  it('moves the period and hands the request to another employee, remembering the old plan', () => {
    const decision = decideReplan(planned(), ACTORS.dispatcher, {
      assigneeId: 'agent-2',
      plannedStart: '2026-03-04T09:00:00+03:00',
      plannedEnd: '2026-03-04T13:00:00+03:00',
    });
    expect(decision).toEqual({
      ok: true,
      changes: {
        assigneeId: 'agent-2',
        plannedStart: new Date('2026-03-04T06:00:00Z'),
        plannedEnd: new Date('2026-03-04T10:00:00Z'),
      },
      previous: { assigneeId: 'agent-1', plannedStart: START, plannedEnd: END },
    });
  });

  it('keeps what is left out and drops values equal to the current ones', () => {
    const decision = decideReplan(planned(), ACTORS.admin, {
      assigneeId: 'agent-1',
      plannedEnd: '2026-03-03T12:00:00Z',
    });
    expect(decision).toMatchObject({ ok: true, changes: { plannedEnd: new Date('2026-03-03T12:00:00Z') } });
    expect(decision.ok && Object.keys(decision.changes)).toEqual(['plannedEnd']);
    expect(decideReplan(planned(), ACTORS.dispatcher, { assigneeId: 'agent-1' })).toMatchObject({
      ok: true,
      changes: {},
    });
  });

  it.each([
    { what: 'nothing to change', input: {}, path: 'plannedStart' },
    { what: 'a start without an offset', input: { plannedStart: '2026-03-04T09:00' }, path: 'plannedStart' },
    {
      what: 'a day that does not exist',
      input: { plannedStart: '2026-02-30T09:00:00Z' },
      path: 'plannedStart',
    },
    { what: 'a blank assignee', input: { assigneeId: '  ' }, path: 'assigneeId' },
    // One bound is checked against the bound that stays.
    {
      what: 'a start after the current end',
      input: { plannedStart: '2026-03-03T11:00:00Z' },
      path: 'plannedEnd',
    },
    {
      what: 'an end before the current start',
      input: { plannedEnd: '2026-03-03T05:00:00Z' },
      path: 'plannedEnd',
    },
    {
      what: 'both bounds reversed',
      input: { plannedStart: '2026-03-05T10:00:00Z', plannedEnd: '2026-03-05T09:00:00Z' },
      path: 'plannedEnd',
    },
  ])('refuses $what as invalid input naming $path', ({ input, path }) => {
    const decision = decideReplan(planned(), ACTORS.dispatcher, input);
    expect(decision).toMatchObject({
      ok: false,
      kind: 'invalid',
      errors: [expect.objectContaining({ path })],
    });
  });

  it('refuses agents, even the assignee, and clients: planning is the dispatcher’s', () => {
    for (const actor of [
      ACTORS.assignee,
      ACTORS.agent,
      ACTORS.clientUser,
      ACTORS.approver,
      ACTORS.employee,
    ]) {
      expect(decideReplan(planned(), actor, { plannedStart: '2026-03-04T06:00:00Z' })).toMatchObject({
        ok: false,
        kind: 'forbidden',
      });
    }
  });

  it('answers a conflict for a request with no plan to change, with what may be done instead', () => {
    for (const status of ['approved', 'done', 'completed', 'new'] as const) {
      const decision = decideReplan(planned({ status }), ACTORS.dispatcher, {
        plannedStart: '2026-03-04T06:00:00Z',
      });
      expect(decision, status).toMatchObject({ ok: false, kind: 'conflict' });
    }
    expect(decideReplan(planned({ status: 'approved' }), ACTORS.dispatcher, {})).toMatchObject({
      allowed: ['planned'],
    });
  });

  it('lets a running request slip: its end moves while the work goes on', () => {
    const decision = decideReplan(planned({ status: 'in_progress' }), ACTORS.dispatcher, {
      plannedEnd: '2026-03-05T15:00:00Z',
    });
    expect(decision).toMatchObject({ ok: true, changes: { plannedEnd: new Date('2026-03-05T15:00:00Z') } });
  });
});
