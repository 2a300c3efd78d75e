import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// Issue 9 through the real UI: the dispatcher opens «Отчёты», picks the last 30 days, reads the volume
// the API counts for the same period, looks at the SLA and the labour reports, and downloads the
// volume report as XLSX, whose totals are the numbers on the screen.

const baseURL = inject('baseURL');
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    acceptDownloads: true,
  });
  const login = await context.request.post(`${baseURL}/api/v1/auth/login`, {
    data: { email: 'dispatcher@demo.test', password: 'demo' },
  });
  expect(login.status()).toBe(200);
  page = await context.newPage();
});
afterAll(async () => {
  await browser.close();
});

const squash = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const figure = async (testId: string) =>
  squash(await page.getByTestId(testId).locator('p').last().textContent());

type Volume = { totals: { opened: number; closed: number; backlogStart: number; backlogEnd: number } };

describe('reports', () => {
  it('shows the volume of the period the dispatcher picks, as the API counts it', async () => {
    await page.goto(`${baseURL}/desk`);
    await page.getByRole('link', { name: 'Отчёты' }).click();
    await page.getByTestId('reports-page').waitFor();
    // The dispatcher lands on the day's dashboard.
    await page.getByTestId('today-dashboard').waitFor();
    const today = (await (
      await context.request.get(`${baseURL}/api/v1/reports/today?timeZone=Europe/Moscow`)
    ).json()) as { unassigned: number };
    await expect.poll(() => figure('today-unassigned')).toBe(String(today.unassigned));
    await screenshot(page, 'reports-today');

    await page.getByTestId('report-tab-volume').click();
    await page.getByText('30 дней').click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}/);
    const url = new URL(page.url());
    const from = url.searchParams.get('from') ?? '';
    const to = url.searchParams.get('to') ?? '';
    const api = await context.request.get(
      `${baseURL}/api/v1/reports/volume?from=${from}&to=${to}&timeZone=Europe/Moscow`,
    );
    expect(api.status()).toBe(200);
    const volume = (await api.json()) as Volume;
    expect(volume.totals.opened).toBeGreaterThan(0);
    await page.getByTestId('chart-volume').waitFor();
    await expect.poll(() => figure('figure-opened')).toBe(String(volume.totals.opened));
    expect(await figure('figure-closed')).toBe(String(volume.totals.closed));
    await screenshot(page, 'reports-volume');

    await page.getByTestId('report-tab-sla').click();
    await page.getByText('По приоритетам').waitFor();
    await screenshot(page, 'reports-sla');

    await page.getByTestId('report-tab-labour').click();
    await page.getByTestId('figure-labour-hours').waitFor();
    await screenshot(page, 'reports-labour');
  });

  it('downloads the report as XLSX with the numbers on the screen', async () => {
    await page.getByTestId('report-tab-volume').click();
    await page.getByTestId('chart-volume').waitFor();
    const opened = Number(await figure('figure-opened'));
    const closed = Number(await figure('figure-closed'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^volume-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    const totals = workbook.getWorksheet('Итоги');
    expect(totals?.getRow(1).getCell(1).value).toBe('Открыто');
    expect(totals?.getRow(2).getCell(1).value).toBe(opened);
    expect(totals?.getRow(2).getCell(2).value).toBe(closed);
  });

  it('shows a client’s approver his company’s money and SLA beside the hours on «Баланс»', async () => {
    const approver = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'ru-RU',
      timezoneId: 'Europe/Moscow',
    });
    const login = await approver.request.post(`${baseURL}/api/v1/auth/login`, {
      data: { email: 'approver@demo.test', password: 'demo' },
    });
    expect(login.status()).toBe(200);
    const portal = await approver.newPage();
    await portal.goto(`${baseURL}/portal/balance`);
    await portal.getByTestId('work-service-level').waitFor();
    await expect.poll(async () => portal.getByText('Реакция').count()).toBeGreaterThan(0);
    await screenshot(portal, 'reports-portal-approver');
    await approver.close();
  });
});
