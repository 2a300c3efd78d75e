import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, type TestApp, callAs, createTestApp, sessionFor } from '#server/test/app.ts';
import { buildClient, buildLine } from '#server/test/factories.ts';
import { ATTACHMENT_MAX_BYTES, contentDisposition, safeFileName } from './attachments.ts';

let t: TestApp;
let client: Session;
let stranger: Session;
let agent: Session;
let ticketId: string;

beforeAll(async () => {
  t = await createTestApp();
  const line = await buildLine(t.db, { level: 1 });
  const company = await buildClient(t.db);
  client = await sessionFor(t, 'client_user', { clientId: company.id });
  stranger = await sessionFor(t, 'client_user');
  agent = await sessionFor(t, 'agent', { lineIds: [line.id] });
  const created = await callAs(t.app, client, {
    method: 'POST',
    url: '/api/v1/tickets',
    payload: { title: 'Скан' },
  });
  ticketId = created.json<{ id: string }>().id;
});
afterAll(async () => {
  await t.close();
});

function multipart(parts: { name: string; value: string | Buffer; fileName?: string; type?: string }[]) {
  const boundary = '----zayavka' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = part.fileName
      ? `form-data; name="${part.name}"; filename="${part.fileName}"`
      : `form-data; name="${part.name}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`,
      ),
    );
    chunks.push(typeof part.value === 'string' ? Buffer.from(part.value) : part.value);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const upload = (session: Session, parts: Parameters<typeof multipart>[0]) => {
  const body = multipart(parts);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticketId}/attachments`,
    payload: body.payload,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': body.contentType },
  });
};

describe('attachments', () => {
  it('stores a file, lists it and gives it back byte for byte as a download', async () => {
    const content = Buffer.from('%PDF-1.4 акт сверки');
    const response = await upload(client, [
      { name: 'file', value: content, fileName: 'Акт сверки.pdf', type: 'application/pdf' },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const attachment = response.json<{ id: string; size: number; fileName: string }>();
    expect(attachment).toMatchObject({ size: content.length });
    const list = await callAs(t.app, agent, {
      method: 'GET',
      url: `/api/v1/tickets/${ticketId}/attachments`,
    });
    expect(list.json<{ items: { id: string }[] }>().items.map((a) => a.id)).toContain(attachment.id);
    const download = await callAs(t.app, agent, {
      method: 'GET',
      url: `/api/v1/attachments/${attachment.id}`,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''%D0%90%D0%BA%D1%82");
    expect(download.headers['content-type']).toBe('application/pdf');
  });

  it('downloads HTML as bytes, never as a page', async () => {
    const response = await upload(client, [
      { name: 'file', value: '<script>alert(1)</script>', fileName: 'x.html', type: 'text/html' },
    ]);
    const { id } = response.json<{ id: string }>();
    const download = await callAs(t.app, client, { method: 'GET', url: `/api/v1/attachments/${id}` });
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('answers 404 to a client of another company, on upload, list and download', async () => {
    const own = await upload(client, [
      { name: 'file', value: 'data', fileName: 'a.txt', type: 'text/plain' },
    ]);
    const { id } = own.json<{ id: string }>();
    expect((await upload(stranger, [{ name: 'file', value: 'x', fileName: 'b.txt' }])).statusCode).toBe(404);
    expect(
      (await callAs(t.app, stranger, { method: 'GET', url: `/api/v1/attachments/${id}` })).statusCode,
    ).toBe(404);
    const list = await callAs(t.app, stranger, {
      method: 'GET',
      url: `/api/v1/tickets/${ticketId}/attachments`,
    });
    expect(list.statusCode).toBe(404);
  });

  it('hides a file attached to an internal note from the client', async () => {
    const note = await callAs(t.app, agent, {
      method: 'POST',
      url: `/api/v1/tickets/${ticketId}/comments`,
      payload: { body: 'Лог ошибки', internal: true },
    });
    const commentId = note.json<{ id: string }>().id;
    const response = await upload(agent, [
      { name: 'commentId', value: commentId },
      { name: 'file', value: 'stack trace', fileName: 'error.log', type: 'text/plain' },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const { id } = response.json<{ id: string }>();
    const list = await callAs(t.app, client, {
      method: 'GET',
      url: `/api/v1/tickets/${ticketId}/attachments`,
    });
    expect(list.json<{ items: { id: string }[] }>().items.map((a) => a.id)).not.toContain(id);
    expect(
      (await callAs(t.app, client, { method: 'GET', url: `/api/v1/attachments/${id}` })).statusCode,
    ).toBe(404);
  });

  it('refuses a file over the limit with 413 and keeps nothing', async () => {
    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 10, 1);
    const response = await upload(client, [{ name: 'file', value: big, fileName: 'big.bin' }]);
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 400 naming file when there is none', async () => {
    const response = await upload(client, [{ name: 'note', value: 'no file' }]);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ path: 'file' }] });
  });
});

describe('safe file names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\Документ.docx', 'Документ.docx'],
    ['.htaccess', 'htaccess'],
    ['a\u0000b.txt', 'a_b.txt'],
    ['', 'file'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('offers an ASCII fallback and the exact UTF-8 name for download', () => {
    expect(contentDisposition('Счёт "1".pdf')).toBe(
      `attachment; filename="____ _1_.pdf"; filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82%20%221%22.pdf`,
    );
  });
});
