import type { Db } from '#server/db/client.ts';

/** Every support line in escalation order, with its groups (two queries, never one per line). */
export async function listLines(db: Db) {
  const [lines, groups] = await Promise.all([
    db
      .selectFrom('support_lines')
      .select(['id', 'code', 'name', 'level'])
      .orderBy('level')
      .orderBy('code')
      .execute(),
    db.selectFrom('support_groups').select(['id', 'line_id', 'code', 'name']).orderBy('name').execute(),
  ]);
  return lines.map((line) => ({
    ...line,
    groups: groups
      .filter((group) => group.line_id === line.id)
      .map((group) => ({ id: group.id, code: group.code, name: group.name })),
  }));
}
