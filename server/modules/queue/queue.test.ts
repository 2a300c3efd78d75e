import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';
import { decidePriorityChange } from '#server/modules/tickets/priority.ts';

let t: TestApp;
let line1: string;
let line2: string;
let romashka: string;
let vasilek: string;
let agent1: Session;
let agent1b: Session;
let agent2: Session;
let dispatcher: Session;

type Insert = {
  title?: string;
  line?: string;
  client?: string | null;
  status?: 'new' | 'planned' | 'in_progress' | 'completed' | 'evaluated';
  priority?: 'low' | 'normal' | 'high' | 'critical';
  type?: string;
  channel?: 'portal' | 'email' | 'phone' | 'telegram' | 'api';
  assignee?: string | null;
  createdAt?: string;
};

async function insertTicket(values: Insert = {}) {
  const planned = values.status === 'planned' || values.status === 'in_progress';
  return t.db
    .insertInto('tickets')
    .values({
      title: values.title ?? 'Очередь',
      client_id: values.client === undefined ? romashka : values.client,
      line_id: values.line ?? line1,
      status: values.status ?? 'new',
      priority: values.priority ?? 'normal',
      type: values.type ?? 'incident',
      channel: values.channel ?? 'portal',
      assignee_id: values.assignee ?? null,
      ...(planned
        ? {
            estimate_hours: 1,
            planned_start: '2026-03-03T07:00:00Z',
            planned_end: '2026-03-03T08:00:00Z',
            acceptance_criteria: 'Проверено',
          }
        : {}),
      ...(values.createdAt ? { created_at: values.createdAt, updated_at: values.createdAt } : {}),
    })
    .returning(['id', 'number', 'version'])
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
  line1 = (await buildLine(t.db, { code: 'Q1', level: 1 })).id;
  line2 = (await buildLine(t.db, { code: 'Q2', level: 2 })).id;
  romashka = (await buildClient(t.db, { name: 'Ромашка' })).id;
  vasilek = (await buildClient(t.db, { name: 'Василёк' })).id;
  agent1 = await sessionFor(t, 'agent', { lineIds: [line1], name: 'Агент Первый' });
  agent1b = await sessionFor(t, 'agent', { lineIds: [line1], name: 'Агент Коллега' });
  agent2 = await sessionFor(t, 'agent', { lineIds: [line2], name: 'Агент Второй' });
  dispatcher = await sessionFor(t, 'dispatcher');
});
afterAll(async () => {
  await t.close();
});

