import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// Routing through the admin's pages (issue 6): the admin writes a rule in the browser — «Ромашка-Трейд»'s
// requests about exchanges and EDI go straight to the second line — and the client's next request for
// that service lands there: the second-line agent opens it, the first-line agent never sees it. The
// admin also moves and removes rules, and adds and removes a group member without touching the agent's
// other memberships. Whatever the journey adds is taken away at the end: other specs share the server.

const baseURL = inject('baseURL');
const SERVICE = 'Настройка обменов и ЭДО';
let browser: Browser;
let admin: Session;

type Session = { context: BrowserContext; page: Page; csrf: string };
type Rule = {
  id: string;
  name: string;
  lineName: string;
  clientName: string | null;
  serviceName: string | null;
};
type Line = { id: string; code: string; name: string; groups: { id: string; code: string; name: string }[] };
type User = { id: string; email: string; lineIds: string[]; groupIds: string[] };

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

const rulesOf = async (session: Session) =>
  ((await (await session.context.request.get(`${baseURL}/api/v1/routing-rules`)).json()) as { items: Rule[] })
    .items;

async function userByEmail(email: string): Promise<User> {
  const found = await admin.context.request.get(`${baseURL}/api/v1/users`, { params: { q: email } });
  const user = ((await found.json()) as { items: User[] }).items.find((item) => item.email === email);
  expect(user).toBeDefined();
  return user as User;
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await signIn('admin@demo.test');
});
afterAll(async () => {
  // The demo routes nothing by rules: leave it so.
  for (const rule of await rulesOf(admin)) {
    await admin.context.request.delete(`${baseURL}/api/v1/routing-rules/${rule.id}`, {
      headers: { 'X-CSRF-Token': admin.csrf },
    });
  }
  await browser.close();
});

