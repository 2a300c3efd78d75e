import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// Contracts and the hour balance of seed 003 through the real UI: the dispatcher grants hours on the
// demo client's ITS contract and sees the balance grow; the client's approver sees the same balance in
// the portal; a client_user has no «Баланс» at all; an agent reads the contract but cannot post hours.

const baseURL = inject('baseURL');
const CLIENT_NAME = 'ООО «Ромашка-Трейд»';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

type Session = { context: BrowserContext; page: Page; csrf: string };
type Contract = { id: string; number: string; kind: string; balanceHours: number };

/** Signs in through the API (the login page has its own spec) and opens a page in that session. */
async function signIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const login = await context.request.post(`${baseURL}/api/v1/auth/login`, {
    data: { email, password: 'demo' },
  });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { context, page: await context.newPage(), csrf: csrfToken };
}

/** «12,5 ч», as the UI writes hours. */
const hoursText = (hours: number) =>
  `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(hours)} ч`;

/** The demo client's ITS contract as the API tells it, to compare the UI with. */
async function itsContract(session: Session, clientId: string): Promise<Contract> {
  const response = await session.context.request.get(`${baseURL}/api/v1/clients/${clientId}/contracts`);
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: Contract[] };
  const its = items.find((contract) => contract.kind === 'its');
  expect(its).toBeDefined();
  return its as Contract;
}

async function balanceOf(card: ReturnType<Page['getByTestId']>): Promise<string> {
  return ((await card.getByTestId('contract-balance').textContent()) ?? '').trim();
}