const get = async <T>(session: Session, url: string) => {
  const response = await callAs(t.app, session, { method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
};

type Groups = { items: { key: string | null; label: string | null; count: number }[]; truncated: boolean };
type Page = { items: { id: string; number: number }[]; nextCursor: string | null };

describe('group counts', () => {
  it('counts through the visibility filter and the same filters as the list', async () => {
    const tag = 'группы';
    await insertTicket({ title: tag, client: romashka, line: line1, type: 'incident' });
    await insertTicket({ title: tag, client: romashka, line: line1, type: 'consultation', channel: 'email' });
    await insertTicket({ title: tag, client: vasilek, line: line1, priority: 'high' });
    await insertTicket({ title: tag, client: null, line: line1 });
    // Line 2 only: an agent of line 1 must never count these.
    await insertTicket({ title: tag, client: vasilek, line: line2 });
    await insertTicket({ title: tag, client: vasilek, line: line2 });

    const byClient = await get<Groups>(
      agent1,
      `/api/v1/tickets/groups?by=client&q=${encodeURIComponent(tag)}`,
    );
    expect(byClient.items).toEqual([
      { key: romashka, label: 'Ромашка', count: 2 },
      { key: vasilek, label: 'Василёк', count: 1 },
      { key: null, label: null, count: 1 },
    ]);
    const all = await get<Groups>(
      dispatcher,
      `/api/v1/tickets/groups?by=client&q=${encodeURIComponent(tag)}`,
    );
    expect(all.items.find((group) => group.key === vasilek)?.count).toBe(3);
    const line2Only = await get<Groups>(
      agent2,
      `/api/v1/tickets/groups?by=line&q=${encodeURIComponent(tag)}`,
    );
    expect(line2Only.items).toEqual([{ key: line2, label: 'Линия Q2', count: 2 }]);

    // Each group expands to exactly its count with the list and that group's filter.
    for (const group of byClient.items) {
      const filter = group.key === null ? 'without=client' : `clientId=${group.key}`;
      const page = await get<Page>(agent1, `/api/v1/tickets?q=${encodeURIComponent(tag)}&${filter}`);
      expect(page.items).toHaveLength(group.count);
    }

    const byType = await get<Groups>(
      agent1,
      `/api/v1/tickets/groups?by=type&q=${encodeURIComponent(tag)}&clientId=${romashka}`,
    );
    expect(byType.items.map((group) => [group.key, group.count])).toEqual([
      ['consultation', 1],
      ['incident', 1],
    ]);
    expect(byType.items.every((group) => typeof group.label === 'string')).toBe(true);
    const byChannel = await get<Groups>(
      agent1,
      `/api/v1/tickets/groups?by=channel&q=${encodeURIComponent(tag)}`,
    );
    expect(byChannel.items).toEqual([
      { key: 'portal', label: 'portal', count: 3 },
      { key: 'email', label: 'email', count: 1 },
    ]);
  });

  it('refuses an attribute it does not group by, and client roles', async () => {
    const bad = await callAs(t.app, agent1, { method: 'GET', url: '/api/v1/tickets/groups?by=title' });
    expect(bad.statusCode).toBe(400);
    const client = await sessionFor(t, 'client_approver', { clientId: romashka });
    const refused = await callAs(t.app, client, { method: 'GET', url: '/api/v1/tickets/groups?by=status' });
    expect(refused.statusCode).toBe(403);
  });
});

describe('the new list filters', () => {
  it('filter by type, channel, group, creation dates and missing attributes, with keyset pages', async () => {
    const tag = 'фильтры';
    const group = await t.db
      .insertInto('support_groups')
      .values({ line_id: line1, code: 'G1', name: 'Группа 1С' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const early = await insertTicket({ title: tag, type: 'consultation', createdAt: '2026-01-10T09:00:00Z' });
    const mid = await insertTicket({ title: tag, channel: 'telegram', createdAt: '2026-02-10T09:00:00Z' });
    const late = await insertTicket({ title: tag, createdAt: '2026-02-20T09:00:00Z' });
    await t.db.updateTable('tickets').set({ group_id: group.id }).where('id', '=', late.id).execute();
    const list = (query: string) =>
      get<Page>(agent1, `/api/v1/tickets?q=${encodeURIComponent(tag)}&sort=number&${query}`);

    expect((await list('type=consultation')).items.map((i) => i.id)).toEqual([early.id]);
    expect((await list('channel=telegram')).items.map((i) => i.id)).toEqual([mid.id]);
    expect((await list(`groupId=${group.id}`)).items.map((i) => i.id)).toEqual([late.id]);
    expect((await list('without=group')).items.map((i) => i.id)).toEqual([early.id, mid.id]);
    const february = await list(
      'createdFrom=2026-02-01T00:00:00%2B03:00&createdTo=2026-03-01T00:00:00%2B03:00',
    );
    expect(february.items.map((i) => i.id)).toEqual([mid.id, late.id]);
    const first = await list('createdFrom=2026-01-01T00:00:00Z&limit=1');
    expect(first.items.map((i) => i.id)).toEqual([early.id]);
    const second = await list(`createdFrom=2026-01-01T00:00:00Z&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.id)).toEqual([mid.id]);
    const bad = await callAs(t.app, agent1, { method: 'GET', url: '/api/v1/tickets?createdFrom=yesterday' });
    expect(bad.statusCode).toBe(400);
  });
});

type View = {
  id: string;
  name: string;
  lineId: string | null;
  ownerId: string;
  canEdit: boolean;
  definition: Record<string, unknown>;
};
type Views = { items: View[]; lastUsedId: string | null };

const definition = {
  filters: { status: ['new'], mine: true },
  sort: 'priority',
  columns: ['number', 'title', 'client', 'type'],
  groupBy: 'client',
};

describe('saved views', () => {
  it('keeps personal views to their owner and shares line views with the line’s members', async () => {
    const personal = await callAs(t.app, agent1, {
      method: 'POST',
      url: '/api/v1/views',
      payload: { name: ' Мои новые ', definition },
    });
    expect(personal.statusCode, personal.body).toBe(201);
    const mine = personal.json<View>();
    expect(mine).toMatchObject({ name: 'Мои новые', lineId: null, canEdit: true, definition });

    const shared = await callAs(t.app, agent1, {
      method: 'POST',
      url: '/api/v1/views',
      payload: {
        name: 'Линия 1: горящие',
        lineId: line1,
        definition: { filters: { slaState: ['breached'] } },
      },
    });
    expect(shared.statusCode, shared.body).toBe(201);
    const lineView = shared.json<View>();

    const ofColleague = await get<Views>(agent1b, '/api/v1/views');
    expect(ofColleague.items.map((view) => view.id)).toEqual([lineView.id]);
    expect(ofColleague.items[0]?.canEdit).toBe(false);
    expect((await get<Views>(agent2, '/api/v1/views')).items).toEqual([]);
    // The dispatcher is in no line here: neither view is his to see.
    expect((await get<Views>(dispatcher, '/api/v1/views')).items).toEqual([]);

    for (const [session, status] of [
      [agent2, 404],
      [agent1b, 404],
    ] as const) {
      const response = await callAs(t.app, session, {
        method: 'PATCH',
        url: `/api/v1/views/${mine.id}`,
        payload: { name: 'Чужое' },
      });
      expect(response.statusCode).toBe(status);
    }
    const colleagueRename = await callAs(t.app, agent1b, {
      method: 'PATCH',
      url: `/api/v1/views/${lineView.id}`,
      payload: { name: 'Моё' },
    });
    expect(colleagueRename.statusCode).toBe(403);
    const colleagueDelete = await callAs(t.app, agent1b, {
      method: 'DELETE',
      url: `/api/v1/views/${lineView.id}`,
    });
    expect(colleagueDelete.statusCode).toBe(403);

    const renamed = await callAs(t.app, agent1, {
      method: 'PATCH',
      url: `/api/v1/views/${mine.id}`,
      payload: { name: 'Новые мои' },
    });
    expect(renamed.json<View>().name).toBe('Новые мои');
    const deleted = await callAs(t.app, agent1, { method: 'DELETE', url: `/api/v1/views/${lineView.id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await get<Views>(agent1b, '/api/v1/views')).items).toEqual([]);
  });

  it('lets an agent share only with his own line, and validates the definition', async () => {
    const foreign = await callAs(t.app, agent1, {
      method: 'POST',
      url: '/api/v1/views',
      payload: { name: 'Чужая линия', lineId: line2, definition },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('lineId');
    const byDispatcher = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: '/api/v1/views',
      payload: { name: 'Для второй линии', lineId: line2, definition },
    });
    expect(byDispatcher.statusCode).toBe(201);
    expect((await get<Views>(agent2, '/api/v1/views')).items.map((view) => view.name)).toEqual([
      'Для второй линии',
    ]);
    for (const payload of [
      { name: '', definition },
      { name: 'Без фильтров', definition: {} },
      { name: 'Колонка', definition: { filters: {}, columns: ['salary'] } },
      { name: 'Группа', definition: { filters: {}, groupBy: 'title' } },
      { name: 'Фильтр', definition: { filters: { status: ['open'] } } },
      { name: 'Лишнее', definition: { filters: {} }, extra: 1 },
    ]) {
      const response = await callAs(t.app, agent1, { method: 'POST', url: '/api/v1/views', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('remembers the last used view, and forgets one its user no longer sees', async () => {
    const created = await callAs(t.app, agent2, {
      method: 'POST',
      url: '/api/v1/views',
      payload: { name: 'Последний', definition },
    });
    const view = created.json<View>();
    const use = await callAs(t.app, agent2, {
      method: 'PUT',
      url: '/api/v1/views/last-used',
      payload: { id: view.id },
    });
    expect(use.statusCode).toBe(204);
    expect((await get<Views>(agent2, '/api/v1/views')).lastUsedId).toBe(view.id);
    const foreign = await callAs(t.app, agent1, {
      method: 'PUT',
      url: '/api/v1/views/last-used',
      payload: { id: view.id },
    });
    expect(foreign.statusCode).toBe(404);
    await callAs(t.app, agent2, { method: 'DELETE', url: `/api/v1/views/${view.id}` });
    expect((await get<Views>(agent2, '/api/v1/views')).lastUsedId).toBeNull();
  });
});

type Bulk = {
  results: { id: string; ok: boolean; status?: number; code?: string | null; reason?: string }[];
  changed: number;
  refused: number;
};
type Event = { kind: string; data: Record<string, unknown> };

describe('bulk actions', () => {
  it('assigns through re-planning: a refused request does not block the others, history is written', async () => {
    const first = await insertTicket({ status: 'planned', assignee: agent1.userId });
    const second = await insertTicket({ status: 'in_progress', assignee: agent1.userId });
    const fresh = await insertTicket({ status: 'new' });
    const stale = await insertTicket({ status: 'planned', assignee: agent1.userId });
    const response = await callAs(t.app, dispatcher, {
      method: 'POST',
      url: '/api/v1/tickets/bulk',
      payload: {
        action: 'assign',
        assigneeId: agent1b.userId,
        items: [
          { id: first.id, version: first.version },
          { id: fresh.id, version: fresh.version },
          { id: stale.id, version: stale.version + 5 },
          { id: second.id, version: second.version },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const bulk = response.json<Bulk>();
    expect(bulk.changed).toBe(2);
    expect(bulk.refused).toBe(2);
    expect(bulk.results.map((r) => [r.id, r.ok, r.status ?? null, r.code ?? null])).toEqual([
      [first.id, true, null, null],
      [fresh.id, false, 409, 'illegal_transition'],
      [stale.id, false, 409, 'version_conflict'],
      [second.id, true, null, null],
    ]);
    const rows = await t.db
      .selectFrom('tickets')
      .select(['id', 'assignee_id'])
      .where('id', 'in', [first.id, second.id, fresh.id, stale.id])
      .execute();
    const assignee = new Map(rows.map((row) => [row.id, row.assignee_id]));
    expect(assignee.get(first.id)).toBe(agent1b.userId);
    expect(assignee.get(second.id)).toBe(agent1b.userId);
    expect(assignee.get(fresh.id)).toBeNull();
    expect(assignee.get(stale.id)).toBe(agent1.userId);
    const events = await get<{ items: Event[] }>(dispatcher, `/api/v1/tickets/${first.id}/events`);
    expect(events.items.map((event) => event.kind)).toContain('replanned');
  });

  it('refuses an agent’s assignment as the planning rules do, and hides what he may not see', async () => {
    const planned = await insertTicket({ status: 'planned', assignee: agent1.userId });
    const hidden = await insertTicket({ status: 'planned', line: line2, assignee: agent2.userId });
    const response = await callAs(t.app, agent1, {
      method: 'POST',
      url: '/api/v1/tickets/bulk',
      payload: {
        action: 'assign',
        assigneeId: agent1b.userId,
        items: [
          { id: planned.id, version: planned.version },
          { id: hidden.id, version: hidden.version },
        ],
      },
    });
    const bulk = response.json<Bulk>();
    expect(bulk.results.map((r) => r.status)).toEqual([403, 404]);
  });

  it('changes the priority with its history and SLA, never of a closed request', async () => {
    const open = await insertTicket({ priority: 'normal' });
    const closed = await insertTicket({ status: 'completed' });
    const response = await callAs(t.app, agent1, {
      method: 'POST',
      url: '/api/v1/tickets/bulk',
      payload: {
        action: 'priority',
        priority: 'critical',
        items: [
          { id: open.id, version: open.version },
          { id: closed.id, version: closed.version },
        ],
      },
    });
    const bulk = response.json<Bulk>();
    expect(bulk.results.map((r) => [r.ok, r.status ?? null])).toEqual([
      [true, null],
      [false, 409],
    ]);
    const row = await t.db
      .selectFrom('tickets')
      .select(['priority', 'version'])
      .where('id', '=', open.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ priority: 'critical', version: open.version + 1 });
    const events = await get<{ items: Event[] }>(agent1, `/api/v1/tickets/${open.id}/events`);
    expect(events.items.at(-1)).toMatchObject({
      kind: 'priority_changed',
      data: { from: 'normal', to: 'critical' },
    });
  });

  it('transitions where the lifecycle allows, refusing the rest with its reason', async () => {
    const planned = await insertTicket({ status: 'planned', assignee: agent1.userId });
    const fresh = await insertTicket({ status: 'new' });
    const response = await callAs(t.app, agent1, {
      method: 'POST',
      url: '/api/v1/tickets/bulk',
      payload: {
        action: 'transition',
        to: 'in_progress',
        items: [
          { id: fresh.id, version: fresh.version },
          { id: planned.id, version: planned.version },
        ],
      },
    });
    const bulk = response.json<Bulk>();
    expect(bulk.results[0]).toMatchObject({ ok: false, status: 409, code: 'illegal_transition' });
    expect(bulk.results[0]?.reason).toBeTruthy();
    expect(bulk.results[1]).toMatchObject({ ok: true });
    const events = await get<{ items: Event[] }>(agent1, `/api/v1/tickets/${planned.id}/events`);
    expect(events.items.at(-1)).toMatchObject({
      kind: 'transitioned',
      data: { from: 'planned', to: 'in_progress' },
    });
  });

  it('validates the action and its field', async () => {
    const ticket = await insertTicket();
    for (const payload of [
      { action: 'assign', items: [{ id: ticket.id, version: 1 }] },
      { action: 'priority', priority: 'urgent', items: [{ id: ticket.id, version: 1 }] },
      { action: 'transition', items: [] },
      { action: 'delete', items: [{ id: ticket.id, version: 1 }] },
    ]) {
      const response = await callAs(t.app, dispatcher, {
        method: 'POST',
        url: '/api/v1/tickets/bulk',
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});

describe('decidePriorityChange', () => {
  it('lets staff change open requests only', () => {
    expect(decidePriorityChange({ status: 'new', priority: 'low' }, { role: 'agent' }, 'high')).toEqual({
      ok: true,
      change: true,
    });
    expect(decidePriorityChange({ status: 'new', priority: 'high' }, { role: 'agent' }, 'high')).toEqual({
      ok: true,
      change: false,
    });
    expect(
      decidePriorityChange({ status: 'irrelevant', priority: 'low' }, { role: 'admin' }, 'high').ok,
    ).toBe(false);
    expect(
      decidePriorityChange({ status: 'new', priority: 'low' }, { role: 'client_approver' }, 'high'),
    ).toMatchObject({ ok: false, kind: 'forbidden' });
  });
});
