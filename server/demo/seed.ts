import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { hashPassword } from '#server/modules/auth/passwords.ts';
import { type DemoCompany, generateDemoCompany } from './company.ts';

export type SeedReport = { clients: number; users: number };

/** Cities of the demo's time zones, for the names of their calendars. */
const CITY_OF_ZONE: Record<string, string> = {
  'Europe/Samara': 'Самара',
  'Asia/Yekaterinburg': 'Екатеринбург',
  'Asia/Novosibirsk': 'Новосибирск',
  'Asia/Vladivostok': 'Владивосток',
};

/**
 * A client far from Moscow works 9:00–18:00 of his own day, and his SLA clocks run then (issue 6: "a
 * client may have his own calendar"): one calendar per time zone, with the production calendar, given to
 * the clients just added (a client someone has since edited keeps what he chose).
 */
async function giveLocalCalendars(db: Db, newClientIds: readonly string[]) {
  if (!newClientIds.length) {
    return;
  }
  const far = await db
    .selectFrom('clients')
    .select(['id', 'time_zone'])
    .where('id', 'in', [...newClientIds])
    .where('calendar_id', 'is', null)
    .where('time_zone', 'in', Object.keys(CITY_OF_ZONE))
    .execute();
  const defaultCalendar = await db
    .selectFrom('business_calendars')
    .select('week')
    .where('is_default', '=', true)
    .executeTakeFirst();
  for (const zone of new Set(far.map((client) => client.time_zone))) {
    const name = `Рабочие дни 9:00–18:00, ${CITY_OF_ZONE[zone] ?? zone}`;
    const existing = await db
      .selectFrom('business_calendars')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    const calendarId =
      existing?.id ??
      (
        await db
          .insertInto('business_calendars')
          .values({
            name,
            time_zone: zone,
            week:
              typeof defaultCalendar?.week === 'string'
                ? defaultCalendar.week
                : JSON.stringify(defaultCalendar?.week ?? WEEKDAYS_9_TO_18),
            production_calendar: true,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await db
      .updateTable('clients')
      .set({ calendar_id: calendarId })
      .where(
        'id',
        'in',
        far.filter((client) => client.time_zone === zone).map((client) => client.id),
      )
      .execute();
  }
}

const DAY_9_TO_18 = [{ start: 9 * 60, end: 18 * 60 }];
const WEEKDAYS_9_TO_18 = {
  mon: DAY_9_TO_18,
  tue: DAY_9_TO_18,
  wed: DAY_9_TO_18,
  thu: DAY_9_TO_18,
  fri: DAY_9_TO_18,
  sat: [],
  sun: [],
};

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
    await giveLocalCalendars(
      tx,
      insertedClients.map((row) => row.id),
    );

    const people = [
      ...(await Promise.all(
        company.staff.map(async (member) => ({
          email: member.email,
          name: member.name,
          role: member.role,
          password_hash: await hashFor(member.password),
          client_id: null,
          phone: null,
          time_zone: 'Europe/Moscow',
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
            // A client's people see times on their own clock, as their SLA runs on it.
            time_zone: client.timeZone,
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
