import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '#common/roles.ts';
import { buildApp } from '#server/app.ts';
import { createManualClock } from '#server/clock.ts';
import { loadConfig } from '#server/config.ts';
import type { AppDeps } from '#server/deps.ts';
import { createTestDatabase } from './db.ts';
import { TEST_PASSWORD, buildUser } from './factories.ts';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The whole application on a fresh database and a manual clock, driven with app.inject(). */
export async function createTestApp() {
  const handle = await createTestDatabase();
  const clock = createManualClock('2026-03-02T07:00:00Z');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'zayavka-test-'));
  const config = { ...loadConfig({}), dataDir };
  const deps: AppDeps = { db: handle.db, engine: handle.engine, listen: handle.listen, clock, config };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    db: handle.db,
    clock,
    deps,
    close: async () => {
      await app.close();
      await handle.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Session = { cookie: string; csrfToken: string; userId: string };

/** Logs in through the API, as the browser does, and returns what the next requests must carry. */
export async function logInAs(
  app: TestApp['app'],
  email: string,
  password = TEST_PASSWORD,
): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  if (response.statusCode !== 200) {
    throw new Error(`login of ${email} failed: ${response.statusCode} ${response.body}`);
  }
  const body = response.json<{ csrfToken: string; user: { id: string } }>();
  const cookie = response.cookies.find((c) => c.name === 'zy_session');
  if (!cookie) {
    throw new Error('login set no session cookie');
  }
  return { cookie: `zy_session=${cookie.value}`, csrfToken: body.csrfToken, userId: body.user.id };
}

/** A new user of the role, logged in. */
export async function sessionFor(
  testApp: TestApp,
  role: Role,
  overrides: Parameters<typeof buildUser>[1] = {},
): Promise<Session> {
  const user = await buildUser(testApp.db, { role, ...overrides });
  return logInAs(testApp.app, user.email);
}

type Call = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
};

/** A request made with a session's cookie and CSRF token. */
export function callAs(
  app: TestApp['app'],
  session: Session | null,
  call: Call,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: call.method,
    url: call.url,
    ...(call.payload !== undefined ? { payload: call.payload as Record<string, unknown> } : {}),
    headers: {
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
      ...call.headers,
    },
  });
}
