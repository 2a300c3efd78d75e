import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '#server/jobs/registry.ts';
import { runDueJobs } from '#server/jobs/queue.ts';
import { type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { type TestDovecot, startDovecot } from '#server/test/dovecot.ts';
import { buildClient, buildUser } from '#server/test/factories.ts';
import { startSmtpCapture } from '#server/test/smtp-capture.ts';
import nodemailer from 'nodemailer';
import { startSmtpReceiver } from './smtp-receiver.ts';
import { pollMailbox } from './imap.ts';
import { INTAKE_USER_EMAIL, intakeMessage } from './intake.ts';

// The mail channel against real peers on 127.0.0.1: Dovecot holds the support mailbox, an SMTP server
// captures what Zayavka sends. One of each for the whole file.

const corpus = (name: string) =>
  readFile(new URL(`../../../../shared/corpora/email/${name}`, import.meta.url));

let t: TestApp;
let dovecot: TestDovecot;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let mailboxId: string;
let clientId: string;
let contact: { id: string; email: string };
let admin: Awaited<ReturnType<typeof sessionFor>>;
let sequence = 0;

const drain = () => runDueJobs(t.deps, JOB_HANDLERS);
const poll = () => pollMailbox(t.deps, mailboxId);

/** A letter as a mail client writes it. */
function letter(options: {
  from: string;
  subject: string;
  body: string;
  messageId?: string;
  inReplyTo?: string;
  extraHeaders?: string[];
}) {
  sequence += 1;
  const messageId = options.messageId ?? `<letter-${sequence}-${Date.now()}@client.example>`;
  const subject = `=?UTF-8?B?${Buffer.from(options.subject).toString('base64')}?=`;
  const lines = [
    `From: ${options.from}`,
    'To: support@desk.example',
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    'Date: Mon, 02 Mar 2026 10:00:00 +0300',
    ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`, `References: ${options.inReplyTo}`] : []),
    ...(options.extraHeaders ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(options.body).toString('base64'),
    '',
  ];
  return { raw: lines.join('\r\n'), messageId };
}

async function ticketsFrom(address: string) {
  return t.db
    .selectFrom('inbound_messages as m')
    .innerJoin('tickets', 'tickets.id', 'm.ticket_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.title',
      'tickets.description',
      'tickets.client_id',
      'tickets.channel',
      'm.outcome',
    ])
    .where('m.from_address', '=', address)
    .where('m.outcome', '=', 'ticket_created')
    .orderBy('tickets.number')
    .execute();
}

beforeAll(async () => {
  [t, dovecot, smtp] = await Promise.all([createTestApp(), startDovecot(), startSmtpCapture()]);
  t.deps.config.mail = {
    smtpUrl: smtp.url,
    from: 'Поддержка <support@desk.example>',
    smtpReceiverPort: null,
  };
  const client = await buildClient(t.db, { name: 'ООО «Почтовый клиент»' });
  clientId = client.id;
  contact = await buildUser(t.db, {
    role: 'client_user',
    clientId,
    email: 'ivanov@client.example',
    name: 'Иван Иванов',
  });
  await t.db
    .insertInto('client_email_domains')
    .values({ domain: 'client.example', client_id: clientId })
    .execute();
  const mailbox = await t.db
    .insertInto('mailboxes')
    .values({
      name: 'Поддержка',
      imap_host: dovecot.host,
      imap_port: dovecot.port,
      imap_tls: false,
      imap_user: dovecot.user,
      imap_password: dovecot.password,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  mailboxId = mailbox.id;
  admin = await sessionFor(t, 'admin');
}, 60_000);

afterAll(async () => {
  await Promise.all([t?.close(), dovecot?.stop(), smtp?.stop()]);
});

beforeEach(async () => {
  // Whatever an earlier case left unsent goes now, so each case sees only its own letters.
  await drain();
  smtp.letters.length = 0;
  // Each case is a new quarter of an hour: the per-sender rate limit counts only its own letters.
  t.clock.advance(15 * 60_000);
});

describe('inbound mail over IMAP', () => {
  it('opens a request for a known contact, acknowledges it, and marks the letter seen after commit', async () => {
    const sent = letter({
      from: 'Иван Иванов <ivanov@client.example>',
      subject: 'Не печатается счёт',
      body: 'Добрый день!\n\nПри печати счёта 1С зависает.',
    });
    const uid = await dovecot.append(sent.raw);

    expect(await poll()).toMatchObject({ fetched: 1, stored: 1 });
    const [ticket] = await ticketsFrom('ivanov@client.example');
    expect(ticket).toMatchObject({
      title: 'Не печатается счёт',
      client_id: clientId,
      channel: 'email',
      outcome: 'ticket_created',
    });
    expect(ticket?.description).toContain('1С зависает');
    expect(await dovecot.flagged('\\Seen')).toContain(uid);

    await drain();
    expect(smtp.letters).toHaveLength(1);
    const ack = smtp.letters[0]!;
    expect(ack.envelopeTo).toEqual(['ivanov@client.example']);
    expect(ack.parsed.subject).toContain(`[#${ticket!.number}]`);
    expect(ack.parsed.subject).toContain(`№${ticket!.number}`);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.inReplyTo).toBe(sent.messageId);
  });

  it('joins a reply to its request by In-Reply-To, without the quoted history', async () => {
    const first = letter({
      from: 'ivanov@client.example',
      subject: 'Ошибка при проведении',
      body: 'Документ не проводится.',
    });
    await dovecot.append(first.raw);
    await poll();
    await drain();
    const ack = smtp.letters.find((l) => l.parsed.inReplyTo === first.messageId)!;
    const [ticket] = (await ticketsFrom('ivanov@client.example')).filter(
      (row) => row.title === 'Ошибка при проведении',
    );

    const reply = letter({
      from: 'ivanov@client.example',
      subject: `Re: ${ack.parsed.subject}`.replace(/\[#\d+\]/, ''),
      inReplyTo: ack.parsed.messageId!,
      body: [
        'Прикладываю скриншот, ошибка та же.',
        '',
        'пн, 2 мар. 2026 г. в 10:05, Поддержка <support@desk.example>:',
        '> Мы получили ваше обращение',
        '> и зарегистрировали заявку',
      ].join('\n'),
    });
    await dovecot.append(reply.raw);
    await poll();

    const comments = await t.db
      .selectFrom('ticket_comments')
      .select(['body', 'author_id'])
      .where('ticket_id', '=', ticket!.id)
      .execute();
    expect(comments).toHaveLength(1);
    expect(comments[0]!.author_id).toBe(contact.id);
    expect(comments[0]!.body).toContain('скриншот');
    expect(comments[0]!.body).not.toContain('Мы получили');
    expect(comments[0]!.body).not.toContain('support@desk.example');
    expect(
      (await ticketsFrom('ivanov@client.example')).filter((row) => row.title.includes('проведении')),
    ).toHaveLength(1);
  });

  it("opens a colleague's own request when he answers a letter of a request he may not see", async () => {
    // This client shows each contact only his own requests.
    await t.db
      .updateTable('clients')
      .set({ users_see_company_requests: false })
      .where('id', '=', clientId)
      .execute();
    const first = letter({ from: 'ivanov@client.example', subject: 'Личная заявка', body: 'Только моя.' });
    await dovecot.append(first.raw);
    await poll();
    await drain();
    const ack = smtp.letters.find((l) => l.parsed.inReplyTo === first.messageId)!;
    const colleague = letter({
      from: 'petrov@client.example',
      subject: `Re: ${ack.parsed.subject}`,
      inReplyTo: ack.parsed.messageId!,
      body: 'У меня то же самое.',
    });
    await dovecot.append(colleague.raw);
    await poll();
    const own = await ticketsFrom('petrov@client.example');
    expect(own).toHaveLength(1);
    expect(own[0]!.client_id).toBe(clientId);
    const original = (await ticketsFrom('ivanov@client.example')).find(
      (row) => row.title === 'Личная заявка',
    )!;
    const comments = await t.db
      .selectFrom('ticket_comments')
      .select('id')
      .where('ticket_id', '=', original.id)
      .execute();
    expect(comments).toEqual([]);
    await t.db
      .updateTable('clients')
      .set({ users_see_company_requests: true })
      .where('id', '=', clientId)
      .execute();
  });

  it('joins a reply by the [#number] in its subject', async () => {
    const first = letter({
      from: 'ivanov@client.example',
      subject: 'Не выгружается в банк',
      body: 'Выгрузка пустая.',
    });
    await dovecot.append(first.raw);
    await poll();
    const ticket = (await ticketsFrom('ivanov@client.example')).find(
      (row) => row.title === 'Не выгружается в банк',
    )!;

    const reply = letter({
      from: 'ivanov@client.example',
      subject: `RE: Не выгружается в банк [#${ticket.number}]`,
      body: 'Уже выгружается, спасибо.\n\n-----Original Message-----\nFrom: Поддержка\nSent: Monday\nSubject: старое',
    });
    await dovecot.append(reply.raw);
    await poll();
    const comments = await t.db
      .selectFrom('ticket_comments')
      .select('body')
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(comments.map((c) => c.body)).toEqual(['<p>Уже выгружается, спасибо.</p>']);
  });

  it('opens nothing and answers nothing for an out-of-office reply or a bounce', async () => {
    for (const name of [
      'autoreply-rfc3834-vacation.eml',
      'autoreply-exchange-automatic-reply.eml',
      'bounce-dsn-postfix.eml',
      'ru-utf8-bounce-dsn-yandex.eml',
    ]) {
      await dovecot.append(await corpus(name));
    }
    const before = await t.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await poll()).toMatchObject({ fetched: 4, stored: 4 });
    const after = await t.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const ignored = await t.db
      .selectFrom('inbound_messages')
      .select(['outcome', 'reason', 'from_address'])
      .where('outcome', '=', 'ignored')
      .execute();
    expect(ignored.length).toBeGreaterThanOrEqual(4);
    expect(ignored.map((row) => row.reason).join(' ')).toMatch(/auto-submitted: auto-replied/);
    expect(ignored.map((row) => row.reason).join(' ')).toMatch(/multipart\/report|x-auto-response-suppress/);
    await drain();
    expect(smtp.letters).toEqual([]);
  });

  it.each([
    'autoreply-challenge-response-precedence-auto_reply.eml',
    'autoreply-multipart-precedence-bulk.eml',
    'bounce-dsn-delivery-status-mailparser.eml',
    'bounce-dsn-exchange2007.eml',
    'bounce-dsn-postal-mime.eml',
    'bounce-gmail-nonstandard.eml',
    'feedback-report-arf.eml',
    'ru-koi8r-bounce-dsn-sendmail.eml',
    'ru-utf8-bounce-nonstandard-mailru.eml',
  ])('keeps %s as ignored, with its reason', async (name) => {
    const result = await intakeMessage(t.deps, await corpus(name), {
      source: 'corpus',
      mailboxId: null,
      uidValidity: null,
      uid: null,
      policy: 'refuse',
    });
    expect(result.outcome).toBe('ignored');
    expect(result.reason).toBeTruthy();
    await drain();
    expect(smtp.letters).toEqual([]);
  });

  it('reads a windows-1251 letter and a KOI8-R subject from strangers into triage requests', async () => {
    await dovecot.append(await corpus('ru-cp1251-encoded-word-subject-base64-body-thunderbird.eml'));
    await dovecot.append(await corpus('ru-koi8r-encoded-word-subject-base64-body-thunderbird.eml'));
    await poll();
    const tickets = await ticketsFrom('new@thunderbird.bug');
    expect(tickets).toHaveLength(2);
    for (const ticket of tickets) {
      expect(ticket.title).toBe('Алфавит');
      expect(ticket.description).toContain('Вопрос');
      expect(ticket.client_id).toBeNull();
    }
    // Triage requests are filed by the intake user and answered to the stranger's address.
    await drain();
    expect(smtp.letters.map((l) => l.envelopeTo[0])).toEqual(['new@thunderbird.bug', 'new@thunderbird.bug']);
    const intake = await t.db
      .selectFrom('users')
      .select(['is_active'])
      .where('email', '=', INTAKE_USER_EMAIL)
      .executeTakeFirstOrThrow();
    expect(intake.is_active).toBe(false);
  });

  it('keeps the attachments of a windows-1251 letter with their Cyrillic names', async () => {
    await dovecot.append(
      await corpus('ru-cp1251-encoded-word-subject-qp-alternative-cyrillic-attachment.eml'),
    );
    await poll();
    const stored = await t.db
      .selectFrom('inbound_messages')
      .select(['ticket_id', 'subject', 'outcome'])
      .where('message_id', '=', '<07FDB7CD95416D1EC2C78E3490CA97E8@jbshvnthwigaf.ru>')
      .executeTakeFirstOrThrow();
    expect(stored.subject).toMatch(/^Аудиоэнциклопедии для детей/);
    expect(stored.outcome).toBe('ticket_created');
    const files = await t.db
      .selectFrom('attachments')
      .select(['file_name', 'size'])
      .where('ticket_id', '=', stored.ticket_id!)
      .execute();
    expect(files.length).toBeGreaterThan(0);
    expect(files.some((file) => /[а-яё]/i.test(file.file_name))).toBe(true);
  });

  it("keeps inline images as the request's files and no HTML but formatting", async () => {
    const result = await intakeMessage(
      t.deps,
      await corpus('ru-utf8-8bit-alternative-related-inline-images.eml'),
      {
        source: 'test',
        mailboxId: null,
        uidValidity: null,
        uid: null,
        policy: 'triage',
      },
    );
    expect(result.outcome).toBe('ticket_created');
    const files = await t.db
      .selectFrom('attachments')
      .select(['content_type'])
      .where('ticket_id', '=', result.ticketId!)
      .execute();
    expect(files.length).toBe(3);
    expect(files.every((file) => file.content_type === 'image/png')).toBe(true);
    const ticket = await t.db
      .selectFrom('tickets')
      .select(['title', 'description'])
      .where('id', '=', result.ticketId!)
      .executeTakeFirstOrThrow();
    expect(ticket.title).toBe('Mail.Ru – больше, чем почта. Познакомьтесь с проектами Mail.Ru Group');
    expect(ticket.description).not.toMatch(/<(img|style|script|meta)\b/i);
    expect(ticket.description).not.toMatch(/\sstyle=/i);
  });

  it('stores a letter fetched twice (or delivered twice) once', async () => {
    const sent = letter({ from: 'ivanov@client.example', subject: 'Дважды', body: 'Одно письмо.' });
    await dovecot.append(sent.raw);
    await dovecot.append(sent.raw);
    expect(await poll()).toMatchObject({ fetched: 2, stored: 1, skipped: 1 });
    // Polling again from the first UID (as after a lost state) stores nothing either.
    await t.db.updateTable('mailboxes').set({ last_uid: 0 }).where('id', '=', mailboxId).execute();
    const again = await poll();
    expect(again.stored).toBe(0);
    expect((await ticketsFrom('ivanov@client.example')).filter((row) => row.title === 'Дважды')).toHaveLength(
      1,
    );
  });

  it('loses nothing when the process dies between fetching and committing, and stores it once after', async () => {
    const sent = letter({
      from: 'ivanov@client.example',
      subject: 'Сбой при приёме',
      body: 'Письмо во время сбоя.',
    });
    const uid = await dovecot.append(sent.raw);
    await expect(
      pollMailbox(t.deps, mailboxId, {
        beforeCommit: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(
      (await ticketsFrom('ivanov@client.example')).filter((row) => row.title === 'Сбой при приёме'),
    ).toHaveLength(0);
    expect(await dovecot.flagged('\\Seen')).not.toContain(uid);

    await poll();
    await poll();
    expect(
      (await ticketsFrom('ivanov@client.example')).filter((row) => row.title === 'Сбой при приёме'),
    ).toHaveLength(1);
    expect(await dovecot.flagged('\\Seen')).toContain(uid);
  });
});

describe('outbound mail', () => {
  it('sends an agent answer threaded to the request, and never an internal note', async () => {
    const sent = letter({
      from: 'ivanov@client.example',
      subject: 'Вопрос по отчёту',
      body: 'Как сформировать отчёт?',
    });
    await dovecot.append(sent.raw);
    await poll();
    await drain();
    const ticket = (await ticketsFrom('ivanov@client.example')).find(
      (row) => row.title === 'Вопрос по отчёту',
    )!;
    smtp.letters.length = 0;

    const note = await callAs(t.app, admin, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/comments`,
      payload: { body: 'Клиент путает отчёты', internal: true },
    });
    expect(note.statusCode).toBe(201);
    await drain();
    expect(smtp.letters).toEqual([]);

    const answer = await callAs(t.app, admin, {
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/comments`,
      payload: { body: '<p>Откройте раздел «Отчёты».</p>' },
    });
    expect(answer.statusCode).toBe(201);
    await drain();
    await drain();
    expect(smtp.letters).toHaveLength(1);
    const reply = smtp.letters[0]!;
    expect(reply.parsed.text).toContain('Откройте раздел «Отчёты».');
    expect(reply.parsed.text).not.toContain('путает');
    expect(reply.parsed.subject).toContain(`[#${ticket.number}]`);
    expect(reply.parsed.headers.get('auto-submitted')).toBeUndefined();
    const references = reply.parsed.references;
    expect(Array.isArray(references) ? references : [references]).toContain(sent.messageId);

    // The client's answer to that letter comes back into the same request.
    const back = letter({
      from: 'ivanov@client.example',
      subject: `Re: ${reply.parsed.subject}`,
      inReplyTo: reply.parsed.messageId!,
      body: 'Нашёл, спасибо!',
    });
    await dovecot.append(back.raw);
    await poll();
    const comments = await t.db
      .selectFrom('ticket_comments')
      .select('body')
      .where('ticket_id', '=', ticket.id)
      .orderBy('created_at')
      .execute();
    expect(comments.at(-1)?.body).toContain('Нашёл, спасибо!');
  });

  it('tells the requester when his request is estimated, done and completed', async () => {
    const approver = await sessionFor(t, 'client_approver', { clientId });
    await dovecot.append(
      letter({ from: 'ivanov@client.example', subject: 'Доработать отчёт', body: 'Нужна колонка «Итого».' })
        .raw,
    );
    await poll();
    await drain();
    const ticket = (await ticketsFrom('ivanov@client.example')).find(
      (row) => row.title === 'Доработать отчёт',
    )!;
    smtp.letters.length = 0;
    const move = async (who: typeof admin, body: Record<string, unknown>) => {
      const current = await callAs(t.app, admin, { method: 'GET', url: `/api/v1/tickets/${ticket.id}` });
      const response = await callAs(t.app, who, {
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/transitions`,
        payload: { version: current.json<{ version: number }>().version, ...body },
      });
      expect(response.statusCode, response.body).toBe(200);
      await drain();
      await drain();
    };

    await move(admin, { to: 'evaluated', estimateHours: 3 });
    expect(smtp.letters.map((l) => l.parsed.subject)).toEqual([
      `Заявка №${ticket.number} оценена и ждёт согласования [#${ticket.number}]`,
    ]);
    expect(smtp.letters[0]!.parsed.text).toContain('3 ч');
    await move(approver, { to: 'approved' });
    await move(admin, {
      to: 'planned',
      assigneeId: admin.userId,
      plannedStart: '2026-03-03T06:00:00Z',
      plannedEnd: '2026-03-03T09:00:00Z',
      acceptanceCriteria: 'Колонка есть',
    });
    await move(admin, { to: 'in_progress' });
    expect(smtp.letters).toHaveLength(1);
    await move(admin, { to: 'done', resolution: '<p>Колонка «Итого» добавлена.</p>' });
    expect(smtp.letters).toHaveLength(2);
    expect(smtp.letters[1]!.parsed.subject).toContain('выполнена');
    expect(smtp.letters[1]!.parsed.text).toContain('Колонка «Итого» добавлена.');
    // The approver confirms for the company: the requester learns that it is closed.
    await move(approver, { to: 'completed' });
    expect(smtp.letters).toHaveLength(3);
    expect(smtp.letters[2]!.parsed.subject).toBe(`Заявка №${ticket.number} закрыта [#${ticket.number}]`);
    expect(smtp.letters.every((l) => l.envelopeTo[0] === 'ivanov@client.example')).toBe(true);
  });

  it('writes in English to a contact whose language is English', async () => {
    const english = await buildUser(t.db, {
      role: 'client_user',
      clientId,
      email: 'smith@client.example',
      name: 'John Smith',
    });
    await t.db.updateTable('users').set({ locale: 'en' }).where('id', '=', english.id).execute();
    await dovecot.append(
      letter({ from: 'smith@client.example', subject: 'Printer', body: 'It does not print.' }).raw,
    );
    await poll();
    await drain();
    expect(smtp.letters).toHaveLength(1);
    expect(smtp.letters[0]!.parsed.subject).toMatch(/^Request #\d+ received: Printer \[#\d+\]$/);
  });

  it('answers a stranger politely under the refusal policy and opens no request', async () => {
    const result = await intakeMessage(
      t.deps,
      Buffer.from(
        letter({ from: 'stranger@elsewhere.example', subject: 'Реклама', body: 'Купите слона' }).raw,
      ),
      { source: 'test', mailboxId: null, uidValidity: null, uid: null, policy: 'refuse' },
    );
    expect(result).toMatchObject({ stored: true, outcome: 'refused', ticketId: null });
    await drain();
    expect(smtp.letters).toHaveLength(1);
    expect(smtp.letters[0]!.envelopeTo).toEqual(['stranger@elsewhere.example']);
    expect(smtp.letters[0]!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
  });

  it('stops acknowledging a sender who writes too often', async () => {
    for (let index = 0; index < 7; index += 1) {
      await intakeMessage(
        t.deps,
        Buffer.from(
          letter({ from: 'robot@client.example', subject: `Письмо ${index}`, body: 'Снова я' }).raw,
        ),
        { source: 'test', mailboxId: null, uidValidity: null, uid: null, policy: 'triage' },
      );
    }
    await drain();
    // The first five are answered; from the sixth within ten minutes the letters are kept unanswered.
    expect(smtp.letters.filter((l) => l.envelopeTo[0] === 'robot@client.example')).toHaveLength(5);
    expect(await ticketsFrom('robot@client.example')).toHaveLength(7);
  });
});

describe('the built-in SMTP receiver', () => {
  it('takes a letter delivered over SMTP into the same intake, once', async () => {
    const receiver = await startSmtpReceiver(
      t.deps,
      0,
      { info: () => {}, warn: () => {} },
      { host: '127.0.0.1' },
    );
    try {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: receiver.port,
        secure: false,
        ignoreTLS: true,
      });
      const message = {
        from: 'Иван Иванов <ivanov@client.example>',
        to: 'support@desk.example',
        subject: 'Прямая доставка',
        text: 'Письмо через SMTP.',
        messageId: '<direct-1@client.example>',
      };
      await transport.sendMail(message);
      // A sending server that lost our 250 delivers again: nothing new.
      await transport.sendMail(message);
      transport.close();
    } finally {
      await receiver.close();
    }
    const tickets = (await ticketsFrom('ivanov@client.example')).filter(
      (row) => row.title === 'Прямая доставка',
    );
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.description).toContain('Письмо через SMTP.');
  });
});
