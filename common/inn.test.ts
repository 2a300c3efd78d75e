// Hand-written cases; the shared corpus is checked in server/modules/clients/inn.test.ts, because reading
// files needs node:fs, which common/ may not import.
import { describe, it, expect } from 'vitest';
import { innCheckDigits, normalizeInn, validateInn, type InnValidation } from './inn.ts';

describe('validateInn', () => {
  it.each<[string, InnValidation]>([
    ['7707083893', { ok: true, kind: 'company' }],
    ['0108003670', { ok: true, kind: 'company' }],
    ['7706107510', { ok: true, kind: 'company' }],
    ['500100732259', { ok: true, kind: 'individual' }],
    ['770000000300', { ok: true, kind: 'individual' }],
    ['7707083894', { ok: false, reason: 'checksum' }],
    ['500100732258', { ok: false, reason: 'checksum' }],
    ['500100732269', { ok: false, reason: 'checksum' }],
    ['0000000000', { ok: false, reason: 'format' }],
    ['000000000000', { ok: false, reason: 'format' }],
    ['77070838930', { ok: false, reason: 'format' }],
    ['', { ok: false, reason: 'format' }],
    ['7707 083893', { ok: false, reason: 'format' }],
    [' 7707083893', { ok: false, reason: 'format' }],
    ['７７０７０８３８９３', { ok: false, reason: 'format' }],
  ])('judges %j as %j', (value, verdict) => {
    expect(validateInn(value)).toEqual(verdict);
  });

  it('accepts pasted input once normalized', () => {
    expect(validateInn(normalizeInn('\u00a07707083893 \r\n'))).toEqual({ ok: true, kind: 'company' });
  });
});

describe('innCheckDigits', () => {
  it.each([
    ['770708389', '3'],
    ['770610751', '0'],
    ['5001007322', '59'],
    ['7700000003', '00'],
    ['5001000004', '00'],
  ])('completes %s with %s', (body, digits) => {
    expect(innCheckDigits(body)).toBe(digits);
  });

  it('makes every body into a valid INN of the matching kind', () => {
    for (let n = 1; n < 2000; n += 7) {
      const company = `77${String(n).padStart(7, '0')}`;
      const individual = `50${String(n).padStart(8, '0')}`;
      expect(validateInn(company + innCheckDigits(company))).toEqual({ ok: true, kind: 'company' });
      expect(validateInn(individual + innCheckDigits(individual))).toEqual({ ok: true, kind: 'individual' });
    }
  });

  it.each(['', '77070838', '77070838933', '77O708389'])('refuses the body %j', (body) => {
    expect(() => innCheckDigits(body)).toThrow(RangeError);
  });
});
