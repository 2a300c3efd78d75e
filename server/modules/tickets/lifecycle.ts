// The request lifecycle (DESIGN.md capability 2, seed 001) as one transition table and pure decisions.
// No I/O and no clock: the service loads the ticket, the client's approval limit and the time, asks here,
// then writes the steps. The UI reads the same table to offer only what the server would accept.
import {
  AUTO_APPROVE_BELOW_HOURS,
  ESTIMATE_SCALE,
  STALE_AFTER_DAYS_DEFAULT,
  STATUSES,
  isEstimateHours,
  type Status,
} from '#common/tickets.ts';
import { isClientRole, isStaffRole, type Role } from '#common/roles.ts';
import { assertUnreachable } from '#common/assert.ts';

export type LifecycleActor = { id: string; role: Role | 'system'; clientId: string | null };

export type LifecycleTicket = {
  status: Status;
  /** null: a request of the organization's own employees (no client, hence no approver). */
  clientId: string | null;
  requesterId: string | null;
  assigneeId: string | null;
  estimateHours: number | null;
  statusBeforeStale: Status | null;
};

export type TransitionInput = {
  estimateHours?: number;
  assigneeId?: string;
  plannedStart?: string | Date;
  plannedEnd?: string | Date;
  acceptanceCriteria?: string;
  resolution?: string;
  comment?: string;
  /** The work timer started this transition (the service calls the same decision). */
  via?: 'timer';
};

/** Who may take a transition; a rule lists several and any one of them suffices. */
export type Party =
  | 'admin'
  | 'dispatcher'
  /** Any agent: estimating is open to whoever picks the request up (visibility is checked before). */
  | 'agent'
  /** The staff member the request is assigned to. */
  | 'assignee'
  /** A client_user or client_approver of the request's client. */
  | 'ownClient'
  /** The client_approver of the request's client. */
  | 'ownClientApprover'
  /** For an internal request (no client), the person who asked for it. */
  | 'internalRequester'
  /** A scheduled job, never a person. */
  | 'system';

export type TransitionField =
  | 'estimateHours'
  | 'assigneeId'
  | 'plannedStart'
  | 'plannedEnd'
  | 'acceptanceCriteria'
  | 'resolution'
  | 'comment';

/** A condition on the ticket's state beyond its status. */
export type TransitionGuard = 'toIsStatusBeforeStale';

/** What the transition does besides changing the status. */
export type TransitionEffect = 'autoApproval' | 'rememberStatusBeforeStale' | 'forgetStatusBeforeStale';

export type TransitionRule = {
  by: readonly Party[];
  requires: readonly TransitionField[];
  guard?: TransitionGuard;
  effect?: TransitionEffect;
};

export type TransitionTable = Record<Status, Partial<Record<Status, TransitionRule>>>;

const MANAGERS = ['dispatcher', 'admin'] as const;
const CONFIRMERS = ['ownClient', 'internalRequester'] as const;

/** The one lifecycle table: from-status → to-status → who may and what it needs. */
export const TRANSITIONS = {
  new: {
    evaluated: { by: ['agent', ...MANAGERS], requires: ['estimateHours'], effect: 'autoApproval' },
    stale: { by: ['system'], requires: [], effect: 'rememberStatusBeforeStale' },
  },
  evaluated: {
    approved: { by: ['ownClientApprover'], requires: [] },
    rejected: { by: ['ownClientApprover'], requires: [] },
    stale: { by: ['system'], requires: [], effect: 'rememberStatusBeforeStale' },
  },
  approved: {
    planned: {
      by: MANAGERS,
      requires: ['assigneeId', 'plannedStart', 'plannedEnd', 'acceptanceCriteria'],
    },
  },
  rejected: {},
  planned: {
    in_progress: { by: ['assignee', ...MANAGERS], requires: [] },
  },
  in_progress: {
    done: { by: ['assignee', ...MANAGERS], requires: ['resolution'] },
  },
  done: {
    completed: { by: CONFIRMERS, requires: [] },
    // Sending back must say what was not accepted, or the assignee cannot act on it.
    in_progress: { by: CONFIRMERS, requires: ['comment'] },
  },
  completed: {},
  stale: {
    new: { by: MANAGERS, requires: [], guard: 'toIsStatusBeforeStale', effect: 'forgetStatusBeforeStale' },
    evaluated: {
      by: MANAGERS,
      requires: [],
      guard: 'toIsStatusBeforeStale',
      effect: 'forgetStatusBeforeStale',
    },
    irrelevant: { by: MANAGERS, requires: [] },
  },
  irrelevant: {},
} as const satisfies TransitionTable;

