// Every vector of the shared INN corpus (shared/corpora/inn/, README in SOURCES.md), judged by common/inn.ts.
// Every *.json file there is read, so vectors added later are tested without touching this file.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { innCheckDigits, normalizeInn, validateInn, type InnValidation } from '#common/inn.ts';

type CheckStep = { expected: number };
type Vector = {
  value: string;
  expected: string;
  kind: string;
  note?: string;
  afterTrim?: string;
  check?: { why?: string; n10?: CheckStep; n11?: CheckStep; n12?: CheckStep };
};

const corpusDir = new URL('../../../../shared/corpora/inn/', import.meta.url);

const isVector = (item: unknown): item is Vector =>
  typeof item === 'object' &&
  item !== null &&
  typeof (item as Vector).value === 'string' &&
  typeof (item as Vector).expected === 'string' &&
  typeof (item as Vector).kind === 'string';

const readVectors = (): { file: string; vector: Vector }[] =>
  readdirSync(corpusDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const parsed: unknown = JSON.parse(readFileSync(new URL(file, corpusDir), 'utf8'));
      const items: unknown = (parsed as { vectors?: unknown }).vectors;
      if (!Array.isArray(items) || !items.every(isVector)) {
        throw new Error(`${file}: expected { vectors: [{ value, expected, kind, … }] }`);
      }
      return items.map((vector) => ({ file, vector }));
    });

const kindOf = (vector: Vector): InnValidation => {
  if (vector.kind === 'legal') {
    return { ok: true, kind: 'company' };
  }
  if (vector.kind === 'individual') {
    return { ok: true, kind: 'individual' };
  }
  throw new Error(`vector ${JSON.stringify(vector.value)}: a valid vector needs kind legal or individual`);
};

// The corpus states its verdicts in prose; this is the policy we chose for each of them.
const verdictsFor = (vector: Vector): { raw: InnValidation; normalized?: InnValidation } => {
  switch (vector.expected) {
    case 'valid':
      return { raw: kindOf(vector) };
    case 'invalid':
      // The corpus gives a `why` only when the value never reaches the checksum (length, characters).
      return { raw: { ok: false, reason: vector.check?.why === undefined ? 'checksum' : 'format' } };
    case 'checksum-valid, structurally invalid':
      // Tax-office code 0000 does not exist: rejected as a format error although the checksum passes.
      return { raw: { ok: false, reason: 'format' } };
    case 'invalid (raw) / valid after trim':
      // validateInn is strict; forms normalize first.
      return { raw: { ok: false, reason: 'format' }, normalized: kindOf(vector) };
    default:
      throw new Error(
        `vector ${JSON.stringify(vector.value)}: unknown verdict ${JSON.stringify(vector.expected)}`,
      );
  }
};

const vectors = readVectors();

describe('INN corpus (shared/corpora/inn)', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(41);
  });

  describe.each(
    vectors.map(({ file, vector }) => ({ name: `${file} ${JSON.stringify(vector.value)}`, vector })),
  )('$name', ({ vector }) => {
    const verdicts = verdictsFor(vector);

    it(`is ${vector.expected}${vector.note ? ` (${vector.note})` : ''}`, () => {
      expect(validateInn(vector.value)).toEqual(verdicts.raw);
    });

    if (verdicts.normalized !== undefined) {
      it('is valid once normalized', () => {
        expect(normalizeInn(vector.value)).toBe(vector.afterTrim);
        expect(validateInn(normalizeInn(vector.value))).toEqual(verdicts.normalized);
      });
    }

    // Compare each check digit with the corpus's recomputation, so a failure names the step that differs.
    const { n10, n11, n12 } = vector.check ?? {};
    const digits = normalizeInn(vector.value);
    if (n10 !== undefined && /^[0-9]{10}$/.test(digits)) {
      it('has the corpus n10', () => {
        expect(innCheckDigits(digits.slice(0, 9))).toBe(String(n10.expected));
      });
    }
    if (n11 !== undefined && n12 !== undefined && /^[0-9]{12}$/.test(digits)) {
      it('has the corpus n11, and n12 when n11 is right', () => {
        const computed = innCheckDigits(digits.slice(0, 10));
        expect(computed[0]).toBe(String(n11.expected));
        // The corpus recomputes n12 over the digits as given, so it matches ours only when n11 does.
        if (digits[10] === computed[0]) {
          expect(computed[1]).toBe(String(n12.expected));
        }
      });
    }
  });
});
