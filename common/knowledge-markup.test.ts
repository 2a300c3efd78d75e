import { describe, expect, it } from 'vitest';
import { knowledgeMarkupToHtml } from './knowledge-markup.ts';

describe('knowledgeMarkupToHtml', () => {
  it.each([
    ['', ''],
    ['Один абзац', '<p>Один абзац</p>'],
    ['Строка\nвторая\n\nНовый абзац', '<p>Строка<br>вторая</p><p>Новый абзац</p>'],
    ['## Учёт\nПартии по FIFO', '<h3>Учёт</h3><p>Партии по FIFO</p>'],
    [
      '- склад\n- касса\n\n1. раз\n2) два',
      '<ul><li>склад</li><li>касса</li></ul><ol><li>раз</li><li>два</li></ol>',
    ],
    ['Текст\n- пункт\nснова текст', '<p>Текст</p><ul><li>пункт</li></ul><p>снова текст</p>'],
    [
      '<script>alert("x")</script> & «ООО»',
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «ООО»</p>',
    ],
    [
      'См. https://its.1c.ru/db/metod8dev?a=1&b=2.',
      '<p>См. <a href="https://its.1c.ru/db/metod8dev?a=1&amp;b=2">https://its.1c.ru/db/metod8dev?a=1&amp;b=2</a>.</p>',
    ],
    ['  \r\n\r\n  отступы  \r\n', '<p>отступы</p>'],
    ['javascript:alert(1)', '<p>javascript:alert(1)</p>'],
  ])('turns %j into %j', (text, html) => {
    expect(knowledgeMarkupToHtml(text)).toBe(html);
  });
});
