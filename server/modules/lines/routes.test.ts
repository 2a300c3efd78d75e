import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildUser } from '#server/test/factories.ts';
import { listLines } from './service.ts';

// Lines and groups (issue 6): the admin builds the support structure, names who works on each line and
// in each group, and cannot pull out from under requests, routes or rules a line or group they use.

type Member = { id: string; name: string; role: string; isActive: boolean };
type Group = { id: string; lineId: string; code: string; name: string; members: Member[] };
type Line = { id: string; code: string; name: string; level: number; members: Member[]; groups: Group[] };

let t: TestApp;
let admin: Session;
let dispatcher: Session;
let agent: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await sessionFor(t, 'admin');
  dispatcher = await sessionFor(t, 'dispatcher');
  agent = await sessionFor(t, 'agent');
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, payload: Record<string, unknown>) =>
  callAs(t.app, admin, { method: 'POST', url, payload });
const patch = (url: string, payload: Record<string, unknown>) =>
  callAs(t.app, admin, { method: 'PATCH', url, payload });
const remove = (url: string) => callAs(t.app, admin, { method: 'DELETE', url });

const newLine = async (code: string, level: number, name = `Линия ${code}`) => {
  const response = await post('/api/v1/lines', { code, name, level });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Line>();
};
const newGroup = async (lineId: string, code: string, name = `Группа ${code}`) => {
  const response = await post(`/api/v1/lines/${lineId}/groups`, { code, name });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Group>();
};
const linesAs = async (session: Session) => {
  const response = await callAs(t.app, session, { method: 'GET', url: '/api/v1/lines' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Line[] }>().items;
};

describe('the support structure', () => {
  it('is built by the admin: lines in escalation order, their groups, and who works where', async () => {
    const second = await newLine('l2', 20, 'Вторая линия');
    expect(second).toMatchObject({ code: 'L2', name: 'Вторая линия', level: 20, groups: [], members: [] });
    const first = await newLine('L1', 10, 'Первая линия');
    const zup = await newGroup(second.id, 'zup', '1С:ЗУП');
    expect(zup).toMatchObject({ lineId: second.id, code: 'ZUP', name: '1С:ЗУП', members: [] });
    const erp = await newGroup(second.id, 'ERP', '1С:ERP');

    const worker = await buildUser(t.db, { role: 'agent', name: 'Никитин Сергей Павлович' });
    const joined = await patch(`/api/v1/users/${worker.id}`, { lineIds: [second.id], groupIds: [zup.id] });
    expect(joined.statusCode, joined.body).toBe(200);

    const seen = (await linesAs(dispatcher)).filter((line) => [first.id, second.id].includes(line.id));
    expect(seen.map((line) => line.code)).toEqual(['L1', 'L2']);
    const l2 = seen[1];
    expect(l2?.members).toEqual([
      { id: worker.id, name: 'Никитин Сергей Павлович', role: 'agent', isActive: true },
    ]);
    // By name, Cyrillic first as a Russian reader expects.
    expect(l2?.groups.map((group) => [group.code, group.members.map((m) => m.id)])).toEqual([
      ['ZUP', [worker.id]],
      ['ERP', []],
    ]);
    expect(await linesAs(agent)).toEqual(await linesAs(admin));

    const renamed = await patch(`/api/v1/lines/${second.id}`, { name: 'Вторая линия (1С)', level: 15 });
    expect(renamed.json()).toMatchObject({ name: 'Вторая линия (1С)', level: 15 });
    const regrouped = await patch(`/api/v1/groups/${erp.id}`, { name: '1С:УТ/ERP' });
    expect(regrouped.json()).toMatchObject({ name: '1С:УТ/ERP', lineId: second.id });
  });

  it('refuses a taken code or level with 409 naming the field, and checks every body', async () => {
    const line = await newLine('DUP', 30);
    const sameCode = await post('/api/v1/lines', { code: 'dup', name: 'Другая', level: 31 });
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json()).toMatchObject({ code: 'duplicate_code', errors: [{ path: 'code' }] });
    const sameLevel = await post('/api/v1/lines', { code: 'DUP2', name: 'Другая', level: 30 });
    expect(sameLevel.statusCode).toBe(409);
    expect(sameLevel.json()).toMatchObject({ code: 'level_taken', errors: [{ path: 'level' }] });
    expect(sameLevel.json<{ detail: string }>().detail).toContain('Линия DUP');
    const other = await newLine('DUP3', 32);
    const relevel = await patch(`/api/v1/lines/${other.id}`, { level: 30 });
    expect(relevel.statusCode).toBe(409);
    // Keeping its own level is no conflict.
    expect((await patch(`/api/v1/lines/${line.id}`, { level: 30 })).statusCode).toBe(200);

    await newGroup(line.id, 'G-DUP');
    const sameGroup = await post(`/api/v1/lines/${other.id}/groups`, { code: 'g-dup', name: 'Ещё' });
    expect(sameGroup.statusCode).toBe(409);
    expect(sameGroup.json()).toMatchObject({ code: 'duplicate_code', errors: [{ path: 'code' }] });

    const badCode = await post('/api/v1/lines', { code: 'Линия 4', name: 'Четвёртая', level: 40 });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json()).toMatchObject({ errors: [{ path: 'code' }] });
    const emptyName = await patch(`/api/v1/lines/${line.id}`, { name: '' });
    expect(emptyName.json()).toMatchObject({ errors: [{ path: 'name' }] });
    const blankName = await post(`/api/v1/lines/${line.id}/groups`, { code: 'BLANK', name: '   ' });
    expect(blankName.json()).toMatchObject({ errors: [{ path: 'name' }] });
    // Nothing to change is no error either.
    expect((await patch(`/api/v1/lines/${line.id}`, {})).json()).toMatchObject({ code: 'DUP', level: 30 });
    const group = await newGroup(line.id, 'NOCHANGE');
    expect((await patch(`/api/v1/groups/${group.id}`, {})).json()).toMatchObject({ code: 'NOCHANGE' });
    const noLine = await post(`/api/v1/lines/${crypto.randomUUID()}/groups`, { code: 'X', name: 'X' });
    expect(noLine.statusCode).toBe(404);
  });
});

