import { sql } from 'kysely';
import { isStaffRole } from '#common/roles.ts';
import type { Priority } from '#common/tickets.ts';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';
import { getTicket, lockTicket, recordEvent } from '#server/modules/tickets/service.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

// ---- Types of requests -------------------------------------------------------------------------

export async function listTicketTypes(db: Db, includeInactive = false) {
  const rows = await db
    .selectFrom('ticket_types')
    .select(['code', 'name', 'name_en', 'position', 'is_active'])
    .$if(!includeInactive, (qb) => qb.where('is_active', '=', true))
    .orderBy('position')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    position: r.position,
    isActive: r.is_active,
  }));
}

async function ticketType(db: Db, code: string) {
  const found = (await listTicketTypes(db, true)).find((t) => t.code === code);
  if (!found) {
    throw new NotFoundError('Type of request');
  }
  return found;
}

export async function createTicketType(
  db: Db,
  input: { code: string; name: string; nameEn: string; position?: number },
) {
  const inserted = await db
    .insertInto('ticket_types')
    .values({
      code: input.code,
      name: input.name.trim(),
      name_en: input.nameEn.trim(),
      position: input.position ?? 100,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('code')
    .executeTakeFirst();
  if (!inserted) {
    throw new ConflictError(`The type ${input.code} already exists`, { code: 'duplicate_code' });
  }
  return ticketType(db, input.code);
}

export async function updateTicketType(
  db: Db,
  code: string,
  patch: { name?: string; nameEn?: string; position?: number; isActive?: boolean },
) {
  const row = await db
    .updateTable('ticket_types')
    .set({
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.nameEn !== undefined ? { name_en: patch.nameEn.trim() } : {}),
      ...(patch.position !== undefined ? { position: patch.position } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
    })
    .where('code', '=', code)
    .returning('code')
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Type of request');
  }
  return ticketType(db, code);
}

// ---- Routing rules -----------------------------------------------------------------------------

export type RuleInput = {
  name: string;
  position?: number;
  serviceId?: string | null;
  type?: string | null;
  priority?: Priority | null;
  clientId?: string | null;
  lineId: string;
  groupId?: string | null;
  isActive?: boolean;
};

function selectRules(db: Db) {
  return db
    .selectFrom('routing_rules as r')
    .innerJoin('support_lines as l', 'l.id', 'r.line_id')
    .leftJoin('support_groups as g', 'g.id', 'r.group_id')
    .leftJoin('services as s', 's.id', 'r.service_id')
    .leftJoin('clients as c', 'c.id', 'r.client_id')
    .select([
      'r.id',
      'r.position',
      'r.name',
      'r.service_id',
      's.name as service_name',
      'r.type',
      'r.priority',
      'r.client_id',
      'c.name as client_name',
      'r.line_id',
      'l.name as line_name',
      'r.group_id',
      'g.name as group_name',
      'r.is_active',
      'r.updated_at',
    ]);
}

const presentRule = (
  row: Awaited<ReturnType<ReturnType<typeof selectRules>['executeTakeFirstOrThrow']>>,
) => ({
  id: row.id,
  position: row.position,
  name: row.name,
  serviceId: row.service_id,
  serviceName: row.service_name,
  type: row.type,
  priority: row.priority,
  clientId: row.client_id,
  clientName: row.client_name,
  lineId: row.line_id,
  lineName: row.line_name,
  groupId: row.group_id,
  groupName: row.group_name,
  isActive: row.is_active,
  updatedAt: iso(row.updated_at),
});

export async function listRules(db: Db) {
  const rows = await selectRules(db).orderBy('r.position').orderBy('r.id').execute();
  return rows.map(presentRule);
}

async function getRule(db: Db, id: string) {
  const row = await selectRules(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Routing rule');
  }
  return presentRule(row);
}

/** A group must belong to the rule's line. */
async function checkGroup(db: Db, lineId: string, groupId: string | null | undefined) {
  if (!groupId) {
    return;
  }
  const group = await db
    .selectFrom('support_groups')
    .select('line_id')
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!group || group.line_id !== lineId) {
    throw new FieldValidationError('groupId', 'must be a group of the chosen line');
  }
}

const FIELD_OF_FOREIGN_KEY: Record<string, string> = {
  routing_rules_service_id_fkey: 'serviceId',
  routing_rules_type_fkey: 'type',
  routing_rules_client_id_fkey: 'clientId',
  routing_rules_line_id_fkey: 'lineId',
  routing_rules_group_id_fkey: 'groupId',
};

async function namingField<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
    const field = code === '23503' && constraint ? FIELD_OF_FOREIGN_KEY[constraint] : undefined;
    if (field) {
      throw new FieldValidationError(field, 'does not exist');
    }
    throw error;
  }
}

