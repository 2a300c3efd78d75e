import { describe, expect, it } from 'vitest';
import { parseBotMessage, plainToHtml, titleFromMessage } from './commands.ts';

describe('parseBotMessage', () => {
  it.each([
    ['/start K7QXM2PA', { kind: 'start', code: 'K7QXM2PA' }],
    ['/start@zayavka_bot K7QXM2PA', { kind: 'start', code: 'K7QXM2PA' }],
    ['/start', { kind: 'start', code: null }],
    ['/requests', { kind: 'requests' }],
    ['/stop', { kind: 'stop' }],
    ['/help', { kind: 'help' }],
    ['/whatever', { kind: 'help' }],
    ['/reply 1234 Спасибо, всё работает', { kind: 'reply', number: 1234, body: 'Спасибо, всё работает' }],
    ['/reply #1234 две\nстроки', { kind: 'reply', number: 1234, body: 'две\nстроки' }],
    ['/reply №1234 ok', { kind: 'reply', number: 1234, body: 'ok' }],
    ['/reply 1234', { kind: 'replyUsage' }],
    ['/reply текст без номера', { kind: 'replyUsage' }],
    ['  Не печатает принтер  ', { kind: 'text', text: 'Не печатает принтер' }],
    ['', { kind: 'text', text: '' }],
    ['1/2 ставки', { kind: 'text', text: '1/2 ставки' }],
  ])('%j', (text, command) => {
    expect(parseBotMessage(text)).toEqual(command);
  });
});

describe('titleFromMessage', () => {
  it('takes the first non-empty line', () => {
    expect(titleFromMessage('\n\n  Касса не пробивает чеки \nОшибка 234')).toBe('Касса не пробивает чеки');
  });
  it('cuts a long line at a word, with an ellipsis', () => {
    const title = titleFromMessage(`${'слово '.repeat(40)}конец`);
    expect(title.length).toBeLessThanOrEqual(121);
    expect(title.endsWith('слово…')).toBe(true);
  });
});

describe('plainToHtml', () => {
  it('escapes markup and keeps paragraphs and line breaks', () => {
    expect(plainToHtml('Строка <b>1</b>\nстрока 2\n\nАбзац & ещё')).toBe(
      '<p>Строка &lt;b&gt;1&lt;/b&gt;<br>строка 2</p><p>Абзац &amp; ещё</p>',
    );
  });
});
