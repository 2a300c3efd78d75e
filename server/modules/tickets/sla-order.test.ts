// The queue sorted by SLA due time: requests whose clock runs, nearest due time first (ties by number),
// then those without a due time by number — read as two index ranges, so the pages must join up at the
// boundary between them without skipping or repeating a row, and each range must keep the visibility filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildLine } from '#server/test/factories.ts';

type Row = { number: number; slaDueAt: string | null; lineId: string };

let t: TestApp;
let dispatcher: Session;
let agent: Session;
let lineId: string;
const made: Row[] = [];

const at = (hours: number) => new Date(Date.UTC(2026, 2, 2, 7) + hours * 3_600_000);

// Ties on due times, and undated requests before, between and after the dated ones by number.
const DUE_IN: (number | null)[] = [null, 5, 2, null, 5, -3, null, 2, 9, null, 5, -3, null];

beforeAll(async () => {
  t = await createTestApp();
  lineId = (await buildLine(t.db, { code: 'L1', level: 1 })).id;
  const otherLineId = (await buildLine(t.db, { code: 'L2', level: 2 })).id;
  dispatcher = await sessionFor(t, 'dispatcher');
  agent = await sessionFor(t, 'agent', { lineIds: [lineId] });
  for (const [index, dueIn] of DUE_IN.entries()) {
    const row = await t.db
      .insertInto('tickets')
      .values({
        title: `Заявка ${index}`,
        line_id: index % 3 === 2 ? otherLineId : lineId,
        sla_due_at: dueIn === null ? null : at(dueIn),
      })
      .returning(['number', 'sla_due_at', 'line_id'])
      .executeTakeFirstOrThrow();
    made.push({
      number: row.number,
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
    .sort((a, b) =>
      a.slaDueAt === b.slaDueAt
        ? a.number - b.number
        : a.slaDueAt === null
          ? 1
          : b.slaDueAt === null
            ? -1
            : a.slaDueAt.localeCompare(b.slaDueAt),
    )
    .map((row) => row.number);

/** Every page of the list, following nextCursor; fails on a repeated row. */
async function pageThrough(session: Session, limit: number) {
  const numbers: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/api/v1/tickets?sort=slaDueAt&limit=${limit}${
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

describe('GET /api/v1/tickets?sort=slaDueAt', () => {
  it('lists the nearest due time first, then the requests without one by number', async () => {
    const response = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: '/api/v1/tickets?sort=slaDueAt&limit=200',
    });
    const items = response.json<{ items: Row[] }>().items;
    expect(items.map((item) => item.number)).toEqual(expectedOrder(made));
    expect(items.at(-1)?.slaDueAt).toBeNull();
  });

  it.each([1, 2, 3, 4, 5, 9])(
    'pages by %i across the boundary without skipping or repeating',
    async (limit) => {
      expect(await pageThrough(dispatcher, limit)).toEqual(expectedOrder(made));
    },
  );

  it.each([1, 2, 4])('keeps an agent to the requests of his line on both sides, by %i', async (limit) => {
    expect(await pageThrough(agent, limit)).toEqual(
      expectedOrder(made.filter((row) => row.lineId === lineId)),
    );
  });

  it('refuses a cursor whose due time is not a time', async () => {
    const cursor = Buffer.from(JSON.stringify(['soon', 3])).toString('base64url');
    const response = await callAs(t.app, dispatcher, {
      method: 'GET',
      url: `/api/v1/tickets?sort=slaDueAt&cursor=${cursor}`,
    });
    expect(response.statusCode).toBe(400);
  });
});
