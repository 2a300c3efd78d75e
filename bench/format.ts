// The generator's hottest formatting, written out by hand: a 1M desk formats some 30 million timestamps
// and 10 million ids, and Date#toISOString and Number#toString(16) were a quarter of its time.
import { createRng } from '#server/demo/company.ts';

const DAY = 86_400_000;
const HEX1 = Array.from({ length: 16 }, (_, n) => n.toString(16));
const HEX2 = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));
const PAD2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

let cachedDay = Number.NaN;
let cachedPrefix = '';

/** `new Date(ms).toISOString()` for the years the desk spans (the date part cached: times cluster). */
export const iso = (ms: number): string => {
  const whole = Math.floor(ms);
  const day = Math.floor(whole / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  let rest = whole - day * DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${cachedPrefix}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest - seconds * 1000]}Z`;
};

const hex8 = (value: number): string =>
  HEX2[value >>> 24]! + HEX2[(value >>> 16) & 255]! + HEX2[(value >>> 8) & 255]! + HEX2[value & 255]!;
const hex3 = (value: number): string => HEX1[(value >>> 8) & 15]! + HEX2[value & 255]!;
const hex4 = (value: number): string => HEX2[(value >>> 8) & 255]! + HEX2[value & 255]!;

/** Deterministic v4-shaped UUIDs from their own stream, so ids do not shift when texts change. */
export const createIds = (seed: number) => {
  const rng = createRng(seed ^ 0x5bd1e995);
  const draw = () => Math.floor(rng() * 4_294_967_296) >>> 0;
  return (): string => {
    const a = draw();
    const b = draw();
    const c = draw();
    const d = draw();
    // Version 4 in the third group, the variant (8, 9, a or b) in the fourth.
    return `${hex8(a)}-${hex4(b >>> 16)}-4${hex3(b)}-${'89ab'[(c >>> 28) & 3]}${hex3(c >>> 16)}-${hex4(c)}${hex8(d)}`;
  };
};
