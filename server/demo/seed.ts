import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { hashPassword } from '#server/modules/auth/passwords.ts';
import { type DemoCompany, generateDemoCompany } from './company.ts';

export type SeedReport = { clients: number; users: number };

/**
 * Loads the demo company. Idempotent: every row is keyed by its natural key (line and group code,
 * INN, e-mail), so a second run adds nothing and leaves what people changed since as it is.
 */
export async function seedDemoCompany(
  db: Db,
  company: DemoCompany = generateDemoCompany(),
): Promise<SeedReport> {
  // Every demo account has the same password; one hash, not a hundred slow ones.
  const passwords = new Map<string, Promise<string>>();
  const hashFor = (password: string) => {
    const known = passwords.get(password) ?? hashPassword(password);
    passwords.set(password, known);
    return known;
  };

  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('support_lines')
      .values(company.lines.map((line) => ({ code: line.code, name: line.name, level: line.level })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const lines = await tx.selectFrom('support_lines').select(['id', 'code']).execute();
    const lineId = new Map(lines.map((line) => [line.code, line.id]));
    const idOf = <K>(map: Map<K, string>, key: K): string => {
      const id = map.get(key);
      if (!id) {
        throw new Error(`demo data refers to an unknown key ${String(key)}`);
      }
      return id;
    };

    await tx
      .insertInto('support_groups')
      .values(
        company.groups.map((group) => ({
          code: group.code,
          name: group.name,
          line_id: idOf(lineId, group.lineCode),
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const groups = await tx.selectFrom('support_groups').select(['id', 'code']).execute();
    const groupId = new Map(groups.map((group) => [group.code, group.id]));

    const insertedClients = await tx
      .insertInto('clients')
      .values(
        company.clients.map((client) => ({
          name: client.name,
          inn: client.inn,
          kpp: client.kpp,
          time_zone: client.timeZone,
          notes: client.notes,
        })),
      )
      .onConflict((oc) => oc.column('inn').doNothing())
      .returning('id')
      .execute();
    const clients = await tx.selectFrom('clients').select(['id', 'inn']).execute();
    const clientId = new Map(clients.map((client) => [client.inn, client.id]));

    const people = [
      ...(await Promise.all(
        company.staff.map(async (member) => ({
          email: member.email,
          name: member.name,
          role: member.role,
          password_hash: await hashFor(member.password),
          client_id: null,
          phone: null,
        })),
      )),
      ...(await Promise.all(
        company.clients.flatMap((client) =>
          client.contacts.map(async (contact) => ({
            email: contact.email,
            name: contact.name,
            role: contact.role,
            password_hash: await hashFor(contact.password),
            client_id: idOf(clientId, client.inn),
            phone: contact.phone,
          })),
        ),
      )),
    ];
    const insertedUsers = await tx
      .insertInto('users')
      .values(people)
      .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
      .returning('id')
      .execute();
    const users = await tx.selectFrom('users').select(['id', 'email']).execute();
    const userId = new Map(users.map((user) => [user.email.toLowerCase(), user.id]));

    const memberships = company.staff.map((member) => ({
      id: idOf(userId, member.email.toLowerCase()),
      member,
    }));
    const userLines = memberships.flatMap(({ id, member }) =>
      member.lineCodes.map((code) => ({ user_id: id, line_id: idOf(lineId, code) })),
    );
    const userGroups = memberships.flatMap(({ id, member }) =>
      member.groupCodes.map((code) => ({ user_id: id, group_id: idOf(groupId, code) })),
    );
    if (userLines.length) {
      await tx
        .insertInto('user_lines')
        .values(userLines)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (userGroups.length) {
      await tx
        .insertInto('user_groups')
        .values(userGroups)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return { clients: insertedClients.length, users: insertedUsers.length };
  });
}
