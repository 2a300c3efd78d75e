import { sql } from 'kysely';
import { type Role, isClientRole } from '#common/roles.ts';
import type { Db } from '#server/db/client.ts';
import { escapeLike } from '#server/db/like.ts';
import type { Tx } from '#server/http/idempotency.ts';
import { decodeCursor, toPage } from '#server/http/pagination.ts';
import { BadRequestError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import { type Actor, groupIdsOfUser, lineIdsOfUser } from '#server/modules/auth/actor.ts';
import { hashPassword } from '#server/modules/auth/passwords.ts';

export type UserView = {
  id: string;
  email: string;
  name: string;
  role: Role;
  clientId: string | null;
  clientName: string | null;
  phone: string | null;
  lineIds: string[];
  groupIds: string[];
  isActive: boolean;
  createdAt: string;
};

export type UserInput = {
  email: string;
  name: string;
  role: Role;
  password: string;
  clientId?: string | null;
  phone?: string | null;
  lineIds?: string[];
  groupIds?: string[];
};

export type UserPatch = Partial<Omit<UserInput, 'email'>> & { isActive?: boolean };

function selectUsers(db: Db) {
  return db
    .selectFrom('users as u')
    .leftJoin('clients as c', 'c.id', 'u.client_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.role',
      'u.client_id',
      'c.name as client_name',
      'u.phone',
      'u.is_active',
      'u.created_at',
      sql<string>`lower(u.name)`.as('sort_name'),
      lineIdsOfUser().as('line_ids'),
      groupIdsOfUser().as('group_ids'),
    ]);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

const present = (row: UserRow): UserView => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  clientId: row.client_id,
  clientName: row.client_name,
  phone: row.phone,
  lineIds: row.line_ids,
  groupIds: row.group_ids,
  isActive: row.is_active,
  createdAt: row.created_at.toISOString(),
});

/** Checks that a role and its client agree, and that every line and group exists. */
async function validateMembership(
  db: Db,
  role: Role,
  input: { clientId?: string | null; lineIds?: string[]; groupIds?: string[] },
) {
  if (isClientRole(role)) {
    if (!input.clientId) {
      throw new FieldValidationError('clientId', `is required for the ${role} role`);
    }
    const client = await db
      .selectFrom('clients')
      .select('id')
      .where('id', '=', input.clientId)
      .executeTakeFirst();
    if (!client) {
      throw new FieldValidationError('clientId', 'no such client');
    }
  } else if (input.clientId) {
    throw new FieldValidationError('clientId', `must be empty for the ${role} role`);
  }
  const isAgentLike = role === 'agent' || role === 'dispatcher' || role === 'admin';
  if (!isAgentLike && (input.lineIds?.length || input.groupIds?.length)) {
    throw new BadRequestError('Only staff belong to support lines and groups', [
      { path: input.lineIds?.length ? 'lineIds' : 'groupIds', message: `not allowed for the ${role} role` },
    ]);
  }
  if (input.lineIds?.length) {
    const found = await db
      .selectFrom('support_lines')
      .select('id')
      .where('id', 'in', input.lineIds)
      .execute();
    if (found.length !== input.lineIds.length) {
      throw new FieldValidationError('lineIds', 'contains an unknown line');
    }
  }
  if (input.groupIds?.length) {
    const found = await db
      .selectFrom('support_groups')
      .select('id')
      .where('id', 'in', input.groupIds)
      .execute();
    if (found.length !== input.groupIds.length) {
      throw new FieldValidationError('groupIds', 'contains an unknown group');
    }
  }
}

async function replaceMemberships(tx: Db, userId: string, lineIds?: string[], groupIds?: string[]) {
  if (lineIds) {
    await tx.deleteFrom('user_lines').where('user_id', '=', userId).execute();
    if (lineIds.length) {
      await tx
        .insertInto('user_lines')
        .values(lineIds.map((lineId) => ({ user_id: userId, line_id: lineId })))
        .execute();
    }
  }
  if (groupIds) {
    await tx.deleteFrom('user_groups').where('user_id', '=', userId).execute();
    if (groupIds.length) {
      await tx
        .insertInto('user_groups')
        .values(groupIds.map((groupId) => ({ user_id: userId, group_id: groupId })))
        .execute();
    }
  }
}