// The literal type above is for readers (and the UI's autocompletion); decisions index it by any status.
const TABLE: TransitionTable = TRANSITIONS;

export type AutoApprovalRule = 'internal_request' | 'under_one_hour' | 'within_client_limit';

export type StepChanges = Partial<{
  estimateHours: number;
  assigneeId: string;
  plannedStart: Date;
  plannedEnd: Date;
  acceptanceCriteria: string;
  resolution: string;
  statusBeforeStale: Status | null;
}>;

export type Step = {
  from: Status;
  to: Status;
  by: 'actor' | 'system';
  reason?: 'auto_approved';
  rule?: AutoApprovalRule;
  /** Why the requester sent the work back (done → in_progress). */
  comment?: string;
  via?: 'timer';
  changes: StepChanges;
};

export type FieldError = { path: string; message: string };

export type Decision =
  | { ok: true; steps: Step[]; status: Status; changes: StepChanges }
  | {
      ok: false;
      kind: 'forbidden' | 'conflict' | 'invalid';
      detail: string;
      errors?: FieldError[];
      /** What this actor may do from the current state, for the 409 answer and the UI. */
      allowed: Status[];
    };

export type DecisionOptions = {
  /** The client's contract limit: estimates up to it need no approval; null means no such limit. */
  approvalLimitHours: number | null;
};

/** The rule for one transition, or undefined when the lifecycle has no such edge. */
export function transitionRule(from: Status, to: Status): TransitionRule | undefined {
  return TABLE[from][to];
}

function actsAs(party: Party, ticket: LifecycleTicket, actor: LifecycleActor): boolean {
  const { role } = actor;
  switch (party) {
    case 'admin':
    case 'dispatcher':
    case 'agent':
    case 'system':
      return role === party;
    case 'assignee':
      // Only staff work on requests, so an id match alone must not let anyone else in.
      return (
        role !== 'system' && isStaffRole(role) && ticket.assigneeId !== null && actor.id === ticket.assigneeId
      );
    case 'ownClient':
      return role !== 'system' && isClientRole(role) && isOwnClient(ticket, actor);
    case 'ownClientApprover':
      return role === 'client_approver' && isOwnClient(ticket, actor);
    case 'internalRequester':
      // Any of the organization's own people may file an internal request, staff included; clients may not.
      return (
        role !== 'system' &&
        !isClientRole(role) &&
        ticket.clientId === null &&
        ticket.requesterId !== null &&
        actor.id === ticket.requesterId
      );
    default:
      return assertUnreachable(party);
  }
}

// Two "no client" values must never match each other: that would make a client role a party to internal requests.
function isOwnClient(ticket: LifecycleTicket, actor: LifecycleActor): boolean {
  return ticket.clientId !== null && actor.clientId === ticket.clientId;
}

function guardHolds(guard: TransitionGuard | undefined, ticket: LifecycleTicket, to: Status): boolean {
  if (guard === undefined) {
    return true;
  }
  switch (guard) {
    case 'toIsStatusBeforeStale':
      return ticket.statusBeforeStale === to;
    default:
      return assertUnreachable(guard);
  }
}

function mayAct(rule: TransitionRule, ticket: LifecycleTicket, actor: LifecycleActor): boolean {
  return rule.by.some((party) => actsAs(party, ticket, actor));
}

/** The statuses this actor may move the ticket to now, in lifecycle order (input validity aside). */
export function allowedTransitions(ticket: LifecycleTicket, actor: LifecycleActor): Status[] {
  return STATUSES.filter((to) => {
    const rule = TABLE[ticket.status][to];
    return rule !== undefined && mayAct(rule, ticket, actor) && guardHolds(rule.guard, ticket, to);
  });
}

