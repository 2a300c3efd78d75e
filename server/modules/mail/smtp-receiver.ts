import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer } from 'smtp-server';
import type { AppDeps } from '#server/deps.ts';
import { intakeMessage } from './intake.ts';

// The built-in SMTP receiver (SMTP_RECEIVER_PORT): a mail server that forwards the support address
// here delivers straight into the same intake as IMAP polling. The letter is accepted (250) only after
// its transaction committed, so the sending server keeps and retries whatever failed; a letter it
// delivers twice is stored once by its Message-ID.

/** Letters over this size are refused at the SMTP level (SIZE extension). */
const MAX_BYTES = 30 * 1024 * 1024;

export async function startSmtpReceiver(
  deps: AppDeps,
  port: number,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
  options: { host?: string; policy?: 'triage' | 'refuse' } = {},
) {
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on the own network, behind the organization's mail server: no TLS, no logins.
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_BYTES,
    logger: false,
    banner: 'Zayavka',
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too big'), { responseCode: 552 }));
          return;
        }
        intakeMessage(deps, Buffer.concat(chunks), {
          source: 'smtp',
          mailboxId: null,
          uidValidity: null,
          uid: null,
          policy: options.policy ?? 'triage',
        })
          .then(() => callback())
          .catch((error: unknown) => {
            log.warn({ err: error }, 'smtp receiver: intake failed');
            // 451: a temporary failure, the sending server tries again later.
            callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? '0.0.0.0', () => resolve());
  });
  server.on('error', (error) => log.warn({ err: error }, 'smtp receiver error'));
  const address = server.server.address() as AddressInfo;
  log.info(`SMTP receiver listening on port ${address.port}`);
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