/**
 * Creates a user (admin only, enforced by the route) inside the caller's transaction.
 * @throws FieldValidationError for a client role without a client or unknown lines; a 409 for a taken e-mail.
 */
export async function createUser(tx: Tx, input: UserInput): Promise<UserView> {
  await validateMembership(tx, input.role, input);
  const passwordHash = await hashPassword(input.password);
  const row = await tx
    .insertInto('users')
    .values({
      email: input.email.trim(),
      name: input.name.trim(),
      role: input.role,
      password_hash: passwordHash,
      client_id: isClientRole(input.role) ? (input.clientId ?? null) : null,
      phone: input.phone ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceMemberships(tx, row.id, input.lineIds, input.groupIds);
  return getUser(tx, row.id);
}

/** @throws NotFoundError when there is no such user. */
export async function getUser(db: Db, id: string): Promise<UserView> {
  const row = await selectUsers(db).where('u.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('User');
  }
  return present(row);
}

/**
 * Changes a user; deactivating one also ends his sessions and revokes his tokens.
 * @throws NotFoundError, FieldValidationError; BadRequestError when an admin would deactivate himself.
 */
export async function updateUser(db: Db, actor: Actor, id: string, patch: UserPatch): Promise<UserView> {
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('users')
      .select(['id', 'role', 'client_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) {
      throw new NotFoundError('User');
    }
    if (id === actor.id && (patch.isActive === false || (patch.role && patch.role !== actor.role))) {
      throw new BadRequestError('You cannot deactivate yourself or change your own role', [
        { path: patch.isActive === false ? 'isActive' : 'role', message: 'not allowed on yourself' },
      ]);
    }
    const role = patch.role ?? current.role;
    const clientId =
      patch.clientId !== undefined ? patch.clientId : isClientRole(role) ? current.client_id : null;
    const lineIds = patch.lineIds ?? (isClientRole(role) || role === 'employee' ? [] : undefined);
    const groupIds = patch.groupIds ?? (isClientRole(role) || role === 'employee' ? [] : undefined);
    await validateMembership(tx, role, { clientId, lineIds, groupIds });
    await tx
      .updateTable('users')
      .set({
        ...(patch.name ? { name: patch.name.trim() } : {}),
        ...(patch.password ? { password_hash: await hashPassword(patch.password) } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
        role,
        client_id: clientId ?? null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await replaceMemberships(tx, id, lineIds, groupIds);
    if (patch.isActive === false || patch.password) {
      // A deactivated user, or one whose password was reset, must not keep old sessions.
      await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    if (patch.isActive === false) {
      await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', id).execute();
    }
    return getUser(tx, id);
  });
}

/** Lists users by name, with keyset pagination. */
export async function listUsers(
  db: Db,
  query: { limit?: number; cursor?: string; q?: string; role?: Role; clientId?: string },
) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const q = query.q?.trim().toLowerCase();
  const rows = await selectUsers(db)
    .$if(Boolean(q), (qb) =>
      qb.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['u.name']), 'like', `%${escapeLike(q ?? '')}%`),
          eb(eb.fn('lower', ['u.email']), 'like', `%${escapeLike(q ?? '')}%`),
        ]),
      ),
    )
    .$if(Boolean(query.role), (qb) => qb.where('u.role', '=', query.role as Role))
    .$if(Boolean(query.clientId), (qb) => qb.where('u.client_id', '=', query.clientId ?? ''))
    .$if(after !== null, (qb) =>
      qb.where(sql<boolean>`(lower(u.name), u.id) > (${String(after?.[0])}, ${String(after?.[1])}::uuid)`),
    )
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .limit(limit + 1)
    .execute();
  const page = toPage(rows, limit, (row) => [row.sort_name, row.id]);
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}

/** Active support staff, for choosing an assignee: what a dispatcher needs, without the admin's user list. */
export async function listStaff(db: Db) {
  const rows = await selectUsers(db)
    .where('u.role', 'in', ['admin', 'dispatcher', 'agent'])
    .where('u.is_active', '=', true)
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .limit(1000)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    lineIds: row.line_ids,
    groupIds: row.group_ids,
  }));
}
