import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// The dispatcher's twice-weekly planning (seed 001) on the board, by dragging: a request approved a moment
// ago goes from the backlog onto an agent's day, then moves to another day and to another agent. After a
// reload the board and the request page tell the same story, with the history of each move.

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

// The demo company's names are written by hand (server/demo/company.ts), so they are stable.
const AGENT1 = 'Кузнецова Екатерина Игоревна';
const AGENT2 = 'Никитин Сергей Павлович';

type Session = { context: BrowserContext; page: Page; csrf: string };
type Board = { days: { date: string; kind: string }[] };
type Ticket = {
  id: string;
  number: number;
  version: number;
  status: string;
  assigneeName: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
};

async function signIn(email: string): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  const login = await context.request.post(`${baseURL}/api/v1/auth/login`, {
    data: { email, password: 'demo' },
  });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { context, page: await context.newPage(), csrf: csrfToken };
}

async function api<T>(session: Session, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const response = await session.context.request.fetch(`${baseURL}/api/v1${path}`, {
    method,
    headers: { 'X-CSRF-Token': session.csrf },
    ...(data !== undefined ? { data } : {}),
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as T;
}

/** Presses on `from` and drags to the point, in steps, as a hand would (pointer events fire on each). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 4, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  if (!found) {
    throw new Error('the element is not on screen');
  }
  return found;
};

/** The point at `hour` o'clock of a day column (the columns show 9:00–18:00) in an employee's row. */
async function pointAt(page: Page, employee: string, date: string, hour: number) {
  const column = await box(page.getByTestId('planning-day').and(page.locator(`[data-date="${date}"]`)));
  const row = await box(
    page.locator(
      `[data-testid="planning-row"][data-employee="${employee}"] [data-testid="planning-timeline"]`,
    ),
  );
  return { x: column.x + (column.width * (hour - 9)) / 9, y: row.y + 12 };
}

const barIn = (page: Page, employee: string, number: number) =>
  page.locator(
    `[data-testid="planning-row"][data-employee="${employee}"] [data-testid="planning-bar"][data-number="${number}"]`,
  );

const moscowHour = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('ru-RU', { timeZone: 'Europe/Moscow', hour: '2-digit', minute: '2-digit' })
    : null;
const moscowDate = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' }) : null;

describe('the planning board', () => {
  it('lets the dispatcher plan the week by dragging', async () => {
    const dispatcher = await signIn('dispatcher@demo.test');
    const client = await signIn('client@demo.test');
    const { page } = dispatcher;

    // A request the client filed, estimated at half an hour: approved at once, it waits for a plan.
    const filed = await api<Ticket>(client, 'POST', '/tickets', {
      title: `Настроить обмен с банком ${Date.now()}`,
      priority: 'critical',
    });
    const approved = await api<Ticket>(dispatcher, 'POST', `/tickets/${filed.id}/transitions`, {
      to: 'evaluated',
      version: filed.version,
      estimateHours: 0.5,
    });
    expect(approved.status).toBe('approved');
    await client.context.close();

    await page.goto(`${baseURL}/desk/planning`);
    await page.getByRole('heading', { name: 'Планирование' }).waitFor();
    await page.getByTestId('planning-grid').waitFor();
    await page.locator(`[data-testid="planning-row"][data-employee="${AGENT1}"]`).waitFor();
    // The demo's planned work is on the board already, with each day's load against its hours.
    expect(await page.getByTestId('planning-bar').count()).toBeGreaterThan(3);
    await screenshot(page, 'planning-board');

    // Days of this week and the next that have working hours: the request goes to the first of them
    // from tomorrow on, and then moves two working days later (next week's days when the week runs out).
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' });
    const thisWeek = await page
      .getByTestId('planning-day')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.date ?? ''));
    const board = await api<Board>(dispatcher, 'GET', `/planning?from=${thisWeek[0]}&days=14`);
    const working = board.days.filter((d) => d.kind === 'working' && d.date > today).map((d) => d.date);
    // Two weeks always hold at least three working days after today; the board shows the first week.
    const visible = working.filter((date) => thisWeek.includes(date));
    if (visible.length < 2) {
      await page.getByRole('button', { name: 'Следующий период' }).click();
      await page
        .getByTestId('planning-day')
        .and(page.locator(`[data-date="${working.at(-1)}"]`))
        .waitFor();
    }
    const shown = await page
      .getByTestId('planning-day')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.date ?? ''));
    const [firstDay, secondDay] = working.filter((date) => shown.includes(date));
    if (!firstDay || !secondDay) {
      throw new Error(`no two working days on the board: ${shown.join(', ')}`);
    }

    // From the backlog onto agent1's day at 11:00: only the acceptance criteria are asked for.
    const card = page.getByTestId('backlog-item').and(page.locator(`[data-number="${filed.number}"]`));
    const cardBox = await box(card);
    await drag(
      page,
      { x: cardBox.x + 20, y: cardBox.y + cardBox.height / 2 },
      await pointAt(page, AGENT1, firstDay, 11),
    );
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect(dialog.getByTestId('plan-summary').textContent()).resolves.toContain(AGENT1);
    await dialog.getByLabel('Критерии приёмки').fill('Выписка загружается без ошибок');
    await dialog.getByRole('button', { name: 'Запланировать' }).click();
    await dialog.waitFor({ state: 'detached' });
    await barIn(page, AGENT1, filed.number).waitFor();
    let ticket = await api<Ticket>(dispatcher, 'GET', `/tickets/${filed.id}`);
    expect(ticket).toMatchObject({ status: 'planned', assigneeName: AGENT1 });
    expect([
      moscowDate(ticket.plannedStart),
      moscowHour(ticket.plannedStart),
      moscowHour(ticket.plannedEnd),
    ]).toEqual([firstDay, '11:00', '11:30']);

    // Sideways to another day, same hour.
    let bar = await box(barIn(page, AGENT1, filed.number));
    let target = await pointAt(page, AGENT1, secondDay, 11);
    await drag(page, { x: bar.x + 3, y: bar.y + bar.height / 2 }, { x: target.x + 3, y: target.y });
    await expect
      .poll(async () =>
        moscowDate((await api<Ticket>(dispatcher, 'GET', `/tickets/${filed.id}`)).plannedStart),
      )
      .toBe(secondDay);

    // Down to agent2's row: the same time, another assignee.
    await barIn(page, AGENT1, filed.number).waitFor();
    bar = await box(barIn(page, AGENT1, filed.number));
    target = await pointAt(page, AGENT2, secondDay, 11);
    await drag(page, { x: bar.x + 3, y: bar.y + bar.height / 2 }, { x: target.x + 3, y: target.y });
    await barIn(page, AGENT2, filed.number).waitFor();
    ticket = await api<Ticket>(dispatcher, 'GET', `/tickets/${filed.id}`);
    expect(ticket).toMatchObject({ status: 'planned', assigneeName: AGENT2 });
    expect([
      moscowDate(ticket.plannedStart),
      moscowHour(ticket.plannedStart),
      moscowHour(ticket.plannedEnd),
    ]).toEqual([secondDay, '11:00', '11:30']);

    // After a reload the bar is where it was put: agent2's row, in the second day's column.
    await page.reload();
    await barIn(page, AGENT2, filed.number).waitFor();
    expect(await barIn(page, AGENT1, filed.number).count()).toBe(0);
    const column = await box(
      page.getByTestId('planning-day').and(page.locator(`[data-date="${secondDay}"]`)),
    );
    bar = await box(barIn(page, AGENT2, filed.number));
    expect(bar.x).toBeGreaterThanOrEqual(column.x);
    expect(bar.x + bar.width).toBeLessThanOrEqual(column.x + column.width + 1);

    // One client's requests stand out when chosen.
    await page.getByTestId('planning-client').click();
    const clientName = (await page.getByRole('option').first().textContent()) ?? '';
    await page.getByRole('option').first().click();
    await expect
      .poll(() => page.locator('[data-testid="planning-bar"][data-highlighted="true"]').count())
      .toBeGreaterThan(0);
    await screenshot(page, 'planning-board-client');
    expect(clientName).not.toBe('');

    // The request page: the new assignee and dates, and the history of the plan and both moves.
    await barIn(page, AGENT2, filed.number).click();
    await page.waitForURL(`**/desk/tickets/${filed.id}`);
    await page.getByTestId('ticket-title').waitFor();
    await expect(page.getByTestId('detail-assignee').textContent()).resolves.toContain(AGENT2);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText(/^Дмитрий Морозов запланировал работы/).waitFor();
    await expect.poll(() => timeline.getByText(/перепланировал работы/).count()).toBe(2);
    await timeline.getByText(/исполнитель Екатерина Кузнецова → Сергей Никитин/).waitFor();
    await screenshot(page, 'planning-ticket-history');
    await dispatcher.context.close();
  });

  it('plans and moves from the keyboard alone, and shows another planner’s change without a reload', async () => {
    const dispatcher = await signIn('dispatcher@demo.test');
    const admin = await signIn('admin@demo.test');
    const client = await signIn('client@demo.test');
    const { page } = dispatcher;
    const filed = await api<Ticket>(client, 'POST', '/tickets', {
      title: `Выгрузка в банк с клавиатуры ${Date.now()}`,
      // The backlog shows the most urgent first: a critical one is surely on it.
      priority: 'critical',
    });
    // Half an hour is within the client's approval limit: approved at once, it waits for a plan.
    const approved = await api<Ticket>(dispatcher, 'POST', `/tickets/${filed.id}/transitions`, {
      to: 'evaluated',
      version: filed.version,
      estimateHours: 0.5,
    });
    expect(approved.status).toBe('approved');
    await client.context.close();

    await page.goto(`${baseURL}/desk/planning`);
    await page.getByTestId('planning-grid').waitFor();
    const shown = await page
      .getByTestId('planning-day')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.date ?? ''));
    const board = await api<Board>(dispatcher, 'GET', `/planning?from=${shown[0]}&days=7`);
    const workingDay = board.days.find((d) => d.kind === 'working')?.date;
    if (!workingDay) {
      throw new Error('no working day on the board');
    }

    // Enter on the backlog card opens the dialog that asks who and when.
    const card = page.getByTestId('backlog-item').and(page.locator(`[data-number="${filed.number}"]`));
    await card.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('plan-employee').click();
    await page.getByRole('option', { name: AGENT2 }).click();
    await dialog.getByTestId('plan-start').fill(`${workingDay}T10:00`);
    await dialog.getByLabel('Критерии приёмки').fill('Файл выгрузки принят банком');
    await screenshot(page, 'planning-keyboard-dialog');
    await dialog.getByLabel('Критерии приёмки').press('Tab');
    await dialog.getByRole('button', { name: 'Запланировать' }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await barIn(page, AGENT2, filed.number).waitFor();
    let ticket = await api<Ticket>(dispatcher, 'GET', `/tickets/${filed.id}`);
    expect(ticket).toMatchObject({ status: 'planned', assigneeName: AGENT2 });
    expect([moscowDate(ticket.plannedStart), moscowHour(ticket.plannedStart)]).toEqual([workingDay, '10:00']);

    // Alt+Shift+→ on the focused bar stretches the plan by half an hour.
    const before = ticket.plannedEnd;
    await barIn(page, AGENT2, filed.number).focus();
    await page.keyboard.press('Alt+Shift+ArrowRight');
    await expect
      .poll(async () => (await api<Ticket>(dispatcher, 'GET', `/tickets/${filed.id}`)).plannedEnd)
      .toBe(new Date(Date.parse(before ?? '') + 30 * 60_000).toISOString());

    // Alt+→ moves it a day later, same hour.
    await barIn(page, AGENT2, filed.number).waitFor();
    await barIn(page, AGENT2, filed.number).focus();
    await page.keyboard.press('Alt+ArrowRight');
    const nextDay = new Date(Date.parse(`${workingDay}T12:00:00Z`) + 24 * 3600_000)
      .toISOString()
      .slice(0, 10);
    await expect
      .poll(async () =>
        moscowDate((await api<Ticket>(dispatcher, 'GET', `/tickets/${filed.id}`)).plannedStart),
      )
      .toBe(nextDay);

    // The admin hands it to agent1 elsewhere: the dispatcher's board follows without a reload.
    ticket = await api<Ticket>(dispatcher, 'GET', `/tickets/${filed.id}`);
    const agent1 = await api<{ items: { id: string; name: string }[] }>(admin, 'GET', '/users?role=agent');
    const agent1Id = agent1.items.find((user) => user.name === AGENT1)?.id;
    await api<Ticket>(admin, 'POST', `/tickets/${filed.id}/plan`, {
      version: ticket.version,
      assigneeId: agent1Id,
    });
    await barIn(page, AGENT1, filed.number).waitFor({ timeout: 10_000 });
    expect(await barIn(page, AGENT2, filed.number).count()).toBe(0);
    await admin.context.close();
    await dispatcher.context.close();
  });

  it('shows an agent his line’s board without letting him move anything', async () => {
    const agent = await signIn('agent1@demo.test');
    const { page } = agent;
    await page.goto(`${baseURL}/desk/planning`);
    await page.getByTestId('planning-grid').waitFor();
    await page.getByText('Планирует диспетчер', { exact: false }).first().waitFor();
    await page.locator(`[data-testid="planning-row"][data-employee="${AGENT1}"]`).waitFor();
    // His line's plans are there, but none can be grabbed, and the backlog is only to look at.
    expect(await page.getByTestId('planning-bar').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('planning-bar-resize').count()).toBe(0);
    await page.getByText('Согласованные заявки, которые планирует диспетчер').waitFor();
    await agent.context.close();
  });
});
