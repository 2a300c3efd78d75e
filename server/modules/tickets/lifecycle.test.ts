import { describe, it, expect } from 'vitest';
import { ESTIMATE_SCALE, STATUSES, type Status } from '#common/tickets.ts';
import {
  TRANSITIONS,
  allowedTransitions,
  decideTransition,
  isStale,
  type Decision,
  type LifecycleActor,
  type LifecycleTicket,
  type TransitionInput,
} from './lifecycle.ts';

const CLIENT = 'client-1';
const OTHER_CLIENT = 'client-2';

const ACTORS = {
  admin: { id: 'admin-1', role: 'admin', clientId: null },
  dispatcher: { id: 'dispatcher-1', role: 'dispatcher', clientId: null },
  agentAssignee: { id: 'agent-1', role: 'agent', clientId: null },
  agentOther: { id: 'agent-2', role: 'agent', clientId: null },
  clientUserSame: { id: 'client-user-1', role: 'client_user', clientId: CLIENT },
  clientUserOther: { id: 'client-user-2', role: 'client_user', clientId: OTHER_CLIENT },
  approverSame: { id: 'approver-1', role: 'client_approver', clientId: CLIENT },
  approverOther: { id: 'approver-2', role: 'client_approver', clientId: OTHER_CLIENT },
  employeeRequester: { id: 'employee-1', role: 'employee', clientId: null },
  employeeOther: { id: 'employee-2', role: 'employee', clientId: null },
  system: { id: 'system', role: 'system', clientId: null },
} as const satisfies Record<string, LifecycleActor>;
type ActorKey = keyof typeof ACTORS;
const ACTOR_KEYS = Object.keys(ACTORS) as ActorKey[];

type TicketKind = 'client' | 'internal';

function ticketIn(
  status: Status,
  kind: TicketKind,
  overrides: Partial<LifecycleTicket> = {},
): LifecycleTicket {
  return {
    status,
    clientId: kind === 'client' ? CLIENT : null,
    requesterId: kind === 'client' ? 'client-user-1' : 'employee-1',
    assigneeId: 'agent-1',
    estimateHours: 2,
    statusBeforeStale: status === 'stale' ? 'evaluated' : null,
    ...overrides,
  };
}

const FULL_INPUT: TransitionInput = {
  estimateHours: 2,
  assigneeId: 'agent-1',
  plannedStart: '2026-02-02T09:00:00+03:00',
  plannedEnd: '2026-02-02T18:00:00+03:00',
  acceptanceCriteria: 'The report opens without errors',
  resolution: 'Fixed the report query',
  comment: 'The totals are still wrong',
};

const NO_LIMIT = { approvalLimitHours: null };

// Written from the issue by hand, independently of TRANSITIONS, so that a wrong table fails here.
// Each edge: who may take it on a client's request and on an internal one (stale tickets were `evaluated`).
type Expected = { from: Status; to: Status; client: ActorKey[]; internal: ActorKey[]; needsInput: boolean };
const STAFF_WHO_ESTIMATE: ActorKey[] = ['admin', 'dispatcher', 'agentAssignee', 'agentOther'];
const MANAGERS: ActorKey[] = ['admin', 'dispatcher'];
const WORKERS: ActorKey[] = ['admin', 'dispatcher', 'agentAssignee'];
const EXPECTED_EDGES: Expected[] = [
  {
    from: 'new',
    to: 'evaluated',
    client: STAFF_WHO_ESTIMATE,
    internal: STAFF_WHO_ESTIMATE,
    needsInput: true,
  },
  { from: 'new', to: 'stale', client: ['system'], internal: ['system'], needsInput: false },
  { from: 'evaluated', to: 'approved', client: ['approverSame'], internal: [], needsInput: false },
  { from: 'evaluated', to: 'rejected', client: ['approverSame'], internal: [], needsInput: false },
  { from: 'evaluated', to: 'stale', client: ['system'], internal: ['system'], needsInput: false },
  { from: 'approved', to: 'planned', client: MANAGERS, internal: MANAGERS, needsInput: true },
  { from: 'planned', to: 'in_progress', client: WORKERS, internal: WORKERS, needsInput: false },
  { from: 'in_progress', to: 'done', client: WORKERS, internal: WORKERS, needsInput: true },
  {
    from: 'done',
    to: 'completed',
    client: ['clientUserSame', 'approverSame'],
    internal: ['employeeRequester'],
    needsInput: false,
  },
  {
    from: 'done',
    to: 'in_progress',
    client: ['clientUserSame', 'approverSame'],
    internal: ['employeeRequester'],
    needsInput: true,
  },
  { from: 'stale', to: 'evaluated', client: MANAGERS, internal: MANAGERS, needsInput: false },
  { from: 'stale', to: 'irrelevant', client: MANAGERS, internal: MANAGERS, needsInput: false },
];
// An edge that exists for managers but not from this ticket's state (statusBeforeStale is `evaluated`).
const GUARDED_EDGES: { from: Status; to: Status; who: ActorKey[] }[] = [
  { from: 'stale', to: 'new', who: MANAGERS },
];

