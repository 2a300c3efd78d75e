// Russian taxpayer number (ИНН). Structure: Приказ ФНС России от 29.06.2012 № ММВ-7-6/435@; check-digit
// weights as used by FNS-compatible validators (see shared/corpora/inn/SOURCES.md for where each is stated).

export type InnKind = 'company' | 'individual';
export type InnValidation = { ok: true; kind: InnKind } | { ok: false; reason: 'format' | 'checksum' };

// The three official weight series (n10: 2,4,10,…,8; n11: 7,2,4,…,8; n12: 3,7,2,…,8) are right-aligned
// tails of this one series, so a single helper computes every check digit from the digits before it.
const WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;

// ASCII only: full-width and Arabic-Indic digits look like digits to some libraries but no INN contains them.
const ASCII_DIGITS = /^[0-9]+$/;

const checkDigit = (digits: string): number => {
  const offset = WEIGHTS.length - digits.length;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    sum += Number(digits[i]) * (WEIGHTS[offset + i] ?? 0);
  }
  // A remainder of 10 cannot be one digit: the rule maps it to 0.
  return (sum % 11) % 10;
};

/**
 * Check digits for an INN body: one for the 9 digits of a company, two for the 10 digits of an
 * individual. Append the result to the body to get a valid INN.
 * @throws RangeError when the body is not 9 or 10 ASCII digits.
 */
export const innCheckDigits = (body: string): string => {
  if (!ASCII_DIGITS.test(body) || (body.length !== 9 && body.length !== 10)) {
    throw new RangeError(`An INN body is 9 or 10 digits, got ${JSON.stringify(body)}`);
  }
  if (body.length === 9) {
    return String(checkDigit(body));
  }
  // n12 is computed over n1..n11, so it depends on n11.
  const n11 = String(checkDigit(body));
  return n11 + String(checkDigit(body + n11));
};

/**
 * Cleans what a person pasted (surrounding spaces, a trailing newline from an e-mail signature) so that
 * validateInn, which is strict, can judge it. Store the normalized value, not the raw one.
 */
export const normalizeInn = (value: string): string => value.trim();

/** Validates an INN exactly as given; call normalizeInn first on user input. */
export const validateInn = (value: string): InnValidation => {
  // An INN is a string: region codes 01–09 start with zero, which a number would drop.
  if (!ASCII_DIGITS.test(value) || (value.length !== 10 && value.length !== 12)) {
    return { ok: false, reason: 'format' };
  }
  // The first two digits are the region of the tax office; there is no region 00, and all-zero strings
  // pass the checksum, so without this they would be accepted as placeholders.
  if (value.startsWith('00')) {
    return { ok: false, reason: 'format' };
  }
  const body = value.slice(0, value.length === 10 ? 9 : 10);
  if (innCheckDigits(body) !== value.slice(body.length)) {
    return { ok: false, reason: 'checksum' };
  }
  return { ok: true, kind: value.length === 10 ? 'company' : 'individual' };
};
