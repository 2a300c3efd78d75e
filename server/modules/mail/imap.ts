import { ImapFlow } from 'imapflow';
import type { Selectable } from 'kysely';
import type { MailboxesTable } from '#server/db/schema.ts';
import type { AppDeps } from '#server/deps.ts';
import { type IntakeOptions, intakeMessage } from './intake.ts';

// Polling a mailbox over IMAP. New letters are those above the last UID stored under the folder's
// UIDVALIDITY; each is taken in (and the last UID advanced) in one transaction, and flagged \Seen only
// after that commits. A crash anywhere before the commit leaves the letter to the next poll; a crash
// after it, before \Seen, makes the next poll meet a letter already stored, which stores nothing.

export type Mailbox = Selectable<MailboxesTable>;

/** Letters taken per poll: a big backlog drains over several polls instead of one long one. */
const BATCH = 50;

export function imapClient(
  mailbox: Pick<Mailbox, 'imap_host' | 'imap_port' | 'imap_tls' | 'imap_user' | 'imap_password'>,
) {
  return new ImapFlow({
    host: mailbox.imap_host,
    port: mailbox.imap_port,
    secure: mailbox.imap_tls,
    auth: { user: mailbox.imap_user, pass: mailbox.imap_password },
    logger: false,
    // A mailbox on our own network may well have no STARTTLS; never downgrade a TLS connection though.
    doSTARTTLS: mailbox.imap_tls ? undefined : false,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
}

export type PollResult = { fetched: number; stored: number; skipped: number };

/** Polls one mailbox once. `options.beforeCommit` reaches every letter's transaction (tests' crash). */
export async function pollMailbox(
  deps: AppDeps,
  mailboxId: string,
  options: IntakeOptions = {},
): Promise<PollResult> {
  const mailbox = await deps.db
    .selectFrom('mailboxes')
    .selectAll()
    .where('id', '=', mailboxId)
    .executeTakeFirstOrThrow();
  const client = imapClient(mailbox);
  // An error event without a listener would crash the process: it is reported by the awaited calls.
  client.on('error', () => {});
  const result: PollResult = { fetched: 0, stored: 0, skipped: 0 };
  try {
    await client.connect();
    const opened = await client.mailboxOpen(mailbox.folder);
    const uidValidity = Number(opened.uidValidity);
    let lastUid = mailbox.last_uid;
    if (mailbox.uid_validity !== uidValidity) {
      // A new UIDVALIDITY renumbers the folder: start over; Message-IDs keep old letters out.
      await deps.db
        .updateTable('mailboxes')
        .set({ uid_validity: uidValidity, last_uid: 0 })
        .where('id', '=', mailbox.id)
        .execute();
      lastUid = 0;
    }
    const letters: { uid: number; source: Buffer }[] = [];
    if (opened.exists > 0) {
      // The new UIDs first, then the sources of one batch only: a backlog is not downloaded at once.
      // `n:*` also answers the last letter when it is below n: filtered by UID.
      const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
      const uids = (found || [])
        .filter((uid) => uid > lastUid)
        .sort((a, b) => a - b)
        .slice(0, BATCH);
      if (uids.length) {
        for await (const message of client.fetch(
          uids.join(','),
          { uid: true, source: true },
          { uid: true },
        )) {
          if (message.source) {
            letters.push({ uid: message.uid, source: message.source });
          }
        }
      }
    }
    letters.sort((a, b) => a.uid - b.uid);
    result.fetched = letters.length;
    for (const letter of letters) {
      const taken = await intakeMessage(
        deps,
        letter.source,
        {
          source: mailbox.id,
          mailboxId: mailbox.id,
          uidValidity,
          uid: letter.uid,
          policy: mailbox.unknown_sender_policy,
        },
        options,
      );
      if (taken.stored) {
        result.stored += 1;
      } else {
        result.skipped += 1;
      }
      await client.messageFlagsAdd(String(letter.uid), ['\\Seen'], { uid: true });
    }
    await deps.db
      .updateTable('mailboxes')
      .set({ last_polled_at: deps.clock.now(), last_error: null })
      .where('id', '=', mailbox.id)
      .execute();
    return result;
  } catch (error) {
    await deps.db
      .updateTable('mailboxes')
      .set({
        last_polled_at: deps.clock.now(),
        last_error: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
      })
      .where('id', '=', mailbox.id)
      .execute();
    throw error;
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The recurring job: every enabled mailbox once; one failing mailbox does not keep the others waiting. */
export async function pollAllMailboxes(deps: AppDeps) {
  const mailboxes = await deps.db
    .selectFrom('mailboxes')
    .select('id')
    .where('enabled', '=', true)
    .orderBy('name')
    .execute();
  const results: Record<string, PollResult | string> = {};
  for (const { id } of mailboxes) {
    try {
      results[id] = await pollMailbox(deps, id);
    } catch (error) {
      results[id] = error instanceof Error ? error.message : String(error);
    }
  }
  return results;
}

/** Logs in and opens the folder: what the admin's "test connection" button reports. */
export async function testMailboxConnection(
  mailbox: Pick<Mailbox, 'imap_host' | 'imap_port' | 'imap_tls' | 'imap_user' | 'imap_password' | 'folder'>,
) {
  const client = imapClient(mailbox);
  client.on('error', () => {});
  try {
    await client.connect();
    const opened = await client.mailboxOpen(mailbox.folder, { readOnly: true });
    return { ok: true, messages: opened.exists, error: null };
  } catch (error) {
    const detail = error as { responseText?: string; message?: string };
    return {
      ok: false,
      messages: null,
      error: (detail.responseText || detail.message || String(error)).slice(0, 500),
    };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