type Verdict = 'ok' | 'forbidden' | 'conflict' | 'invalid';

function expectedVerdict(
  from: Status,
  to: Status,
  kind: TicketKind,
  actor: ActorKey,
  input: 'full' | 'empty',
): Verdict {
  const edge = EXPECTED_EDGES.find((e) => e.from === from && e.to === to);
  if (edge) {
    if (!edge[kind].includes(actor)) {
      return 'forbidden';
    }
    return input === 'empty' && edge.needsInput ? 'invalid' : 'ok';
  }
  const guarded = GUARDED_EDGES.find((e) => e.from === from && e.to === to);
  if (guarded) {
    return guarded.who.includes(actor) ? 'conflict' : 'forbidden';
  }
  return 'conflict';
}

function verdictOf(decision: Decision): Verdict {
  return decision.ok ? 'ok' : decision.kind;
}

const decide = (
  ticket: LifecycleTicket,
  actor: LifecycleActor,
  to: Status,
  input: TransitionInput = FULL_INPUT,
) => decideTransition(ticket, actor, to, input, NO_LIMIT);

describe('the transition matrix: every status pair × every actor', () => {
  const rows = STATUSES.flatMap((from) =>
    STATUSES.flatMap((to) =>
      (['client', 'internal'] as const).flatMap((kind) =>
        ACTOR_KEYS.flatMap((actor) =>
          (['full', 'empty'] as const).map((input) => ({
            from,
            to,
            kind,
            actor,
            input,
            expected: expectedVerdict(from, to, kind, actor, input),
          })),
        ),
      ),
    ),
  );

  it.each(rows)('$from → $to on a $kind request by $actor with $input input: $expected', (row) => {
    const ticket = ticketIn(row.from, row.kind);
    const decision = decide(ticket, ACTORS[row.actor], row.to, row.input === 'full' ? FULL_INPUT : {});
    expect(verdictOf(decision)).toBe(row.expected);
    // The UI offers exactly what the server would take with good input.
    const offered = allowedTransitions(ticket, ACTORS[row.actor]).includes(row.to);
    expect(offered).toBe(row.expected === 'ok' || row.expected === 'invalid');
  });

  it('has no edge the hand-written list does not know', () => {
    const tableEdges = STATUSES.flatMap((from) =>
      Object.keys(TRANSITIONS[from]).map((to) => `${from}→${to}`),
    ).sort();
    const listedEdges = [...EXPECTED_EDGES, ...GUARDED_EDGES].map((e) => `${e.from}→${e.to}`).sort();
    expect(tableEdges).toEqual(listedEdges);
  });

  it('lists what this actor may do when refusing', () => {
    const decision = decide(ticketIn('approved', 'client'), ACTORS.dispatcher, 'done');
    expect(decision).toMatchObject({ ok: false, kind: 'conflict', allowed: ['planned'] });
    const forbidden = decide(ticketIn('evaluated', 'client'), ACTORS.clientUserSame, 'approved');
    expect(forbidden).toMatchObject({ ok: false, kind: 'forbidden', allowed: [] });
  });
});

describe('estimate scale', () => {
  it.each(ESTIMATE_SCALE)('accepts %s h', (hours) => {
    const decision = decide(ticketIn('new', 'client'), ACTORS.agentOther, 'evaluated', {
      estimateHours: hours,
    });
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      expect(decision.steps[0]).toMatchObject({
        from: 'new',
        to: 'evaluated',
        changes: { estimateHours: hours },
      });
    }
  });

  it.each([0.4, 0, -1, 1.5, 100, Number.NaN, 0.1 + 0.2])('refuses %s h, naming estimateHours', (hours) => {
    const decision = decide(ticketIn('new', 'client'), ACTORS.agentOther, 'evaluated', {
      estimateHours: hours,
    });
    expect(decision).toMatchObject({ ok: false, kind: 'invalid', errors: [{ path: 'estimateHours' }] });
  });

  it('refuses a missing estimate', () => {
    const decision = decide(ticketIn('new', 'client'), ACTORS.dispatcher, 'evaluated', {});
    expect(decision).toMatchObject({
      ok: false,
      kind: 'invalid',
      errors: [{ path: 'estimateHours', message: 'required' }],
    });
  });
});

