// The knowledge card is stored as HTML (sanitized like comments) but written as plain text with a few
// conventions anyone can type without a toolbar: a blank line starts a paragraph, «## » a heading,
// «- » a bullet, «1. » a numbered item, and web addresses become links. This turns such text into the
// HTML the server stores; the web turns stored HTML back into this text for editing.

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Stops before trailing punctuation, so «см. https://its.1c.ru.» links without its full stop.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]*[^\s<>".,;:!?)»]/g;

/** Escapes a line of text and turns its web addresses into links. */
const inline = (text: string): string =>
  escapeHtml(text).replace(URL_PATTERN, (url) => `<a href="${url}">${url}</a>`);

const HEADING = /^#{1,6}\s+(.*)$/;
const BULLET = /^[-*•]\s+(.*)$/;
const NUMBERED = /^\d+[.)]\s+(.*)$/;

type Block =
  { kind: 'p'; lines: string[] } | { kind: 'ul' | 'ol'; items: string[] } | { kind: 'h'; text: string };

/** The card's text as HTML: paragraphs, «## » headings, «- » and «1. » lists, links. */
export function knowledgeMarkupToHtml(text: string): string {
  const blocks: Block[] = [];
  // Whether the next line may continue the last block: a blank line or a heading ends it.
  let isOpen = false;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const last = isOpen ? blocks.at(-1) : undefined;
    const heading = HEADING.exec(line);
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    const listKind = BULLET.test(line) ? 'ul' : 'ol';
    if (!line) {
      isOpen = false;
    } else if (heading) {
      blocks.push({ kind: 'h', text: heading[1] ?? '' });
      isOpen = false;
    } else if (item) {
      if (last?.kind === listKind) {
        last.items.push(item[1] ?? '');
      } else {
        blocks.push({ kind: listKind, items: [item[1] ?? ''] });
      }
      isOpen = true;
    } else {
      if (last?.kind === 'p') {
        last.lines.push(line);
      } else {
        blocks.push({ kind: 'p', lines: [line] });
      }
      isOpen = true;
    }
  }
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'h':
          return `<h3>${inline(block.text)}</h3>`;
        case 'p':
          return `<p>${block.lines.map(inline).join('<br>')}</p>`;
        default:
          return `<${block.kind}>${block.items.map((item) => `<li>${inline(item)}</li>`).join('')}</${block.kind}>`;
      }
    })
    .join('');
}
