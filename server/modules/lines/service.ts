import { sql } from 'kysely';
import type { Role } from '#common/roles.ts';
import type { Db } from '#server/db/client.ts';
import { inTransaction } from '#server/db/tx.ts';
import { ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import { type GroupUsage, type LineUsage, groupRoutedProblem, inUseProblem } from './usage.ts';

export type Member = { id: string; name: string; role: Role; isActive: boolean };
export type GroupView = { id: string; lineId: string; code: string; name: string; members: Member[] };
export type LineView = {
  id: string;
  code: string;
  name: string;
  level: number;
  members: Member[];
  groups: GroupView[];
};

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'ru');

/**
 * Every support line in escalation order, with its groups and the members of each: three queries
 * (lines, groups, and one union of both memberships), never one per line.
 */
export async function listLines(db: Db): Promise<LineView[]> {
  const memberColumns = ['u.id', 'u.name', 'u.role', 'u.is_active'] as const;
  const [lines, groups, members] = await Promise.all([
    db
      .selectFrom('support_lines')
      .select(['id', 'code', 'name', 'level'])
      .orderBy('level')
      .orderBy('code')
      .execute(),
    db.selectFrom('support_groups').select(['id', 'line_id', 'code', 'name']).execute(),
    db
      .selectFrom('user_lines as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select([sql<'line' | 'group'>`'line'`.as('kind'), 'm.line_id as owner_id', ...memberColumns])
      .unionAll(
        db
          .selectFrom('user_groups as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select([sql<'line' | 'group'>`'group'`.as('kind'), 'm.group_id as owner_id', ...memberColumns]),
      )
      .execute(),
  ]);
  const membersOf = new Map<string, Member[]>();
  for (const row of members) {
    const key = `${row.kind}:${row.owner_id}`;
    membersOf.set(key, [
      ...(membersOf.get(key) ?? []),
      { id: row.id, name: row.name, role: row.role, isActive: row.is_active },
    ]);
  }
  const sorted = (key: string) => (membersOf.get(key) ?? []).sort(byName);
  return lines.map((line) => ({
    ...line,
    members: sorted(`line:${line.id}`),
    groups: groups
      .filter((group) => group.line_id === line.id)
      .sort(byName)
      .map((group) => ({
        id: group.id,
        lineId: group.line_id,
        code: group.code,
        name: group.name,
        members: sorted(`group:${group.id}`),
      })),
  }));
}

/** @throws NotFoundError */
export async function getLine(db: Db, id: string): Promise<LineView> {
  const line = (await listLines(db)).find((candidate) => candidate.id === id);
  if (!line) {
    throw new NotFoundError('Support line');
  }
  return line;
}

/** @throws NotFoundError */
export async function getGroup(db: Db, id: string): Promise<GroupView> {
  const group = (await listLines(db)).flatMap((line) => line.groups).find((candidate) => candidate.id === id);
  if (!group) {
    throw new NotFoundError('Support group');
  }
  return group;
}

/**
 * Escalation moves a request to the next higher level, so two lines on one level would make one of them
 * unreachable. The table lock makes the check hold against a concurrent create or re-level.
 */
async function assertLevelFree(db: Db, level: number, lineId?: string) {
  await sql`lock table support_lines in share row exclusive mode`.execute(db);
  const holder = await db
    .selectFrom('support_lines')
    .select(['name'])
    .where('level', '=', level)
    .$if(lineId !== undefined, (qb) => qb.where('id', '<>', lineId ?? ''))
    .executeTakeFirst();
  if (holder) {
    const message = `the line «${holder.name}» already has level ${level}`;
    throw new ConflictError(`level: ${message}`, {
      code: 'level_taken',
      errors: [{ path: 'level', message }],
    });
  }
}

const cleanName = (name: string) => {
  const trimmed = name.trim();
  if (!trimmed) {
    throw new FieldValidationError('name', 'must not be blank');
  }
  return trimmed;
};

const duplicateCode = (what: 'line' | 'group', code: string) => {
  const message = `a ${what} with the code ${code} already exists`;
  return new ConflictError(`code: ${message}`, {
    code: 'duplicate_code',
    errors: [{ path: 'code', message }],
  });
};

/**
 * Adds a support line. @throws ConflictError `duplicate_code` or `level_taken`.
 */
export async function createLine(db: Db, input: { code: string; name: string; level: number }) {
  const code = input.code.toUpperCase();
  const id = await inTransaction(db, async (tx) => {
    await assertLevelFree(tx, input.level);
    const row = await tx
      .insertInto('support_lines')
      .values({ code, name: cleanName(input.name), level: input.level })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      throw duplicateCode('line', code);
    }
    return row.id;
  });
  return getLine(db, id);
}

/** Renames a line or moves it in the escalation order. @throws NotFoundError, ConflictError `level_taken`. */
export async function updateLine(db: Db, id: string, patch: { name?: string; level?: number }) {
  await inTransaction(db, async (tx) => {
    if (patch.level !== undefined) {
      await assertLevelFree(tx, patch.level, id);
    }
    const row = await tx
      .updateTable('support_lines')
      // The name is always set (to itself when not given), so that an empty patch is still valid SQL.
      .set((eb) => ({
        name: patch.name !== undefined ? cleanName(patch.name) : eb.ref('name'),
        ...(patch.level !== undefined ? { level: patch.level } : {}),
      }))
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      throw new NotFoundError('Support line');
    }
  });
  return getLine(db, id);
}