describe('contracts and the hour balance', () => {
  it('the dispatcher grants 5 hours; the approver sees the same balance in the portal; a client_user does not', async () => {
    const dispatcher = await signIn('dispatcher@demo.test');

    // The dispatcher finds the client by name and opens it.
    await dispatcher.page.goto(`${baseURL}/desk/clients?q=${encodeURIComponent('Ромашка-Трейд')}`);
    await dispatcher.page.getByTestId('clients-table').getByRole('link', { name: CLIENT_NAME }).click();
    await dispatcher.page.waitForURL(/\/desk\/clients\/[0-9a-f-]{36}$/);
    const clientId = new URL(dispatcher.page.url()).pathname.split('/').pop() ?? '';
    const before = await itsContract(dispatcher, clientId);
    expect(before.balanceHours).toBeGreaterThan(0);

    // The ITS contract is there, in words, with its balance as the ledger sums it.
    const card = dispatcher.page.locator(
      `[data-testid="contract-card"][data-contract-number="${before.number}"]`,
    );
    await card.waitFor();
    await card.getByText('ИТС с бонусными часами').waitFor();
    await card.getByText(`Договор № ${before.number}`).waitFor();
    await card.getByText('Начислено: 12 ч').waitFor();
    expect(await balanceOf(card)).toBe(hoursText(before.balanceHours));
    await screenshot(dispatcher.page, 'desk-client-contracts');

    // Grant 5 hours with a note.
    const note = `Оплата пакета 5 ч по счёту № ${Date.now()}`;
    await card.getByRole('button', { name: 'Начислить часы' }).click();
    const dialog = dispatcher.page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel(/^Часы/).fill('5');
    await dialog.getByLabel(/^Комментарий/).fill(note);
    await dialog
      .getByTestId('balance-after')
      .getByText(hoursText(before.balanceHours + 5))
      .waitFor();
    await screenshot(dispatcher.page, 'desk-contract-grant');
    await dialog.getByRole('button', { name: 'Начислить', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // The balance grew by exactly 5 hours, and the history shows the grant first.
    await card
      .getByTestId('contract-balance')
      .getByText(hoursText(before.balanceHours + 5))
      .waitFor();
    expect((await itsContract(dispatcher, clientId)).balanceHours).toBe(before.balanceHours + 5);
    await card.getByTestId('ledger-toggle').click();
    const newest = card.getByTestId('ledger-row').first();
    await newest.getByText(note).waitFor();
    expect(await newest.textContent()).toContain('Начисление');
    expect(await newest.textContent()).toContain('+5 ч');
    await screenshot(dispatcher.page, 'desk-contract-ledger');
    const after = hoursText(before.balanceHours + 5);

    // The approver sees the same balance on the portal home and under «Баланс», with the same entry.
    const approver = await signIn('approver@demo.test');
    await approver.page.goto(`${baseURL}/portal`);
    await approver.page.getByTestId('home-balance').getByText(after).waitFor();
    await screenshot(approver.page, 'portal-home-balance');
    await approver.page.getByRole('tab', { name: 'Баланс' }).click();
    await approver.page.waitForURL(/\/portal\/balance$/);
    const portalCard = approver.page.locator(
      `[data-testid="contract-card"][data-contract-number="${before.number}"]`,
    );
    expect(await balanceOf(portalCard)).toBe(after);
    expect(await portalCard.getByRole('button', { name: 'Начислить часы' }).count()).toBe(0);
    await portalCard.getByTestId('ledger-toggle').click();
    await portalCard.getByTestId('ledger-row').first().getByText(note).waitFor();
    await screenshot(approver.page, 'portal-balance');

    // Under the contracts, the work done as charts: the demo company has posted hours this year.
    const stats = approver.page.getByTestId('work-stats');
    await stats.getByTestId('work-totals').getByText('Всего').waitFor();
    await stats.getByTestId('work-by-service').waitFor();
    expect(await stats.getByText('За этот период работ не проведено').count()).toBe(0);
    await approver.page.setViewportSize({ width: 375, height: 800 });
    await stats.scrollIntoViewIfNeeded();
    await screenshot(approver.page, 'portal-work-stats-phone');

    // A client_user of the same company has no «Баланс» tab, and the address alone does not open it.
    const client = await signIn('client@demo.test');
    await client.page.goto(`${baseURL}/portal`);
    await client.page.getByRole('tab', { name: 'Заявки' }).waitFor();
    expect(await client.page.getByRole('tab', { name: 'Баланс' }).count()).toBe(0);
    expect(await client.page.getByTestId('balance-card').count()).toBe(0);
    await client.page.goto(`${baseURL}/portal/balance`);
    await client.page.getByText('Нет доступа').waitFor();
    expect(await client.page.getByTestId('contract-card').count()).toBe(0);

    await Promise.all([dispatcher.context.close(), approver.context.close(), client.context.close()]);
  });

  it('an agent reads the contracts and the history but posts nothing', async () => {
    const agent = await signIn('agent1@demo.test');
    await agent.page.goto(`${baseURL}/desk/clients?q=${encodeURIComponent('Ромашка-Трейд')}`);
    await agent.page.getByTestId('clients-table').getByRole('link', { name: CLIENT_NAME }).click();
    const card = agent.page.getByTestId('contract-card').first();
    await card.getByTestId('contract-balance').waitFor();
    expect(await agent.page.getByRole('button', { name: 'Начислить часы' }).count()).toBe(0);
    expect(await agent.page.getByRole('button', { name: 'Новый договор' }).count()).toBe(0);
    await card.getByTestId('ledger-toggle').click();
    await card.getByTestId('ledger-row').first().waitFor();
    await agent.context.close();
  });

  it('the dispatcher opens a new contract for a client, and an adjustment below zero is refused', async () => {
    const dispatcher = await signIn('dispatcher@demo.test');
    await dispatcher.page.goto(`${baseURL}/desk/clients?q=${encodeURIComponent('ТехноСнаб')}`);
    await dispatcher.page.getByTestId('clients-table').getByRole('link').first().click();
    await dispatcher.page.getByTestId('contract-card').first().waitFor();

    const number = `Д-E2E-${Date.now()}`;
    await dispatcher.page.getByRole('button', { name: 'Новый договор' }).click();
    const dialog = dispatcher.page.getByRole('dialog');
    await dialog.getByLabel(/^Номер договора/).fill(number);
    await dialog.getByLabel(/Почасовой \(по факту\)/).check();
    // An hourly contract needs its rate: the form says so before asking the server.
    await dialog.getByRole('button', { name: 'Открыть договор' }).click();
    await dialog.getByText('Для почасового договора нужна ставка').waitFor();
    await dialog.getByLabel(/^Ставка за час/).fill('2 800');
    await dialog.getByLabel(/^Лимит согласования/).fill('2,5');
    await screenshot(dispatcher.page, 'desk-contract-new');
    await dialog.getByRole('button', { name: 'Открыть договор' }).click();
    await dialog.waitFor({ state: 'detached' });

    const card = dispatcher.page.locator(`[data-testid="contract-card"][data-contract-number="${number}"]`);
    await card.getByText('Почасовой (по факту)').waitFor();
    await card.getByText('2 800 ₽ за час').waitFor();
    await card.getByText('Оценки до 2,5 ч согласуются без клиента').waitFor();
    await card.getByText('Часы по договору ещё не начислялись и не списывались.').waitFor();

    // Without overdraft, a correction cannot take the balance below zero: the server's 409 is explained.
    await card.getByRole('button', { name: 'Корректировка' }).click();
    const adjust = dispatcher.page.getByRole('dialog');
    await adjust.getByLabel(/^Часы/).fill('-1,5');
    await adjust.getByLabel(/^Комментарий/).fill('Проверка запрета ухода в минус');
    await adjust.getByRole('button', { name: 'Провести корректировку' }).click();
    await adjust.getByText(/На договоре 0 ч, не хватает 1,5 ч/).waitFor();
    await screenshot(dispatcher.page, 'desk-contract-adjust-refused');
    await adjust.getByRole('button', { name: 'Отмена' }).click();
    await adjust.waitFor({ state: 'detached' });

    // A long history comes a page at a time: 21 postings (as from the 1C exchange) show 20, then the rest.
    const contractId = await card.getAttribute('data-contract-id');
    for (let index = 1; index <= 21; index += 1) {
      const response = await dispatcher.context.request.post(
        `${baseURL}/api/v1/contracts/${contractId}/ledger`,
        {
          headers: { 'X-CSRF-Token': dispatcher.csrf },
          data: {
            kind: 'grant',
            hours: 0.25,
            externalId: `1С-ПКО-${number}-${index}`,
            note: `Пакет № ${index}`,
          },
        },
      );
      expect(response.status()).toBe(201);
    }
    await dispatcher.page.reload();
    await card.getByTestId('contract-balance').getByText('5,25 ч').waitFor();
    await card.getByTestId('ledger-toggle').click();
    await card.getByTestId('ledger-row').first().getByText('Пакет № 21').waitFor();
    expect(await card.getByTestId('ledger-row').count()).toBe(20);
    await card.getByRole('button', { name: 'Загрузить ещё' }).click();
    await card.getByTestId('ledger-row').last().getByText('Пакет № 1', { exact: true }).waitFor();
    expect(await card.getByTestId('ledger-row').count()).toBe(21);
    expect(await card.getByRole('button', { name: 'Загрузить ещё' }).count()).toBe(0);
    await dispatcher.context.close();
  });
});
