import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';

// Live updates and the spoken alert (issue 7, seed 003): the dispatcher's queue is open in one browser,
// a client files a request in the portal in another; the row appears without a reload, the workspace
// says the new request's number aloud, repeats it after a few minutes, and falls silent once the
// request is opened. Speech is recorded instead of played; the page's clock is moved, not waited for.

const baseURL = inject('baseURL');
/** The alert's pace (web/src/features/live/speech.ts). */
const REPEAT_MS = 3 * 60_000;

let dispatcherBrowser: Browser;
let clientBrowser: Browser;

beforeAll(async () => {
  [dispatcherBrowser, clientBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});
afterAll(async () => {
  await Promise.all([dispatcherBrowser.close(), clientBrowser.close()]);
});

type Spoken = { text: string; lang: string };
type Recorder = { spoken: Spoken[]; cancels: number };

/** Replaces the browser's speech synthesis with a recorder, before any script of the page runs. */
function recordSpeech() {
  const recorder: Recorder = { spoken: [], cancels: 0 };
  (window as unknown as { __speech: Recorder }).__speech = recorder;
  const synthesis = {
    speaking: false,
    pending: false,
    paused: false,
    onvoiceschanged: null,
    speak: (utterance: SpeechSynthesisUtterance) => {
      recorder.spoken.push({ text: utterance.text, lang: utterance.lang });
    },
    cancel: () => {
      recorder.cancels += 1;
    },
    pause: () => {},
    resume: () => {},
    getVoices: () => [],
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => true,
  };
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, get: () => synthesis });
  // Browsers speak only after the person has clicked the page; headless Chromium counts the page as
  // clicked from the start, so the rule is restored here: no click, no speech.
  let clicked = false;
  const click = () => {
    clicked = true;
  };
  window.addEventListener('pointerdown', click, true);
  window.addEventListener('keydown', click, true);
  Object.defineProperty(Navigator.prototype, 'userActivation', {
    configurable: true,
    get: () => ({ hasBeenActive: clicked, isActive: false }),
  });
}

async function signIn(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  const login = await context.request.post(`${baseURL}/api/v1/auth/login`, {
    data: { email, password: 'demo' },
  });
  expect(login.status()).toBe(200);
  return { context, page: await context.newPage() };
}

const spoken = (page: Page) =>
  page.evaluate(() => (window as unknown as { __speech: Recorder }).__speech.spoken);

async function waitForSpeech(page: Page, count: number) {
  await page.waitForFunction(
    (n) => (window as unknown as { __speech: Recorder }).__speech.spoken.length >= n,
    count,
  );
  return spoken(page);
}

describe('live updates and the new-request alert', () => {
  it('shows the client’s new request in the open queue, says it aloud until it is opened', async () => {
    const dispatcher = await signIn(dispatcherBrowser, 'dispatcher@demo.test');
    const client = await signIn(clientBrowser, 'client@demo.test');

    // Whatever the demo and the other journeys left unread is opened first: the alert is about ours.
    const unread = await dispatcher.context.request.get(
      `${baseURL}/api/v1/tickets?status=new&unopened=true&limit=200`,
    );
    for (const item of ((await unread.json()) as { items: { id: string }[] }).items) {
      expect((await dispatcher.context.request.get(`${baseURL}/api/v1/tickets/${item.id}`)).status()).toBe(
        200,
      );
    }

    const desk = dispatcher.page;
    await desk.addInitScript(recordSpeech);
    await desk.clock.install();
    await desk.goto(`${baseURL}/desk/tickets?sort=-number`);
    await desk.getByTestId('tickets-table').waitFor();
    // Set once: still there at the end means the page was never reloaded.
    await desk.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    expect(await spoken(desk)).toEqual([]);

    // The client files a request in the portal, in the other browser.
    const title = `Не формируется отчёт по продажам ${Date.now()}`;
    await client.page.goto(`${baseURL}/portal/tickets`);
    await client.page.getByRole('link', { name: 'Новая заявка' }).first().click();
    await client.page.getByLabel(/^Тема/).fill(title);
    await client.page.getByLabel('Описание').fill('Отчёт открывается пустым с утра.');
    await client.page.getByRole('button', { name: 'Создать заявку' }).click();
    await client.page.waitForURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
    const heading = (await client.page.getByTestId('ticket-title').textContent()) ?? '';
    const number = /#(\d+)/.exec(heading)?.[1] ?? '';
    expect(number).not.toBe('');

    // The row appears in the dispatcher's queue by itself, highlighted as just arrived.
    const row = desk.locator(`[data-testid="tickets-table"] tr[data-ticket-number="${number}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-live')).toBe('new');
    expect(await row.getByRole('link', { name: title }).getAttribute('data-unread')).toBe('true');
    expect(
      await desk.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);

    // Nobody has clicked this page yet, so the browser would refuse to speak: the banner asks for a click.
    const unlock = desk.getByTestId('speech-unlock');
    await unlock.waitFor();
    await screenshot(desk, 'desk-live-new-row');
    await unlock.getByRole('button', { name: 'Включить звуковые оповещения' }).click();
    await unlock.waitFor({ state: 'detached' });
    const first = await waitForSpeech(desk, 1);
    expect(first).toEqual([{ text: `Новая заявка номер ${number}: ${title}`, lang: 'ru-RU' }]);

    // Still unread a few minutes later: said again.
    await desk.clock.fastForward(REPEAT_MS + 1_000);
    const again = await waitForSpeech(desk, 2);
    expect(again[1]?.text).toContain(`номер ${number}`);

    // The dispatcher opens it: the workspace falls silent, now and later.
    await row.getByRole('link', { name: title }).click();
    await desk.getByTestId('ticket-title').waitFor();
    await desk.waitForFunction(async (id) => {
      const response = await fetch(`/api/v1/tickets/${id}`);
      return ((await response.json()) as { firstOpenedAt: string | null }).firstOpenedAt !== null;
    }, new URL(desk.url()).pathname.split('/').pop());
    // The `opened` event has reached this page once its unread list is empty again.
    await desk.waitForFunction(async () => {
      const response = await fetch('/api/v1/tickets?status=new&unopened=true');
      return ((await response.json()) as { items: unknown[] }).items.length === 0;
    });
    await desk.waitForTimeout(1_000);
    const before = (await spoken(desk)).length;
    await desk.clock.fastForward(REPEAT_MS * 2);
    await desk.waitForTimeout(1_000);
    expect((await spoken(desk)).length).toBe(before);

    // Back in the queue the request is no longer bold: somebody has read it.
    await desk.goto(`${baseURL}/desk/tickets?sort=-number`);
    await row.waitFor();
    expect(await row.getByRole('link', { name: title }).getAttribute('data-unread')).toBeNull();

    await Promise.all([dispatcher.context.close(), client.context.close()]);
  });
});
