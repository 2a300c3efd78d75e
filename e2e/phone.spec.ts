import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// An agent takes a call and registers it from the keyboard alone; the admin subscribes a webhook; a
// client gets his Telegram code. Against the demo company.

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function logIn(page: Page, email: string, home: 'home-desk' | 'home-portal') {
  await page.goto(`${baseURL}/login`);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill('demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId(home).waitFor();
}

describe('a phone call', () => {
  it('is registered by an agent from the keyboard: F2, the caller’s phone, Enter, the title, Enter', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await logIn(page, 'agent1@demo.test', 'home-desk');

    await page.keyboard.press('F2');
    const search = page.getByTestId('call-search');
    await search.waitFor();
    // The search field has the focus: the agent types straight away.
    await page.keyboard.type('8 916 700');
    await page.getByRole('option', { name: /Григорьев Павел Олегович/ }).waitFor();
    await screenshot(page, 'phone-call-search');
    await page.keyboard.press('Enter');

    const title = page.getByTestId('call-title');
    await title.waitFor();
    await expect.poll(() => title.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('Не проводится поступление товаров');
    await screenshot(page, 'phone-call-form');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/desk\/tickets\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Не проводится поступление товаров/ }).waitFor();
    const ticketId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const ticket = await page.evaluate(async (id) => {
      const response = await fetch(`/api/v1/tickets/${id}`);
      return (await response.json()) as { channel: string; requesterName: string; clientName: string };
    }, ticketId);
    expect(ticket).toMatchObject({
      channel: 'phone',
      requesterName: 'Григорьев Павел Олегович',
    });
    await screenshot(page, 'phone-call-registered');
    await context.close();
  });
});

describe('the channels’ own pages', () => {
  it('lets the admin subscribe a webhook and shows its secret once', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await logIn(page, 'admin@demo.test', 'home-desk');
    await page.getByRole('link', { name: 'Вебхуки' }).click();
    await page.getByRole('button', { name: 'Добавить вебхук' }).first().click();
    await page.getByLabel('Адрес получателя').fill('ftp://crm.example.test/hook');
    await page.getByRole('dialog').getByRole('button', { name: 'Добавить вебхук' }).click();
    await page.getByText('Укажите адрес, начинающийся с http:// или https://').waitFor();
    await page.getByLabel('Адрес получателя').fill('https://crm.example.test/zayavka');
    await page.getByLabel('Название').fill('CRM');
    await page.getByLabel('Статус изменён').check();
    await screenshot(page, 'webhooks-form');
    await page.getByRole('dialog').getByRole('button', { name: 'Добавить вебхук' }).click();
    await page.getByTestId('new-webhook-secret').waitFor();
    expect(await page.getByTestId('new-webhook-secret').textContent()).toMatch(/whsec_/);
    await page.getByTestId('webhook-row').first().waitFor();
    await screenshot(page, 'webhooks-created');

    // A receiver that refuses (this very server answers 404 to the POST): the test ping's log says so.
    await page.getByRole('button', { name: 'Изменить' }).first().click();
    await page.getByLabel('Адрес получателя').fill(`${baseURL}/hooks/zayavka`);
    await page.getByRole('dialog').getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Вебхук сохранён').waitFor();
    await page.getByRole('button', { name: 'Проверить' }).first().click();
    const log = page.getByTestId('webhook-log');
    await log.getByText('Не доставлено').waitFor({ timeout: 15_000 });
    expect(await log.textContent()).toContain('№1: 404');
    await screenshot(page, 'webhooks-log');
    await context.close();
  });

  it('gives a client a one-time code for the Telegram bot in his profile', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logIn(page, 'client@demo.test', 'home-portal');
    await page.goto(`${baseURL}/portal/profile`);
    await page.getByTestId('telegram-card').waitFor();
    await page.getByRole('button', { name: 'Получить код' }).click();
    await page.getByTestId('telegram-code').waitFor();
    expect(await page.getByTestId('telegram-code').textContent()).toMatch(/^\/start [A-Z2-9]{8}$/);
    await screenshot(page, 'telegram-profile-code');
    await context.close();
  });
});
