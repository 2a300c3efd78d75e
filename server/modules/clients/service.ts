import { sql } from 'kysely';
import { validateInn } from '#common/inn.ts';
import { isValidTimeZone } from '#common/time-zones.ts';
import type { Db } from '#server/db/client.ts';
import type { Tx } from '#server/http/idempotency.ts';
import { decodeCursor, toPage } from '#server/http/pagination.ts';
import { FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { escapeLike } from '#server/db/like.ts';
import { adoptSlaSetting } from '#server/modules/sla/admin.ts';
import { visibleClients } from './policy.ts';

export type ClientInput = {
  name: string;
  inn: string;
  kpp?: string | null;
  timeZone?: string;
  notes?: string;
  usersSeeBalance?: boolean;
  usersSeeCompanyRequests?: boolean;
  calendarId?: string | null;
};

function selectClients(db: Db, actor: Actor) {
  return db
    .selectFrom('clients')
    .where(visibleClients(actor))
    .select([
      'clients.id',
      'clients.name',
      'clients.inn',
      'clients.kpp',
      'clients.time_zone',
      'clients.notes',
      'clients.users_see_balance',
      'clients.users_see_company_requests',
      'clients.calendar_id',
      'clients.created_at',
      sql<string>`lower(clients.name)`.as('sort_name'),
      sql<number>`(select count(*) from users u where u.client_id = clients.id)::int`.as('contact_count'),
    ]);
}

type ClientRow = Awaited<ReturnType<ReturnType<typeof selectClients>['executeTakeFirstOrThrow']>>;

const present = (row: ClientRow) => ({
  id: row.id,
  name: row.name,
  inn: row.inn,
  kpp: row.kpp,
  timeZone: row.time_zone,
  notes: row.notes,
  usersSeeBalance: row.users_see_balance,
  usersSeeCompanyRequests: row.users_see_company_requests,
  calendarId: row.calendar_id,
  contactCount: row.contact_count,
  createdAt: row.created_at.toISOString(),
});

export type ClientView = ReturnType<typeof present>;

/** Checks an INN's length and checksum, naming the field as the API contract asks. */
export function checkInn(inn: string): string {
  const value = inn.trim();
  const verdict = validateInn(value);
  if (!verdict.ok) {
    throw new FieldValidationError(
      'inn',
      verdict.reason === 'format'
        ? 'must be 10 digits (company) or 12 digits (individual entrepreneur)'
        : 'the check digits do not match: there is a typo in the INN',
    );
  }
  return value;
}

function checkClientFields(input: Partial<ClientInput>) {
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
    throw new FieldValidationError('timeZone', 'is not a known time zone');
  }
  if (input.name !== undefined && !input.name.trim()) {
    throw new FieldValidationError('name', 'must not be blank');
  }
}

/**
 * Registers a client company.
 * @throws FieldValidationError for a bad INN or time zone; a 409 when the INN is taken.
 */
export async function createClient(tx: Tx, actor: Actor, input: ClientInput): Promise<ClientView> {
  checkClientFields(input);
  const inn = checkInn(input.inn);
  if (inn.length === 12 && input.kpp) {
    throw new FieldValidationError('kpp', 'an individual entrepreneur has no KPP');
  }
  await adoptSlaSetting(tx, 'calendar', input.calendarId, 'calendarId');
  const row = await tx
    .insertInto('clients')
    .values({
      name: input.name.trim(),
      inn,
      kpp: input.kpp ?? null,
      time_zone: input.timeZone ?? 'Europe/Moscow',
      notes: input.notes ?? '',
      users_see_balance: input.usersSeeBalance ?? false,
      users_see_company_requests: input.usersSeeCompanyRequests ?? true,
      calendar_id: input.calendarId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return present(await selectClients(tx, actor).where('clients.id', '=', row.id).executeTakeFirstOrThrow());
}

/**
 * Changes a client's details.
 * @throws NotFoundError when the actor may not see it; FieldValidationError for bad input.
 */
export async function updateClient(db: Db, actor: Actor, id: string, patch: Partial<ClientInput>) {
  checkClientFields(patch);
  const inn = patch.inn !== undefined ? checkInn(patch.inn) : undefined;
  await adoptSlaSetting(db, 'calendar', patch.calendarId, 'calendarId');
  const result = await db
    .updateTable('clients')
    .set({
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(inn !== undefined ? { inn } : {}),
      ...(patch.kpp !== undefined ? { kpp: patch.kpp } : {}),
      ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.usersSeeBalance !== undefined ? { users_see_balance: patch.usersSeeBalance } : {}),
      ...(patch.usersSeeCompanyRequests !== undefined
        ? { users_see_company_requests: patch.usersSeeCompanyRequests }
        : {}),
      ...(patch.calendarId !== undefined ? { calendar_id: patch.calendarId } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where(visibleClients(actor))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new NotFoundError('Client');
  }
  return getClient(db, actor, id);
}

/** A client with its contacts. @throws NotFoundError when absent or not visible to the actor. */
export async function getClient(db: Db, actor: Actor, id: string) {
  const row = await selectClients(db, actor).where('clients.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Client');
  }
  const contacts = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'phone', 'role', 'is_active'])
    .where('client_id', '=', id)
    .orderBy('name')
    .execute();
  return {
    ...present(row),
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      phone: c.phone,
      role: c.role,
      isActive: c.is_active,
    })),
  };
}

/** Visible clients by name; `q` matches part of the name or the start of the INN, `inn` an exact INN. */
export async function listClients(
  db: Db,
  actor: Actor,
  query: { limit?: number; cursor?: string; q?: string; inn?: string },
) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const q = query.q?.trim().toLowerCase() ?? '';
  const rows = await selectClients(db, actor)
    .$if(Boolean(query.inn), (qb) => qb.where('clients.inn', '=', query.inn?.trim() ?? ''))
    .$if(q.length > 0, (qb) =>
      qb.where((eb) =>
        /^\d+$/.test(q)
          ? eb('clients.inn', 'like', `${q}%`)
          : eb(eb.fn('lower', ['clients.name']), 'like', `%${escapeLike(q)}%`),
      ),
    )
    .$if(after !== null, (qb) =>
      qb.where(
        sql<boolean>`(lower(clients.name), clients.id) > (${String(after?.[0])}, ${String(after?.[1])}::uuid)`,
      ),
    )
    .orderBy(sql`lower(clients.name)`)
    .orderBy('clients.id')
    .limit(limit + 1)
    .execute();
  const page = toPage(rows, limit, (row) => [row.sort_name, row.id]);
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}
