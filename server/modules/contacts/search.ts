import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { escapeLike } from '#server/db/like.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleClients } from '#server/modules/clients/policy.ts';

// The phone desk's search: who is calling? A fragment of the caller's name, e-mail, phone (typed any
// way: +7 (495) 727-15-40, 8 495 7271540, 7271540) or his company's name or INN finds him.

/**
 * The digit strings a phone fragment may stand for: as typed, and without a leading 8 or 7 (the trunk
 * or country prefix), so "8 916 700" finds +7 916 700-45-12 and "+7 495" finds 8 (495) 727-15-40.
 */
export function phoneDigitsQuery(q: string): string[] | null {
  const digits = q.replace(/\D/g, '');
  if (digits.length < 3 || /[a-zа-яё]/i.test(q)) {
    return null;
  }
  const typed = q.trim();
  const hasPrefix =
    digits.length >= 4 &&
    (typed.startsWith('+7') || typed.startsWith('8') || (digits.length === 11 && digits.startsWith('7')));
  return hasPrefix ? [digits, digits.slice(1)] : [digits];
}

const REQUESTER_ROLES = ['client_user', 'client_approver', 'employee'] as const;

export type ContactHit = {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: (typeof REQUESTER_ROLES)[number];
  client: { id: string; name: string; inn: string } | null;
};

/**
 * Active requesters (clients' contacts and internal employees) matching `q`, best first: names that
 * start with it, then the rest by name. Contacts of clients the actor may not see are never found.
 */
export async function searchContacts(db: Db, actor: Actor, q: string, limit = 20): Promise<ContactHit[]> {
  const text = q.trim().toLowerCase();
  if (text.length < 2) {
    return [];
  }
  const pattern = `%${escapeLike(text)}%`;
  const digits = phoneDigitsQuery(text);
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('clients as c', 'c.id', 'u.client_id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.phone',
      'u.role',
      'c.id as client_id',
      'c.name as client_name',
      'c.inn',
    ])
    .where('u.is_active', '=', true)
    .where('u.role', 'in', [...REQUESTER_ROLES])
    .where((eb) =>
      eb.or([
        eb('u.client_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('clients')
            .select('clients.id')
            .whereRef('clients.id', '=', 'u.client_id')
            .where(visibleClients(actor)),
        ),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb(sql`lower(u.name)`, 'like', pattern),
        eb(sql`lower(u.email)`, 'like', pattern),
        eb(sql`lower(c.name)`, 'like', pattern),
        ...(digits
          ? [
              ...digits.map((d) =>
                eb(sql`regexp_replace(coalesce(u.phone, ''), '[^0-9]', '', 'g')`, 'like', `%${d}%`),
              ),
              eb('c.inn', 'like', `${digits[0]}%`),
            ]
          : []),
      ]),
    )
    .orderBy(sql`lower(u.name) like ${`${escapeLike(text)}%`}`, 'desc')
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    role: row.role as ContactHit['role'],
    client:
      row.client_id && row.client_name && row.inn
        ? { id: row.client_id, name: row.client_name, inn: row.inn }
        : null,
  }));
}