describe('removing a line or a group', () => {
  it('is refused while anything refers to it, and says what', async () => {
    const line = await newLine('GONE', 50);
    const group = await newGroup(line.id, 'GONE-G');
    const worker = await buildUser(t.db, { role: 'agent' });
    await patch(`/api/v1/users/${worker.id}`, { groupIds: [group.id] });

    const lineInUse = await remove(`/api/v1/lines/${line.id}`);
    expect(lineInUse.statusCode).toBe(409);
    expect(lineInUse.json()).toMatchObject({
      code: 'in_use',
      usage: { groups: 1, members: 0, tickets: 0, services: 0, rules: 0 },
    });
    const groupInUse = await remove(`/api/v1/groups/${group.id}`);
    expect(groupInUse.json()).toMatchObject({ code: 'in_use', usage: { members: 1 } });
    expect(groupInUse.json<{ detail: string }>().detail).toContain('1 member');

    await patch(`/api/v1/users/${worker.id}`, { groupIds: [] });
    expect((await remove(`/api/v1/groups/${group.id}`)).statusCode).toBe(204);
    expect((await remove(`/api/v1/groups/${group.id}`)).statusCode).toBe(404);
    expect((await remove(`/api/v1/lines/${line.id}`)).statusCode).toBe(204);
    expect((await linesAs(admin)).some((l) => l.id === line.id)).toBe(false);
  });

  it('counts requests, catalog routes and routing rules', async () => {
    const line = await newLine('USED', 60);
    const client = await buildClient(t.db);
    await t.db
      .insertInto('tickets')
      .values({ title: 'Старая заявка', client_id: client.id, line_id: line.id })
      .execute();
    const service = await post('/api/v1/services', {
      name: 'Маршрутизируемая',
      kind: 'product',
      lineId: line.id,
    });
    expect(service.statusCode, service.body).toBe(201);
    const rule = await post('/api/v1/routing-rules', { name: 'Сюда', priority: 'high', lineId: line.id });
    expect(rule.statusCode, rule.body).toBe(201);
    const refused = await remove(`/api/v1/lines/${line.id}`);
    expect(refused.json()).toMatchObject({ usage: { tickets: 1, services: 1, rules: 1 } });
  });
});

describe('moving a group to another line', () => {
  it('carries its members along, and is refused while a rule or a service routes to it on its line', async () => {
    const from = await newLine('FROM', 70);
    const to = await newLine('TO', 71);
    const group = await newGroup(from.id, 'MOVING');
    const worker = await buildUser(t.db, { role: 'agent' });
    await patch(`/api/v1/users/${worker.id}`, { groupIds: [group.id] });

    const moved = await patch(`/api/v1/groups/${group.id}`, { lineId: to.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ lineId: to.id, members: [{ id: worker.id }] });
    const after = await linesAs(admin);
    expect(after.find((l) => l.id === from.id)?.groups).toEqual([]);
    expect(after.find((l) => l.id === to.id)?.groups.map((g) => g.id)).toEqual([group.id]);

    const rule = await post('/api/v1/routing-rules', { name: 'В группу', lineId: to.id, groupId: group.id });
    expect(rule.statusCode, rule.body).toBe(201);
    const refused = await patch(`/api/v1/groups/${group.id}`, { lineId: from.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'group_routed',
      usage: { rules: 1, services: 0 },
      errors: [{ path: 'lineId' }],
    });
    // Renaming is still fine, and so is "moving" to the line it is on.
    expect((await patch(`/api/v1/groups/${group.id}`, { name: 'Переезд', lineId: to.id })).statusCode).toBe(
      200,
    );

    const nowhere = await patch(`/api/v1/groups/${group.id}`, { lineId: crypto.randomUUID() });
    expect(nowhere.json()).toMatchObject({ errors: [{ path: 'lineId' }] });
  });
});

describe('reading the structure', () => {
  it('takes the same three queries however many lines, groups and members there are', async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      // Called once per executed statement (subqueries and unions pass transformQuery too).
      transformResult: async (args) => {
        queries += 1;
        return args.result;
      },
    };
    const db = t.db.withPlugin(counting);
    await listLines(db);
    const before = queries;
    for (const n of [1, 2, 3]) {
      const line = await newLine(`MANY${n}`, 100 + n);
      const group = await newGroup(line.id, `MANY${n}-G`);
      const worker = await buildUser(t.db, { role: 'agent' });
      await patch(`/api/v1/users/${worker.id}`, { lineIds: [line.id], groupIds: [group.id] });
    }
    queries = 0;
    const lines = await listLines(db);
    expect(lines.filter((l) => l.code.startsWith('MANY')).every((l) => l.members.length === 1)).toBe(true);
    expect(queries).toBe(before);
    expect(queries).toBe(3);
  });
});
