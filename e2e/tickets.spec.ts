import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// The request lifecycle of seed 001 through the real UI: the client files in the portal, the first line
// estimates, the dispatcher plans, the agent times and finishes the work, the client accepts it; the
// approver decides on large estimates; clients never see internal notes. Each test files its own requests.

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

type Session = { context: BrowserContext; page: Page; csrf: string; name: string; clientName: string | null };

/** Signs in through the API (the login page has its own spec) and opens a page in that session. */
async function signIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const login = await context.request.post(`${baseURL}/api/v1/auth/login`, {
    data: { email, password: 'demo' },
  });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const me = (await (await context.request.get(`${baseURL}/api/v1/me`)).json()) as {
    name: string;
    client: { name: string } | null;
  };
  const page = await context.newPage();
  return { context, page, csrf: csrfToken, name: me.name, clientName: me.client?.name ?? null };
}

/** Files a request as this session's user, through the API: for tests about what happens next. */
async function fileRequest(session: Session, title: string): Promise<{ id: string; number: number }> {
  const response = await session.context.request.post(`${baseURL}/api/v1/tickets`, {
    headers: { 'X-CSRF-Token': session.csrf },
    data: { title, description: `<p>${title}: подробности для проверки.</p>` },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; number: number };
}

async function openTicket(session: Session, area: 'desk' | 'portal', id: string) {
  await session.page.goto(`${baseURL}/${area}/tickets/${id}`);
  await session.page.getByTestId('ticket-title').waitFor();
}

async function waitForStatus(page: Page, label: string) {
  await page.getByTestId('ticket-status').getByText(label, { exact: true }).waitFor();
}

/** Clicks a lifecycle action and returns its dialog. */
async function openAction(page: Page, name: string) {
  await page.getByTestId('ticket-actions').getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

async function estimate(page: Page, hours: string) {
  const dialog = await openAction(page, 'Оценить');
  await dialog.getByText(hours, { exact: true }).click();
  await dialog.getByRole('button', { name: 'Оценка трудоёмкости' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('the request lifecycle', () => {
  it('goes from the portal through estimate, plan, timer and resolution to completed', async () => {
    const client = await signIn('client@demo.test');
    const agent = await signIn('agent1@demo.test');
    const dispatcher = await signIn('dispatcher@demo.test');
    const title = `Не проводится документ реализации ${Date.now()}`;

    // The client files the request in the portal.
    await client.page.goto(`${baseURL}/portal/tickets`);
    await client.page.getByRole('link', { name: 'Новая заявка' }).first().click();
    await client.page.getByLabel(/^Тема/).fill(title);
    await client.page
      .getByLabel('Описание')
      .fill('При проведении реализации ошибка «Недостаточно товара».\n\nСклад: Основной.');
    await screenshot(client.page, 'portal-ticket-new');
    await client.page.getByRole('button', { name: 'Создать заявку' }).click();
    await client.page.waitForURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
    await waitForStatus(client.page, 'Новая');
    const ticketId = new URL(client.page.url()).pathname.split('/').pop() ?? '';
    const heading = (await client.page.getByTestId('ticket-title').textContent()) ?? '';
    expect(heading).toContain(title);
    const number = /#(\d+)/.exec(heading)?.[1] ?? '';
    expect(number).not.toBe('');

    // The first line finds it in the desk queue and estimates half an hour: approved automatically.
    await agent.page.goto(`${baseURL}/desk/tickets?q=%23${number}`);
    await agent.page.getByTestId('tickets-table').getByRole('link', { name: title }).click();
    await agent.page.getByTestId('ticket-title').waitFor();
    await waitForStatus(agent.page, 'Новая');
    await estimate(agent.page, '0,5');
    await waitForStatus(agent.page, 'Согласована');
    await agent.page
      .getByTestId('timeline')
      .getByText('Оценка 0,5 ч — согласовано автоматически (меньше часа)')
      .waitFor();
    await screenshot(agent.page, 'desk-ticket-auto-approved');

    // The dispatcher plans it for agent1, with acceptance criteria; start and end come prefilled.
    await openTicket(dispatcher, 'desk', ticketId);
    const plan = await openAction(dispatcher.page, 'Запланировать');
    await plan.getByLabel('Исполнитель').click();
    await dispatcher.page.getByRole('option', { name: agent.name }).click();
    await plan.getByLabel('Критерии приёмки').fill('Документ проводится, остатки не уходят в минус.');
    await screenshot(dispatcher.page, 'desk-ticket-plan');
    await plan.getByRole('button', { name: 'Запланировать работы' }).click();
    await plan.waitFor({ state: 'detached' });
    await waitForStatus(dispatcher.page, 'Запланирована');
    expect(await dispatcher.page.getByTestId('detail-assignee').textContent()).toContain(agent.name);

    // agent1 starts the timer: the request goes in progress by itself; stopping records the work.
    await agent.page.reload();
    await waitForStatus(agent.page, 'Запланирована');
    await agent.page.getByTestId('timer-start').click();
    await waitForStatus(agent.page, 'В работе');
    await agent.page.getByTestId('timer-display').waitFor();
    expect(await agent.page.getByTestId('timer-display').textContent()).toMatch(/^\d{2}:\d{2}$/);
    await agent.page.getByTestId('timeline').getByText('Запланирована → В работе (таймер)').waitFor();
    await screenshot(agent.page, 'desk-ticket-timer-running');
    await agent.page.getByRole('button', { name: 'Остановить' }).click();
    await agent.page.getByTestId('worklogs').getByText('таймер').waitFor();
    await agent.page
      .getByTestId('spent')
      .getByText(/из 0,5 ч/)
      .waitFor();

    // ...and marks it done with a resolution.
    const done = await openAction(agent.page, 'Выполнено');
    await done.getByLabel('Решение').fill('Исправлена настройка контроля остатков, документ проведён.');
    await done.getByRole('button', { name: 'Работы выполнены' }).click();
    await done.waitFor({ state: 'detached' });
    await waitForStatus(agent.page, 'Выполнена');
    await agent.page.getByTestId('detail-resolution').getByText('Исправлена настройка').waitFor();
    await screenshot(agent.page, 'desk-ticket-done');

    // The client sees what is expected of him and confirms.
    await client.page.reload();
    await waitForStatus(client.page, 'Выполнена');
    await client.page
      .getByTestId('status-hint')
      .getByText(/Проверьте результат/)
      .waitFor();
    await screenshot(client.page, 'portal-ticket-done');
    const confirm = await openAction(client.page, 'Подтвердить выполнение');
    await confirm.getByRole('button', { name: 'Подтвердить выполнение' }).click();
    await confirm.waitFor({ state: 'detached' });
    await waitForStatus(client.page, 'Завершена');
    expect(await client.page.getByTestId('ticket-actions').count()).toBe(0);
    await screenshot(client.page, 'portal-ticket-completed');

    for (const session of [client, agent, dispatcher]) {
      await session.context.close();
    }
  });

  it('lets the approver approve a 3-hour estimate in the portal', async () => {
    const client = await signIn('client@demo.test');
    const agent = await signIn('agent1@demo.test');
    const approver = await signIn('approver@demo.test');
    const ticket = await fileRequest(client, `Доработать печатную форму счёта ${Date.now()}`);

    await openTicket(agent, 'desk', ticket.id);
    await estimate(agent.page, '3');
    await waitForStatus(agent.page, 'Оценена');

    // The approver finds it among the requests waiting for him.
    await approver.page.goto(`${baseURL}/portal`);
    await approver.page
      .getByTestId('waiting-for-you')
      .locator(`[data-ticket-number="${ticket.number}"]`)
      .click();
    await waitForStatus(approver.page, 'Оценена');
    await approver.page
      .getByTestId('status-hint')
      .getByText('Ожидает вашего согласования: оценка 3 ч.')
      .waitFor();
    await screenshot(approver.page, 'portal-ticket-awaiting-approval');
    const approve = await openAction(approver.page, 'Согласовать');
    await approve.getByRole('button', { name: 'Согласовать оценку' }).click();
    await approve.waitFor({ state: 'detached' });
    await waitForStatus(approver.page, 'Согласована');
    await approver.page
      .getByTestId('timeline')
      .getByText(/согласовал[а]? оценку 3 ч/)
      .waitFor();

    // The client (not an approver) could only have waited: no action was offered to him.
    await openTicket(client, 'portal', ticket.id);
    await waitForStatus(client.page, 'Согласована');
    expect(await client.page.getByTestId('ticket-actions').count()).toBe(0);

    for (const session of [client, agent, approver]) {
      await session.context.close();
    }
  });

  it('lets the approver reject an estimate, with a reason', async () => {
    const client = await signIn('client@demo.test');
    const agent = await signIn('agent1@demo.test');
    const approver = await signIn('approver@demo.test');
    const ticket = await fileRequest(client, `Интеграция с маркетплейсом ${Date.now()}`);

    await openTicket(agent, 'desk', ticket.id);
    await estimate(agent.page, '13');
    await waitForStatus(agent.page, 'Оценена');

    await openTicket(approver, 'portal', ticket.id);
    const reject = await openAction(approver.page, 'Отклонить');
    await reject
      .getByLabel('Комментарий (необязательно)')
      .fill('Слишком дорого, вернёмся к этому в следующем квартале.');
    await reject.getByRole('button', { name: 'Отклонить оценку' }).click();
    await reject.waitFor({ state: 'detached' });
    await waitForStatus(approver.page, 'Отклонена');
    await approver.page.getByTestId('timeline').getByText('Слишком дорого').waitFor();
    await screenshot(approver.page, 'portal-ticket-rejected');

    await agent.page.reload();
    await waitForStatus(agent.page, 'Отклонена');
    expect(await agent.page.getByTestId('ticket-actions').count()).toBe(0);

    for (const session of [client, agent, approver]) {
      await session.context.close();
    }
  });
});

describe('the conversation', () => {
  it('hides an internal note from the client and shows him the public reply', async () => {
    const client = await signIn('client@demo.test');
    const agent = await signIn('agent1@demo.test');
    const ticket = await fileRequest(client, `Вопрос по закрытию месяца ${Date.now()}`);
    const note = `Клиент путает регламентные операции ${Date.now()}`;
    const reply = 'Закрытие месяца выполняется в разделе «Операции».';

    const attach = (page: Page, name: string) =>
      page
        .getByTestId('reply-editor')
        .locator('input[type="file"]')
        .setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(`${name}: содержимое`) });

    // An internal note with a file, then a public reply with a file.
    await openTicket(agent, 'desk', ticket.id);
    await agent.page.getByTestId('reply-mode').getByText('Внутренняя заметка').click();
    await agent.page.getByTestId('reply-text').fill(note);
    await attach(agent.page, 'internal-log.txt');
    await agent.page.getByTestId('reply-send').click();
    await agent.page.getByTestId('internal-note').getByText(note).waitFor();
    await agent.page.getByTestId('internal-note').getByRole('link', { name: 'internal-log.txt' }).waitFor();
    await agent.page.getByTestId('reply-mode').getByText('Ответ клиенту').click();
    await agent.page.getByTestId('reply-text').fill(reply);
    await attach(agent.page, 'instruction.txt');
    await agent.page.getByTestId('reply-send').click();
    await agent.page.getByTestId('comment').getByText(reply).waitFor();
    await agent.page.getByTestId('comment').getByRole('link', { name: 'instruction.txt' }).waitFor();
    await screenshot(agent.page, 'desk-ticket-conversation');

    await openTicket(client, 'portal', ticket.id);
    await client.page.getByTestId('comment').getByText(reply).waitFor();
    await client.page.getByTestId('comment').getByRole('link', { name: 'instruction.txt' }).waitFor();
    expect(await client.page.getByText(note).count()).toBe(0);
    expect(await client.page.getByTestId('internal-note').count()).toBe(0);
    expect(await client.page.getByText('internal-log.txt').count()).toBe(0);
    // The file the client sees downloads with his own session.
    const href = await client.page
      .getByRole('link', { name: 'instruction.txt' })
      .first()
      .getAttribute('href');
    const download = await client.context.request.get(`${baseURL}${href ?? ''}`);
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe('instruction.txt: содержимое');

    // The client answers from a phone: the page fits 375 px without sideways scrolling.
    const phone = await signIn('client@demo.test', { width: 375, height: 800 });
    await openTicket(phone, 'portal', ticket.id);
    await phone.page.getByTestId('reply-text').fill('Спасибо, нашли.');
    await phone.page.getByTestId('reply-send').click();
    await phone.page.getByTestId('comment').getByText('Спасибо, нашли.').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'portal-ticket-phone');
    await phone.page.getByRole('tab', { name: 'Заявки' }).click();
    await phone.page
      .getByTestId('portal-tickets')
      .locator(`[data-ticket-number="${ticket.number}"]`)
      .waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'portal-tickets-phone');

    for (const session of [client, agent, phone]) {
      await session.context.close();
    }
  });
});

describe('the desk queue', () => {
  it('registers a call on the client’s behalf and finds it with the filters', async () => {
    const dispatcher = await signIn('dispatcher@demo.test');
    const client = await signIn('client@demo.test');
    const clientName = client.clientName ?? '';
    expect(clientName).not.toBe('');
    const title = `Звонок: не печатается ТОРГ-12 ${Date.now()}`;

    await dispatcher.page.goto(`${baseURL}/desk/tickets`);
    await dispatcher.page.getByTestId('tickets-table').waitFor();
    await screenshot(dispatcher.page, 'desk-tickets');
    await dispatcher.page.getByRole('button', { name: 'Новая заявка' }).click();
    const form = dispatcher.page.getByTestId('new-ticket-form');
    await form.getByLabel('Клиент').fill(clientName.slice(0, 12));
    await dispatcher.page
      .getByRole('option', { name: new RegExp(clientName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
      .first()
      .click();
    await form.getByLabel('Контактное лицо').click();
    await dispatcher.page.getByRole('option', { name: new RegExp(client.name) }).click();
    await form.getByLabel(/^Тема/).fill(title);
    await form.getByLabel('Описание').fill('Клиент звонил: при печати ТОРГ-12 пустая форма.');
    await screenshot(dispatcher.page, 'desk-ticket-new-call');
    await form.getByRole('button', { name: 'Создать заявку' }).click();
    await dispatcher.page.waitForURL(/\/desk\/tickets\/[0-9a-f-]{36}$/);
    await waitForStatus(dispatcher.page, 'Новая');
    await dispatcher.page.getByTestId('ticket-details').getByText(client.name).waitFor();

    // The queue finds it by words of its title, and the status filter keeps it.
    await dispatcher.page.goto(`${baseURL}/desk/tickets?status=new`);
    await dispatcher.page.getByLabel('Поиск').fill('печатается');
    await dispatcher.page.getByTestId('tickets-table').getByRole('link', { name: title }).waitFor();
    await dispatcher.page.getByRole('switch', { name: 'Мои' }).click();
    await dispatcher.page.getByText('Ничего не нашли').waitFor();
    await screenshot(dispatcher.page, 'desk-tickets-empty-filter');

    await dispatcher.context.close();
    await client.context.close();
  });
});
