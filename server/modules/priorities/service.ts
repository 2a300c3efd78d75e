import type { DictionaryColor, Priority } from '#common/tickets.ts';
import type { Db } from '#server/db/client.ts';
import { ConflictError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';

export type PriorityEntry = {
  code: Priority;
  rank: number;
  name: string;
  nameEn: string;
  color: DictionaryColor;
  isActive: boolean;
};

/** The priorities dictionary, lowest first (the order of PRIORITIES): names, colour, whether offered. */
export async function listPriorities(db: Db): Promise<PriorityEntry[]> {
  const rows = await db
    .selectFrom('ticket_priorities')
    .select(['code', 'rank', 'name', 'name_en', 'color', 'is_active'])
    .orderBy('rank')
    .execute();
  return rows.map((row) => ({
    code: row.code,
    rank: row.rank,
    name: row.name,
    nameEn: row.name_en,
    color: row.color as DictionaryColor,
    isActive: row.is_active,
  }));
}

/**
 * Renames, recolours, offers or retires a priority; its code and rank never change. Requests that have
 * a retired priority keep it: retiring only stops offering it for new requests.
 * @throws NotFoundError, ConflictError (retiring the last priority still offered), FieldValidationError.
 */
export async function updatePriority(
  db: Db,
  code: Priority,
  patch: { name?: string; nameEn?: string; color?: DictionaryColor; isActive?: boolean },
): Promise<PriorityEntry> {
  for (const field of ['name', 'nameEn'] as const) {
    if (patch[field] !== undefined && !patch[field].trim()) {
      throw new FieldValidationError(field, 'must not be blank');
    }
  }
  return db.transaction().execute(async (tx) => {
    // Rows are locked in one order, so two admins retiring two levels at once cannot both pass the check.
    const rows = await tx
      .selectFrom('ticket_priorities')
      .select(['code', 'is_active'])
      .orderBy('rank')
      .forUpdate()
      .execute();
    if (!rows.some((row) => row.code === code)) {
      throw new NotFoundError('Priority');
    }
    if (patch.isActive === false && !rows.some((row) => row.code !== code && row.is_active)) {
      throw new ConflictError('At least one priority must stay offered for new requests', {
        code: 'last_active',
      });
    }
    await tx
      .updateTable('ticket_priorities')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.nameEn !== undefined ? { name_en: patch.nameEn.trim() } : {}),
        ...(patch.color !== undefined ? { color: patch.color } : {}),
        ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
      })
      .where('code', '=', code)
      .execute();
    const entry = (await listPriorities(tx)).find((row) => row.code === code);
    if (!entry) {
      throw new NotFoundError('Priority');
    }
    return entry;
  });
}
