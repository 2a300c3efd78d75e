import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// The agent's queue (seeds 001 and 004): filters, grouping with counts, a saved view that comes back after
// logging in again, and bulk assignment of requests checked from the keyboard.

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function logIn(page: Page, email: string) {
  await page.goto(`${baseURL}/`);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill('demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('home-desk').waitFor();
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  return { context, page: await context.newPage() };
}

/** Picks an option of a Mantine select or multiselect by its visible name. */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}

type Groups = { items: { key: string | null; label: string | null; count: number }[] };

describe('the queue', () => {
  it('lets an agent filter, group, save a view and find it restored after logging in again', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'agent1@demo.test');
    await page.goto(`${baseURL}/desk/tickets`);
    await page.getByTestId('tickets-table').waitFor();

    // The rarer filters and the columns sit in popovers: the bar stays one or two lines.
    await page.getByTestId('more-filters').click();
    await page.getByTestId('filter-createdFrom').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'queue-more-filters');
    await page.getByTestId('more-filters-done').click();
    await page.getByTestId('columns-picker').click();
    await page.getByRole('checkbox', { name: 'Тип', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('cols') ?? '', { timeout: 20_000 })
      .toContain('type');

    await choose(page, 'filter-status', 'Новая');
    await choose(page, 'group-by', 'Клиент');
    const groups = page.getByTestId('queue-groups');
    await groups.waitFor();
    await expect
      .poll(() => new URL(page.url()).searchParams.getAll('status'), { timeout: 20_000 })
      .toEqual(['new']);

    // The counts are the server's for the same filter through the agent's visibility (first line only).
    const expected = (await (
      await context.request.get(`${baseURL}/api/v1/tickets/groups?by=client&status=new`)
    ).json()) as Groups;
    expect(expected.items.length).toBeGreaterThan(0);
    const counts = await groups.getByTestId('queue-group-count').allTextContents();
    expect(counts.map(Number)).toEqual(expected.items.map((group) => group.count));

    // A group opens to exactly its requests.
    const first = expected.items[0];
    await groups.getByTestId('queue-group-header').first().click();
    await expect
      .poll(() => groups.locator('[data-queue-row]').count(), { timeout: 20_000 })
      .toBe(Math.min(first?.count ?? 0, 50));
    await screenshot(page, 'queue-grouped');

    // Saved as a personal view.
    const name = `Новые по клиентам ${Date.now() % 100000}`;
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-save-as').click();
    await page.getByTestId('view-name').fill(name);
    await page.getByTestId('view-save').click();
    await expect.poll(() => page.getByTestId('views-menu').textContent(), { timeout: 20_000 }).toBe(name);
    await expect.poll(() => new URL(page.url()).searchParams.get('view'), { timeout: 20_000 }).toBeTruthy();

    // Logged out and in again, the queue opens in that view: same filter, same grouping.
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await logIn(page, 'agent1@demo.test');
    await page.goto(`${baseURL}/desk/tickets`);
    await expect.poll(() => page.getByTestId('views-menu').textContent(), { timeout: 20_000 }).toBe(name);
    await page.getByTestId('queue-groups').waitFor();
    const params = new URL(page.url()).searchParams;
    expect(params.getAll('status')).toEqual(['new']);
    expect(params.get('groupBy')).toBe('client');
    expect(params.get('cols')?.split(',')).toContain('type');
    const again = await page.getByTestId('queue-groups').getByTestId('queue-group-count').allTextContents();
    expect(again.map(Number)).toEqual(expected.items.map((group) => group.count));
    await page.getByTestId('views-menu').click();
    await page.locator(`[data-view-name="${name}"]`).waitFor();
    // The menu fades in: the picture waits for it to settle.
    await page.waitForTimeout(500);
    await screenshot(page, 'queue-view-restored');
    await page.keyboard.press('Escape');
    await context.close();
  });

  it('checks requests from the keyboard and assigns them in bulk, naming the one the lifecycle refuses', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'dispatcher@demo.test');
    const me = (await (await context.request.get(`${baseURL}/api/v1/me`)).json()) as { csrfToken: string };
    const headers = { 'X-CSRF-Token': me.csrfToken };
    const staff = (
      (await (await context.request.get(`${baseURL}/api/v1/staff`)).json()) as {
        items: { id: string; name: string; email?: string }[];
      }
    ).items;
    const agent2Login = await (
      await browser.newContext()
    ).request.post(`${baseURL}/api/v1/auth/login`, {
      data: { email: 'agent2@demo.test', password: 'demo' },
    });
    const agent2 = ((await agent2Login.json()) as { user: { id: string; name: string } }).user;
    const agent1 = staff.find((member) => member.id !== agent2.id && member.name.length > 0);
    expect(agent1).toBeDefined();

    // Two planned requests and a new one, under one word to find them by.
    const tag = `Пакет${Date.now() % 100000}`;
    const clients = (await (await context.request.get(`${baseURL}/api/v1/clients?limit=1`)).json()) as {
      items: { id: string }[];
    };
    const clientId = clients.items[0]?.id;
    const file = async (title: string) => {
      const created = await context.request.post(`${baseURL}/api/v1/tickets`, {
        headers,
        data: { title: `${tag} ${title}`, clientId },
      });
      expect(created.status()).toBe(201);
      return (await created.json()) as { id: string; number: number; version: number };
    };
    const plan = async (title: string, day: number) => {
      const ticket = await file(title);
      const evaluated = await context.request.post(`${baseURL}/api/v1/tickets/${ticket.id}/transitions`, {
        headers,
        data: { to: 'evaluated', version: ticket.version, estimateHours: 0.5 },
      });
      expect(evaluated.status()).toBe(200);
      const approved = (await evaluated.json()) as { version: number; status: string };
      expect(approved.status).toBe('approved');
      const planned = await context.request.post(`${baseURL}/api/v1/tickets/${ticket.id}/plan`, {
        headers,
        data: {
          version: approved.version,
          assigneeId: agent1?.id,
          plannedStart: `2026-12-0${day}T10:00:00+03:00`,
          acceptanceCriteria: 'Проверено клиентом',
        },
      });
      expect(planned.status(), await planned.text()).toBe(200);
      return ticket;
    };
    const one = await plan('первая', 1);
    const two = await plan('вторая', 2);
    const fresh = await file('новая');

    await page.goto(`${baseURL}/desk/tickets?sort=number`);
    await page.getByTestId('tickets-table').waitFor();
    // "/" goes to the search; typing there moves no selection.
    await page.keyboard.press('/');
    await page.keyboard.type(tag);
    await expect.poll(() => page.locator('[data-queue-row]').count(), { timeout: 20_000 }).toBe(3);
    await page.keyboard.press('Escape');

    // The help lists the keys.
    await page.keyboard.press('?');
    await page.getByTestId('keyboard-help').waitFor();
    await screenshot(page, 'queue-keyboard-help');
    await page.keyboard.press('Escape');
    await page.getByTestId('keyboard-help').waitFor({ state: 'hidden' });

    // j to the first row, x checks it; j, x the second; ↓, x the third (the new one).
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('x');
    const checked = page.locator('[data-queue-row][data-checked]');
    await expect.poll(() => checked.count(), { timeout: 20_000 }).toBe(3);
    expect(
      await checked.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-ticket-number')))),
    ).toEqual([one.number, two.number, fresh.number]);
    await page.getByTestId('bulk-bar').waitFor();
    await screenshot(page, 'queue-bulk-checked');

    await page.getByTestId('bulk-assign').click();
    await page.getByTestId('bulk-assign').fill(agent2.name.split(' ')[0] ?? agent2.name);
    await page.getByRole('option').first().click();
    const outcome = page.getByTestId('bulk-outcome');
    await outcome.waitFor();
    const text = (await outcome.textContent()) ?? '';
    expect(text).toContain('Изменены 2 заявки');
    expect(text).toContain('1 отказ');
    expect(text).toContain(`#${fresh.number}`);
    // The rows show the new assignee once the list has been read again.
    const surname = agent2.name.split(' ')[0] ?? agent2.name;
    await expect
      .poll(() => page.locator('[data-queue-row]').first().textContent(), { timeout: 20_000 })
      .toContain(surname);
    await screenshot(page, 'queue-bulk-outcome');

    for (const ticket of [one, two]) {
      const after = (await (await context.request.get(`${baseURL}/api/v1/tickets/${ticket.id}`)).json()) as {
        assigneeId: string;
      };
      expect(after.assigneeId).toBe(agent2.id);
      const events = (await (
        await context.request.get(`${baseURL}/api/v1/tickets/${ticket.id}/events`)
      ).json()) as { items: { kind: string }[] };
      expect(events.items.at(-1)?.kind).toBe('replanned');
    }
    await context.close();
  });
});