const count = (value: unknown) => Number(value ?? 0);

/**
 * Removes a line nothing refers to. The row lock comes first: a concurrent insert that refers to the line
 * waits for it (foreign keys take a key-share lock), so the counts below cannot go stale before the delete.
 * @throws NotFoundError; ConflictError `in_use` with what still refers to it.
 */
export async function deleteLine(db: Db, id: string) {
  await inTransaction(db, async (tx) => {
    const line = await tx
      .selectFrom('support_lines')
      .select('name')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!line) {
      throw new NotFoundError('Support line');
    }
    const { rows } = await sql<Record<keyof LineUsage, string>>`select
        (select count(*) from support_groups where line_id = ${id}) as groups,
        (select count(*) from user_lines where line_id = ${id}) as members,
        (select count(*) from tickets where line_id = ${id}) as tickets,
        (select count(*) from services where line_id = ${id}) as services,
        (select count(*) from routing_rules where line_id = ${id}) as rules`.execute(tx);
    const usage: LineUsage = {
      groups: count(rows[0]?.groups),
      members: count(rows[0]?.members),
      tickets: count(rows[0]?.tickets),
      services: count(rows[0]?.services),
      rules: count(rows[0]?.rules),
    };
    const problem = inUseProblem('line', line.name, usage);
    if (problem) {
      throw problem;
    }
    await tx.deleteFrom('support_lines').where('id', '=', id).execute();
  });
}

/** Adds a group to a line. @throws NotFoundError (no such line), ConflictError `duplicate_code`. */
export async function createGroup(db: Db, lineId: string, input: { code: string; name: string }) {
  const code = input.code.toUpperCase();
  const id = await inTransaction(db, async (tx) => {
    const line = await tx
      .selectFrom('support_lines')
      .select('id')
      .where('id', '=', lineId)
      .forShare()
      .executeTakeFirst();
    if (!line) {
      throw new NotFoundError('Support line');
    }
    const row = await tx
      .insertInto('support_groups')
      .values({ line_id: lineId, code, name: cleanName(input.name) })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      throw duplicateCode('group', code);
    }
    return row.id;
  });
  return getGroup(db, id);
}

/**
 * Renames a group or moves it to another line. A rule or a service that routes to the group names its
 * line too, and a group must belong to that line: such a move is refused until they are changed.
 * @throws NotFoundError, FieldValidationError (no such line), ConflictError `group_routed`.
 */
export async function updateGroup(db: Db, id: string, patch: { name?: string; lineId?: string }) {
  await inTransaction(db, async (tx) => {
    const group = await tx
      .selectFrom('support_groups')
      .select(['line_id', 'name'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!group) {
      throw new NotFoundError('Support group');
    }
    const moves = patch.lineId !== undefined && patch.lineId !== group.line_id;
    if (moves) {
      const target = await tx
        .selectFrom('support_lines')
        .select('id')
        .where('id', '=', patch.lineId ?? '')
        .forShare()
        .executeTakeFirst();
      if (!target) {
        throw new FieldValidationError('lineId', 'no such line');
      }
      const { rows } = await sql<Record<keyof GroupUsage, string>>`select
          (select count(*) from routing_rules where group_id = ${id}) as rules,
          (select count(*) from services where group_id = ${id}) as services`.execute(tx);
      const problem = groupRoutedProblem(group.name, {
        rules: count(rows[0]?.rules),
        services: count(rows[0]?.services),
      });
      if (problem) {
        throw problem;
      }
    }
    await tx
      .updateTable('support_groups')
      .set((eb) => ({
        name: patch.name !== undefined ? cleanName(patch.name) : eb.ref('name'),
        ...(moves ? { line_id: patch.lineId } : {}),
      }))
      .where('id', '=', id)
      .execute();
  });
  return getGroup(db, id);
}

/** Removes a group nothing refers to (see `deleteLine` for the locking). @throws NotFoundError, ConflictError `in_use`. */
export async function deleteGroup(db: Db, id: string) {
  await inTransaction(db, async (tx) => {
    const group = await tx
      .selectFrom('support_groups')
      .select('name')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!group) {
      throw new NotFoundError('Support group');
    }
    const { rows } = await sql<Record<Exclude<keyof LineUsage, 'groups'>, string>>`select
        (select count(*) from user_groups where group_id = ${id}) as members,
        (select count(*) from tickets where group_id = ${id}) as tickets,
        (select count(*) from services where group_id = ${id}) as services,
        (select count(*) from routing_rules where group_id = ${id}) as rules`.execute(tx);
    const problem = inUseProblem('group', group.name, {
      groups: 0,
      members: count(rows[0]?.members),
      tickets: count(rows[0]?.tickets),
      services: count(rows[0]?.services),
      rules: count(rows[0]?.rules),
    });
    if (problem) {
      throw problem;
    }
    await tx.deleteFrom('support_groups').where('id', '=', id).execute();
  });
}
