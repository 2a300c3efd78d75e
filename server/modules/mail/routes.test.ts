import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { type TestDovecot, startDovecot } from '#server/test/dovecot.ts';
import { buildClient } from '#server/test/factories.ts';
import { DEFAULT_TEMPLATES, loadTemplate } from './templates.ts';

// The admin's mail page through the API: passwords go in and never come out; the connection test
// talks to a real IMAP server.

let t: TestApp;
let dovecot: TestDovecot;
let admin: Session;

beforeAll(async () => {
  [t, dovecot] = await Promise.all([createTestApp(), startDovecot()]);
  admin = await sessionFor(t, 'admin');
}, 60_000);

afterAll(async () => {
  await Promise.all([t?.close(), dovecot?.stop()]);
});

describe('mailboxes', () => {
  it('are created, tested against the server, changed and removed without ever returning the password', async () => {
    const created = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/mail/mailboxes',
      payload: {
        name: 'Поддержка',
        imapHost: dovecot.host,
        imapPort: dovecot.port,
        imapTls: false,
        imapUser: dovecot.user,
        imapPassword: dovecot.password,
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain(dovecot.password);
    const mailbox = created.json<{
      id: string;
      hasPassword: boolean;
      folder: string;
      unknownSenderPolicy: string;
    }>();
    expect(mailbox).toMatchObject({ hasPassword: true, folder: 'INBOX', unknownSenderPolicy: 'triage' });

    const tested = await callAs(t.app, admin, {
      method: 'POST',
      url: `/api/v1/mail/mailboxes/${mailbox.id}/test`,
    });
    expect(tested.json()).toEqual({ ok: true, messages: 0, error: null });

    // A change without a password keeps the stored one.
    const renamed = await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/mail/mailboxes/${mailbox.id}`,
      payload: { name: 'Основной ящик', unknownSenderPolicy: 'refuse' },
    });
    expect(renamed.json()).toMatchObject({
      name: 'Основной ящик',
      unknownSenderPolicy: 'refuse',
      hasPassword: true,
    });
    expect(
      (
        await callAs(t.app, admin, { method: 'POST', url: `/api/v1/mail/mailboxes/${mailbox.id}/test` })
      ).json(),
    ).toMatchObject({ ok: true });

    await callAs(t.app, admin, {
      method: 'PATCH',
      url: `/api/v1/mail/mailboxes/${mailbox.id}`,
      payload: { imapPassword: 'wrong' },
    });
    const failed = (
      await callAs(t.app, admin, { method: 'POST', url: `/api/v1/mail/mailboxes/${mailbox.id}/test` })
    ).json<{ ok: boolean; error: string }>();
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/auth/i);

    const list = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/mail/mailboxes' });
    expect(list.body).not.toContain('wrong');
    expect(list.body).not.toContain(dovecot.password);

    expect(
      (await callAs(t.app, admin, { method: 'DELETE', url: `/api/v1/mail/mailboxes/${mailbox.id}` }))
        .statusCode,
    ).toBe(204);
    expect(
      (await callAs(t.app, admin, { method: 'DELETE', url: `/api/v1/mail/mailboxes/${mailbox.id}` }))
        .statusCode,
    ).toBe(404);
  });

  it('refuse a port out of range and unknown fields', async () => {
    const response = await callAs(t.app, admin, {
      method: 'POST',
      url: '/api/v1/mail/mailboxes',
      payload: {
        name: 'x',
        imapHost: 'h',
        imapPort: 70000,
        imapTls: true,
        imapUser: 'u',
        imapPassword: '',
        extra: 1,
      },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('client domains', () => {
  it('map a domain to one client, in lower case', async () => {
    const client = await buildClient(t.db, { name: 'ООО «Домен»' });
    const put = await callAs(t.app, admin, {
      method: 'PUT',
      url: '/api/v1/mail/domains/Romashka.Example',
      payload: { clientId: client.id },
    });
    expect(put.json()).toEqual({
      domain: 'romashka.example',
      clientId: client.id,
      clientName: 'ООО «Домен»',
    });
    const list = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/mail/domains' });
    expect(list.json<{ items: unknown[] }>().items).toContainEqual(put.json());
    const unknown = await callAs(t.app, admin, {
      method: 'PUT',
      url: '/api/v1/mail/domains/other.example',
      payload: { clientId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.statusCode).toBe(400);
  });
});

describe('templates', () => {
  it('are edited per kind and language and reset to the default', async () => {
    const list = await callAs(t.app, admin, { method: 'GET', url: '/api/v1/mail/templates' });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(12);
    const saved = await callAs(t.app, admin, {
      method: 'PUT',
      url: '/api/v1/mail/templates/received/ru',
      payload: { subject: 'Приняли №{{number}}', body: 'Работаем над «{{title}}».' },
    });
    expect(saved.json()).toMatchObject({ isDefault: false, subject: 'Приняли №{{number}}' });
    expect(await loadTemplate(t.db, 'received', 'ru')).toEqual({
      subject: 'Приняли №{{number}}',
      body: 'Работаем над «{{title}}».',
    });
    const reset = await callAs(t.app, admin, { method: 'DELETE', url: '/api/v1/mail/templates/received/ru' });
    expect(reset.json()).toMatchObject({ isDefault: true, subject: DEFAULT_TEMPLATES.received.ru.subject });
    expect(await loadTemplate(t.db, 'received', 'ru')).toEqual(DEFAULT_TEMPLATES.received.ru);
  });
});

describe('SMTP settings', () => {
  it('keep the password to themselves and keep it when the URL is saved again without one', async () => {
    const saved = await callAs(t.app, admin, {
      method: 'PUT',
      url: '/api/v1/mail/settings',
      payload: {
        smtpUrl: 'smtps://desk:s3cret@smtp.example:465',
        fromAddress: 'Поддержка <support@desk.example>',
      },
    });
    expect(saved.json()).toEqual({
      smtpUrl: 'smtps://desk@smtp.example:465',
      hasPassword: true,
      fromAddress: 'Поддержка <support@desk.example>',
      effective: 'page',
    });
    const again = await callAs(t.app, admin, {
      method: 'PUT',
      url: '/api/v1/mail/settings',
      payload: { smtpUrl: 'smtps://desk@smtp.example:587', fromAddress: null },
    });
    expect(again.json()).toMatchObject({ smtpUrl: 'smtps://desk@smtp.example:587', hasPassword: true });
    const row = await t.db.selectFrom('mail_settings').select('smtp_url').executeTakeFirstOrThrow();
    expect(row.smtp_url).toBe('smtps://desk:s3cret@smtp.example:587');
    const off = await callAs(t.app, admin, {
      method: 'PUT',
      url: '/api/v1/mail/settings',
      payload: { smtpUrl: null, fromAddress: null },
    });
    expect(off.json()).toMatchObject({ smtpUrl: null, effective: 'none' });
  });
});
