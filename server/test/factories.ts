import { randomUUID } from 'node:crypto';
import { innCheckDigits } from '#common/inn.ts';
import type { Role } from '#common/roles.ts';
import type { Db } from '#server/db/client.ts';
import { hashPassword } from '#server/modules/auth/passwords.ts';

export const TEST_PASSWORD = 'correct horse';

// scrypt is slow on purpose; one hash serves every user a test file makes.
let passwordHash: Promise<string> | null = null;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

let innSeed = 100_000;
/** A valid, unique company INN (10 digits). */
export function buildInn(): string {
  innSeed += 1;
  const body = `77${String(innSeed).padStart(7, '0')}`;
  return body + innCheckDigits(body);
}

export async function buildClient(
  db: Db,
  overrides: { name?: string; inn?: string; timeZone?: string } = {},
) {
  return db
    .insertInto('clients')
    .values({
      name: overrides.name ?? `ООО «Клиент ${randomUUID().slice(0, 6)}»`,
      inn: overrides.inn ?? buildInn(),
      time_zone: overrides.timeZone ?? 'Europe/Moscow',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildLine(db: Db, overrides: { code?: string; level?: number } = {}) {
  const code = overrides.code ?? `L${randomUUID().slice(0, 6)}`;
  return db
    .insertInto('support_lines')
    .values({ code, name: `Линия ${code}`, level: overrides.level ?? 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildUser(
  db: Db,
  overrides: {
    role?: Role;
    clientId?: string | null;
    email?: string;
    name?: string;
    lineIds?: string[];
  } = {},
) {
  const role = overrides.role ?? 'agent';
  const isClient = role === 'client_user' || role === 'client_approver';
  const clientId = isClient ? (overrides.clientId ?? (await buildClient(db)).id) : null;
  const user = await db
    .insertInto('users')
    .values({
      email: overrides.email ?? `${role}-${randomUUID().slice(0, 8)}@test.example`,
      name: overrides.name ?? `Тестовый ${role}`,
      role,
      password_hash: await testPasswordHash(),
      client_id: clientId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (overrides.lineIds?.length) {
    await db
      .insertInto('user_lines')
      .values(overrides.lineIds.map((lineId) => ({ user_id: user.id, line_id: lineId })))
      .execute();
  }
  return user;
}
