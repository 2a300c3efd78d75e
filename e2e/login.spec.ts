import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// Each demo account of API.md logs in through the login page and lands on its home, in Russian.

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function logIn(page: Page, email: string, password = 'demo') {
  await page.goto(`${baseURL}/`);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

const accounts = [
  { email: 'admin@demo.test', home: 'home-desk', path: '/desk' },
  { email: 'dispatcher@demo.test', home: 'home-desk', path: '/desk' },
  { email: 'agent1@demo.test', home: 'home-desk', path: '/desk' },
  { email: 'agent2@demo.test', home: 'home-desk', path: '/desk' },
  { email: 'client@demo.test', home: 'home-portal', path: '/portal' },
  { email: 'approver@demo.test', home: 'home-portal', path: '/portal' },
  { email: 'employee@demo.test', home: 'home-portal', path: '/portal' },
] as const;

describe('logging in as each demo account', () => {
  for (const account of accounts) {
    it(`${account.email} lands on ${account.path}, in Russian`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await logIn(page, account.email);
      await page.getByTestId(account.home).waitFor();
      expect(new URL(page.url()).pathname.startsWith(account.path)).toBe(true);
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      await expect.poll(() => page.getByTestId('user-menu').textContent()).toBeTruthy();
      await screenshot(page, `home-${account.email.split('@')[0]}`);
      await context.close();
    });
  }
});

describe('the login page', () => {
  it('says so when the password is wrong, and stays on the page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, 'agent1@demo.test', 'not-the-password');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/парол/i);
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-wrong-password');
    await context.close();
  });

  it('switches to English and remembers it after a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseURL}/login`);
    await page.getByRole('button', { name: 'Войти' }).waitFor();
    await page.getByText('EN', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });

  it('logs out and sends a client role away from the workspace', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, 'client@demo.test');
    await page.getByTestId('home-portal').waitFor();
    await page.goto(`${baseURL}/desk`);
    await page.getByTestId('home-portal').waitFor();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await page.goto(`${baseURL}/portal`);
    await page.waitForURL(/\/login/);
    await context.close();
  });
});

describe('the API documentation', () => {
  it('shows the interactive viewer at /api/docs', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseURL}/api/docs`);
    await page.getByText('Zayavka API').first().waitFor();
    await page.getByText('/api/v1/auth/login').first().waitFor();
    await screenshot(page, 'api-docs');
    await context.close();
  });
});
