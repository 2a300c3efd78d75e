// Saved queue views: personal ones and those shared with a line (seed 001/004: the agent's single window).
import type { Static } from 'typebox';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { FieldValidationError, ForbiddenError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { mayEditView, mayShareWith, visibleViews } from './policy.ts';
import type { ViewDefinition } from './schema.ts';

export type Definition = Static<typeof ViewDefinition>;
type Deps = { db: Db; clock: Clock };

function selectViews(db: Db, actor: Actor) {
  return db
    .selectFrom('queue_views')
    .innerJoin('users as owner', 'owner.id', 'queue_views.owner_id')
    .leftJoin('support_lines as line', 'line.id', 'queue_views.line_id')
    .select([
      'queue_views.id',
      'queue_views.name',
      'queue_views.owner_id',
      'owner.name as owner_name',
      'queue_views.line_id',
      'line.name as line_name',
      'queue_views.definition',
      'queue_views.created_at',
      'queue_views.updated_at',
    ])
    .where(visibleViews(actor));
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>['executeTakeFirstOrThrow']>>;

function present(row: ViewRow, actor: Actor) {
  return {
    id: row.id,
    name: row.name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    lineId: row.line_id,
    lineName: row.line_name,
    canEdit: mayEditView({ ownerId: row.owner_id, lineId: row.line_id }, actor),
    definition: row.definition as Definition,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
export type ViewDto = ReturnType<typeof present>;

/** The views the actor may use (his own first, then his lines'), and the one he used last. */
export async function listViews(db: Db, actor: Actor) {
  const [rows, me] = await Promise.all([
    selectViews(db, actor)
      .orderBy((eb) => eb('queue_views.owner_id', '<>', actor.id))
      .orderBy('queue_views.name')
      .execute(),
    db.selectFrom('users').select('queue_view_id').where('id', '=', actor.id).executeTakeFirst(),
  ]);
  const items = rows.map((row) => present(row, actor));
  // A view he no longer sees (left the line, or it was unshared) is not restored.
  const lastUsedId = items.some((view) => view.id === me?.queue_view_id) ? (me?.queue_view_id ?? null) : null;
  return { items, lastUsedId };
}

/** @throws NotFoundError when the view does not exist or the actor may not see it. */
async function findView(db: Db, actor: Actor, id: string) {
  const row = await selectViews(db, actor).where('queue_views.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('View');
  }
  return row;
}

async function checkSharing(db: Db, actor: Actor, lineId: string | null | undefined) {
  if (!lineId) {
    return;
  }
  if (!mayShareWith(lineId, actor)) {
    throw new FieldValidationError('lineId', 'you may share views only with a line you belong to');
  }
  const line = await db.selectFrom('support_lines').select('id').where('id', '=', lineId).executeTakeFirst();
  if (!line) {
    throw new FieldValidationError('lineId', 'no such line');
  }
}

const cleanName = (name: string) => {
  const trimmed = name.trim();
  if (!trimmed) {
    throw new FieldValidationError('name', 'must not be blank');
  }
  return trimmed;
};

/** Saves a view owned by the actor, personal or shared with a line. */
export async function createView(
  deps: Deps,
  actor: Actor,
  input: { name: string; lineId?: string | null; definition: Definition },
): Promise<ViewDto> {
  const name = cleanName(input.name);
  await checkSharing(deps.db, actor, input.lineId);
  const now = deps.clock.now();
  const { id } = await deps.db
    .insertInto('queue_views')
    .values({
      owner_id: actor.id,
      line_id: input.lineId ?? null,
      name,
      definition: JSON.stringify(input.definition),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return present(await findView(deps.db, actor, id), actor);
}

/** @throws NotFoundError, ForbiddenError (a colleague's view), FieldValidationError. */
export async function updateView(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { name?: string; lineId?: string | null; definition?: Definition },
): Promise<ViewDto> {
  const row = await findView(deps.db, actor, id);
  if (!mayEditView({ ownerId: row.owner_id, lineId: row.line_id }, actor)) {
    throw new ForbiddenError('Only its owner changes a view (a shared one also a dispatcher)');
  }
  if (input.lineId !== undefined && input.lineId !== row.line_id) {
    await checkSharing(deps.db, actor, input.lineId);
  }
  await deps.db
    .updateTable('queue_views')
    .set({
      ...(input.name !== undefined ? { name: cleanName(input.name) } : {}),
      ...(input.lineId !== undefined ? { line_id: input.lineId } : {}),
      ...(input.definition !== undefined ? { definition: JSON.stringify(input.definition) } : {}),
      updated_at: deps.clock.now(),
    })
    .where('id', '=', id)
    .execute();
  // Un-sharing a view he does not own takes it out of his sight: then there is nothing to show back.
  const after = await selectViews(deps.db, actor).where('queue_views.id', '=', id).executeTakeFirst();
  return present(after ?? { ...row, line_id: input.lineId ?? null, line_name: null }, actor);
}

/** @throws NotFoundError, ForbiddenError. */
export async function deleteView(db: Db, actor: Actor, id: string): Promise<void> {
  const row = await findView(db, actor, id);
  if (!mayEditView({ ownerId: row.owner_id, lineId: row.line_id }, actor)) {
    throw new ForbiddenError('Only its owner deletes a view (a shared one also a dispatcher)');
  }
  await db.deleteFrom('queue_views').where('id', '=', id).execute();
}

/** Remembers the view the actor works in (null: the plain queue), to open it after his next login. */
export async function rememberLastUsed(db: Db, actor: Actor, id: string | null): Promise<void> {
  if (id !== null) {
    await findView(db, actor, id);
  }
  await db.updateTable('users').set({ queue_view_id: id }).where('id', '=', actor.id).execute();
}
