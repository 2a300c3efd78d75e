import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// A request nobody touches for 30 days goes stale, and the dispatcher declares it irrelevant. The e2e
// server runs with TEST_CLOCK=1, so a month passes by moving its clock instead of waiting.

const baseURL = inject('baseURL');
const DAY = 24 * 3600_000;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await fetch(`${baseURL}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetMs: 0 }),
  });
  await browser.close();
});

async function moveClock(offsetMs: number) {
  const response = await fetch(`${baseURL}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetMs }),
  });
  expect(response.status).toBe(200);
}

async function runStaleJob() {
  const response = await fetch(`${baseURL}/api/test/jobs/tickets.mark-stale`, { method: 'POST' });
  expect(response.status).toBe(200);
}

describe('a request left alone for a month', () => {
  it('goes stale after 30 days, and the dispatcher declares it irrelevant', async () => {
    const client = await browser.newContext();
    const login = await client.request.post(`${baseURL}/api/v1/auth/login`, {
      data: { email: 'client@demo.test', password: 'demo' },
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await client.request.post(`${baseURL}/api/v1/tickets`, {
      headers: { 'X-CSRF-Token': csrfToken },
      data: { title: `Забытая заявка ${Date.now()}`, description: 'Проверить настройки печати' },
    });
    expect(created.status()).toBe(201);
    const ticket = (await created.json()) as { id: string; number: number };
    await client.close();

    await moveClock(29 * DAY);
    await runStaleJob();
    const dispatcher = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await dispatcher.newPage();
    await page.goto(`${baseURL}/login`);
    await page.getByLabel('Электронная почта').fill('dispatcher@demo.test');
    await page.getByLabel('Пароль').fill('demo');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByTestId('home-desk').waitFor();

    await page.goto(`${baseURL}/desk/tickets/${ticket.id}`);
    await page.getByText(`#${ticket.number}`).first().waitFor();
    // After 29 days it is still new.
    await page.getByText('Новая', { exact: true }).first().waitFor();

    await moveClock(31 * DAY);
    await runStaleJob();
    await page.reload();
    await page.getByText('Устарела', { exact: true }).first().waitFor();
    await screenshot(page, 'desk-ticket-stale');

    await page.getByRole('button', { name: 'Неактуальна' }).click();
    await page.getByTestId('transition-form-irrelevant').waitFor();
    await page
      .getByTestId('transition-form-irrelevant')
      .getByRole('button', { name: 'Заявка неактуальна' })
      .click();
    await page.getByText('Неактуальна', { exact: true }).first().waitFor();
    await expect
      .poll(async () => {
        const response = await dispatcher.request.get(`${baseURL}/api/v1/tickets/${ticket.id}`);
        return ((await response.json()) as { status: string }).status;
      })
      .toBe('irrelevant');
    await screenshot(page, 'desk-ticket-irrelevant');
    await dispatcher.close();
  });
});
