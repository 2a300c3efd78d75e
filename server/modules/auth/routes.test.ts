import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, callAs, createTestApp, logInAs, sessionFor } from '#server/test/app.ts';
import { TEST_PASSWORD, buildUser } from '#server/test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const login = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

describe('POST /api/v1/auth/login', () => {
  it('answers the user, a CSRF token and an httpOnly session cookie', async () => {
    const user = await buildUser(t.db, { role: 'dispatcher' });
    const response = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      user: { id: user.id, role: 'dispatcher' },
      csrfToken: expect.any(String),
    });
    const cookie = response.cookies.find((c) => c.name === 'zy_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('answers 401 problem+json to a wrong password and to an unknown e-mail, alike', async () => {
    const user = await buildUser(t.db);
    const wrong = await login(user.email, 'nope');
    const unknown = await login('nobody@test.example', 'nope');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ detail: 'Wrong e-mail or password' });
    }
  });

  it('locks the e-mail out after five wrong passwords, even for the right one, until time passes', async () => {
    const user = await buildUser(t.db);
    for (let i = 0; i < 5; i += 1) {
      expect((await login(user.email, 'wrong')).statusCode).toBe(401);
    }
    const locked = await login(user.email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a deactivated user', async () => {
    const user = await buildUser(t.db);
    await t.db.updateTable('users').set({ is_active: false }).where('id', '=', user.id).execute();
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  it('answers 401 once the session has expired', async () => {
    const session = await sessionFor(t, 'agent');
    expect((await callAs(t.app, session, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    t.clock.advance((t.deps.config.sessionTtlHours + 1) * 3600_000);
    const expired = await callAs(t.app, session, { method: 'GET', url: '/api/v1/me' });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ detail: expect.stringContaining('expired') });
  });

  it('ends the session on logout', async () => {
    const session = await sessionFor(t, 'agent');
    expect((await callAs(t.app, session, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(
      204,
    );
    expect((await callAs(t.app, session, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('refuses a cookie write without the CSRF token, or with another session’s', async () => {
    const session = await sessionFor(t, 'agent');
    const other = await sessionFor(t, 'agent');
    const missing = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: session.cookie },
      payload: { locale: 'en' },
    });
    expect(missing.statusCode).toBe(403);
    const foreign = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: session.cookie, 'x-csrf-token': other.csrfToken },
      payload: { locale: 'en' },
    });
    expect(foreign.statusCode).toBe(403);
    const me = await callAs(t.app, session, { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({ locale: 'ru' });
  });

  it('ends a user’s sessions when an admin deactivates him', async () => {
    const admin = await sessionFor(t, 'admin');
    const user = await buildUser(t.db);
    const session = await logInAs(t.app, user.email);
    const gone = await callAs(t.app, admin, { method: 'DELETE', url: `/api/v1/users/${user.id}` });
    expect(gone.statusCode).toBe(204);
    expect((await callAs(t.app, session, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });
});

describe('GET and PATCH /api/v1/me', () => {
  it('tells a client contact his company', async () => {
    const session = await sessionFor(t, 'client_approver');
    const me = await callAs(t.app, session, { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({
      role: 'client_approver',
      client: { inn: expect.stringMatching(/^\d{10}$/) },
    });
  });

  it('remembers the language and time zone, and refuses an unknown zone naming the field', async () => {
    const session = await sessionFor(t, 'agent');
    const changed = await callAs(t.app, session, {
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { locale: 'en', timeZone: 'Asia/Novosibirsk' },
    });
    expect(changed.json()).toMatchObject({ locale: 'en', timeZone: 'Asia/Novosibirsk' });
    const bad = await callAs(t.app, session, {
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { timeZone: 'Mars/Base' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ path: 'timeZone' }] });
    const locale = await callAs(t.app, session, {
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { locale: 'de' },
    });
    expect(locale.statusCode).toBe(400);
  });
});

describe('API tokens', () => {
  it('creates a token shown once, which then authenticates without CSRF, and can be revoked', async () => {
    const session = await sessionFor(t, 'dispatcher');
    const created = await callAs(t.app, session, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '1C' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json<{ id: string; token: string }>();
    expect(token).toMatch(/^zy_/);
    const stored = await t.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.json()).toMatchObject({ role: 'dispatcher', csrfToken: null });
    const write = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer,
      payload: { locale: 'en' },
    });
    expect(write.statusCode).toBe(200);

    const listed = await callAs(t.app, session, { method: 'GET', url: '/api/v1/tokens' });
    expect(listed.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([id]);
    expect(JSON.stringify(listed.json())).not.toContain(token);

    expect((await callAs(t.app, session, { method: 'DELETE', url: `/api/v1/tokens/${id}` })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
    expect((await callAs(t.app, session, { method: 'DELETE', url: `/api/v1/tokens/${id}` })).statusCode).toBe(
      404,
    );
  });

  it('answers 401 to a token of a deactivated user', async () => {
    const user = await buildUser(t.db, { role: 'agent' });
    const session = await logInAs(t.app, user.email);
    const created = await callAs(t.app, session, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'x' },
    });
    const { token } = created.json<{ token: string }>();
    const admin = await sessionFor(t, 'admin');
    await callAs(t.app, admin, { method: 'DELETE', url: `/api/v1/users/${user.id}` });
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it('does not let one user revoke another’s token', async () => {
    const owner = await sessionFor(t, 'agent');
    const stranger = await sessionFor(t, 'agent');
    const created = await callAs(t.app, owner, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'x' },
    });
    const { id } = created.json<{ id: string }>();
    expect(
      (await callAs(t.app, stranger, { method: 'DELETE', url: `/api/v1/tokens/${id}` })).statusCode,
    ).toBe(404);
  });

  it('returns the first answer again for the same Idempotency-Key, and 422 for another body', async () => {
    const session = await sessionFor(t, 'agent');
    const send = (name: string) =>
      callAs(t.app, session, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name },
        headers: { 'idempotency-key': 'retry-1' },
      });
    const [first, second] = [await send('bot'), await send('bot')];
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect((await send('other')).statusCode).toBe(422);
    const listed = await callAs(t.app, session, { method: 'GET', url: '/api/v1/tokens' });
    expect(listed.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('answers 401 to a made-up token', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer zy_madeup' },
    });
    expect(response.statusCode).toBe(401);
  });
});