describe('routing rules and support lines in the admin pages', () => {
  it('sends the client’s requests for one service to the second line, which alone sees them', async () => {
    const { page } = admin;
    const name = '«Ромашка-Трейд», обмены — на вторую линию';

    await page.goto(`${baseURL}/desk/settings/routing`);
    if ((await rulesOf(admin)).length === 0) {
      await page.getByText('Правил маршрутизации нет').waitFor();
    }
    await page.getByTestId('routing-how').getByText('первое подходящее активное правило').waitFor();
    await page.getByRole('button', { name: 'Новое правило' }).click();
    const form = page.getByTestId('rule-form');
    await form.waitFor();

    // Saving with nothing chosen names what is missing.
    await form.getByRole('button', { name: 'Добавить правило' }).click();
    await form.getByText('Введите название правила').waitFor();
    await form.getByText('Выберите линию').waitFor();

    await form.getByLabel(/^Название/).fill(name);
    await form.getByTestId('service-select').click();
    await page.getByRole('option', { name: SERVICE }).click();
    await form.getByLabel('Клиент').fill('Ромашка');
    await page
      .getByRole('option', { name: /Ромашка-Трейд/ })
      .first()
      .click();
    await form.getByLabel(/^Линия/).click();
    await page.getByRole('option', { name: 'Вторая линия', exact: true }).click();
    await page.waitForTimeout(300);
    await screenshot(page, 'routing-rule-form');
    await form.getByRole('button', { name: 'Добавить правило' }).click();
    await form.waitFor({ state: 'detached' });

    const row = page.locator(`[data-testid="rules-table"] tr[data-rule-name="${name}"]`);
    await row.getByText(SERVICE).waitFor();
    await row.getByText('ООО «Ромашка-Трейд»').waitFor();
    await row.getByText('Вторая линия', { exact: true }).waitFor();
    // Type and priority were left empty: «any».
    expect(await row.getByText('любой', { exact: true }).count()).toBe(2);
    const saved = (await rulesOf(admin)).find((rule) => rule.name === name);
    expect(saved).toMatchObject({ name, serviceName: SERVICE, lineName: 'Вторая линия' });

    // The client files a request for that service in the portal.
    const client = await signIn('client@demo.test');
    const title = `Не выгружаются счета-фактуры в ЭДО ${Date.now()}`;
    await client.page.goto(`${baseURL}/portal/tickets/new`);
    const portalForm = client.page.getByTestId('portal-new-ticket');
    await portalForm.getByTestId('service-select').click();
    await client.page.getByRole('option', { name: SERVICE }).click();
    await portalForm.getByLabel(/^Тема/).fill(title);
    await portalForm.getByRole('button', { name: 'Создать заявку' }).click();
    await client.page.waitForURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
    const ticketId = new URL(client.page.url()).pathname.split('/').pop() ?? '';

    const lines = (
      (await (await admin.context.request.get(`${baseURL}/api/v1/lines`)).json()) as { items: Line[] }
    ).items;
    const second = lines.find((line) => line.code === 'L2');
    const filed = await admin.context.request.get(`${baseURL}/api/v1/tickets/${ticketId}`);
    expect(((await filed.json()) as { lineId: string }).lineId).toBe(second?.id);

    // The second line opens it; the first line cannot, in the API or the browser.
    const agent2 = await signIn('agent2@demo.test');
    await agent2.page.goto(`${baseURL}/desk/tickets/${ticketId}`);
    await agent2.page.getByTestId('ticket-title').getByText(title, { exact: false }).waitFor();
    const agent1 = await signIn('agent1@demo.test');
    expect((await agent1.context.request.get(`${baseURL}/api/v1/tickets/${ticketId}`)).status()).toBe(404);
    await agent1.page.goto(`${baseURL}/desk/tickets/${ticketId}`);
    await agent1.page.getByText('Заявка не найдена').waitFor();
    expect(await agent1.page.getByText(title).count()).toBe(0);

    // Agents read the rules but cannot change them: no edit controls.
    await agent1.page.goto(`${baseURL}/desk/settings/routing`);
    await agent1.page.locator(`tr[data-rule-name="${name}"]`).waitFor();
    expect(await agent1.page.getByRole('button', { name: 'Новое правило' }).count()).toBe(0);
    expect(await agent1.page.getByRole('button', { name: `Изменить «${name}»` }).count()).toBe(0);

    for (const session of [client, agent1, agent2]) {
      await session.context.close();
    }
  });

  it('moves a rule up, switches it off, and deletes it after asking', async () => {
    const { page } = admin;
    const urgent = 'Критические — экспертам';
    const created = await admin.context.request.post(`${baseURL}/api/v1/routing-rules`, {
      headers: { 'X-CSRF-Token': admin.csrf },
      data: {
        name: urgent,
        priority: 'critical',
        lineId: (
          (await (await admin.context.request.get(`${baseURL}/api/v1/lines`)).json()) as { items: Line[] }
        ).items.find((line) => line.code === 'EXP')?.id,
      },
    });
    expect(created.status()).toBe(201);

    // A new rule goes last; one step up puts it before the one above.
    const place = async () => (await rulesOf(admin)).findIndex((rule) => rule.name === urgent);
    const last = await place();
    expect(last).toBeGreaterThan(0);
    await page.goto(`${baseURL}/desk/settings/routing`);
    const row = page.locator(`tr[data-rule-name="${urgent}"]`);
    await row.getByText('Критический').waitFor();
    await page.getByRole('button', { name: `Поднять «${urgent}»` }).click();
    await expect.poll(place).toBe(last - 1);
    await page
      .locator('[data-testid="rules-table"] tbody tr')
      .nth(last - 1)
      .getByText(urgent)
      .waitFor();

    await row.getByRole('switch').click({ force: true });
    await page.getByText(`Правило «${urgent}» выключено`, { exact: false }).waitFor();
    await expect.poll(async () => row.getAttribute('data-active')).toBe('false');
    await screenshot(page, 'routing-rules');

    await page.getByRole('button', { name: `Удалить «${urgent}»` }).click();
    const dialog = page.getByRole('dialog', { name: `Удалить правило «${urgent}»?` });
    await dialog.getByRole('button', { name: 'Удалить' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await rulesOf(admin)).map((rule) => rule.name)).not.toContain(urgent);
  });

  it('shows the lines with their groups and members; adds and removes a member, keeping the rest', async () => {
    const { page } = admin;
    const orlova = await userByEmail('agent3@demo.test');
    const before = { lineIds: [...orlova.lineIds].sort(), groupIds: [...orlova.groupIds].sort() };
    const lines = (
      (await (await admin.context.request.get(`${baseURL}/api/v1/lines`)).json()) as { items: Line[] }
    ).items;
    const zup = lines.flatMap((line) => line.groups).find((group) => group.code === 'ZUP');

    await page.goto(`${baseURL}/desk/settings/lines`);
    const cards = page.getByTestId('line-card');
    await cards.first().waitFor();
    expect(
      await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-line-code'))),
    ).toEqual(['L1', 'L2', 'EXP']);
    const zupRow = page.locator('[data-group-code="ZUP"]');
    await zupRow.getByText('Никитин Сергей Павлович').waitFor();
    await screenshot(page, 'lines-and-groups');

    // Orlova (first line, 1С:Бухгалтерия) joins 1С:ЗУП as well…
    await zupRow.getByLabel('Добавить сотрудника в «1С:ЗУП»').click();
    await page.getByRole('option', { name: 'Орлова Мария Андреевна' }).click();
    await zupRow.getByText('Орлова Мария Андреевна').waitFor();
    const joined = await userByEmail('agent3@demo.test');
    expect([...joined.lineIds].sort()).toEqual(before.lineIds);
    expect([...joined.groupIds].sort()).toEqual([...before.groupIds, zup?.id].sort());

    // …and leaves it again: her line and her other group stay.
    await zupRow.getByRole('button', { name: 'Убрать Орлова Мария Андреевна из «1С:ЗУП»' }).click();
    await zupRow.getByText('Орлова Мария Андреевна').waitFor({ state: 'detached' });
    const left = await userByEmail('agent3@demo.test');
    expect({ lineIds: [...left.lineIds].sort(), groupIds: [...left.groupIds].sort() }).toEqual(before);
  });
});
