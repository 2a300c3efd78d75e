// The plain rules of the mail channel: which letters are machines talking (and must never be answered),
// when a sender writes too often, how a reply names its request, and where the quoted history begins.

/** A letter's headers, lower-case names, each value as one string (mailparser's `headerLines` joined). */
export type HeaderMap = ReadonlyMap<string, string>;

/**
 * Why a letter must neither open a request nor be answered, or null for a letter from a person.
 * Auto-replies (RFC 3834), out-of-office, bounces (DSN, RFC 3464), mailing lists and bulk mail.
 */
export function automaticReason(
  headers: HeaderMap,
  contentType: string,
  fromAddress: string,
  returnPath: string | null,
): string | null {
  const header = (name: string) => headers.get(name)?.trim().toLowerCase() ?? null;
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) {
    return `auto-submitted: ${autoSubmitted.split(';')[0]}`;
  }
  const precedence = header('precedence');
  if (precedence && /^(bulk|junk|list|auto_reply)\b/.test(precedence)) {
    return `precedence: ${precedence}`;
  }
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponse']) {
    if (headers.has(name)) {
      return name;
    }
  }
  // Exchange marks its automatic replies so only, and suppresses replies to them.
  const suppress = header('x-auto-response-suppress');
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress)) {
    return 'x-auto-response-suppress';
  }
  for (const name of ['list-id', 'list-unsubscribe']) {
    if (headers.has(name)) {
      return `mailing list (${name})`;
    }
  }
  if (/^multipart\/report\b/i.test(contentType.trim())) {
    return 'delivery or feedback report (multipart/report)';
  }
  const local = fromAddress.toLowerCase().split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)$/.test(local)) {
    return `system sender ${local}`;
  }
  // A null reverse path is what bounces and other notifications carry (RFC 5321, 4.5.5).
  if (returnPath !== null && returnPath.replace(/[<>\s]/g, '') === '') {
    return 'null return path (<>)';
  }
  return null;
}

export const RATE_LIMIT = { max: 5, windowMs: 10 * 60_000 } as const;

/**
 * Whether a sender wrote so often lately that nothing must answer him any more: a loop between two
 * machines that slipped past the headers is cut here. `recent` are his earlier letters' times.
 */
export function senderRateLimited(
  recent: readonly Date[],
  now: Date,
  limit: { max: number; windowMs: number } = RATE_LIMIT,
): boolean {
  const since = now.getTime() - limit.windowMs;
  return recent.filter((at) => at.getTime() > since && at.getTime() <= now.getTime()).length >= limit.max;
}

/** The request number a subject names as `[#1234]`, or null. */
export function ticketNumberInSubject(subject: string): number | null {
  const match = /\[#(\d{1,9})\]/.exec(subject);
  return match?.[1] ? Number(match[1]) : null;
}

/** The Message-IDs a header value names (`<a@b> <c@d>`), in order. */
export function messageIdsIn(value: string | null | undefined): string[] {
  return [...(value ?? '').matchAll(/<([^<>\s]+)>/g)].map((match) => `<${match[1]}>`);
}

/** A subject without the Re:/Fwd:/Ответ: prefixes and the request tag, for a request's title. */
export function cleanSubject(subject: string): string {
  let result = subject.replace(/\[#\d{1,9}\]/g, ' ');
  for (;;) {
    const next = result.replace(/^\s*(re|fw|fwd|aw|wg|ответ|отв|пересл|переслать)\s*(\[\d+\])?\s*:\s*/i, '');
    if (next === result) {
      break;
    }
    result = next;
  }
  return result.replace(/\s+/g, ' ').trim();
}

// Lines where a quoted earlier letter begins. English and Russian mail clients, Outlook's header block.
const ATTRIBUTION = [
  /^-{2,}\s*(original message|исходное сообщение|пересылаемое сообщение|forwarded message)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^on\b.{0,300}\bwrote:\s*$/i,
  // No \b before Cyrillic: JavaScript's word boundary knows only ASCII letters.
  /^.{0,300}(написал|написала|написал\(а\)|пишет)\s*:\s*$/i,
  // Gmail and Yandex in Russian: «пн, 2 мар. 2026 г. в 10:05, Иван <ivan@example.com>:».
  /^.{0,300}\d.{0,300}<[^<>\s]+@[^<>\s]+>\s*:\s*$/,
];
const HEADER_START = /^\s*\**(from|от|von)\s*:\s*\**\s*\S/i;
const HEADER_NEXT = /^\s*\**(sent|date|отправлено|дата|to|кому|subject|тема|gesendet)\s*:/i;

/**
 * The new text of a reply: everything above the first attribution line ("On … wrote:", «… написал(а):»,
 * "-----Original Message-----", Outlook's «От: … Отправлено: …» block) and without the `>` quotes at
 * its end. A letter that is nothing but quotes keeps its text (better a quote than an empty comment).
 */
export function stripQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trim();
    if (ATTRIBUTION.some((pattern) => pattern.test(line))) {
      end = index;
      break;
    }
    // "On Mon, 1 Jan 2026 at 10:00, Ivan <ivan@example.com>" + "wrote:" on the next line (wrapped).
    if (/^on\b/i.test(line) && /^wrote:\s*$/i.test((lines[index + 1] ?? '').trim())) {
      end = index;
      break;
    }
    if (HEADER_START.test(line)) {
      const following = lines.slice(index + 1, index + 5).map((next) => next.trim());
      if (following.some((next) => HEADER_NEXT.test(next))) {
        end = index;
        break;
      }
    }
    if (line.startsWith('>')) {
      // A quote followed only by quotes and blank lines is the history; one answered inline is not.
      const rest = lines.slice(index).map((next) => next.trim());
      if (rest.every((next) => next === '' || next.startsWith('>'))) {
        end = index;
        break;
      }
    }
  }
  const kept = lines.slice(0, end).join('\n').trim();
  return kept || text.trim();
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as the rich text of a request: paragraphs at blank lines, line breaks kept. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Fills `{{name}}` placeholders; unknown names become empty, so a typo of an admin sends no braces. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) => values[name] ?? '');
}
