import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

// A real IMAP server for tests: Debian's dovecot-imapd run as the current user in a temporary
// directory, on a free port of 127.0.0.1, with plaintext logins and maildirs of its own. One per test
// file (start in beforeAll, stop in afterAll); tests deliver letters with IMAP APPEND.

export type TestDovecot = {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Appends a raw message to a folder of the test user (INBOX by default); returns its UID. */
  append: (raw: string | Buffer, folder?: string) => Promise<number>;
  /** The UIDs of the folder's messages that carry the flag. */
  flagged: (flag: string, folder?: string) => Promise<number[]>;
  stop: () => Promise<void>;
};

const DOVECOT = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000) {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`dovecot exited with ${child.exitCode}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('dovecot did not open its port in time');
}

async function systemUser(name: string): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((row) => row.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(`no system user ${name} (is dovecot-imapd installed?)`);
  }
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startDovecot(): Promise<TestDovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zy-dovecot-'));
  const port = await freePort();
  // Dovecot refuses to run its login processes as root: under root (a CI container) the distribution's
  // own unprivileged users take those roles and own the maildirs; otherwise the current user does all.
  const me = userInfo();
  const asRoot = me.uid === 0;
  const internalUser = asRoot ? 'dovecot' : me.username;
  const loginUser = asRoot ? 'dovenull' : me.username;
  const owner = asRoot ? await systemUser('dovecot') : { uid: me.uid, gid: me.gid };
  await chmod(dir, 0o755);
  const user = 'support';
  const password = 'mail-test-secret';
  await mkdir(path.join(dir, 'run'), { recursive: true });
  await mkdir(path.join(dir, 'state'), { recursive: true });
  await mkdir(path.join(dir, 'mail'), { recursive: true });
  await chown(path.join(dir, 'mail'), owner.uid, owner.gid);
  await writeFile(
    path.join(dir, 'passwd'),
    `${user}:{PLAIN}${password}:${owner.uid}:${owner.gid}::${path.join(dir, 'mail', user)}::\n`,
  );
  const conf = [
    'protocols = imap',
    `listen = 127.0.0.1`,
    `base_dir = ${path.join(dir, 'run')}`,
    `state_dir = ${path.join(dir, 'state')}`,
    `log_path = ${path.join(dir, 'dovecot.log')}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `default_internal_user = ${internalUser}`,
    `default_login_user = ${loginUser}`,
    'mail_location = maildir:~/Maildir',
    `passdb {\n  driver = passwd-file\n  args = ${path.join(dir, 'passwd')}\n}`,
    `userdb {\n  driver = passwd-file\n  args = ${path.join(dir, 'passwd')}\n}`,
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
    'service imap-login {\n  chroot =\n}',
    'service stats {\n  unix_listener stats-writer {\n    mode = 0666\n  }\n}',
    'first_valid_uid = 1',
    'first_valid_gid = 1',
    '',
  ].join('\n');
  const confPath = path.join(dir, 'dovecot.conf');
  await writeFile(confPath, conf);
  const child = spawn(DOVECOT, ['-F', '-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  // A test runner that dies must not leave the server behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, child);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${(error as Error).message}: ${stderr}`, { cause: error });
  }

  const connect = async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    return client;
  };

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    append: async (raw, folder = 'INBOX') => {
      const client = await connect();
      try {
        const result = await client.append(folder, raw);
        if (!result || typeof result === 'boolean' || result.uid === undefined) {
          throw new Error('APPEND returned no UID');
        }
        return result.uid;
      } finally {
        await client.logout();
      }
    },
    flagged: async (flag, folder = 'INBOX') => {
      const client = await connect();
      try {
        await client.mailboxOpen(folder, { readOnly: true });
        const uids: number[] = [];
        for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
          if (message.flags?.has(flag)) {
            uids.push(message.uid);
          }
        }
        return uids;
      } catch (error) {
        // An empty folder has no "1:*".
        if (/Invalid messageset|No matching messages/i.test(String(error))) {
          return [];
        }
        throw error;
      } finally {
        await client.logout();
      }
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.off('exit', killOnExit);
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
