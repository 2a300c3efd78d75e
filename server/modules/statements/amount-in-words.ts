// A sum of money in Russian words, as an act of completed work states it under the table:
// «Одна тысяча двести тридцать четыре рубля 50 копеек». Rubles in words, kopecks as two digits.

type Forms = readonly [one: string, few: string, many: string];

const HUNDREDS = [
  '',
  'сто',
  'двести',
  'триста',
  'четыреста',
  'пятьсот',
  'шестьсот',
  'семьсот',
  'восемьсот',
  'девятьсот',
];
const TENS = [
  '',
  '',
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
const TEENS = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const UNITS_MASCULINE = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const UNITS_FEMININE = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];

/** Groups of three digits from the lowest: rubles, thousands, millions, … with their gender and forms. */
const SCALES: readonly { feminine: boolean; forms: Forms }[] = [
  { feminine: false, forms: ['рубль', 'рубля', 'рублей'] },
  { feminine: true, forms: ['тысяча', 'тысячи', 'тысяч'] },
  { feminine: false, forms: ['миллион', 'миллиона', 'миллионов'] },
  { feminine: false, forms: ['миллиард', 'миллиарда', 'миллиардов'] },
  { feminine: false, forms: ['триллион', 'триллиона', 'триллионов'] },
];

const KOPECKS: Forms = ['копейка', 'копейки', 'копеек'];

/** The form a count takes in Russian: 1, 21 → one; 2–4, 22–24 → few; 0, 5–20, 25–30 → many. */
export function pluralForm(count: number, forms: Forms): string {
  const lastTwo = Math.abs(count) % 100;
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 14) {
    return forms[2];
  }
  if (last === 1) {
    return forms[0];
  }
  if (last >= 2 && last <= 4) {
    return forms[1];
  }
  return forms[2];
}

/** 0–999 in words (empty for 0). */
function triadInWords(triad: number, feminine: boolean): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(triad / 100);
  const rest = triad % 100;
  words.push(HUNDREDS[hundreds] ?? '');
  if (rest >= 10 && rest < 20) {
    words.push(TEENS[rest - 10] ?? '');
  } else {
    words.push(TENS[Math.floor(rest / 10)] ?? '');
    words.push((feminine ? UNITS_FEMININE : UNITS_MASCULINE)[rest % 10] ?? '');
  }
  return words.filter((word) => word !== '');
}

/**
 * «Одна тысяча двести тридцать четыре рубля 50 копеек» for 1234.5. The amount is rounded to kopecks;
 * negative amounts and amounts of a quadrillion rubles or more are refused.
 */
export function rublesInWords(amount: number): string {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`An amount in words must be a finite non-negative number, got ${amount}`);
  }
  const totalKopecks = Math.round(amount * 100);
  const rubles = Math.floor(totalKopecks / 100);
  const kopecks = totalKopecks % 100;
  if (rubles >= 1000 ** SCALES.length) {
    throw new RangeError(`An amount in words must be below a quadrillion rubles, got ${amount}`);
  }

  const words: string[] = [];
  if (rubles === 0) {
    words.push('ноль', 'рублей');
  } else {
    for (let scale = SCALES.length - 1; scale >= 0; scale--) {
      const triad = Math.floor(rubles / 1000 ** scale) % 1000;
      const { feminine, forms } = SCALES[scale]!;
      if (triad > 0) {
        words.push(...triadInWords(triad, feminine), pluralForm(triad, forms));
      } else if (scale === 0) {
        // 5 000 rubles: the currency is still named, in the form of the last (empty) group.
        words.push(forms[2]);
      }
    }
  }
  words.push(String(kopecks).padStart(2, '0'), pluralForm(kopecks, KOPECKS));

  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
