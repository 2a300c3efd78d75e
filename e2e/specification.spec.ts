import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// Issue 5 through the real UI: the dispatcher fills a done request's specification from its worklogs,
// reads what posting would do, posts it, and the client's contract balance drops by the posted balance
// hours; then the client's approver opens «Выписки» on a phone, sees the month's totals as the API
// counts them and downloads the statement as a PDF. A client_user sees none of it.

const baseURL = inject('baseURL');
const CLIENT_NAME = 'ООО «Ромашка-Трейд»';
const PHONE = { width: 375, height: 812 };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

type Session = { context: BrowserContext; page: Page; csrf: string };
type Totals = { hours: number; balanceHours: number; paidHours: number; freeHours: number; amount: number };
type Specification = {
  status: string;
  lines: (Totals & { posted: boolean; tariffMode: string })[];
  proposal: { hours: number; tariffMode: string; performerId: string }[];
  contract: { id: string; number: string; balanceHours: number; allowsOverdraft: boolean } | null;
  draftTotals: Totals & { balanceAfter: number | null };
  canPost: boolean;
};
type Statement = {
  month: string;
  totals: Totals;
  amountDue: number;
  requests: { ticketId: string; number: number }[];
};

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

async function getJson<T>(session: Session, path: string): Promise<T> {
  const response = await session.context.request.get(`${baseURL}/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

// Intl writes thin and non-breaking spaces; the comparison is about the figures.
const squash = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** «12,5 ч», as the UI writes hours. */
const hoursText = (hours: number) =>
  squash(`${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(hours)} ч`);

/** «2 800 ₽», «624,50 ₽», as the UI writes money. */
const moneyText = (value: number) =>
  squash(
    new Intl.NumberFormat('ru-RU', {
      style: 'currency',
      currency: 'RUB',
      minimumFractionDigits: Number.isInteger(value) ? 0 : 2,
      maximumFractionDigits: 2,
    }).format(value),
  );

const centi = (value: number) => Math.round(value * 100);

async function textOf(page: Page, testId: string): Promise<string> {
  return squash(await page.getByTestId(testId).first().textContent());
}

describe('request specifications and monthly statements', () => {
  it('the dispatcher posts a done request from its worklogs; the approver sees the statement and downloads it', async () => {
    const dispatcher = await signIn('dispatcher@demo.test');

    // A done request of the demo client with recorded work and no lines yet (the demo leaves a few).
    const clients = await getJson<{ items: { id: string; name: string }[] }>(
      dispatcher,
      `/clients?q=${encodeURIComponent('Ромашка-Трейд')}`,
    );
    const clientId = clients.items.find((client) => client.name === CLIENT_NAME)?.id ?? '';
    expect(clientId).not.toBe('');
    const done = await getJson<{ items: { id: string; number: number }[] }>(
      dispatcher,
      `/tickets?status=done&clientId=${clientId}&limit=50`,
    );
    let ticket: { id: string; number: number } | undefined;
    let before: Specification | undefined;
    for (const candidate of done.items) {
      const specification = await getJson<Specification>(
        dispatcher,
        `/tickets/${candidate.id}/specification`,
      );
      // One performer's unaccounted work and no drafts yet; work billed from the balance preferred.
      if (specification.proposal.length === 1 && specification.lines.every((line) => line.posted)) {
        if (!before || specification.proposal[0]?.tariffMode === 'balance') {
          ticket = candidate;
          before = specification;
        }
      }
    }
    if (!ticket || !before?.contract) {
      throw new Error('the demo has no done request of Ромашка-Трейд with unspecified work on a contract');
    }
    const contract = before.contract;
    const balanceBefore = (await getJson<{ hours: number }>(dispatcher, `/contracts/${contract.id}/balance`))
      .hours;
    expect(balanceBefore).toBe(contract.balanceHours);
    const proposedHours = before.proposal[0]?.hours ?? 0;
    const decimal = (hours: number) =>
      new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(hours);

    // The request page has a «Спецификация» section with nothing to post yet.
    const { page } = dispatcher;
    await page.goto(`${baseURL}/desk/tickets/${ticket.id}`);
    const section = page.getByTestId('specification');
    await section.getByText('Спецификация', { exact: true }).waitFor();
    await section
      .getByTestId('specification-post-hint')
      .getByText(/Проводить нечего/)
      .waitFor();
    expect(await section.getByTestId('specification-post').isDisabled()).toBe(true);

    // Fill from worklogs: a draft with the performer's unaccounted work, priced while still unsaved.
    await section.getByRole('button', { name: 'Заполнить из трудозатрат' }).click();
    expect(await section.getByTestId('draft-line').count()).toBe(1);
    await section.getByTestId('specification-unsaved').waitFor();
    expect(await section.getByLabel('Часы, строка 1').inputValue()).toBe(decimal(proposedHours));
    const preview = section.getByTestId('specification-preview');
    await preview
      .getByTestId('preview-contract')
      .getByText(`Договор № ${contract.number} · на балансе ${hoursText(balanceBefore)}`)
      .waitFor();

    // More balance hours than the balance holds: the agent is warned that the excess becomes paid.
    const selectTariff = async (line: number, label: string) => {
      await section.getByLabel(`Тариф, строка ${line}`).click();
      await page.getByRole('option', { name: label, exact: true }).click();
    };
    await selectTariff(1, 'С баланса');
    if (!contract.allowsOverdraft) {
      await section.getByLabel('Часы, строка 1').fill(decimal(balanceBefore + 0.25));
      await preview.getByTestId('overflow-warning').getByText('0,25 ч не покрыты').waitFor();
      expect(await textOf(page, 'preview-balance')).toBe(hoursText(balanceBefore));
      await screenshot(page, 'desk-specification-overflow');
    }

    // The agent books half the balance from it and the rest of the work free of charge (a second line),
    // so the demo contract keeps hours for the other journeys.
    const fromBalance = Math.min(proposedHours, Math.floor((balanceBefore * 100) / 2) / 100) || proposedHours;
    const free = (centi(proposedHours) - centi(fromBalance)) / 100;
    await section.getByLabel('Часы, строка 1').fill(decimal(fromBalance));
    if (free > 0) {
      await section.getByRole('button', { name: 'Добавить строку' }).click();
      await section.getByLabel('Часы, строка 2').fill(decimal(free));
      await selectTariff(2, 'Бесплатно');
      await section.getByLabel('Описание, строка 2').fill('Повторная проверка — за счёт поддержки');
    }
    expect(await textOf(page, 'preview-balance')).toBe(hoursText(Math.min(fromBalance, balanceBefore)));
    expect(await textOf(page, 'preview-free')).toBe(hoursText(free));
    if (fromBalance <= balanceBefore) {
      expect(await preview.getByTestId('overflow-warning').count()).toBe(0);
    }

    // Save: the server prices the drafts the same way, and the preview shows its figures.
    await section.getByRole('button', { name: 'Сохранить' }).click();
    await section.getByTestId('specification-unsaved').waitFor({ state: 'detached' });
    const saved = await getJson<Specification>(dispatcher, `/tickets/${ticket.id}/specification`);
    expect(saved.draftTotals.hours).toBe(proposedHours);
    expect(saved.draftTotals.freeHours).toBe(free);
    expect(saved.proposal).toEqual([]);
    expect(saved.canPost).toBe(true);
    expect(await textOf(page, 'preview-balance')).toBe(hoursText(saved.draftTotals.balanceHours));
    expect(await textOf(page, 'preview-paid')).toContain(hoursText(saved.draftTotals.paidHours));
    expect(await textOf(page, 'preview-free')).toBe(hoursText(saved.draftTotals.freeHours));
    expect(await textOf(page, 'preview-after')).toBe(hoursText(saved.draftTotals.balanceAfter ?? NaN));
    // Nothing more to fill: the worklogs are accounted for.
    expect(await section.getByRole('button', { name: 'Заполнить из трудозатрат' }).isDisabled()).toBe(true);
    await screenshot(page, 'desk-specification-preview');

    // Post: a confirmation repeats the figures, then the lines are posted and read-only.
    await section.getByTestId('specification-post').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Провести спецификацию?').waitFor();
    await dialog
      .getByText(
        `Остаток на договоре № ${contract.number} после проведения: ${hoursText(saved.draftTotals.balanceAfter ?? NaN)}.`,
      )
      .waitFor();
    await screenshot(page, 'desk-specification-confirm');
    await dialog.getByRole('button', { name: 'Провести', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await section.getByTestId('posted-line').first().waitFor();
    expect(await section.getByTestId('posted-line').count()).toBe(saved.lines.length);
    expect(await section.getByTestId('draft-line').count()).toBe(0);
    await section.getByText('Проведено', { exact: true }).first().waitFor();
    await section
      .getByTestId('specification-post-hint')
      .getByText(/Все строки проведены/)
      .waitFor();
    await screenshot(page, 'desk-specification-posted');

    // The balance dropped by exactly the posted balance hours: in the API and on the client's card.
    const balanceAfter = (await getJson<{ hours: number }>(dispatcher, `/contracts/${contract.id}/balance`))
      .hours;
    expect(centi(balanceAfter)).toBe(centi(balanceBefore) - centi(saved.draftTotals.balanceHours));
    await page.goto(`${baseURL}/desk/clients/${clientId}`);
    const card = page.locator(`[data-testid="contract-card"][data-contract-number="${contract.number}"]`);
    expect(squash(await card.getByTestId('contract-balance').textContent())).toBe(hoursText(balanceAfter));
    // ...and the client card's «Выписки» lists the request in this month's statement.
    const statements = page.getByTestId('client-statements');
    await statements.getByTestId('statement-amount-due').waitFor();
    await statements.locator(`[data-testid="statement-request"][data-ticket-id="${ticket.id}"]`).waitFor();
    await screenshot(page, 'desk-client-statements');

    // The approver, on a phone: «Выписки» in the portal navigation.
    const approver = await signIn('approver@demo.test', PHONE);
    await approver.page.goto(`${baseURL}/portal`);
    await approver.page.getByRole('tab', { name: 'Выписки' }).click();
    await approver.page.waitForURL(/\/portal\/statements$/);
    const amountDue = approver.page.getByTestId('statement-amount-due');
    await amountDue.waitFor();
    const month = (await approver.page.getByTestId('statement').getAttribute('data-month')) ?? '';
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    const statement = await getJson<Statement>(approver, `/clients/${clientId}/statements/${month}`);
    expect(statement.requests.some((request) => request.ticketId === ticket.id)).toBe(true);
    expect(squash(await amountDue.textContent())).toBe(moneyText(statement.amountDue));
    expect(Number(await amountDue.locator('[data-amount]').getAttribute('data-amount'))).toBe(
      statement.amountDue,
    );
    expect(await textOf(approver.page, 'statement-hours')).toBe(hoursText(statement.totals.hours));
    expect(await textOf(approver.page, 'statement-balance')).toBe(hoursText(statement.totals.balanceHours));
    expect(await approver.page.getByTestId('statement-request').count()).toBe(statement.requests.length);
    // Nothing sticks out of a 375 px screen.
    expect(await approver.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await screenshot(approver.page, 'portal-statements-phone');

    // The PDF downloads through the plain link with the session cookie.
    const [download] = await Promise.all([
      approver.page.waitForEvent('download'),
      approver.page.getByTestId('download-statement-pdf').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^statement-\d{4}-\d{2}-\d+\.pdf$/);
    const file = await readFile((await download.path()) ?? '');
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const act = await approver.context.request.get(
      new URL(
        (await approver.page.getByTestId('download-act-pdf').getAttribute('href')) ?? '',
        baseURL,
      ).toString(),
    );
    expect(act.status()).toBe(200);
    expect(act.headers()['content-type']).toContain('application/pdf');

    // The approver's request page shows the posted work read-only.
    await approver.page.goto(`${baseURL}/portal/tickets/${ticket.id}`);
    const summary = approver.page.getByTestId('specification-summary');
    await summary
      .getByTestId('specification-summary-totals')
      .getByText(`Итого ${hoursText(proposedHours)}`)
      .waitFor();
    await screenshot(approver.page, 'portal-ticket-specification-phone');

    // A client_user of the same company has no «Выписки» and no money on the request page.
    // The page does not even ask for the specification (the server would answer 403).
    const client = await signIn('client@demo.test', PHONE);
    const asked: string[] = [];
    client.page.on('request', (request) => {
      if (request.url().includes('/specification')) {
        asked.push(request.url());
      }
    });
    await client.page.goto(`${baseURL}/portal/tickets/${ticket.id}`);
    await client.page.getByTestId('ticket-title').waitFor();
    await client.page.getByTestId('status-hint').waitFor();
    expect(await client.page.getByRole('tab', { name: 'Выписки' }).count()).toBe(0);
    expect(await client.page.getByTestId('specification-summary').count()).toBe(0);
    expect(await client.page.getByText('Не удалось загрузить данные').count()).toBe(0);
    expect(asked).toEqual([]);
    await client.page.goto(`${baseURL}/portal/statements`);
    await client.page.getByText('Нет доступа').waitFor();
    expect(await client.page.getByTestId('statement').count()).toBe(0);

    await Promise.all([dispatcher.context.close(), approver.context.close(), client.context.close()]);
  });
});
