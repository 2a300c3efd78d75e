import { createHash, randomInt } from 'node:crypto';
import type { Db } from '#server/db/client.ts';
import type { AppDeps } from '#server/deps.ts';
import type { Actor } from '#server/modules/auth/actor.ts';

// Linking a Telegram chat to a user: the portal gives a one-time code, the user sends `/start <code>`
// to the bot. Invariant: a code links only the user it was given to, once, within its lifetime, and only
// its hash is stored, so a leaked table links nobody.

/** How long a code may wait to be sent to the bot. */
export const LINK_CODE_TTL_MS = 15 * 60_000;
// No 0/O, 1/I/L: a code is read off one screen and typed on another.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

const hashCode = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** A fresh code for the actor; earlier unused codes of his stop working. */
export async function createLinkCode(deps: AppDeps, actor: Actor) {
  const now = deps.clock.now();
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) {
    code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  }
  const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
  await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('telegram_link_codes').where('user_id', '=', actor.id).execute();
    await tx
      .insertInto('telegram_link_codes')
      .values({ code_hash: hashCode(code), user_id: actor.id, expires_at: expiresAt, created_at: now })
      .execute();
  });
  const bot = await botUsername(deps.db);
  return {
    code,
    expiresAt: expiresAt.toISOString(),
    botUsername: bot,
    // Telegram's deep link sends `/start <code>` by itself when the user presses Start.
    deepLink: bot ? `https://t.me/${bot}?start=${code}` : null,
  };
}

export async function botUsername(db: Db): Promise<string | null> {
  const state = await db.selectFrom('telegram_state').select('bot_username').executeTakeFirst();
  return state?.bot_username ?? null;
}

/** Whether the actor's account is linked, and to which Telegram user. */
export async function getLinkStatus(deps: AppDeps, actor: Actor) {
  const link = await deps.db
    .selectFrom('telegram_links')
    .select(['username', 'linked_at'])
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  return {
    botConfigured: deps.config.telegram.botToken !== null,
    botUsername: await botUsername(deps.db),
    linked: link !== undefined,
    username: link?.username ?? null,
    linkedAt: link ? link.linked_at.toISOString() : null,
  };
}

/** Unlinks the actor's chat: the bot stops writing to it and stops acting for him. */
export async function unlinkTelegram(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('telegram_links').where('user_id', '=', userId).execute();
}

/**
 * Spends a code sent to the bot and links that chat to the code's user (a chat linked to someone else
 * before now belongs to the new user). Returns the user id, or null for a wrong, used or expired code.
 */
export async function consumeLinkCode(
  db: Db,
  now: Date,
  code: string,
  chat: { chatId: number; telegramUserId: number; username: string | null },
): Promise<string | null> {
  const spent = await db
    .deleteFrom('telegram_link_codes')
    .where('code_hash', '=', hashCode(code))
    .returning(['user_id', 'expires_at'])
    .executeTakeFirst();
  if (!spent || spent.expires_at.getTime() <= now.getTime()) {
    return null;
  }
  await db
    .deleteFrom('telegram_links')
    .where((eb) => eb.or([eb('chat_id', '=', chat.chatId), eb('user_id', '=', spent.user_id)]))
    .execute();
  await db
    .insertInto('telegram_links')
    .values({
      user_id: spent.user_id,
      chat_id: chat.chatId,
      telegram_user_id: chat.telegramUserId,
      username: chat.username,
      linked_at: now,
    })
    .execute();
  return spent.user_id;
}
