import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { createOffsetClock } from '#server/clock.ts';
import { type TestApp, createTestApp } from '#server/test/app.ts';
import { testEngine } from '#server/test/db.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/health', () => {
  it('answers without authentication and names the engine', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', db: testEngine() });
  });

  it('returns a request id, taking the caller’s when it is sane', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(response.headers['x-request-id']).toBe('trace-42');
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'a b' },
    });
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /api/openapi.json', () => {
  it('describes the contract of API.md that exists so far', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    const expected: [string, string][] = [
      ['/api/health', 'get'],
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/logout', 'post'],
      ['/api/v1/me', 'get'],
      ['/api/v1/tokens', 'post'],
      ['/api/v1/tokens/{id}', 'delete'],
      ['/api/v1/users', 'get'],
      ['/api/v1/users', 'post'],
      ['/api/v1/clients', 'get'],
      ['/api/v1/clients', 'post'],
    ];
    for (const [path, method] of expected) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });

  it('serves the viewer at /api/docs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });
});

describe('bad input', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('names an unknown field, a wrong type and an overlong string', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'x'.repeat(300), password: 5, role: 'admin' },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'role']));
  });

  it('answers an unknown API path with 404 problem+json', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers a body over the limit with 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('the test clock', () => {
  it('does not exist unless the server was started with TEST_CLOCK=1', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/test/clock', payload: { offsetMs: 1 } });
    expect(response.statusCode).toBe(404);
  });

  it('moves the server clock and runs a job on demand when enabled', async () => {
    const clock = createOffsetClock();
    const app = await buildApp({ ...t.deps, clock }, { testClock: clock });
    const moved = await app.inject({
      method: 'POST',
      url: '/api/test/clock',
      payload: { offsetMs: 86_400_000 },
    });
    expect(moved.json<{ offsetMs: number }>().offsetMs).toBe(86_400_000);
    expect(clock.now().getTime() - Date.now()).toBeGreaterThan(86_000_000);
    const job = await app.inject({ method: 'POST', url: '/api/test/jobs/tickets.mark-stale' });
    expect(job.json()).toEqual({ result: 0 });
    const unknown = await app.inject({ method: 'POST', url: '/api/test/jobs/nothing' });
    expect(unknown.statusCode).toBe(404);
    await app.close();
  });
});