export async function createRule(db: Db, clock: Clock, input: RuleInput) {
  await checkGroup(db, input.lineId, input.groupId);
  const row = await namingField(() =>
    db
      .insertInto('routing_rules')
      .values({
        name: input.name.trim(),
        position: input.position ?? sql<number>`coalesce((select max(position) from routing_rules), 0) + 10`,
        service_id: input.serviceId ?? null,
        type: input.type ?? null,
        priority: input.priority ?? null,
        client_id: input.clientId ?? null,
        line_id: input.lineId,
        group_id: input.groupId ?? null,
        is_active: input.isActive ?? true,
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return getRule(db, row.id);
}

export async function updateRule(db: Db, clock: Clock, id: string, patch: Partial<RuleInput>) {
  const current = await getRule(db, id);
  const lineId = patch.lineId ?? current.lineId;
  const groupId = patch.groupId !== undefined ? patch.groupId : patch.lineId ? null : current.groupId;
  await checkGroup(db, lineId, groupId);
  await namingField(() =>
    db
      .updateTable('routing_rules')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(patch.serviceId !== undefined ? { service_id: patch.serviceId } : {}),
        ...(patch.type !== undefined ? { type: patch.type } : {}),
        ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
        ...(patch.clientId !== undefined ? { client_id: patch.clientId } : {}),
        line_id: lineId,
        group_id: groupId,
        ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
        updated_at: clock.now(),
      })
      .where('id', '=', id)
      .execute(),
  );
  return getRule(db, id);
}

export async function deleteRule(db: Db, id: string) {
  const result = await db.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) {
    throw new NotFoundError('Routing rule');
  }
}

// ---- Escalation --------------------------------------------------------------------------------

const CLOSED = ['completed', 'rejected', 'irrelevant'];

/**
 * Moves a request to another support line: up (to the next line, or the one named) or back down, with
 * a reason. The assignee stays only if he works on the target line; the history keeps the move.
 * @throws NotFoundError, ConflictError (stale version, closed request, no line that way), FieldValidationError.
 */
export async function escalateTicket(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  ticketId: string,
  input: {
    direction: 'up' | 'down';
    lineId?: string;
    groupId?: string | null;
    reason: string;
    version: number;
  },
) {
  if (!isStaffRole(actor.role)) {
    throw new FieldValidationError('direction', 'only support staff move requests between lines');
  }
  const reason = input.reason.trim();
  if (!reason) {
    throw new FieldValidationError('reason', 'say why the request moves');
  }
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockTicket(tx, actor, ticketId, input.version);
    if (CLOSED.includes(row.status)) {
      throw new ConflictError('A closed request stays where it was closed', { code: 'closed' });
    }
    const lines = await tx
      .selectFrom('support_lines')
      .select(['id', 'code', 'name', 'level'])
      .orderBy('level')
      .execute();
    const current = lines.find((l) => l.id === row.line_id) ?? null;
    const level = current?.level ?? 0;
    let target = input.lineId ? lines.find((l) => l.id === input.lineId) : undefined;
    if (input.lineId && !target) {
      throw new FieldValidationError('lineId', 'no such line');
    }
    if (!target) {
      target =
        input.direction === 'up'
          ? lines.find((l) => l.level > level)
          : lines.filter((l) => l.level < level).at(-1);
    }
    if (!target || target.id === row.line_id) {
      throw new ConflictError(
        input.direction === 'up' ? 'There is no line above this one' : 'There is no line below this one',
        { code: 'no_line' },
      );
    }
    if (input.direction === 'up' ? target.level <= level : target.level >= level) {
      throw new FieldValidationError(
        'lineId',
        input.direction === 'up' ? 'must be a higher line' : 'must be a lower line',
      );
    }
    await checkGroup(tx, target.id, input.groupId);
    const keepsAssignee =
      row.assignee_id !== null &&
      (await tx
        .selectFrom('user_lines')
        .select('user_id')
        .where('user_id', '=', row.assignee_id)
        .where('line_id', '=', target.id)
        .executeTakeFirst()) !== undefined;
    const now = deps.clock.now();
    await tx
      .updateTable('tickets')
      .set({
        line_id: target.id,
        group_id: input.groupId ?? null,
        ...(keepsAssignee ? {} : { assignee_id: null }),
        escalations: input.direction === 'up' ? sql<number>`escalations + 1` : sql<number>`escalations`,
        updated_at: now,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', ticketId)
      .execute();
    await recordEvent(tx, {
      ticketId,
      actorId: actor.id,
      kind: input.direction === 'up' ? 'escalated' : 'de_escalated',
      data: {
        from: current ? { lineId: current.id, code: current.code, name: current.name } : null,
        to: { lineId: target.id, code: target.code, name: target.name },
        groupId: input.groupId ?? null,
        reason,
        ...(keepsAssignee ? {} : { unassigned: row.assignee_id }),
      },
      internal: true,
      at: now,
    });
    // An agent who hands a request to a line he is not on no longer sees it.
    const visible = await tx
      .selectFrom('tickets')
      .select('id')
      .where('id', '=', ticketId)
      .where(visibleTickets(actor))
      .executeTakeFirst();
    return {
      line: { id: target.id, code: target.code, name: target.name },
      ticket: visible ? await getTicket(tx, actor, ticketId) : null,
    };
  });
}
