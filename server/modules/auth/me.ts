import type { Db } from '#server/db/client.ts';
import { FieldValidationError, UnauthorizedError } from '#server/http/problem.ts';
import { isValidTimeZone } from '#common/time-zones.ts';
import type { Actor } from './actor.ts';

export type Me = {
  id: string;
  email: string;
  name: string;
  role: Actor['role'];
  locale: 'ru' | 'en';
  timeZone: string;
  /** The desk reads new unread requests aloud to him. */
  speechAlerts: boolean;
  client: { id: string; name: string; inn: string; usersSeeBalance: boolean } | null;
  lines: { id: string; code: string; name: string; level: number }[];
  groups: { id: string; name: string; lineId: string }[];
  csrfToken: string | null;
};

/** The caller as the web shell needs him: role, client, lines and groups. */
export async function getMe(db: Db, actor: Actor): Promise<Me> {
  const [user, client, lines, groups] = await Promise.all([
    db
      .selectFrom('users')
      .select(['email', 'name', 'locale', 'time_zone', 'speech_alerts'])
      .where('id', '=', actor.id)
      .executeTakeFirst(),
    actor.clientId
      ? db
          .selectFrom('clients')
          .select(['id', 'name', 'inn', 'users_see_balance as usersSeeBalance'])
          .where('id', '=', actor.clientId)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    db
      .selectFrom('support_lines as l')
      .innerJoin('user_lines as ul', 'ul.line_id', 'l.id')
      .select(['l.id', 'l.code', 'l.name', 'l.level'])
      .where('ul.user_id', '=', actor.id)
      .orderBy('l.level')
      .execute(),
    db
      .selectFrom('support_groups as g')
      .innerJoin('user_groups as ug', 'ug.group_id', 'g.id')
      .select(['g.id', 'g.name', 'g.line_id'])
      .where('ug.user_id', '=', actor.id)
      .orderBy('g.name')
      .execute(),
  ]);
  if (!user) {
    throw new UnauthorizedError();
  }
  return {
    id: actor.id,
    email: user.email,
    name: user.name,
    role: actor.role,
    locale: user.locale,
    timeZone: user.time_zone,
    speechAlerts: user.speech_alerts,
    client: client ?? null,
    lines,
    groups: groups.map((g) => ({ id: g.id, name: g.name, lineId: g.line_id })),
    csrfToken: actor.csrfToken,
  };
}

/**
 * Changes the caller's own name, language, time zone or whether the desk speaks new requests to him.
 * @throws FieldValidationError for an unknown time zone.
 */
export async function updateMe(
  db: Db,
  actor: Actor,
  patch: { name?: string; locale?: 'ru' | 'en'; timeZone?: string; speechAlerts?: boolean },
): Promise<Me> {
  if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) {
    throw new FieldValidationError('timeZone', 'is not a known time zone');
  }
  const name = patch.name?.trim();
  if (patch.name !== undefined && !name) {
    throw new FieldValidationError('name', 'must not be blank');
  }
  await db
    .updateTable('users')
    .set({
      ...(name ? { name } : {}),
      ...(patch.locale ? { locale: patch.locale } : {}),
      ...(patch.timeZone ? { time_zone: patch.timeZone } : {}),
      ...(patch.speechAlerts !== undefined ? { speech_alerts: patch.speechAlerts } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', actor.id)
    .execute();
  return getMe(db, actor);
}