/**
 * Why an estimate needs no approval, or null when the client's approver must decide.
 * Internal requests come first: they have no approver at all, whatever the estimate.
 */
export function autoApprovalRule(
  clientId: string | null,
  estimateHours: number,
  approvalLimitHours: number | null,
): AutoApprovalRule | null {
  if (clientId === null) {
    return 'internal_request';
  }
  if (estimateHours < AUTO_APPROVE_BELOW_HOURS) {
    return 'under_one_hour';
  }
  if (approvalLimitHours !== null && estimateHours <= approvalLimitHours) {
    return 'within_client_limit';
  }
  return null;
}

/** True when a request stuck before planning has gone `staleAfterDays` whole days without a change. */
export function isStale(
  ticket: { status: Status; lastChangedAt: Date },
  now: Date,
  staleAfterDays: number = STALE_AFTER_DAYS_DEFAULT,
): boolean {
  if (ticket.status !== 'new' && ticket.status !== 'evaluated') {
    return false;
  }
  return now.getTime() - ticket.lastChangedAt.getTime() >= staleAfterDays * DAY_MS;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// ISO 8601 with an offset (API.md): a local time without one would be read in the server's zone.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

// Date rolls 31 February over into March instead of refusing it.
function isCalendarDay(iso: string): boolean {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) {
    return false;
  }
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

type Parsed<T> = { value: T } | { error: string };

function parseDate(raw: string | Date | undefined): Parsed<Date> {
  if (raw === undefined || raw === null) {
    return { error: 'required' };
  }
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? { error: 'not a valid date' } : { value: raw };
  }
  if (typeof raw !== 'string' || !ISO_DATE_TIME.test(raw)) {
    return { error: 'must be an ISO 8601 date-time with an offset, e.g. 2026-01-15T09:00:00+03:00' };
  }
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) || !isCalendarDay(raw)
    ? { error: 'not a valid date' }
    : { value: date };
}

function parseText(raw: string | undefined): Parsed<string> {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { error: 'required' };
  }
  return { value: raw.trim() };
}

function parseEstimate(raw: number | undefined): Parsed<number> {
  if (raw === undefined || raw === null) {
    return { error: 'required' };
  }
  if (typeof raw !== 'number' || !isEstimateHours(raw)) {
    return { error: `must be one of ${ESTIMATE_SCALE.join(', ')}` };
  }
  return { value: raw };
}

type Collected = { changes: StepChanges; comment?: string; errors: FieldError[] };

// Reads only the fields the rule requires: others in the body are not this transition's business.
function collectInput(fields: readonly TransitionField[], input: TransitionInput): Collected {
  const collected: Collected = { changes: {}, errors: [] };
  const take = <T>(path: TransitionField, parsed: Parsed<T>, apply: (value: T) => void) => {
    if ('error' in parsed) {
      collected.errors.push({ path, message: parsed.error });
    } else {
      apply(parsed.value);
    }
  };
  for (const field of fields) {
    switch (field) {
      case 'estimateHours':
        take(field, parseEstimate(input.estimateHours), (v) => (collected.changes.estimateHours = v));
        break;
      case 'assigneeId':
        take(field, parseText(input.assigneeId), (v) => (collected.changes.assigneeId = v));
        break;
      case 'plannedStart':
        take(field, parseDate(input.plannedStart), (v) => (collected.changes.plannedStart = v));
        break;
      case 'plannedEnd':
        take(field, parseDate(input.plannedEnd), (v) => (collected.changes.plannedEnd = v));
        break;
      case 'acceptanceCriteria':
        take(field, parseText(input.acceptanceCriteria), (v) => (collected.changes.acceptanceCriteria = v));
        break;
      case 'resolution':
        take(field, parseText(input.resolution), (v) => (collected.changes.resolution = v));
        break;
      case 'comment':
        take(field, parseText(input.comment), (v) => (collected.comment = v));
        break;
      default:
        assertUnreachable(field);
    }
  }
  const { plannedStart, plannedEnd } = collected.changes;
  if (plannedStart && plannedEnd && plannedEnd.getTime() <= plannedStart.getTime()) {
    collected.errors.push({ path: 'plannedEnd', message: 'must be after plannedStart' });
  }
  return collected;
}

