import { sql } from 'kysely';
import type { Role } from '#common/roles.ts';
import type { Db } from '#server/db/client.ts';

/** Who is calling: every authorization decision takes one of these. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  role: Role;
  clientId: string | null;
  locale: 'ru' | 'en';
  timeZone: string;
  lineIds: string[];
  groupIds: string[];
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
};

/** The ids of the support lines of the user aliased `u` in the enclosing query. */
export const lineIdsOfUser = () =>
  sql<string[]>`coalesce((select array_agg(l.line_id::text) from user_lines l where l.user_id = u.id), '{}')`;

/** The ids of the groups of the user aliased `u` in the enclosing query. */
export const groupIdsOfUser = () =>
  sql<
    string[]
  >`coalesce((select array_agg(g.group_id::text) from user_groups g where g.user_id = u.id), '{}')`;

type Credential = { sessionId: string; csrfToken: string } | { tokenId: string };

/** The columns of the user aliased `u` that make an Actor (see `toActor`). */
export const actorColumns = () =>
  [
    'u.id',
    'u.email',
    'u.name',
    'u.role',
    'u.client_id',
    'u.locale',
    'u.time_zone',
    lineIdsOfUser().as('line_ids'),
    groupIdsOfUser().as('group_ids'),
  ] as const;

type ActorRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  client_id: string | null;
  locale: 'ru' | 'en';
  time_zone: string;
  line_ids: string[];
  group_ids: string[];
};

/** An Actor from a row selected with `actorColumns`, authenticated by this credential. */
export function toActor(row: ActorRow, credential: Credential): Actor {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    clientId: row.client_id,
    locale: row.locale,
    timeZone: row.time_zone,
    lineIds: row.line_ids,
    groupIds: row.group_ids,
    via: 'sessionId' in credential ? 'session' : 'token',
    sessionId: 'sessionId' in credential ? credential.sessionId : null,
    csrfToken: 'csrfToken' in credential ? credential.csrfToken : null,
  };
}

/** Loads an active user as an Actor, with the lines and groups that scope what he sees. */
export async function loadActor(db: Db, userId: string, credential: Credential): Promise<Actor | null> {
  const row = await db
    .selectFrom('users as u')
    .where('u.id', '=', userId)
    .where('u.is_active', '=', true)
    .select(actorColumns())
    .executeTakeFirst();
  return row ? toActor(row, credential) : null;
}
