import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// The agent's single window beyond the request itself (seeds 001 and 003): the client card beside a
// request — contract, balance, SLA, the client's other requests, the team's knowledge card — and the
// activity page, where colleagues see who works on what, never the titles of requests hidden from them.

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

type Session = { context: BrowserContext; page: Page; csrf: string; id: string; name: string };

async function signIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const login = await context.request.post(`${baseURL}/api/v1/auth/login`, {
    data: { email, password: 'demo' },
  });
  expect(login.status()).toBe(200);
  const { csrfToken, user } = (await login.json()) as {
    csrfToken: string;
    user: { id: string; name: string };
  };
  return { context, page: await context.newPage(), csrf: csrfToken, id: user.id, name: user.name };
}

/** No part of the page sticks out sideways: it reads without horizontal scrolling. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('the client card and the activity page', () => {
  it('shows an agent the client beside the request, keeps his knowledge card, and his timer on the activity page', async () => {
    const client = await signIn('client@demo.test');
    const agent = await signIn('agent1@demo.test');
    const title = `Не закрывается месяц ${Date.now()}`;

    // The client files a request; it lands on the first line, agent1's.
    const filed = await client.context.request.post(`${baseURL}/api/v1/tickets`, {
      headers: { 'X-CSRF-Token': client.csrf },
      data: { title, description: '<p>Ошибка при закрытии месяца: не рассчитана себестоимость.</p>' },
    });
    expect(filed.status()).toBe(201);
    const ticket = (await filed.json()) as { id: string; number: number; clientId: string };
    const card = (await (
      await agent.context.request.get(`${baseURL}/api/v1/tickets/${ticket.id}/client-card`)
    ).json()) as {
      client: { name: string };
      contract: { id: string; number: string } | null;
      sla: { calendar: { name: string } | null };
    };
    expect(card.contract).not.toBeNull();
    const balance = (await (
      await agent.context.request.get(`${baseURL}/api/v1/contracts/${card.contract?.id}/balance`)
    ).json()) as { hours: number };

    // The request page shows the client, the contract in force and its balance from the ledger.
    const page = agent.page;
    await page.goto(`${baseURL}/desk/tickets/${ticket.id}`);
    await page.getByTestId('ticket-title').waitFor();
    const side = page.getByTestId('client-card');
    await side.getByTestId('client-card-name').getByText(card.client.name).waitFor();
    const contract = side.getByTestId('client-card-contract');
    await contract.getByText(`№ ${card.contract?.number}`).waitFor();
    const shownBalance = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(balance.hours);
    expect((await contract.getByTestId('client-card-balance').textContent())?.replace(/\s/g, ' ')).toBe(
      `${shownBalance} ч`.replace(/\s/g, ' '),
    );
    await side
      .getByTestId('client-card-sla')
      .getByText(card.sla.calendar?.name ?? '—')
      .waitFor();
    await screenshot(page, 'workspace-ticket-client-card');
    await expectNoSidewaysScroll(page);

    // agent1 adds a line to the client's knowledge card; after a reload it is still there.
    const note = `Закрытие месяца проверять по регламенту ${Date.now()}`;
    const knowledge = side.getByTestId('knowledge-card');
    await knowledge.getByTestId('knowledge-edit').click();
    const editor = knowledge.getByTestId('knowledge-text');
    const before = await editor.inputValue();
    await editor.fill(`${before}\n\n## Закрытие месяца\n- ${note}`.trim());
    await knowledge.getByTestId('knowledge-save').click();
    await knowledge.getByTestId('knowledge-body').getByText(note).waitFor();
    await page.reload();
    await page.getByTestId('client-card').getByTestId('knowledge-body').getByText(note).waitFor();
    expect(
      await page.getByTestId('knowledge-body').getByRole('heading', { name: 'Закрытие месяца' }).count(),
    ).toBe(1);
    await screenshot(page, 'workspace-ticket-knowledge');

    // On a phone the card folds under the request's header and opens on a tap.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByTestId('client-card-toggle').click();
    await page.getByTestId('client-card').getByTestId('knowledge-body').getByText(note).waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'workspace-ticket-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    // agent1 starts his timer on the request, then opens «Активность» from the navigation.
    await page.getByTestId('timer-start').click();
    await page.getByTestId('timer-display').waitFor();
    await page.getByRole('link', { name: 'Активность' }).click();
    await page.waitForURL(/\/desk\/activity$/);
    const own = page.locator(`[data-testid="activity-person"][data-person="${agent.id}"]`);
    const timer = own.getByTestId('activity-timer');
    await timer.getByText(`#${ticket.number} · ${title}`).waitFor();
    await own.getByText('вы', { exact: true }).waitFor();
    await screenshot(page, 'workspace-activity');
    await expectNoSidewaysScroll(page);

    // agent2 works the second line: he sees that agent1 is busy, not on what.
    const colleague = await signIn('agent2@demo.test');
    await colleague.page.goto(`${baseURL}/desk/activity`);
    const seen = colleague.page.locator(`[data-testid="activity-person"][data-person="${agent.id}"]`);
    await seen.getByTestId('activity-timer').getByText('Заявка, которая вам не видна').first().waitFor();
    expect(await seen.textContent()).not.toContain(title);

    // An earlier day: the date picker goes back, and today's timer is not shown there.
    await page.getByRole('button', { name: 'Предыдущий день' }).click();
    await page.waitForURL(/\/desk\/activity\?date=\d{4}-\d{2}-\d{2}$/);
    await page.getByRole('button', { name: 'Сегодня' }).waitFor();
    expect(await page.getByTestId('activity-timer').count()).toBe(0);

    // Leave agent1 without a running timer, as the other journeys expect to find him.
    const stopped = await agent.context.request.post(`${baseURL}/api/v1/tickets/${ticket.id}/timer/stop`, {
      headers: { 'X-CSRF-Token': agent.csrf },
    });
    expect(stopped.status()).toBe(200);
    for (const session of [client, agent, colleague]) {
      await session.context.close();
    }
  });
});