function effectSteps(
  effect: TransitionEffect | undefined,
  ticket: LifecycleTicket,
  actorStep: Step,
  options: DecisionOptions,
): Step[] {
  if (effect === undefined) {
    return [actorStep];
  }
  switch (effect) {
    case 'rememberStatusBeforeStale':
      return [{ ...actorStep, changes: { ...actorStep.changes, statusBeforeStale: actorStep.from } }];
    case 'forgetStatusBeforeStale':
      return [{ ...actorStep, changes: { ...actorStep.changes, statusBeforeStale: null } }];
    case 'autoApproval': {
      const estimate = actorStep.changes.estimateHours ?? ticket.estimateHours;
      const rule =
        estimate === null ? null : autoApprovalRule(ticket.clientId, estimate, options.approvalLimitHours);
      if (rule === null) {
        return [actorStep];
      }
      // A separate system step, so the history shows the approval was automatic and by which rule.
      const approval: Step = {
        from: actorStep.to,
        to: 'approved',
        by: 'system',
        reason: 'auto_approved',
        rule,
        changes: {},
      };
      return [actorStep, approval];
    }
    default:
      return assertUnreachable(effect);
  }
}

// ---------------------------------------------------------------------------------------------------
// Re-planning: the dispatcher's twice-weekly planning moves scheduled work in time or to another
// employee (seed 001). The status stays; the same parties who plan may re-plan, and the same field rules
// apply as for the `approved → planned` transition.

/** The statuses whose plan may still change, and who may change it. */
export const REPLANNING = {
  planned: { by: MANAGERS },
  // Work under way can slip or change hands; once done, the plan is history.
  in_progress: { by: MANAGERS },
} as const satisfies Partial<Record<Status, { by: readonly Party[] }>>;

const REPLAN_TABLE: Partial<Record<Status, { by: readonly Party[] }>> = REPLANNING;

export type ReplanInput = Pick<TransitionInput, 'assigneeId' | 'plannedStart' | 'plannedEnd'>;

/** A scheduled request as re-planning sees it: its current plan besides what the lifecycle reads. */
export type ReplanTicket = LifecycleTicket & { plannedStart: Date | null; plannedEnd: Date | null };

export type PlanChanges = Partial<{ assigneeId: string; plannedStart: Date; plannedEnd: Date }>;

export type ReplanDecision =
  | {
      ok: true;
      changes: PlanChanges;
      previous: { assigneeId: string | null; plannedStart: Date | null; plannedEnd: Date | null };
    }
  | Extract<Decision, { ok: false }>;

/** True when this actor may change the plan of this request now. */
export function mayReplan(ticket: LifecycleTicket, actor: LifecycleActor): boolean {
  const rule = REPLAN_TABLE[ticket.status];
  return rule !== undefined && rule.by.some((party) => actsAs(party, ticket, actor));
}

/**
 * Decides whether `actor` may change the assignee or the planned period of `ticket` with `input` (any of
 * the three; what is left out stays), and if so what changes. A value equal to the current one is no change.
 */
