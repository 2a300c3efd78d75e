import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// SLA clocks of seeds 002 and 003 through the real UI: the dispatcher registers a call for the demo
// client (his hour balance beside the form) and sees how long is left to react; the server's clock then
// moves past the due time, the SLA job runs, and the request turns red in the queue, the «Просрочено»
// filter finds it, and the bell tells the dispatcher. A second-line agent never sees this first-line
// request. The e2e server runs with TEST_CLOCK=1; the clock goes back at the end (other specs share it).

const baseURL = inject('baseURL');
const MINUTE = 60_000;
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

type Session = { context: BrowserContext; page: Page; csrf: string };
type Ticket = {
  id: string;
  number: number;
  slaState: string | null;
  slaDueAt: string | null;
  reactionDueAt: string | null;
};

async function signIn(email: string, viewport = { width: 1440, height: 900 }): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const login = await context.request.post(`${baseURL}/api/v1/auth/login`, {
    data: { email, password: 'demo' },
  });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { context, page: await context.newPage(), csrf: csrfToken };
}

async function moveClock(offsetMs: number) {
  const response = await fetch(`${baseURL}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetMs }),
  });
  expect(response.status).toBe(200);
}

async function runSlaJob() {
  const response = await fetch(`${baseURL}/api/test/jobs/sla.watch`, { method: 'POST' });
  expect(response.status).toBe(200);
}

async function ticketOf(session: Session, id: string): Promise<Ticket> {
  const response = await session.context.request.get(`${baseURL}/api/v1/tickets/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Ticket;
}

describe('SLA clocks in the desk', () => {
  it('shows the due time, turns red past it, filters by it, and rings the bell; the second line sees nothing', async () => {
    const dispatcher = await signIn('dispatcher@demo.test');
    const { page } = dispatcher;
    const title = `Не закрывается месяц: ошибка при расчёте себестоимости ${Date.now()}`;

    // The dispatcher registers a call for the demo client; the client's balance shows beside the form.
    await page.goto(`${baseURL}/desk/tickets`);
    await page.getByTestId('tickets-table').waitFor();
    await page.getByRole('button', { name: 'Новая заявка' }).click();
    const form = page.getByTestId('new-ticket-form');
    await form.getByLabel('Клиент').fill('Ромашка-Трейд');
    await page
      .getByRole('option', { name: /Ромашка-Трейд/ })
      .first()
      .click();
    await page.getByTestId('client-balance-panel').getByTestId('panel-balance').waitFor();
    await form.getByTestId('service-select').click();
    await page.getByRole('option', { name: 'Консультация по учёту' }).click();
    await page.getByTestId('client-balance-panel').getByText('С баланса', { exact: true }).waitFor();
    await form.getByLabel(/^Тема/).fill(title);
    await screenshot(page, 'desk-ticket-new-balance');
    await form.getByRole('button', { name: 'Создать заявку' }).click();
    await page.waitForURL(/\/desk\/tickets\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';

    // Its clock runs: reaction due in working time of the client's calendar.
    const created = await ticketOf(dispatcher, id);
    expect(created.slaState).toBe('ok');
    expect(created.slaDueAt).not.toBeNull();
    expect(created.slaDueAt).toBe(created.reactionDueAt);
    await page.getByTestId('sla-reaction').getByText(/^до /).waitFor();
    await page
      .getByTestId('sla-reaction')
      .getByText(/Ждёт первого ответа: через/)
      .waitFor();

    // In the queue the SLA cell says how long is left, and the exact time on hover.
    await page.goto(`${baseURL}/desk/tickets`);
    const row = page.locator(`[data-testid="tickets-table"] tr[data-ticket-number="${created.number}"]`);
    const cell = row.getByTestId('sla-cell');
    await cell.getByText(/^через /).waitFor();
    expect(await cell.getAttribute('data-sla-state')).toBe('ok');
    await cell.getByText(/^через /).hover();
    await page.getByText(/^Реакция — до /).waitFor();
    await screenshot(page, 'desk-queue-sla');

    // Time passes: the server's clock goes past the due time, and the SLA job runs.
    await moveClock(Date.parse(created.slaDueAt ?? '') - Date.now() + 10 * MINUTE);
    await runSlaJob();
    await expect.poll(async () => (await ticketOf(dispatcher, id)).slaState).toBe('breached');

    // The row is red now.
    await page.reload();
    await cell.getByText('Просрочено', { exact: true }).waitFor();
    expect(await cell.getAttribute('data-sla-state')).toBe('breached');
    await screenshot(page, 'desk-queue-sla-breached');

    // The SLA filter «Просрочено» finds it, and only overdue requests.
    await page.getByTestId('filter-sla').click();
    await page.getByRole('option', { name: 'Просрочено' }).click();
    await page.waitForURL(/[?&]sla=breached/);
    await page.keyboard.press('Escape');
    // The previous list stays on screen until the filtered one arrives.
    await expect
      .poll(async () => {
        const states = await page
          .getByTestId('tickets-table')
          .getByTestId('sla-cell')
          .evaluateAll((cells) => cells.map((element) => element.getAttribute('data-sla-state')));
        return [...new Set(states)];
      })
      .toEqual(['breached']);
    await row.waitFor();
    await screenshot(page, 'desk-queue-sla-filter');

    // The bell tells of the breach; a click opens the request and reads the notification.
    await page.getByTestId('notification-bell').click();
    const notification = page.locator(`[data-testid="notification"][data-ticket-number="${created.number}"]`);
    await notification.waitFor();
    expect(await notification.textContent()).toContain('Срок SLA нарушен');
    await screenshot(page, 'desk-notifications');
    await notification.click();
    await page.waitForURL(new RegExp(`/desk/tickets/${id}$`));
    await page.getByTestId('sla-state').getByText('Просрочено', { exact: true }).waitFor();
    await page
      .getByTestId('sla-reaction')
      .getByText(/^Ответа нет/)
      .waitFor();
    await screenshot(page, 'desk-ticket-sla-breached');
    await expect
      .poll(async () => {
        const response = await dispatcher.context.request.get(
          `${baseURL}/api/v1/notifications?unread=true&limit=100`,
        );
        const { items } = (await response.json()) as { items: { ticketId: string | null }[] };
        return items.filter((item) => item.ticketId === id).length;
      })
      .toBe(0);

    // The request is on the first line: a first-line agent sees it, the second line neither in its queue
    // nor by its address.
    const agent1 = await signIn('agent1@demo.test');
    expect((await agent1.context.request.get(`${baseURL}/api/v1/tickets/${id}`)).status()).toBe(200);
    const agent2 = await signIn('agent2@demo.test');
    await agent2.page.goto(`${baseURL}/desk/tickets?sla=breached`);
    await agent2.page
      .getByText(/Ничего не нашли|Показано/)
      .first()
      .waitFor();
    expect(await agent2.page.locator(`tr[data-ticket-number="${created.number}"]`).count()).toBe(0);
    expect((await agent2.context.request.get(`${baseURL}/api/v1/tickets/${id}`)).status()).toBe(404);
    await agent2.page.goto(`${baseURL}/desk/tickets/${id}`);
    await agent2.page.getByText('Заявка не найдена').waitFor();
    await screenshot(agent2.page, 'desk-ticket-sla-other-line');

    await Promise.all([dispatcher.context.close(), agent1.context.close(), agent2.context.close()]);
  });
});

describe('the client lets every contact see the balance', () => {
  it('the dispatcher switches it on the client card; a client_user then sees «Баланс» in the portal', async () => {
    const dispatcher = await signIn('dispatcher@demo.test');
    const client = await signIn('client@demo.test', { width: 375, height: 812 });
    const me = (await (await client.context.request.get(`${baseURL}/api/v1/me`)).json()) as {
      client: { id: string };
    };
    const setting = dispatcher.page.getByTestId('client-users-see-balance');
    try {
      await dispatcher.page.goto(`${baseURL}/desk/clients/${me.client.id}`);
      await dispatcher.page.getByTestId('client-sla-settings').waitFor();
      expect(await setting.isChecked()).toBe(false);
      await setting.click({ force: true });
      await dispatcher.page.getByText('Баланс видят все контакты клиента').waitFor();
      await screenshot(dispatcher.page, 'desk-client-sla-settings');

      await client.page.goto(`${baseURL}/portal`);
      await client.page.getByTestId('balance-card').waitFor();
      await client.page.getByRole('tab', { name: 'Баланс' }).click();
      await client.page.waitForURL(/\/portal\/balance$/);
      await client.page.getByTestId('contract-card').first().waitFor();
      // Statements stay the approver's.
      expect(await client.page.getByRole('tab', { name: 'Выписки' }).count()).toBe(0);
      await screenshot(client.page, 'portal-client-user-balance');
    } finally {
      // Other specs expect the demo default: only the approver sees the money.
      const response = await dispatcher.context.request.patch(`${baseURL}/api/v1/clients/${me.client.id}`, {
        headers: { 'X-CSRF-Token': dispatcher.csrf },
        data: { usersSeeBalance: false },
      });
      expect(response.status()).toBe(200);
    }
    await Promise.all([dispatcher.context.close(), client.context.close()]);
  });
});
