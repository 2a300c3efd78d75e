// How the bot reads a message: pure, so every phrasing is tested without Telegram.

export type BotCommand =
  | { kind: 'start'; code: string | null }
  | { kind: 'help' }
  | { kind: 'requests' }
  | { kind: 'stop' }
  | { kind: 'reply'; number: number; body: string }
  | { kind: 'replyUsage' }
  | { kind: 'text'; text: string };

/** Reads a message's text: a command (`/start@ZayavkaBot CODE` too), or plain text. */
export function parseBotMessage(raw: string): BotCommand {
  const text = raw.trim();
  const command = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text);
  if (!command) {
    return { kind: 'text', text };
  }
  const name = (command[1] ?? '').toLowerCase();
  const rest = (command[2] ?? '').trim();
  switch (name) {
    case 'start':
      return { kind: 'start', code: rest ? (rest.split(/\s+/)[0] ?? null) : null };
    case 'requests':
      return { kind: 'requests' };
    case 'stop':
      return { kind: 'stop' };
    case 'reply': {
      const reply = /^#?№?\s*(\d{1,9})\s+([\s\S]+)$/.exec(rest);
      return reply
        ? { kind: 'reply', number: Number(reply[1]), body: (reply[2] ?? '').trim() }
        : { kind: 'replyUsage' };
    }
    default:
      return { kind: 'help' };
  }
}

/** A request's title from a message: its first non-empty line, cut at a word near 120 characters. */
export function titleFromMessage(text: string): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  if (line.length <= 120) {
    return line;
  }
  const cut = line.slice(0, 120);
  const space = cut.lastIndexOf(' ');
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as the rich text requests and comments store: a paragraph per block, line breaks kept. */
export function plainToHtml(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
