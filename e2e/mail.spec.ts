import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestDovecot, startDovecot } from '../server/test/dovecot.ts';
import { startSmtpCapture } from '../server/test/smtp-capture.ts';
import { launchBrowser, screenshot } from './browser.ts';

// The mail channel as a new admin meets it (issue 8, "done when"): on «Почта» he adds the support
// mailbox (a real Dovecot on 127.0.0.1) and the outgoing SMTP server (a capturing one), tests the
// connection, and a letter from the client becomes a request whose acknowledgement reaches the client;
// the agent's answer goes out and the client's reply lands in the same request. The mailbox and the
// SMTP settings are removed at the end: other specs share the server.

const baseURL = inject('baseURL');
let browser: Browser;
let dovecot: TestDovecot;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let context: BrowserContext;
let page: Page;
let csrf: string;

const api = (path: string) => `${baseURL}/api/v1${path}`;

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  [browser, dovecot, smtp] = await Promise.all([launchBrowser(), startDovecot(), startSmtpCapture()]);
  context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  const login = await context.request.post(api('/auth/login'), {
    data: { email: 'admin@demo.test', password: 'demo' },
  });
  expect(login.status()).toBe(200);
  csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  const headers = { 'X-CSRF-Token': csrf };
  const list = (await (await context.request.get(api('/mail/mailboxes'))).json()) as {
    items: { id: string }[];
  };
  for (const mailbox of list.items) {
    await context.request.delete(api(`/mail/mailboxes/${mailbox.id}`), { headers });
  }
  await context.request.put(api('/mail/settings'), { headers, data: { smtpUrl: null, fromAddress: null } });
  await browser?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

describe('«Почта»', () => {
  it('turns a letter into a request, answers it by mail, and threads the reply back', async () => {
    await page.goto(`${baseURL}/desk/settings/mail`);
    await page.getByRole('heading', { name: 'Почта', level: 1 }).waitFor();

    // Outgoing mail first, so the acknowledgement of the first letter has somewhere to go.
    const smtpSection = page.getByTestId('mail-smtp');
    await smtpSection.getByLabel('Адрес SMTP-сервера').fill(smtp.url);
    await smtpSection.getByLabel('Отправитель').fill('Поддержка <support@desk.example>');
    await smtpSection.getByRole('button', { name: 'Сохранить' }).click();
    await smtpSection.getByText('Письма уходят через сервер, заданный на этой странице.').waitFor();

    await page.getByRole('button', { name: 'Добавить ящик' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Название/).fill('Поддержка');
    await dialog.getByLabel('IMAP-сервер').fill(dovecot.host);
    await dialog.getByLabel(/^Порт/).fill(String(dovecot.port));
    await dialog.getByLabel('Шифрование TLS (порт 993)').uncheck({ force: true });
    await dialog.getByLabel(/^Логин/).fill(dovecot.user);
    await dialog.getByLabel(/^Пароль/).fill(dovecot.password);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const mailboxes = page.getByTestId('mail-mailboxes');
    await mailboxes.getByRole('button', { name: 'Проверить' }).click();
    await page.getByText('Подключение работает, писем в папке: 0').waitFor();

    const messageId = `<e2e-${Date.now()}@romashka.example>`;
    await dovecot.append(
      [
        'From: =?UTF-8?B?0JrQu9C40LXQvdGC?= <client@demo.test>',
        'To: support@desk.example',
        `Subject: =?UTF-8?B?${Buffer.from('Не открывается 1С после обновления').toString('base64')}?=`,
        `Message-ID: ${messageId}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'После обновления платформы база не запускается.',
        '',
      ].join('\r\n'),
    );
    await mailboxes.getByRole('button', { name: 'Забрать сейчас' }).click();
    await page.getByText('Получено писем: 1, сохранено новых: 1').waitFor();
    const inbound = page.getByTestId('mail-inbound');
    await inbound.getByText('Новая заявка').waitFor();
    await screenshot(page, 'mail-settings');

    const ack = await waitFor(
      async () => smtp.letters.find((l) => l.parsed.inReplyTo === messageId),
      'the acknowledgement',
    );
    expect(ack.envelopeTo).toEqual(['client@demo.test']);
    const number = /\[#(\d+)\]/.exec(ack.parsed.subject ?? '')?.[1];
    expect(number).toBeDefined();

    // The agent answers in the request page; the answer goes out threaded to the client's letter.
    await inbound.getByRole('link', { name: `№${number}` }).click();
    await page.getByText('Не открывается 1С после обновления').first().waitFor();
    const log = (await (await context.request.get(api('/mail/inbound'))).json()) as {
      items: { ticketId: string | null; ticketNumber: number | null }[];
    };
    const ticket = log.items.find((item) => String(item.ticketNumber) === number);
    expect(ticket?.ticketId).toBeTruthy();
    const answer = await context.request.post(api(`/tickets/${ticket!.ticketId}/comments`), {
      headers: { 'X-CSRF-Token': csrf },
      data: { body: '<p>Обновите конфигурацию до последней версии.</p>' },
    });
    expect(answer.status()).toBe(201);
    const reply = await waitFor(
      async () => smtp.letters.find((l) => (l.parsed.text ?? '').includes('Обновите конфигурацию')),
      'the answer by mail',
    );

    await dovecot.append(
      [
        'From: client@demo.test',
        'To: support@desk.example',
        `Subject: Re: ${reply.parsed.subject}`,
        `Message-ID: <e2e-reply-${Date.now()}@romashka.example>`,
        `In-Reply-To: ${reply.parsed.messageId}`,
        `References: ${messageId} ${reply.parsed.messageId}`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Помогло, спасибо!',
        '',
        `${new Date().toUTCString()}, Поддержка <support@desk.example>:`,
        '> Обновите конфигурацию до последней версии.',
        '',
      ].join('\r\n'),
    );
    const polled = await context.request.post(api(`/mail/mailboxes/${await firstMailboxId()}/poll`), {
      headers: { 'X-CSRF-Token': csrf },
    });
    expect(polled.status()).toBe(200);
    await page.reload();
    await page.getByText('Помогло, спасибо!').waitFor();
    await screenshot(page, 'mail-reply-in-request');
  }, 120_000);
});

async function firstMailboxId() {
  const list = (await (await context.request.get(api('/mail/mailboxes'))).json()) as {
    items: { id: string }[];
  };
  return list.items[0]!.id;
}
