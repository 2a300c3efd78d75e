import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { NotFoundError, TooManyRequestsError, UnauthorizedError } from '#server/http/problem.ts';
import { type Actor, actorColumns, loadActor, toActor } from './actor.ts';
import { type FailureRecord, lockedForSeconds, recordFailure } from './lockout.ts';
import { decoyPasswordHash, verifyPassword } from './passwords.ts';
import { API_TOKEN_PREFIX, digest, newSecret } from './secrets.ts';

export type AuthDeps = { db: Db; clock: Clock; sessionTtlHours: number };

// Touching last-seen on every request would turn every read into a write; once in a while is enough.
const TOUCH_EVERY_MS = 5 * 60_000;

async function findFailures(db: Db, email: string): Promise<FailureRecord | null> {
  const row = await db.selectFrom('login_failures').selectAll().where('email', '=', email).executeTakeFirst();
  return row
    ? {
        failures: row.failures,
        firstFailureAt: new Date(row.first_failure_at),
        lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
      }
    : null;
}

/**
 * Checks e-mail and password and opens a session.
 * @throws TooManyRequestsError while the e-mail is locked out; UnauthorizedError for wrong credentials.
 */
export async function logIn(
  deps: AuthDeps,
  input: { email: string; password: string; userAgent: string | null; ip: string | null },
): Promise<{ actor: Actor; sessionToken: string; expiresAt: Date }> {
  const { db, clock } = deps;
  const email = input.email.trim().toLowerCase();
  const now = clock.now();
  const failures = await findFailures(db, email);
  const lockedFor = lockedForSeconds(failures, now);
  if (lockedFor > 0) {
    throw new TooManyRequestsError(
      `Too many wrong passwords: try again in ${Math.ceil(lockedFor / 60)} min`,
      lockedFor,
    );
  }
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'is_active'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  const isValid = await verifyPassword(input.password, user?.password_hash ?? (await decoyPasswordHash()));
  if (!user || !isValid || !user.is_active) {
    const next = recordFailure(failures, now);
    await db
      .insertInto('login_failures')
      .values({
        email,
        failures: next.failures,
        first_failure_at: next.firstFailureAt,
        locked_until: next.lockedUntil,
      })
      .onConflict((oc) =>
        oc.column('email').doUpdateSet({
          failures: next.failures,
          first_failure_at: next.firstFailureAt,
          locked_until: next.lockedUntil,
        }),
      )
      .execute();
    throw new UnauthorizedError('Wrong e-mail or password');
  }
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const sessionId = digest(sessionToken);
  const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3600_000);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('login_failures').where('email', '=', email).execute();
    await tx
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        user_agent: input.userAgent?.slice(0, 500) ?? null,
        ip: input.ip,
      })
      .execute();
  });
  const actor = await loadActor(db, user.id, { sessionId, csrfToken });
  if (!actor) {
    throw new UnauthorizedError('Wrong e-mail or password');
  }
  return { actor, sessionToken, expiresAt };
}

/** Ends a session; a second logout of the same session is harmless. */
export async function logOut(deps: AuthDeps, sessionId: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/**
 * The actor behind a session cookie, or null when the session is unknown, expired or its user inactive.
 * One query reads the session with its user, so a logout or a deactivation counts from the next request.
 */
export async function authenticateSession(deps: AuthDeps, sessionToken: string): Promise<Actor | null> {
  const { db, clock } = deps;
  const now = clock.now();
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as session_id', 's.csrf_token', 's.expires_at', 's.last_seen_at', ...actorColumns()])
    .where('s.id', '=', digest(sessionToken))
    .where('u.is_active', '=', true)
    .executeTakeFirst();
  if (!row || new Date(row.expires_at) <= now) {
    return null;
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.session_id).execute();
  }
  return toActor(row, { sessionId: row.session_id, csrfToken: row.csrf_token });
}

/**
 * The actor behind an API token, or null when the token is unknown, revoked or its user inactive.
 * One query reads the token with its user, so a revocation or a deactivation counts from the next request.
 */
export async function authenticateToken(deps: AuthDeps, token: string): Promise<Actor | null> {
  const { db, clock } = deps;
  if (!token.startsWith(API_TOKEN_PREFIX)) {
    return null;
  }
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', ...actorColumns()])
    .where('t.token_hash', '=', digest(token))
    .where('t.revoked_at', 'is', null)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
  }
  return toActor(row, { tokenId: row.token_id });
}

export type TokenView = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

const tokenView = (row: {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | string | null;
}): TokenView => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
});

/** Issues an API token acting as the actor; the secret is returned once and stored only hashed. */
export async function createApiToken(
  deps: AuthDeps,
  actor: Actor,
  name: string,
): Promise<TokenView & { token: string }> {
  const token = API_TOKEN_PREFIX + newSecret();
  const row = await deps.db
    .insertInto('api_tokens')
    .values({ user_id: actor.id, name: name.trim(), token_hash: digest(token), created_at: deps.clock.now() })
    .returning(['id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
  return { ...tokenView(row), token };
}

/** The actor's own live tokens, newest first. */
export async function listApiTokens(deps: AuthDeps, actor: Actor): Promise<TokenView[]> {
  const rows = await deps.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', actor.id)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(tokenView);
}

/**
 * Revokes one of the actor's tokens (an admin may revoke anyone's).
 * @throws NotFoundError when the token is not the actor's or already revoked.
 */
export async function revokeApiToken(deps: AuthDeps, actor: Actor, tokenId: string): Promise<void> {
  const result = await deps.db
    .updateTable('api_tokens')
    .set({ revoked_at: deps.clock.now() })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .$if(actor.role !== 'admin', (qb) => qb.where('user_id', '=', actor.id))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new NotFoundError('Token');
  }
}
