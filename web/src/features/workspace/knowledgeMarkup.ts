// Stored knowledge-card HTML back into the plain-text conventions of common/knowledge-markup.ts, so
// the card can be edited as it was typed: headings as «## », list items as «- » or «1. », paragraphs
// apart by a blank line. Formatting the conventions cannot say (bold, tables) is kept as its text.

const BLOCK_TAGS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'BLOCKQUOTE',
  'PRE',
  'TABLE',
  'HR',
]);

/** The text of an inline run: <br> as a line break, a link whose text differs from its address as both. */
function inlineText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) {
    return (node.textContent ?? '').replace(/\s+/g, ' ');
  }
  if (!(node instanceof Element)) {
    return '';
  }
  if (node.tagName === 'BR') {
    return '\n';
  }
  const text = [...node.childNodes].map(inlineText).join('');
  const href = node.tagName === 'A' ? node.getAttribute('href') : null;
  return href && href !== text.trim() && /^https?:/.test(href) ? `${text} (${href})` : text;
}

const tidy = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();

function blockText(element: Element): string {
  switch (element.tagName) {
    case 'H1':
    case 'H2':
    case 'H3':
    case 'H4':
    case 'H5':
    case 'H6':
      return `## ${tidy(inlineText(element)).replace(/\n/g, ' ')}`;
    case 'UL':
    case 'OL':
      return [...element.children]
        .filter((child) => child.tagName === 'LI')
        .map((item, index) => {
          const marker = element.tagName === 'OL' ? `${index + 1}.` : '-';
          return `${marker} ${tidy(inlineText(item)).replace(/\n/g, ' ')}`;
        })
        .join('\n');
    case 'TABLE':
      return [...element.querySelectorAll('tr')]
        .map((row) => [...row.children].map((cell) => tidy(inlineText(cell))).join(' | '))
        .join('\n');
    case 'HR':
      return '';
    default:
      return tidy(inlineText(element));
  }
}

/** Stored card HTML as editable text. */
export function knowledgeHtmlToMarkup(html: string): string {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  const parts: string[] = [];
  let inline: Node[] = [];
  const flushInline = () => {
    const text = tidy(inline.map(inlineText).join(''));
    if (text) {
      parts.push(text);
    }
    inline = [];
  };
  for (const node of [...body.childNodes]) {
    if (node instanceof Element && BLOCK_TAGS.has(node.tagName)) {
      flushInline();
      const text = blockText(node);
      if (text) {
        parts.push(text);
      }
    } else {
      inline.push(node);
    }
  }
  flushInline();
  return parts.join('\n\n');
}