export function decideReplan(
  ticket: ReplanTicket,
  actor: LifecycleActor,
  input: ReplanInput,
): ReplanDecision {
  const refuse = (
    kind: 'forbidden' | 'conflict' | 'invalid',
    detail: string,
    errors?: FieldError[],
  ): ReplanDecision => ({
    ok: false,
    kind,
    detail,
    ...(errors ? { errors } : {}),
    allowed: allowedTransitions(ticket, actor),
  });
  const rule = REPLAN_TABLE[ticket.status];
  if (rule === undefined) {
    return refuse('conflict', `A request in status ${ticket.status} has no plan to change`);
  }
  if (!rule.by.some((party) => actsAs(party, ticket, actor))) {
    return refuse('forbidden', `${actor.role} may not re-plan requests`);
  }
  const fields = (['assigneeId', 'plannedStart', 'plannedEnd'] as const).filter(
    (field) => input[field] !== undefined,
  );
  if (fields.length === 0) {
    return refuse('invalid', 'Name what changes: assigneeId, plannedStart or plannedEnd', [
      { path: 'plannedStart', message: 'give a new assignee, start or end' },
    ]);
  }
  const collected = collectInput(fields, input);
  const start = collected.changes.plannedStart ?? ticket.plannedStart;
  const end = collected.changes.plannedEnd ?? ticket.plannedEnd;
  // One bound given: its order is checked against the bound that stays (collectInput checks two given).
  const bothGiven = collected.changes.plannedStart && collected.changes.plannedEnd;
  if (!bothGiven && start && end && end.getTime() <= start.getTime()) {
    collected.errors.push({ path: 'plannedEnd', message: 'must be after plannedStart' });
  }
  if (collected.errors.length > 0) {
    const paths = collected.errors.map((error) => error.path).join(', ');
    return refuse('invalid', `Invalid plan: ${paths}`, collected.errors);
  }
  const changes: PlanChanges = {};
  const { assigneeId, plannedStart, plannedEnd } = collected.changes;
  if (assigneeId !== undefined && assigneeId !== ticket.assigneeId) {
    changes.assigneeId = assigneeId;
  }
  if (plannedStart !== undefined && plannedStart.getTime() !== ticket.plannedStart?.getTime()) {
    changes.plannedStart = plannedStart;
  }
  if (plannedEnd !== undefined && plannedEnd.getTime() !== ticket.plannedEnd?.getTime()) {
    changes.plannedEnd = plannedEnd;
  }
  return {
    ok: true,
    changes,
    previous: {
      assigneeId: ticket.assigneeId,
      plannedStart: ticket.plannedStart,
      plannedEnd: ticket.plannedEnd,
    },
  };
}

/** Decides whether `actor` may move `ticket` to `to` with `input`, and if so the steps to record. */
export function decideTransition(
  ticket: LifecycleTicket,
  actor: LifecycleActor,
  to: Status,
  input: TransitionInput,
  options: DecisionOptions,
): Decision {
  const from = ticket.status;
  const rule = TABLE[from][to];
  const refuse = (
    kind: 'forbidden' | 'conflict' | 'invalid',
    detail: string,
    errors?: FieldError[],
  ): Decision => ({
    ok: false,
    kind,
    detail,
    ...(errors ? { errors } : {}),
    allowed: allowedTransitions(ticket, actor),
  });

  if (rule === undefined) {
    return refuse('conflict', `A request in status ${from} cannot move to ${to}`);
  }
  // Who comes before the state guard: someone who could never take this edge learns nothing about the state.
  if (!mayAct(rule, ticket, actor)) {
    return refuse('forbidden', `${actor.role} may not move this request from ${from} to ${to}`);
  }
  if (!guardHolds(rule.guard, ticket, to)) {
    return refuse(
      'conflict',
      `A stale request returns only to the status it had before (${ticket.statusBeforeStale ?? 'unknown'})`,
    );
  }
  const collected = collectInput(rule.requires, input);
  if (collected.errors.length > 0) {
    const paths = collected.errors.map((error) => error.path).join(', ');
    return refuse('invalid', `Invalid input for ${from} → ${to}: ${paths}`, collected.errors);
  }

  const actorStep: Step = {
    from,
    to,
    by: actor.role === 'system' ? 'system' : 'actor',
    ...(collected.comment !== undefined ? { comment: collected.comment } : {}),
    ...(input.via !== undefined ? { via: input.via } : {}),
    changes: collected.changes,
  };
  const steps = effectSteps(rule.effect, ticket, actorStep, options);
  const last = steps[steps.length - 1] ?? actorStep;
  const changes = steps.reduce<StepChanges>((all, step) => ({ ...all, ...step.changes }), {});
  return { ok: true, steps, status: last.to, changes };
}
