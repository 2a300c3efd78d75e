import { sql } from 'kysely';
import type { ServiceKind, TariffMode } from '#common/billing.ts';
import { isStaffRole } from '#common/roles.ts';
import type { Db } from '#server/db/client.ts';
import { ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';

export type Audience = 'clients' | 'listed' | 'internal';

function selectServices(db: Db) {
  return db.selectFrom('services').select([
    'id',
    'parent_id',
    'kind',
    'code',
    'name',
    'description',
    'tariff_mode',
    'audience',
    'line_id',
    'group_id',
    'is_active',
    'created_at',
    sql<string[]>`coalesce((select array_agg(sc.client_id::text order by sc.client_id) from service_clients sc
        where sc.service_id = services.id), '{}')`.as('client_ids'),
  ]);
}

const present = (row: Awaited<ReturnType<ReturnType<typeof selectServices>['executeTakeFirstOrThrow']>>) => ({
  id: row.id,
  parentId: row.parent_id,
  kind: row.kind,
  code: row.code,
  name: row.name,
  description: row.description,
  tariffMode: row.tariff_mode,
  audience: row.audience,
  clientIds: row.client_ids,
  lineId: row.line_id,
  groupId: row.group_id,
  isActive: row.is_active,
  createdAt: row.created_at.toISOString(),
});
export type ServiceView = ReturnType<typeof present>;

/**
 * What the actor may request: clients the services for every client and those listed for his company,
 * internal employees the organization's own services; staff register calls for anyone, so all.
 */
export function requestableBy(actor: Actor) {
  return sql<boolean>`${
    isStaffRole(actor.role)
      ? sql`true`
      : actor.role === 'employee'
        ? sql`services.audience = 'internal'`
        : sql`(services.audience = 'clients' or (services.audience = 'listed' and exists (
            select 1 from service_clients sc where sc.service_id = services.id and sc.client_id = ${actor.clientId}::uuid)))`
  }`;
}

/** The catalog as a flat list by name; the client builds the tree. */
export async function listServices(
  db: Db,
  options: { includeInactive?: boolean; forRequest?: boolean } = {},
  actor?: Actor,
) {
  const rows = await selectServices(db)
    .$if(!options.includeInactive, (qb) => qb.where('is_active', '=', true))
    .$if(options.forRequest === true && actor !== undefined, (qb) => qb.where(requestableBy(actor as Actor)))
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(present);
}

/** @throws NotFoundError */
export async function getService(db: Db, id: string): Promise<ServiceView> {
  const row = await selectServices(db).where('id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Service');
  }
  return present(row);
}

export type ServiceInput = {
  name: string;
  kind?: ServiceKind;
  parentId?: string | null;
  code?: string | null;
  description?: string;
  tariffMode?: TariffMode;
  audience?: Audience;
  clientIds?: string[];
  lineId?: string | null;
  groupId?: string | null;
  isActive?: boolean;
};

/** A route's group must belong to its line; listed clients replace the previous list. */
async function checkRoute(db: Db, lineId: string | null | undefined, groupId: string | null | undefined) {
  if (!groupId) {
    return;
  }
  const group = await db
    .selectFrom('support_groups')
    .select('line_id')
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!group || (lineId && group.line_id !== lineId)) {
    throw new FieldValidationError('groupId', 'must be a group of the chosen line');
  }
}

async function setClients(db: Db, serviceId: string, clientIds: string[] | undefined) {
  if (clientIds === undefined) {
    return;
  }
  await db.deleteFrom('service_clients').where('service_id', '=', serviceId).execute();
  if (clientIds.length) {
    try {
      await db
        .insertInto('service_clients')
        .values([...new Set(clientIds)].map((clientId) => ({ service_id: serviceId, client_id: clientId })))
        .execute();
    } catch (error) {
      if ((error as { code?: string }).code === '23503') {
        throw new FieldValidationError('clientIds', 'names a client that does not exist');
      }
      throw error;
    }
  }
}

/** A parent must exist, must group (not be a leaf service) and must not be the node itself or below it. */
async function checkParent(db: Db, id: string | null, parentId: string | null | undefined) {
  if (!parentId) {
    return;
  }
  let cursor: string | null = parentId;
  for (let depth = 0; cursor; depth += 1) {
    if (cursor === id || depth > 20) {
      throw new FieldValidationError('parentId', 'would make the catalog a cycle');
    }
    const parent: { parent_id: string | null; kind: ServiceKind } | undefined = await db
      .selectFrom('services')
      .select(['parent_id', 'kind'])
      .where('id', '=', cursor)
      .executeTakeFirst();
    if (!parent) {
      throw new FieldValidationError('parentId', 'no such product or module');
    }
    if (depth === 0 && parent.kind === 'service') {
      throw new FieldValidationError(
        'parentId',
        'a service cannot contain others: choose a product or module',
      );
    }
    cursor = parent.parent_id;
  }
}

async function uniqueCode<T>(write: () => Promise<T>, code: string | null | undefined): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new ConflictError(`A service with the code ${code} already exists`, { code: 'duplicate_code' });
    }
    throw error;
  }
}

/** @throws FieldValidationError for a bad parent; ConflictError for a taken code. */
export async function createService(db: Db, input: ServiceInput): Promise<ServiceView> {
  await checkParent(db, null, input.parentId);
  await checkRoute(db, input.lineId, input.groupId);
  const row = await uniqueCode(
    () =>
      db
        .insertInto('services')
        .values({
          name: input.name.trim(),
          kind: input.kind ?? 'service',
          parent_id: input.parentId ?? null,
          code: input.code?.trim() || null,
          description: input.description ?? '',
          tariff_mode: input.tariffMode ?? 'balance',
          audience: input.audience ?? 'clients',
          line_id: input.lineId ?? null,
          group_id: input.groupId ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    input.code,
  );
  await setClients(db, row.id, input.clientIds);
  return getService(db, row.id);
}

/** @throws NotFoundError, FieldValidationError, ConflictError. */
export async function updateService(db: Db, id: string, patch: Partial<ServiceInput>): Promise<ServiceView> {
  const current = await getService(db, id);
  await checkParent(db, id, patch.parentId);
  await checkRoute(db, patch.lineId !== undefined ? patch.lineId : current.lineId, patch.groupId);
  await uniqueCode(
    () =>
      db
        .updateTable('services')
        .set({
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
          ...(patch.code !== undefined ? { code: patch.code?.trim() || null } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.tariffMode !== undefined ? { tariff_mode: patch.tariffMode } : {}),
          ...(patch.audience !== undefined ? { audience: patch.audience } : {}),
          ...(patch.lineId !== undefined ? { line_id: patch.lineId } : {}),
          ...(patch.groupId !== undefined ? { group_id: patch.groupId } : {}),
          ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute(),
    patch.code,
  );
  await setClients(db, id, patch.clientIds);
  return getService(db, id);
}
