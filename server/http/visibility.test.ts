import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#common/roles.ts';
import { type Session, type TestApp, callAs, createTestApp, logInAs } from '#server/test/app.ts';
import { TEST_PASSWORD, buildClient, buildLine, buildUser } from '#server/test/factories.ts';
import { openStreamAs } from '#server/test/stream.ts';

// The one visibility filter (issue 6): every request asked for through every path by every kind of
// person, against an oracle written here from the rules in words, independently of policy.ts.

type Person = {
  name: string;
  role: Role;
  id: string;
  clientId: string | null;
  lineIds: string[];
  groupIds: string[];
  session: Session;
};
type Fixture = {
  id: string;
  clientId: string | null;
  requesterId: string | null;
  lineId: string;
  groupId: string | null;
  assigneeId: string | null;
  publicWord: string;
  noteWord: string;
};

let t: TestApp;
const people: Person[] = [];
const tickets: Fixture[] = [];
const companySees = new Map<string, boolean>();

/** The rules in words (DESIGN.md capability 4; issue 6, item 3). */
function oracle(person: Person, ticket: Fixture): boolean {
  switch (person.role) {
    case 'admin':
    case 'dispatcher':
      return true;
    case 'agent':
      return (
        ticket.assigneeId === person.id ||
        person.lineIds.includes(ticket.lineId) ||
        (ticket.groupId !== null && person.groupIds.includes(ticket.groupId))
      );
    case 'client_approver':
      return ticket.clientId === person.clientId;
    case 'client_user':
      return (
        ticket.clientId === person.clientId &&
        (ticket.requesterId === person.id || companySees.get(person.clientId ?? '') === true)
      );
    case 'employee':
      return ticket.requesterId === person.id;
    default:
      return false;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  const l1 = await buildLine(t.db, { code: 'V1', level: 1 });
  const l2 = await buildLine(t.db, { code: 'V2', level: 2 });
  const groupOn = async (lineId: string, code: string) =>
    (
      await t.db
        .insertInto('support_groups')
        .values({ line_id: lineId, code, name: code })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const g1 = await groupOn(l1.id, 'VG1');
  const g2 = await groupOn(l2.id, 'VG2');
  const open = await buildClient(t.db, { name: 'ООО «Открытая»' });
  const strict = await buildClient(t.db, { name: 'ООО «Строгая»' });
  await t.db
    .updateTable('clients')
    .set({ users_see_company_requests: false })
    .where('id', '=', strict.id)
    .execute();
  companySees.set(open.id, true);
  companySees.set(strict.id, false);

  const person = async (
    name: string,
    role: Role,
    extra: { clientId?: string; lineIds?: string[]; groupIds?: string[] } = {},
  ) => {
    const user = await buildUser(t.db, {
      role,
      clientId: extra.clientId ?? null,
      lineIds: extra.lineIds ?? [],
    });
    if (extra.groupIds?.length) {
      await t.db
        .insertInto('user_groups')
        .values(extra.groupIds.map((groupId) => ({ user_id: user.id, group_id: groupId })))
        .execute();
    }
    const entry: Person = {
      name,
      role,
      id: user.id,
      clientId: user.client_id,
      lineIds: extra.lineIds ?? [],
      groupIds: extra.groupIds ?? [],
      session: await logInAs(t.app, user.email, TEST_PASSWORD),
    };
    people.push(entry);
    return entry;
  };
  await person('admin', 'admin');
  await person('dispatcher', 'dispatcher');
  const agentL1 = await person('agent of line 1', 'agent', { lineIds: [l1.id] });
  await person('agent of line 2', 'agent', { lineIds: [l2.id] });
  await person('agent of group 2 only', 'agent', { groupIds: [g2] });
  const assigned = await person('agent on no line, assigned one request', 'agent');
  const openUser1 = await person('contact 1 of the open client', 'client_user', { clientId: open.id });
  const openUser2 = await person('contact 2 of the open client', 'client_user', { clientId: open.id });
  await person('approver of the open client', 'client_approver', { clientId: open.id });
  const strictUser1 = await person('contact 1 of the strict client', 'client_user', { clientId: strict.id });
  const strictUser2 = await person('contact 2 of the strict client', 'client_user', { clientId: strict.id });
  await person('approver of the strict client', 'client_approver', { clientId: strict.id });
  const employee1 = await person('employee 1', 'employee');
  await person('employee 2', 'employee');

  const words: [string, string][] = [
    ['принтер', 'пароль'],
    ['бухгалтерия', 'сервер'],
    ['зарплата', 'лицензия'],
    ['склад', 'маршрутизатор'],
    ['касса', 'резервирование'],
    ['отчётность', 'брандмауэр'],
  ];
  const specs: Omit<Fixture, 'id' | 'publicWord' | 'noteWord'>[] = [
    { clientId: open.id, requesterId: openUser1.id, lineId: l1.id, groupId: null, assigneeId: null },
    { clientId: open.id, requesterId: openUser2.id, lineId: l2.id, groupId: null, assigneeId: assigned.id },
    { clientId: strict.id, requesterId: strictUser1.id, lineId: l1.id, groupId: g1, assigneeId: null },
    { clientId: strict.id, requesterId: strictUser2.id, lineId: l2.id, groupId: g2, assigneeId: null },
    { clientId: null, requesterId: employee1.id, lineId: l1.id, groupId: null, assigneeId: agentL1.id },
    { clientId: null, requesterId: null, lineId: l2.id, groupId: g2, assigneeId: null },
  ];
  for (const [index, spec] of specs.entries()) {
    const [publicWord, noteWord] = words[index] ?? ['', ''];
    const row = await t.db
      .insertInto('tickets')
      .values({
        title: `Заявка ${index + 1}`,
        client_id: spec.clientId,
        requester_id: spec.requesterId,
        line_id: spec.lineId,
        group_id: spec.groupId,
        assignee_id: spec.assigneeId,
        status: 'done',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('ticket_comments')
      .values([
        { ticket_id: row.id, body: `Ответ клиенту: ${publicWord}`, internal: false },
        { ticket_id: row.id, body: `Заметка: ${noteWord}`, internal: true },
      ])
      .execute();
    await t.db
      .insertInto('worklogs')
      .values({ ticket_id: row.id, user_id: agentL1.id, started_at: '2026-03-02T07:00:00Z', minutes: 30 })
      .execute();
    await t.db
      .insertInto('specification_lines')
      .values({ ticket_id: row.id, position: 0, hours: 0.5, tariff_mode: 'paid' })
      .execute();
    tickets.push({ id: row.id, ...spec, publicWord, noteWord });
  }
});
afterAll(async () => {
  await t.close();
});

const get = (person: Person, url: string) => callAs(t.app, person.session, { method: 'GET', url });

async function listAll(person: Person, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(person, `/api/v1/tickets?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ items: { id: string }[]; nextCursor: string | null }>();
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids.sort();
}

describe('who sees which request, through every path', () => {
  it('lists exactly the requests the rules allow, page by page', async () => {
    for (const person of people) {
      const expected = tickets
        .filter((ticket) => oracle(person, ticket))
        .map((ticket) => ticket.id)
        .sort();
      expect(await listAll(person), person.name).toEqual(expected);
    }
  });

  it('opens a request and each of its parts only for those who see it (404 for the rest)', async () => {
    const MONEY: Role[] = ['admin', 'dispatcher', 'agent', 'client_approver'];
    for (const person of people) {
      for (const ticket of tickets) {
        const sees = oracle(person, ticket);
        const label = `${person.name} → request ${tickets.indexOf(ticket) + 1}`;
        for (const part of ['', '/events', '/comments', '/attachments']) {
          const response = await get(person, `/api/v1/tickets/${ticket.id}${part}`);
          expect(response.statusCode, `${label}${part}`).toBe(sees ? 200 : 404);
        }
        // Recorded work and its price are for staff and the approver; the others are refused outright.
        for (const part of ['/worklogs', '/specification']) {
          const response = await get(person, `/api/v1/tickets/${ticket.id}${part}`);
          expect(response.statusCode, `${label}${part}`).toBe(
            MONEY.includes(person.role) ? (sees ? 200 : 404) : 403,
          );
        }
        if (sees) {
          const comments = (await get(person, `/api/v1/tickets/${ticket.id}/comments`)).json<{
            items: { internal: boolean }[];
          }>().items;
          const staff = ['admin', 'dispatcher', 'agent'].includes(person.role);
          expect(comments.map((c) => c.internal).sort(), `${label}: internal notes`).toEqual(
            staff ? [false, true] : [false],
          );
        }
      }
    }
  });

  it('finds by search only what the person sees, and internal notes only for staff', async () => {
    for (const person of people) {
      const staff = ['admin', 'dispatcher', 'agent'].includes(person.role);
      for (const ticket of tickets) {
        const sees = oracle(person, ticket);
        const byReply = await listAll(person, `&q=${encodeURIComponent(ticket.publicWord)}`);
        expect(byReply, `${person.name} searching «${ticket.publicWord}»`).toEqual(sees ? [ticket.id] : []);
        const byNote = await listAll(person, `&q=${encodeURIComponent(ticket.noteWord)}`);
        expect(byNote, `${person.name} searching the note word «${ticket.noteWord}»`).toEqual(
          sees && staff ? [ticket.id] : [],
        );
      }
    }
  });

  it('tells each person, on the live stream, of changes to exactly the requests he sees', async () => {
    const streams = await Promise.all(people.map((person) => openStreamAs(t.app, person.session)));
    try {
      await Promise.all(streams.map((stream) => stream.waitFor((event) => event.event === 'ready')));
      for (const ticket of tickets) {
        await t.db
          .updateTable('tickets')
          .set((eb) => ({ version: eb('version', '+', 1) }))
          .where('id', '=', ticket.id)
          .execute();
      }
      const heard = (index: number) =>
        [
          ...new Set(
            (streams[index]?.events ?? [])
              .filter((event) => event.event === 'ticket')
              .map((event) => (event.data as { ticketId: string }).ticketId),
          ),
        ].sort();
      for (const [index, person] of people.entries()) {
        const expected = tickets
          .filter((ticket) => oracle(person, ticket))
          .map((ticket) => ticket.id)
          .sort();
        for (const id of expected) {
          await streams[index]?.waitFor(
            (event) => event.event === 'ticket' && (event.data as { ticketId: string }).ticketId === id,
          );
        }
        // Whatever else was coming has come by now: nobody heard of a request he may not see.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(heard(index), person.name).toEqual(expected);
      }
    } finally {
      streams.forEach((stream) => stream.close());
    }
  });
});
