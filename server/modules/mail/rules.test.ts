import { describe, expect, it } from 'vitest';
import {
  automaticReason,
  cleanSubject,
  messageIdsIn,
  renderTemplate,
  senderRateLimited,
  stripQuotedHistory,
  ticketNumberInSubject,
} from './rules.ts';

const headers = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('automaticReason', () => {
  it('lets a letter from a person through', () => {
    expect(
      automaticReason(
        headers({ 'auto-submitted': 'no' }),
        'text/plain',
        'ivan@client.example',
        '<ivan@client.example>',
      ),
    ).toBeNull();
  });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'text/plain', 'a@b.c', /auto-submitted/],
    [{ 'auto-submitted': 'auto-generated; type=vacation' }, 'text/plain', 'a@b.c', /auto-generated/],
    [{ precedence: 'bulk' }, 'text/plain', 'a@b.c', /precedence/],
    [{ precedence: 'junk' }, 'text/plain', 'a@b.c', /precedence/],
    [{ precedence: 'list' }, 'text/plain', 'a@b.c', /precedence/],
    [{ 'x-autoreply': 'yes' }, 'text/plain', 'a@b.c', /x-autoreply/],
    [{ 'x-autorespond': 'yes' }, 'text/plain', 'a@b.c', /x-autorespond/],
    [{ 'list-id': '<users.lists.example>' }, 'text/plain', 'a@b.c', /mailing list/],
    [{ 'list-unsubscribe': '<mailto:u@l.example>' }, 'text/plain', 'a@b.c', /mailing list/],
    [{}, 'multipart/report; report-type=delivery-status', 'a@b.c', /multipart\/report/],
    [{}, 'text/plain', 'MAILER-DAEMON@mx.example', /mailer-daemon/],
    [{}, 'text/plain', 'postmaster@mx.example', /postmaster/],
  ])('ignores %j %s from %s', (h, type, from, reason) => {
    expect(automaticReason(headers(h as Record<string, string>), type, from, null)).toMatch(reason);
  });

  it('ignores a letter with the null return path of bounces', () => {
    expect(automaticReason(headers({}), 'text/plain', 'robot@mx.example', '<>')).toMatch(/null return path/);
  });
});

describe('senderRateLimited', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it('answers a sender under the limit', () => {
    expect(senderRateLimited([ago(1), ago(2), ago(3), ago(4)], now)).toBe(false);
  });

  it('stops answering at five letters in ten minutes', () => {
    expect(senderRateLimited([ago(1), ago(2), ago(3), ago(4), ago(9)], now)).toBe(true);
  });

  it('forgets letters older than the window', () => {
    expect(senderRateLimited([ago(1), ago(2), ago(11), ago(12), ago(30)], now)).toBe(false);
  });

  it('takes its limit as a parameter', () => {
    expect(senderRateLimited([ago(1), ago(2)], now, { max: 2, windowMs: 60_000 * 5 })).toBe(true);
  });
});

describe('threading', () => {
  it('finds the request tag in a subject', () => {
    expect(ticketNumberInSubject('Re: Заявка №12 [#1234] принята')).toBe(1234);
    expect(ticketNumberInSubject('Заявка 1234')).toBeNull();
  });

  it('reads Message-IDs from In-Reply-To and References', () => {
    expect(messageIdsIn('<a@b.example>\r\n <c.d@e.example>')).toEqual(['<a@b.example>', '<c.d@e.example>']);
    expect(messageIdsIn(undefined)).toEqual([]);
  });

  it('cleans a subject for a title', () => {
    expect(cleanSubject('RE: Fwd: Ответ: Не печатает [#77]')).toBe('Не печатает');
  });
});

describe('stripQuotedHistory', () => {
  it('cuts at an English attribution line', () => {
    expect(
      stripQuotedHistory('Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Support <s@d.example> wrote:\n> old text'),
    ).toBe('Thanks!');
  });

  it('cuts at a wrapped English attribution', () => {
    expect(
      stripQuotedHistory('Fine.\nOn Mon, 2 Mar 2026 at 10:00, Support <s@d.example>\nwrote:\n> old'),
    ).toBe('Fine.');
  });

  it('cuts at a Russian attribution line', () => {
    expect(
      stripQuotedHistory(
        'Спасибо.\n\n2 марта 2026 г., в 10:00, Поддержка <s@d.example> написал(а):\n> старое',
      ),
    ).toBe('Спасибо.');
    expect(
      stripQuotedHistory(
        'Да.\n\nПонедельник, 2 марта 2026, 10:00 +03:00 от Поддержка <s@d.example>:\n\n> старое',
      ),
    ).toBe('Да.');
  });

  it("cuts at Outlook's original-message separator and its header block", () => {
    expect(stripQuotedHistory('Ok\n\n-----Original Message-----\nFrom: A\nSent: B')).toBe('Ok');
    expect(
      stripQuotedHistory(
        'Хорошо\n\nОт: Поддержка [mailto:s@d.example]\nОтправлено: 2 марта 2026 г. 10:00\nКому: Иван\nТема: RE: …',
      ),
    ).toBe('Хорошо');
  });

  it('drops trailing > quotes but keeps answers written between quotes', () => {
    expect(stripQuotedHistory('Новое\n> старое\n> ещё')).toBe('Новое');
    expect(stripQuotedHistory('> вопрос 1\nответ 1\n> вопрос 2\nответ 2')).toBe(
      '> вопрос 1\nответ 1\n> вопрос 2\nответ 2',
    );
  });

  it('keeps a letter that is only a quote', () => {
    expect(stripQuotedHistory('> всё')).toBe('> всё');
  });
});

describe('renderTemplate', () => {
  it('fills placeholders and blanks unknown ones', () => {
    expect(renderTemplate('Заявка №{{number}} {{ title }}{{oops}}', { number: '7', title: 'Печать' })).toBe(
      'Заявка №7 Печать',
    );
  });
});