describe('approval', () => {
  const evaluate = (kind: TicketKind, estimateHours: number, approvalLimitHours: number | null) =>
    decideTransition(
      ticketIn('new', kind),
      ACTORS.agentAssignee,
      'evaluated',
      { estimateHours },
      { approvalLimitHours },
    );

  it.each([
    { kind: 'client', hours: 0.8, limit: null, rule: 'under_one_hour' },
    { kind: 'client', hours: 0.1, limit: 4, rule: 'under_one_hour' },
    { kind: 'client', hours: 3, limit: 4, rule: 'within_client_limit' },
    { kind: 'client', hours: 4, limit: 4, rule: 'within_client_limit' },
    { kind: 'internal', hours: 13, limit: null, rule: 'internal_request' },
  ] as const)('approves $hours h automatically with limit $limit ($rule)', ({ kind, hours, limit, rule }) => {
    const decision = evaluate(kind, hours, limit);
    expect(decision).toEqual({
      ok: true,
      status: 'approved',
      changes: { estimateHours: hours },
      steps: [
        { from: 'new', to: 'evaluated', by: 'actor', changes: { estimateHours: hours } },
        { from: 'evaluated', to: 'approved', by: 'system', reason: 'auto_approved', rule, changes: {} },
      ],
    });
  });

  it.each([
    { hours: 1, limit: null },
    { hours: 6.5, limit: 4 },
    { hours: 13, limit: 6.5 },
    { hours: 2, limit: 0 },
  ])('leaves $hours h with limit $limit waiting for the approver', ({ hours, limit }) => {
    const decision = evaluate('client', hours, limit);
    expect(decision).toEqual({
      ok: true,
      status: 'evaluated',
      changes: { estimateHours: hours },
      steps: [{ from: 'new', to: 'evaluated', by: 'actor', changes: { estimateHours: hours } }],
    });
  });

  it('lets the approver of the same client approve or reject, and no one else', () => {
    const waiting = ticketIn('evaluated', 'client', { estimateHours: 6.5 });
    expect(decide(waiting, ACTORS.approverSame, 'approved')).toMatchObject({ ok: true, status: 'approved' });
    expect(decide(waiting, ACTORS.approverSame, 'rejected')).toMatchObject({ ok: true, status: 'rejected' });
    expect(decide(waiting, ACTORS.clientUserSame, 'approved')).toMatchObject({
      ok: false,
      kind: 'forbidden',
    });
    expect(decide(waiting, ACTORS.approverOther, 'approved')).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(decide(waiting, ACTORS.admin, 'approved')).toMatchObject({ ok: false, kind: 'forbidden' });
  });
});

describe('planning', () => {
  const approved = ticketIn('approved', 'client', { assigneeId: null });
  const plan = (input: TransitionInput) => decide(approved, ACTORS.dispatcher, 'planned', input);
  const fields = {
    assigneeId: 'agent-1',
    plannedStart: '2026-02-02T09:00:00+03:00',
    plannedEnd: '2026-02-03T18:00:00+03:00',
    acceptanceCriteria: 'The invoice prints with the stamp',
  };

  it('records the assignee, dates and acceptance criteria', () => {
    const decision = plan(fields);
    expect(decision).toMatchObject({
      ok: true,
      status: 'planned',
      changes: {
        assigneeId: 'agent-1',
        plannedStart: new Date('2026-02-02T06:00:00Z'),
        plannedEnd: new Date('2026-02-03T15:00:00Z'),
        acceptanceCriteria: 'The invoice prints with the stamp',
      },
    });
  });

  it('accepts Date objects', () => {
    const decision = plan({
      ...fields,
      plannedStart: new Date('2026-02-02T06:00:00Z'),
      plannedEnd: new Date('2026-02-02T07:00:00Z'),
    });
    expect(decision.ok).toBe(true);
  });

  it.each(Object.keys(fields) as (keyof typeof fields)[])('requires %s', (field) => {
    const decision = plan({ ...fields, [field]: undefined });
    expect(decision).toMatchObject({ ok: false, kind: 'invalid', errors: [{ path: field }] });
  });

  it('names every missing field at once', () => {
    const decision = plan({});
    expect(decision.ok ? [] : decision.errors?.map((e) => e.path)).toEqual([
      'assigneeId',
      'plannedStart',
      'plannedEnd',
      'acceptanceCriteria',
    ]);
  });

  it.each([
    { what: 'blank acceptance criteria', patch: { acceptanceCriteria: '   ' }, path: 'acceptanceCriteria' },
    { what: 'an end equal to the start', patch: { plannedEnd: fields.plannedStart }, path: 'plannedEnd' },
    {
      what: 'an end before the start',
      patch: { plannedEnd: '2026-02-01T09:00:00+03:00' },
      path: 'plannedEnd',
    },
    { what: 'a date that is not a date', patch: { plannedStart: 'next Monday' }, path: 'plannedStart' },
    {
      what: 'a date-time without an offset',
      patch: { plannedStart: '2026-02-02T09:00:00' },
      path: 'plannedStart',
    },
    { what: 'an impossible date', patch: { plannedEnd: '2026-02-31T09:00:00Z' }, path: 'plannedEnd' },
  ])('refuses $what, naming $path', ({ patch, path }) => {
    const decision = plan({ ...fields, ...patch });
    expect(decision).toMatchObject({ ok: false, kind: 'invalid', errors: [{ path }] });
  });

  it('is not for agents', () => {
    expect(decide(approved, ACTORS.agentAssignee, 'planned', fields)).toMatchObject({
      ok: false,
      kind: 'forbidden',
    });
  });
});

