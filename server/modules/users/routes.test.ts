import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, logInAs, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await sessionFor(t, 'admin');
});
afterAll(async () => {
  await t.close();
});

const create = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  callAs(t.app, admin, { method: 'POST', url: '/api/v1/users', payload, headers });

describe('POST /api/v1/users', () => {
  it('creates an agent on a line, who can then log in', async () => {
    const line = await buildLine(t.db);
    const response = await create({
      email: 'Petrov@Support.example',
      name: 'Пётр Петров',
      role: 'agent',
      password: 'secret-1',
      lineIds: [line.id],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ role: 'agent', lineIds: [line.id], isActive: true });
    const session = await logInAs(t.app, 'petrov@support.example', 'secret-1');
    expect(session.csrfToken).toBeTruthy();
  });

  it('creates a client contact only with a client, and refuses staff with a client', async () => {
    const client = await buildClient(t.db);
    const without = await create({
      email: 'c1@x.example',
      name: 'К',
      role: 'client_user',
      password: 'pass1',
    });
    expect(without.statusCode).toBe(400);
    expect(without.json()).toMatchObject({ errors: [{ path: 'clientId' }] });
    const staff = await create({
      email: 'c2@x.example',
      name: 'К',
      role: 'agent',
      password: 'pass1',
      clientId: client.id,
    });
    expect(staff.statusCode).toBe(400);
    const ok = await create({
      email: 'c3@x.example',
      name: 'К',
      role: 'client_approver',
      password: 'pass1',
      clientId: client.id,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ clientId: client.id, clientName: client.name });
  });

  it('answers 409 naming email for a taken address, in any case', async () => {
    await create({ email: 'dup@x.example', name: 'A', role: 'employee', password: 'pass1' });
    const again = await create({ email: 'DUP@x.example', name: 'B', role: 'employee', password: 'pass1' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ errors: [{ path: 'email' }] });
  });

  it('names every bad field and writes nothing', async () => {
    const before = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const response = await create({
      email: 'not-an-email',
      name: 'x'.repeat(500),
      role: 'superuser',
      password: 'p',
      favouriteColour: 'red',
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'name', 'role', 'password', 'favouriteColour']));
    const after = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(after?.n).toBe(before?.n);
  });

  it('refuses an unknown line', async () => {
    const response = await create({
      email: 'l@x.example',
      name: 'L',
      role: 'agent',
      password: 'pass1',
      lineIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ path: 'lineIds' }] });
  });

  it('creates one user for two sends with the same Idempotency-Key', async () => {
    const payload = { email: 'once@x.example', name: 'Один', role: 'employee', password: 'pass1' };
    const first = await create(payload, { 'idempotency-key': 'k-1' });
    const second = await create(payload, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
  });
});

describe('GET /api/v1/users', () => {
  it('pages through users by name with an opaque cursor, missing none and repeating none', async () => {
    for (let i = 0; i < 7; i += 1) {
      await create({
        email: `page${i}@x.example`,
        name: `Страница ${i}`,
        role: 'employee',
        password: 'pass1',
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/users?q=${encodeURIComponent('страница')}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await callAs(t.app, admin, { method: 'GET', url });
      expect(page.statusCode).toBe(200);
      const body = page.json<{ items: { name: string }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((u) => u.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Страница ${i}`));
  });

  it('answers 400 to a forged cursor and to a limit over 200', async () => {
    const forged = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/users?cursor=garbage' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ errors: [{ path: 'cursor' }] });
    const tooMany = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/users?limit=500' });
    expect(tooMany.statusCode).toBe(400);
  });
});

describe('PATCH /api/v1/users/:id', () => {
  it('does not let an admin demote or deactivate himself', async () => {
    const self = await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/users/${admin.userId}`,
      payload: { isActive: false },
    });
    expect(self.statusCode).toBe(400);
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    const unknown = await callAs(t.app, admin, {
      method: 'PATCH',
      url: '/api/v1/users/00000000-0000-4000-8000-000000000000',
      payload: { name: 'X' },
    });
    expect(unknown.statusCode).toBe(404);
    const malformed = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/users/42' });
    expect(malformed.statusCode).toBe(400);
  });

  it('resets a password: the old one stops working', async () => {
    const created = await create({
      email: 'reset@x.example',
      name: 'R',
      role: 'agent',
      password: 'old-pass',
    });
    const { id } = created.json<{ id: string }>();
    await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      payload: { password: 'new-pass' },
    });
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'reset@x.example', password: 'old-pass' },
    });
    expect(old.statusCode).toBe(401);
    await logInAs(t.app, 'reset@x.example', 'new-pass');
  });
});
