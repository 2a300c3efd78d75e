import type { ServiceKind, TariffMode } from '#common/billing.ts';
import type { Db } from '#server/db/client.ts';
import { ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';

function selectServices(db: Db) {
  return db
    .selectFrom('services')
    .select([
      'id',
      'parent_id',
      'kind',
      'code',
      'name',
      'description',
      'tariff_mode',
      'is_active',
      'created_at',
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
  isActive: row.is_active,
  createdAt: row.created_at.toISOString(),
});
export type ServiceView = ReturnType<typeof present>;

/** The catalog as a flat list, parents before children by name; the client builds the tree. */
export async function listServices(db: Db, options: { includeInactive?: boolean } = {}) {
  const rows = await selectServices(db)
    .$if(!options.includeInactive, (qb) => qb.where('is_active', '=', true))
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
  isActive?: boolean;
};

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
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    input.code,
  );
  return getService(db, row.id);
}

/** @throws NotFoundError, FieldValidationError, ConflictError. */
export async function updateService(db: Db, id: string, patch: Partial<ServiceInput>): Promise<ServiceView> {
  await getService(db, id);
  await checkParent(db, id, patch.parentId);
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
          ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute(),
    patch.code,
  );
  return getService(db, id);
}