describe('work', () => {
  it('starts when the assignee starts the timer, and says so', () => {
    const decision = decide(ticketIn('planned', 'client'), ACTORS.agentAssignee, 'in_progress', {
      via: 'timer',
    });
    expect(decision).toEqual({
      ok: true,
      status: 'in_progress',
      changes: {},
      steps: [{ from: 'planned', to: 'in_progress', by: 'actor', via: 'timer', changes: {} }],
    });
  });

  it('does not let an agent start a request assigned to someone else', () => {
    const decision = decide(ticketIn('planned', 'client'), ACTORS.agentOther, 'in_progress', {
      via: 'timer',
    });
    expect(decision).toMatchObject({ ok: false, kind: 'forbidden' });
  });

  it('needs a resolution to be done', () => {
    const working = ticketIn('in_progress', 'client');
    for (const resolution of [undefined, '', '  \n ']) {
      expect(decide(working, ACTORS.agentAssignee, 'done', { resolution })).toMatchObject({
        ok: false,
        kind: 'invalid',
        errors: [{ path: 'resolution', message: 'required' }],
      });
    }
    expect(decide(working, ACTORS.agentAssignee, 'done', { resolution: ' Fixed ' })).toMatchObject({
      ok: true,
      status: 'done',
      changes: { resolution: 'Fixed' },
    });
  });
});

describe('acceptance by the requester', () => {
  it('lets the client confirm completion', () => {
    expect(decide(ticketIn('done', 'client'), ACTORS.clientUserSame, 'completed', {})).toMatchObject({
      ok: true,
      status: 'completed',
    });
  });

  it('needs a comment to send the work back', () => {
    const done = ticketIn('done', 'client');
    expect(decide(done, ACTORS.approverSame, 'in_progress', {})).toMatchObject({
      ok: false,
      kind: 'invalid',
      errors: [{ path: 'comment' }],
    });
    expect(decide(done, ACTORS.approverSame, 'in_progress', { comment: 'Totals are wrong' })).toMatchObject({
      ok: true,
      status: 'in_progress',
      steps: [{ from: 'done', to: 'in_progress', by: 'actor', comment: 'Totals are wrong' }],
    });
  });

  it('lets only the requester of an internal request accept it', () => {
    const done = ticketIn('done', 'internal');
    expect(decide(done, ACTORS.employeeRequester, 'completed', {}).ok).toBe(true);
    expect(decide(done, ACTORS.employeeOther, 'completed', {})).toMatchObject({
      ok: false,
      kind: 'forbidden',
    });
    expect(decide(done, ACTORS.dispatcher, 'completed', {})).toMatchObject({ ok: false, kind: 'forbidden' });
  });

  it('does not treat a client role as the requester of an internal request', () => {
    const done = ticketIn('done', 'internal', { requesterId: ACTORS.clientUserSame.id });
    expect(decide(done, ACTORS.clientUserSame, 'completed', {})).toMatchObject({
      ok: false,
      kind: 'forbidden',
    });
  });
});

