// The desk queue's default order (issue 6): the highest priority first, then the nearest SLA due time
// (requests whose clock does not run last), then the newest — paged by a keyset cursor that must neither
// skip nor repeat a row across ties and NULL due times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORITIES, type Priority } from '#common/tickets.ts';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildLine } from '#server/test/factories.ts';

type Row = { number: number; priority: Priority; slaDueAt: string | null };

let t: TestApp;
let dispatcher: Session;
let agent: Session;
let lineId: string;
let otherLineId: string;
const made: (Row & { lineId: string })[] = [];

const at = (hours: number) => new Date(Date.UTC(2026, 2, 2, 7) + hours * 3_600_000);

// Ties on purpose: two due times shared by several requests of one priority, NULLs in every priority but
// `low`, and a priority (`critical`) whose requests all lack a due time.
const SHAPE: [Priority, number | null][] = [
  ['normal', 5],
  ['high', 2],
  ['normal', null],
  ['critical', null],
  ['normal', 5],
  ['low', 1],
  ['high', 2],
  ['normal', 3],
  ['critical', null],
  ['high', null],
  ['normal', 5],
  ['low', 8],
  ['normal', null],
  ['high', 2],
  ['normal', 3],
  ['high', 7],
  ['critical', null],
];

beforeAll(async () => {
  t = await createTestApp();
  lineId = (await buildLine(t.db, { code: 'L1', level: 1 })).id;
  otherLineId = (await buildLine(t.db, { code: 'L2', level: 2 })).id;
  dispatcher = await sessionFor(t, 'dispatcher');
  agent = await sessionFor(t, 'agent', { lineIds: [lineId] });
  for (const [index, [priority, dueIn]] of SHAPE.entries()) {
    const row = await t.db
      .insertInto('tickets')
      .values({
        title: `Заявка ${index}`,
        priority,
        line_id: index % 3 === 2 ? otherLineId : lineId,
        sla_due_at: dueIn === null ? null : at(dueIn),
      })
      .returning(['number', 'priority', 'sla_due_at', 'line_id'])
      .executeTakeFirstOrThrow();
    made.push({
      number: row.number,
      priority: row.priority,
      slaDueAt: row.sla_due_at === null ? null : new Date(row.sla_due_at).toISOString(),
      lineId: row.line_id ?? '',
    });
  }
});
afterAll(async () => {
  await t.close();
});

/** The order the queue promises, computed here independently of SQL. */
const expectedOrder = (rows: Row[]) =>
  [...rows]
    .sort(
      (a, b) =>
        PRIORITIES.indexOf(b.priority) - PRIORITIES.indexOf(a.priority) ||
        (a.slaDueAt === b.slaDueAt
          ? 0
          : a.slaDueAt === null
            ? 1
            : b.slaDueAt === null
              ? -1
              : a.slaDueAt.localeCompare(b.slaDueAt)) ||
        b.number - a.number,
    )
    .map((row) => row.number);

/** Every page of the list, following nextCursor; fails on a repeated row. */
async function pageThrough(session: Session, query: string, limit: number) {
  const numbers: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/api/v1/tickets?sort=priority&limit=${limit}${query}${
      cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
    }`;
    const response = await callAs(t.app, session, { method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ items: Row[]; nextCursor: string | null }>();
    numbers.push(...page.items.map((item) => item.number));
    cursor = page.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  expect(new Set(numbers).size).toBe(numbers.length);
  return numbers;
}

describe('GET /api/v1/tickets?sort=priority', () => {
  it('orders by priority, then the nearest SLA due time with NULLs last, then the newest', async () => {
    const response = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: '/api/v1/tickets?sort=priority&limit=200',
    });
    const items = response.json<{ items: Row[] }>().items;
    expect(items.map((item) => item.number)).toEqual(expectedOrder(made));
    // The shape holds what the test means to cover: the first rows are critical and have no due time.
    expect(items.slice(0, 3).map((item) => [item.priority, item.slaDueAt])).toEqual([
      ['critical', null],
      ['critical', null],
      ['critical', null],
    ]);
  });

  it.each([1, 2, 3, 4, 5])(
    'pages by %i without skipping or repeating across ties and NULLs',
    async (limit) => {
      expect(await pageThrough(dispatcher, '', limit)).toEqual(expectedOrder(made));
    },
  );

  it('pages the same way inside the visibility filter and other filters', async () => {
    const onLine = made.filter((row) => row.lineId === lineId);
    expect(await pageThrough(agent, '', 2)).toEqual(expectedOrder(onLine));
    const high = made.filter((row) => row.priority === 'high');
    expect(await pageThrough(dispatcher, '&priority=high', 2)).toEqual(expectedOrder(high));
  });

  it('refuses a cursor of another order or a forged one', async () => {
    const newest = await callAs(t.app, dispatcher, { method: 'GET', url: '/api/v1/tickets?limit=1' });
    const cursor = newest.json<{ nextCursor: string }>().nextCursor;
    const forged = Buffer.from(JSON.stringify([4, 'not a time', 10])).toString('base64url');
    for (const bad of [cursor, forged]) {
      const response = await callAs(t.app, dispatcher, {
        method: 'GET',
        url: `/api/v1/tickets?sort=priority&cursor=${encodeURIComponent(bad)}`,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ path: 'cursor' }] });
    }
  });

  it('keeps -number as the default order of the API', async () => {
    const response = await callAs(t.app, dispatcher, { method: 'GET', url: '/api/v1/tickets?limit=200' });
    const numbers = response.json<{ items: Row[] }>().items.map((item) => item.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  });
});
