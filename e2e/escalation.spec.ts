import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PRIORITIES } from '#common/tickets.ts';
import { launchBrowser, screenshot } from './browser.ts';

// Escalation between support lines (seed 004, issue 6) through the real UI: a first-line agent hands a
// request up to the second line with a reason and, no longer seeing it, lands back in his queue with a
// notice; a second-line agent opens it and reads the reason in the history. The desk queue works the
// most urgent first; the admin edits the dictionaries of types and priorities.

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

type Session = { context: BrowserContext; page: Page; csrf: string };
type Line = { id: string; name: string; level: number };

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

describe('escalation in the request page', () => {
  it('hands a first-line request to the second line with a reason; the second line reads it in the history', async () => {
    const agent1 = await signIn('agent1@demo.test');
    const agent2 = await signIn('agent2@demo.test');
    const client = await signIn('client@demo.test');
    const title = `Не проводится корректировка реализации ${Date.now()}`;
    const reason = 'Нужна доработка обработки: на первой линии не решить';

    // The client files it in the portal, with no service: it lands on the first line.
    const filed = await client.context.request.post(`${baseURL}/api/v1/tickets`, {
      headers: { 'X-CSRF-Token': client.csrf },
      data: { title, description: '<p>При проведении корректировки ошибка «Нет остатка».</p>' },
    });
    expect(filed.status()).toBe(201);
    const ticket = (await filed.json()) as { id: string; number: number; lineId: string };
    const lines = (
      (await (await agent1.context.request.get(`${baseURL}/api/v1/lines`)).json()) as { items: Line[] }
    ).items.sort((a, b) => a.level - b.level);
    const [first, second] = lines;
    expect(ticket.lineId).toBe(first?.id);

    const { page } = agent1;
    await page.goto(`${baseURL}/desk/tickets/${ticket.id}`);
    await page.getByTestId('ticket-title').waitFor();
    await page
      .getByTestId('detail-line')
      .getByText(first?.name ?? '', { exact: true })
      .waitFor();
    // The first line is the lowest: there is nothing to return it to.
    const actions = page.getByTestId('escalation-actions');
    await actions.getByRole('button', { name: 'Эскалировать' }).click();
    const form = page.getByTestId('escalation-form-up');
    await form.waitFor();
    expect(await form.getByRole('combobox', { name: 'На линию' }).inputValue()).toBe(second?.name);
    expect(await actions.getByRole('button', { name: 'Вернуть на линию ниже' }).count()).toBe(0);

    // The reason is required: sending without one says so and sends nothing.
    await form.getByRole('button', { name: 'Эскалировать' }).click();
    await form.getByText('Напишите, почему заявка переходит на другую линию').waitFor();
    await form.getByLabel(/^Причина\W*$/).fill(reason);
    await page.waitForTimeout(300);
    await screenshot(page, 'escalation-modal');
    await form.getByRole('button', { name: 'Эскалировать' }).click();

    // Agent1 is not on the second line: back to his queue with a notice, not a 404 page.
    await page.waitForURL(`${baseURL}/desk/tickets`);
    await page.getByText(`Заявка #${ticket.number} передана на линию «${second?.name}»`).waitFor();
    await page.getByText('Она больше не в вашей очереди').waitFor();
    await page.getByTestId('tickets-table').waitFor();
    await screenshot(page, 'escalation-back-in-queue');
    const gone = await agent1.context.request.get(`${baseURL}/api/v1/tickets/${ticket.id}`);
    expect(gone.status()).toBe(404);

    // Agent2 (second line only) opens it: the history tells the move, from which line to which, and why.
    await agent2.page.goto(`${baseURL}/desk/tickets/${ticket.id}`);
    await agent2.page.getByTestId('ticket-title').waitFor();
    await agent2.page
      .getByTestId('detail-line')
      .getByText(second?.name ?? '', { exact: true })
      .waitFor();
    const timeline = agent2.page.getByTestId('timeline');
    await timeline.getByText(`заявку: ${first?.name} → ${second?.name}`).waitFor();
    await timeline.getByText(/эскалировала? заявку/).waitFor();
    await timeline.getByTestId('escalation-reason').getByText(reason, { exact: false }).waitFor();
    // From the second line it can go back down.
    await agent2.page
      .getByTestId('escalation-actions')
      .getByRole('button', { name: 'Вернуть на линию ниже' })
      .waitFor();
    await screenshot(agent2.page, 'escalation-history');

    // The client never sees the internal move.
    const history = (await (
      await client.context.request.get(`${baseURL}/api/v1/tickets/${ticket.id}/events`)
    ).json()) as { items: { kind: string }[] };
    expect(history.items.some((event) => event.kind.includes('escalated'))).toBe(false);

    for (const session of [agent1, agent2, client]) {
      await session.context.close();
    }
    // Three people's pages: more than the default minute on a busy machine.
  }, 180_000);

  it('orders the desk queue by priority by default', async () => {
    const agent2 = await signIn('agent2@demo.test');
    const { page } = agent2;
    await page.goto(`${baseURL}/desk/tickets`);
    const table = page.getByTestId('tickets-table');
    await table.waitFor();
    expect(await page.getByRole('combobox', { name: 'Порядок' }).inputValue()).toBe('По приоритету');
    const priorities = await table
      .locator('tbody tr [data-priority]')
      .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-priority') ?? ''));
    expect(priorities.length).toBeGreaterThan(3);
    const ranks = priorities.map((code) => PRIORITIES.indexOf(code as (typeof PRIORITIES)[number]));
    expect(ranks.every((rank) => rank >= 0)).toBe(true);
    for (let index = 1; index < ranks.length; index += 1) {
      expect(ranks[index]).toBeLessThanOrEqual(ranks[index - 1] ?? Infinity);
    }
    await agent2.context.close();
  });
});

describe('the dictionaries page', () => {
  it('lets the admin rename a priority; the queue shows the new name; others do not see the page', async () => {
    const admin = await signIn('admin@demo.test');
    const { page } = admin;
    await page.goto(`${baseURL}/desk`);
    await page.getByRole('link', { name: 'Справочники' }).click();
    await page.getByTestId('ticket-types-table').getByText('Консультация').waitFor();
    await page.getByTestId('priorities-table').getByText('Критический', { exact: true }).first().waitFor();
    await screenshot(page, 'dictionaries');

    await page.getByRole('button', { name: 'Изменить «Низкий»' }).click();
    const form = page.getByTestId('priority-form');
    await form.getByRole('textbox', { name: 'Название', exact: true }).fill('Не срочно');
    await form.getByRole('radio', { name: 'Бирюзовый' }).click();
    await screenshot(page, 'dictionaries-priority-modal');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByTestId('priorities-table').getByText('Не срочно', { exact: true }).first().waitFor();

    // The queue's priority filter offers the new name.
    await page.goto(`${baseURL}/desk/tickets`);
    await page.getByRole('combobox', { name: 'Приоритет' }).click();
    await page.getByRole('option', { name: 'Не срочно' }).waitFor();

    const restored = await admin.context.request.patch(`${baseURL}/api/v1/priorities/low`, {
      headers: { 'X-CSRF-Token': admin.csrf },
      data: { name: 'Низкий', color: 'gray' },
    });
    expect(restored.status()).toBe(200);
    await admin.context.close();

    const agent = await signIn('agent1@demo.test');
    await agent.page.goto(`${baseURL}/desk`);
    await agent.page.getByRole('link', { name: 'Заявки' }).first().waitFor();
    expect(await agent.page.getByRole('link', { name: 'Справочники' }).count()).toBe(0);
    await agent.context.close();
  });
});