describe('stale requests', () => {
  it('remembers where the request was stuck', () => {
    for (const from of ['new', 'evaluated'] as const) {
      expect(decide(ticketIn(from, 'client'), ACTORS.system, 'stale', {})).toEqual({
        ok: true,
        status: 'stale',
        changes: { statusBeforeStale: from },
        steps: [{ from, to: 'stale', by: 'system', changes: { statusBeforeStale: from } }],
      });
    }
  });

  it.each(['new', 'evaluated'] as const)('returns only to the status it had (%s)', (before) => {
    const stale = ticketIn('stale', 'client', { statusBeforeStale: before });
    const other = before === 'new' ? 'evaluated' : 'new';
    expect(decide(stale, ACTORS.dispatcher, before, {})).toMatchObject({
      ok: true,
      status: before,
      changes: { statusBeforeStale: null },
    });
    expect(decide(stale, ACTORS.dispatcher, other, {})).toMatchObject({
      ok: false,
      kind: 'conflict',
      allowed: [before, 'irrelevant'],
    });
    expect(allowedTransitions(stale, ACTORS.admin)).toEqual([before, 'irrelevant']);
  });

  it('returns nowhere but irrelevant when the earlier status is unknown', () => {
    const stale = ticketIn('stale', 'client', { statusBeforeStale: null });
    expect(allowedTransitions(stale, ACTORS.dispatcher)).toEqual(['irrelevant']);
  });

  it('does not re-approve a request returned to evaluated', () => {
    const stale = ticketIn('stale', 'client', { statusBeforeStale: 'evaluated', estimateHours: 0.5 });
    expect(decide(stale, ACTORS.dispatcher, 'evaluated', {})).toMatchObject({
      ok: true,
      status: 'evaluated',
    });
  });

  describe('isStale', () => {
    const lastChangedAt = new Date('2026-01-01T12:00:00Z');
    const after = (days: number, hours = 0) =>
      new Date(lastChangedAt.getTime() + (days * 24 + hours) * 3_600_000);

    it.each(['new', 'evaluated'] as const)('marks a %s request after 30 days, not before', (status) => {
      expect(isStale({ status, lastChangedAt }, after(29, 23))).toBe(false);
      expect(isStale({ status, lastChangedAt }, after(30))).toBe(true);
      expect(isStale({ status, lastChangedAt }, after(45))).toBe(true);
    });

    it('takes the number of days as a setting', () => {
      expect(isStale({ status: 'new', lastChangedAt }, after(6, 23), 7)).toBe(false);
      expect(isStale({ status: 'new', lastChangedAt }, after(7), 7)).toBe(true);
    });

    it.each(STATUSES.filter((s) => s !== 'new' && s !== 'evaluated'))(
      'never marks a %s request',
      (status) => {
        expect(isStale({ status, lastChangedAt }, after(365))).toBe(false);
      },
    );
  });
});

describe('allowedTransitions', () => {
  it.each([
    {
      what: 'an agent on a new request',
      ticket: ticketIn('new', 'client'),
      actor: 'agentOther',
      allowed: ['evaluated'],
    },
    {
      what: 'the approver on a waiting estimate',
      ticket: ticketIn('evaluated', 'client'),
      actor: 'approverSame',
      allowed: ['approved', 'rejected'],
    },
    {
      what: 'a client user on a waiting estimate',
      ticket: ticketIn('evaluated', 'client'),
      actor: 'clientUserSame',
      allowed: [],
    },
    {
      what: 'the dispatcher on an approved request',
      ticket: ticketIn('approved', 'client'),
      actor: 'dispatcher',
      allowed: ['planned'],
    },
    {
      what: 'the assignee on a planned request',
      ticket: ticketIn('planned', 'client'),
      actor: 'agentAssignee',
      allowed: ['in_progress'],
    },
    {
      what: 'another agent on a planned request',
      ticket: ticketIn('planned', 'client'),
      actor: 'agentOther',
      allowed: [],
    },
    {
      what: 'the assignee at work',
      ticket: ticketIn('in_progress', 'client'),
      actor: 'agentAssignee',
      allowed: ['done'],
    },
    {
      what: 'the client on a done request',
      ticket: ticketIn('done', 'client'),
      actor: 'clientUserSame',
      allowed: ['in_progress', 'completed'],
    },
    {
      what: 'another client on a done request',
      ticket: ticketIn('done', 'client'),
      actor: 'clientUserOther',
      allowed: [],
    },
    {
      what: 'the scheduler on a new request',
      ticket: ticketIn('new', 'client'),
      actor: 'system',
      allowed: ['stale'],
    },
    {
      what: 'an admin on a completed request',
      ticket: ticketIn('completed', 'client'),
      actor: 'admin',
      allowed: [],
    },
  ] as const)('offers $what: $allowed', ({ ticket, actor, allowed }) => {
    expect(allowedTransitions(ticket, ACTORS[actor])).toEqual(allowed);
  });
});
