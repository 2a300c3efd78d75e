// The monthly statement and the act of completed work as PDF (pdfmake on pdfkit, Roboto embedded:
// it covers Cyrillic and «₽»). Both are drawn from the one `Statement`, so they cannot disagree with
// the screen or the XLSX. The labels and formats here are shared with `render-xlsx.ts`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type {
  Column,
  Content,
  TableCell,
  TDocumentDefinitions,
  TFontDictionary,
} from 'pdfmake/interfaces.js';
import type { ContractKind, TariffMode } from '#common/billing.ts';
import { rublesInWords } from './amount-in-words.ts';
import type { Statement, StatementContract, StatementLine, StatementTotals } from './model.ts';

export type DocumentLocale = 'ru' | 'en';

// ---------------------------------------------------------------------------------------------
// Formats

const moneyFormats = {
  ru: new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' }),
  en: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'RUB' }),
};
const amountFormats = {
  ru: new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};
const hourFormats = {
  ru: new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
};

/** `1 234,50 ₽` (ru) or `RUB 1,234.50` (en). */
export const formatMoney = (amount: number, locale: DocumentLocale): string =>
  moneyFormats[locale].format(amount);

/** `1 234,50` (ru) or `1,234.50` (en): money in a column already headed with the currency. */
export const formatAmount = (amount: number, locale: DocumentLocale): string =>
  amountFormats[locale].format(amount);

/** Hours with up to two decimals: `1,5` (ru), `1.5` (en). */
export const formatHours = (hours: number, locale: DocumentLocale): string =>
  hourFormats[locale].format(hours);

const MONTHS = {
  ru: [
    'январь',
    'февраль',
    'март',
    'апрель',
    'май',
    'июнь',
    'июль',
    'август',
    'сентябрь',
    'октябрь',
    'ноябрь',
    'декабрь',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** `ноябрь 2026` / `November 2026` for `2026-11`. */
export function formatMonth(month: string, locale: DocumentLocale): string {
  const [year, number] = month.split('-');
  return `${MONTHS[locale][Number(number) - 1] ?? month} ${year}`;
}

/** `30.11.2026` (ru) or `30 Nov 2026` (en) for a date `2026-11-30` (or the date part of a timestamp). */
export function formatDate(date: string, locale: DocumentLocale): string {
  const [year = '', month = '', day = ''] = date.slice(0, 10).split('-');
  if (locale === 'ru') {
    return `${day}.${month}.${year}`;
  }
  return `${Number(day)} ${(MONTHS.en[Number(month) - 1] ?? month).slice(0, 3)} ${year}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`2026-11-30`) of an instant in a time zone: a line posted at 23:30 MSK is that day's. */
export function dateInZone(instant: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

const TARIFF_MODE_WORDS: Record<DocumentLocale, Record<TariffMode, string>> = {
  ru: { balance: 'с баланса', paid: 'платно', free: 'бесплатно' },
  en: { balance: 'from balance', paid: 'paid', free: 'free' },
};
export const tariffModeInWords = (mode: TariffMode, locale: DocumentLocale): string =>
  TARIFF_MODE_WORDS[locale][mode];

const CONTRACT_KIND_WORDS: Record<DocumentLocale, Record<ContractKind, string>> = {
  ru: { hourly: 'почасовой', subscription: 'абонентский', its: 'ИТС', internal: 'внутренний' },
  en: { hourly: 'hourly', subscription: 'subscription', its: 'ITS', internal: 'internal' },
};
export const contractKindInWords = (kind: ContractKind, locale: DocumentLocale): string =>
  CONTRACT_KIND_WORDS[locale][kind];

/** A line's service as the documents name it: `1C-UPD · Обновление конфигурации`. */
export function serviceTitle(
  line: Pick<StatementLine, 'serviceCode' | 'serviceName'>,
  locale: DocumentLocale,
) {
  const name = line.serviceName ?? (locale === 'ru' ? 'Прочие работы' : 'Other work');
  return line.serviceCode ? `${line.serviceCode} · ${name}` : name;
}

/** The act's number, the same every time the act of a client's month is printed. */
export const actNumber = (statement: Statement): string => `${statement.month}/${statement.client.inn}`;

/** The words the documents and the XLSX use, by locale. */
export const LABELS = {
  ru: {
    statementTitle: (month: string) => `Выписка по работам за ${month}`,
    period: 'Период',
    issued: 'сформирована',
    provider: 'Исполнитель',
    client: 'Заказчик',
    inn: 'ИНН',
    kpp: 'КПП',
    balanceSection: 'Движение баланса часов по договорам',
    noContracts: 'Договоров с движением часов в периоде нет.',
    contract: 'Договор',
    kind: 'Вид',
    hourlyRate: 'Ставка, ₽/ч',
    monthlyFee: 'Абон. плата',
    opening: 'На начало, ч',
    granted: 'Начислено, ч',
    consumed: 'Списано, ч',
    adjusted: 'Корректировки, ч',
    reversed: 'Сторно, ч',
    closing: 'На конец, ч',
    workSection: 'Работы по заявкам',
    noWork: 'Работ в периоде не было.',
    requestNumber: 'Заявка',
    requestTitle: 'Тема',
    requester: 'инициатор',
    completed: 'выполнена',
    date: 'Дата',
    service: 'Услуга',
    description: 'Описание работ',
    performer: 'Исполнитель',
    tariff: 'Тариф',
    hours: 'Часы',
    fromBalance: 'С баланса',
    paid: 'Платно',
    free: 'Бесплатно',
    rate: 'Ставка',
    amount: 'Сумма',
    requestSubtotal: (number: string) => `Итого по заявке ${number}`,
    grandTotal: 'Итого за период',
    summary: 'Итоги',
    hoursTotal: 'Часов всего',
    hoursFromBalance: 'в т. ч. с баланса',
    hoursPaid: 'в т. ч. платно',
    hoursFree: 'в т. ч. бесплатно',
    paidAmount: 'Сумма за платные часы',
    subscriptionFees: 'Абонентская плата',
    amountDue: 'К оплате',
    page: (page: number, pages: number) => `Стр. ${page} из ${pages}`,
    // The act
    actTitle: (number: string) => `Акт № ${number} выполненных работ (оказанных услуг)`,
    actDated: (date: string, from: string, to: string) => `от ${date} · за период с ${from} по ${to}`,
    basis: 'Основание',
    contractNo: (number: string) => `договор № ${number}`,
    no: '№',
    workName: 'Наименование работ, услуг',
    quantity: 'Кол-во',
    unit: 'Ед.',
    unitHour: 'ч',
    unitMonth: 'мес.',
    price: 'Цена',
    sum: 'Сумма',
    subscriptionLine: (contract: string, month: string) =>
      `Абонентское обслуживание по договору № ${contract} за ${month}`,
    subscriptionTotalLine: (month: string) => `Абонентское обслуживание за ${month}`,
    nothingRendered: 'Платных работ и услуг в периоде нет',
    total: 'Итого:',
    noVat: 'Без налога (НДС)',
    totalDue: 'Всего к оплате:',
    renderedCount: (count: number, sum: string) => `Всего оказано услуг ${count}, на сумму ${sum} руб.`,
    amountInWordsLabel: '',
    noClaims:
      'Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по объему, качеству и срокам оказания услуг не имеет.',
    providerSigns: 'ИСПОЛНИТЕЛЬ',
    clientSigns: 'ЗАКАЗЧИК',
    stamp: 'М. П.',
  },
  en: {
    statementTitle: (month: string) => `Statement of work for ${month}`,
    period: 'Period',
    issued: 'issued',
    provider: 'Contractor',
    client: 'Customer',
    inn: 'INN',
    kpp: 'KPP',
    balanceSection: 'Hour balance by contract',
    noContracts: 'No contract had hour movements in the period.',
    contract: 'Contract',
    kind: 'Kind',
    hourlyRate: 'Rate, RUB/h',
    monthlyFee: 'Monthly fee',
    opening: 'Opening, h',
    granted: 'Granted, h',
    consumed: 'Consumed, h',
    adjusted: 'Adjusted, h',
    reversed: 'Reversed, h',
    closing: 'Closing, h',
    workSection: 'Work by request',
    noWork: 'No work was done in the period.',
    requestNumber: 'Request',
    requestTitle: 'Title',
    requester: 'requested by',
    completed: 'completed',
    date: 'Date',
    service: 'Service',
    description: 'Work done',
    performer: 'Performer',
    tariff: 'Tariff',
    hours: 'Hours',
    fromBalance: 'From balance',
    paid: 'Paid',
    free: 'Free',
    rate: 'Rate',
    amount: 'Amount',
    requestSubtotal: (number: string) => `Total for request ${number}`,
    grandTotal: 'Total for the period',
    summary: 'Totals',
    hoursTotal: 'Hours in total',
    hoursFromBalance: 'of which from balance',
    hoursPaid: 'of which paid',
    hoursFree: 'of which free',
    paidAmount: 'Paid hours amount',
    subscriptionFees: 'Subscription fees',
    amountDue: 'Amount due',
    page: (page: number, pages: number) => `Page ${page} of ${pages}`,
    actTitle: (number: string) => `Certificate No. ${number} of completed work (services rendered)`,
    actDated: (date: string, from: string, to: string) => `dated ${date} · for the period ${from} – ${to}`,
    basis: 'Basis',
    contractNo: (number: string) => `contract No. ${number}`,
    no: 'No.',
    workName: 'Work, services',
    quantity: 'Qty',
    unit: 'Unit',
    unitHour: 'h',
    unitMonth: 'month',
    price: 'Price',
    sum: 'Amount',
    subscriptionLine: (contract: string, month: string) =>
      `Subscription service under contract No. ${contract} for ${month}`,
    subscriptionTotalLine: (month: string) => `Subscription service for ${month}`,
    nothingRendered: 'No paid work or services in the period',
    total: 'Total:',
    noVat: 'VAT not applicable',
    totalDue: 'Amount due:',
    renderedCount: (count: number, sum: string) => `Services rendered: ${count}, total amount ${sum}.`,
    amountInWordsLabel: 'Amount in words (Russian): ',
    noClaims:
      'The above services have been rendered in full and on time. The Customer has no claims as to the scope, quality or timing of the services.',
    providerSigns: 'CONTRACTOR',
    clientSigns: 'CUSTOMER',
    stamp: 'Seal',
  },
} as const;

/** The headings of the per-contract balance movement, in the order both documents print them. */
export function balanceColumnLabels(locale: DocumentLocale): string[] {
  const labels = LABELS[locale];
  return [
    labels.contract,
    labels.kind,
    labels.hourlyRate,
    labels.monthlyFee,
    labels.opening,
    labels.granted,
    labels.consumed,
    labels.adjusted,
    labels.reversed,
    labels.closing,
  ];
}

// ---------------------------------------------------------------------------------------------
// Fonts: pdfmake's own Roboto (it covers Cyrillic and «₽»), read and parsed once per process.
// pdfkit hands a font's bytes to `fontkit.create` for every document, and parsing Roboto's tables
// (cmap, GSUB, GPOS) again each time cost ~300 ms a statement. So pdfmake's virtual file system holds
// a short token per face instead of its bytes, and a font format registered with fontkit (its public
// `registerFormat`) answers each token with the face parsed once. A parsed face is only read from:
// each document still makes and embeds its own subset of it.

const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;
const FONT_PREFIX = 'zayavka-statements-';
const TOKEN_PREFIX = 'zayavka-parsed-font:';

type VirtualFs = { writeFileSync(name: string, content: Buffer): void };
type Glyph = { codePoints: number[] };
type GlyphRun = { glyphs: Glyph[]; positions: object[] };
type Face = {
  layout(text: string, ...options: unknown[]): GlyphRun;
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
  /** fontkit's cache of glyph objects by id. */
  _glyphs: Record<number, Glyph | undefined>;
};

const SHARED_LAYOUTS_LIMIT = 50_000;

/**
 * Makes one parsed face safe and fast to share between documents.
 *
 * - Glyphs: fontkit caches a glyph object with the code points it was first asked for. Subsetting a
 *   document asks for the components of composite glyphs with none («ё» is Latin «e» plus a
 *   diaeresis), and a later document would then write «e» with no Unicode mapping (its text could
 *   not be searched or copied). A glyph cached without code points is made anew when asked for with
 *   some, as a fresh face would have made it.
 * - Shaping: each distinct word is shaped once per process rather than once per document (pdfkit
 *   measures and writes text word by word; shaping was a sixth of a statement's time). pdfkit scales
 *   the positions of the run it gets in place, so every caller gets its own copy of them.
 */
function shareable(face: Face): Face {
  const getGlyph = face.getGlyph.bind(face);
  face.getGlyph = (id: number, codePoints: number[] = []): Glyph | null => {
    if (codePoints.length > 0 && face._glyphs[id]?.codePoints.length === 0) {
      delete face._glyphs[id];
    }
    return getGlyph(id, codePoints);
  };

  const layout = face.layout.bind(face);
  const runs = new Map<string, GlyphRun>();
  const copy = <T extends object>(value: T): T =>
    Object.assign(Object.create(Object.getPrototypeOf(value) as object) as T, value);
  face.layout = (text: string, ...options: unknown[]): GlyphRun => {
    if (options.some((option) => option !== undefined)) {
      return layout(text, ...options);
    }
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= SHARED_LAYOUTS_LIMIT) {
        runs.clear();
      }
      run = layout(text);
      runs.set(text, run);
    }
    const own = copy(run);
    own.positions = run.positions.map(copy);
    return own;
  };
  return face;
}

type Fontkit = { create(buffer: Uint8Array): object; registerFormat(format: unknown): void };
let fontsLoaded = false;

function loadFontsOnce(): void {
  if (fontsLoaded) {
    return;
  }
  const requireHere = createRequire(import.meta.url);
  const directory = join(dirname(requireHere.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  // The fontkit that pdfmake's pdfkit loads, wherever npm put it.
  const fontkit = createRequire(createRequire(requireHere.resolve('pdfmake')).resolve('pdfkit'))(
    'fontkit',
  ) as Fontkit;
  const vfs = (pdfmake as unknown as { virtualfs: VirtualFs }).virtualfs;

  const parsed = new Map<string, object>();
  const tokenOf = (bytes: Uint8Array) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const file of Object.values(FONT_FILES)) {
    const token = Buffer.from(TOKEN_PREFIX + file, 'latin1');
    parsed.set(tokenOf(token), shareable(fontkit.create(readFileSync(join(directory, file))) as Face));
    vfs.writeFileSync(FONT_PREFIX + file, token);
  }
  // fontkit does `new format(stream)` with the first format whose `probe` accepts the bytes; a
  // constructor that returns an object makes `new` yield that object.
  function ParsedFont(stream: { buffer: Uint8Array }): object | undefined {
    return parsed.get(tokenOf(stream.buffer));
  }
  ParsedFont.probe = (bytes: Uint8Array): boolean => parsed.has(tokenOf(bytes));
  fontkit.registerFormat(ParsedFont);
  fontsLoaded = true;
}

/** A fresh dictionary each time: pdfmake's printer rewrites the one it is given. */
const fontDictionary = (): TFontDictionary => ({
  Roboto: {
    normal: FONT_PREFIX + FONT_FILES.normal,
    bold: FONT_PREFIX + FONT_FILES.bold,
    italics: FONT_PREFIX + FONT_FILES.italics,
    bolditalics: FONT_PREFIX + FONT_FILES.bolditalics,
  },
});

async function toPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  loadFontsOnce();
  // pdfmake is one instance per process: these are set right before the (synchronous) createPdf
  // that captures them, so another user of pdfmake cannot leave us with its fonts or policies.
  pdfmake.setFonts(fontDictionary());
  // Nothing is fetched or read from disk while rendering: fonts come from the virtual file system.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return pdfmake.createPdf(definition).getBuffer();
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

const GREY = '#666666';
const RULE = '#bfbfbf';
const SHADE = '#f0f0f0';

const tableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

const idLine = (party: { inn: string | null; kpp: string | null }, locale: DocumentLocale): string => {
  const labels = LABELS[locale];
  return [party.inn ? `${labels.inn} ${party.inn}` : null, party.kpp ? `${labels.kpp} ${party.kpp}` : null]
    .filter((part) => part !== null)
    .join(', ');
};

const num = (text: string, extra: { bold?: boolean; fillColor?: string } = {}): TableCell => ({
  text,
  alignment: 'right',
  noWrap: true,
  ...extra,
});

const documentInfo = (statement: Statement, title: string) => ({
  title,
  author: statement.provider.name,
  subject: `${statement.client.name} · ${statement.month}`,
  creator: 'Zayavka',
  producer: 'Zayavka',
  creationDate: new Date(statement.issuedAt),
});

// ---------------------------------------------------------------------------------------------
// The statement

function contractsTable(contracts: StatementContract[], locale: DocumentLocale): Content {
  const labels = LABELS[locale];
  if (contracts.length === 0) {
    return { text: labels.noContracts, color: GREY, margin: [0, 0, 0, 8] };
  }
  const hours = (value: number) => num(formatHours(value, locale));
  const header = balanceColumnLabels(locale).map((text, index): TableCell => ({
    text,
    bold: true,
    fillColor: SHADE,
    alignment: index < 2 ? 'left' : 'right',
  }));
  const rows = contracts.map((contract): TableCell[] => [
    { text: contract.number },
    { text: contractKindInWords(contract.kind, locale) },
    num(contract.hourlyRate === null ? '—' : formatAmount(contract.hourlyRate, locale)),
    num(contract.monthlyFee === null ? '—' : formatMoney(contract.monthlyFee, locale)),
    hours(contract.openingHours),
    hours(contract.grantedHours),
    hours(contract.consumedHours),
    hours(contract.adjustedHours),
    hours(contract.reversedHours),
    num(formatHours(contract.closingHours, locale), { bold: true }),
  ]);
  return {
    table: { headerRows: 1, widths: ['*', 70, 62, 70, 58, 58, 58, 70, 52, 58], body: [header, ...rows] },
    layout: tableLayout,
    margin: [0, 0, 0, 10],
  };
}

const WORK_COLUMNS = 11;

function totalsCells(totals: StatementTotals, locale: DocumentLocale, fillColor: string): TableCell[] {
  return [
    num(formatHours(totals.hours, locale), { bold: true, fillColor }),
    num(formatHours(totals.balanceHours, locale), { fillColor }),
    num(formatHours(totals.paidHours, locale), { fillColor }),
    num(formatHours(totals.freeHours, locale), { fillColor }),
    { text: '', fillColor },
    num(formatMoney(totals.amount, locale), { bold: true, fillColor }),
  ];
}

function workTable(statement: Statement, locale: DocumentLocale): Content {
  const labels = LABELS[locale];
  if (statement.requests.length === 0) {
    return { text: labels.noWork, color: GREY, margin: [0, 0, 0, 8] };
  }
  const header = [
    labels.date,
    labels.service,
    labels.description,
    labels.performer,
    labels.tariff,
    labels.hours,
    labels.fromBalance,
    labels.paid,
    labels.free,
    labels.rate,
    labels.amount,
  ].map((text, index): TableCell => ({
    text,
    bold: true,
    fillColor: SHADE,
    alignment: index < 5 ? 'left' : 'right',
  }));

  const body: TableCell[][] = [header];
  for (const request of statement.requests) {
    const number = `#${request.number}`;
    const details = [
      request.requesterName ? `${labels.requester}: ${request.requesterName}` : null,
      request.completedAt
        ? `${labels.completed} ${formatDate(dateInZone(request.completedAt, statement.timeZone), locale)}`
        : null,
    ].filter((part) => part !== null);
    body.push([
      {
        colSpan: WORK_COLUMNS,
        fillColor: '#fafafa',
        text: [
          { text: `${number}  `, bold: true },
          { text: request.title, bold: true },
          details.length > 0 ? { text: `  (${details.join(', ')})`, color: GREY } : '',
        ],
      },
      ...Array.from({ length: WORK_COLUMNS - 1 }, (): TableCell => ''),
    ]);
    for (const line of request.lines) {
      body.push([
        { text: formatDate(dateInZone(line.postedAt, statement.timeZone), locale), noWrap: true },
        { text: serviceTitle(line, locale) },
        { text: line.description },
        { text: line.performerName ?? '—' },
        {
          text: [
            tariffModeInWords(line.tariffMode, locale),
            line.contractNumber ? { text: `\n${line.contractNumber}`, color: GREY, fontSize: 6.5 } : '',
          ],
        },
        num(formatHours(line.hours, locale)),
        num(formatHours(line.balanceHours, locale)),
        num(formatHours(line.paidHours, locale)),
        num(formatHours(line.freeHours, locale)),
        // The rate prices paid hours only: on a line without them it would read as a charge.
        num(line.rate === null || line.paidHours <= 0 ? '—' : formatMoney(line.rate, locale)),
        num(formatMoney(line.amount, locale)),
      ]);
    }
    body.push([
      { text: labels.requestSubtotal(number), colSpan: 5, bold: true, alignment: 'right', fillColor: SHADE },
      '',
      '',
      '',
      '',
      ...totalsCells(request.totals, locale, SHADE),
    ]);
  }
  body.push([
    { text: labels.grandTotal, colSpan: 5, bold: true, alignment: 'right', fillColor: '#e2e2e2' },
    '',
    '',
    '',
    '',
    ...totalsCells(statement.totals, locale, '#e2e2e2'),
  ]);

  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: [44, 100, '*', 78, 58, 32, 40, 34, 42, 54, 62],
      body,
    },
    layout: tableLayout,
    margin: [0, 0, 0, 10],
  };
}

function summaryTable(statement: Statement, locale: DocumentLocale): Content {
  const labels = LABELS[locale];
  const row = (label: string, value: string, bold = false): TableCell[] => [
    { text: label, bold },
    { text: value, alignment: 'right', bold, noWrap: true },
  ];
  const { totals } = statement;
  return {
    unbreakable: true,
    columns: [
      { width: '*', text: '' },
      {
        width: 'auto',
        table: {
          widths: [150, 90],
          body: [
            [{ text: labels.summary, bold: true, colSpan: 2, fillColor: SHADE }, ''],
            row(labels.hoursTotal, formatHours(totals.hours, locale)),
            row(labels.hoursFromBalance, formatHours(totals.balanceHours, locale)),
            row(labels.hoursPaid, formatHours(totals.paidHours, locale)),
            row(labels.hoursFree, formatHours(totals.freeHours, locale)),
            row(labels.paidAmount, formatMoney(totals.amount, locale)),
            row(labels.subscriptionFees, formatMoney(statement.subscriptionFees, locale)),
            row(labels.amountDue, formatMoney(statement.amountDue, locale), true),
          ],
        },
        layout: tableLayout,
      },
    ],
  };
}

function partiesBlock(statement: Statement, locale: DocumentLocale): Content {
  const labels = LABELS[locale];
  const { provider, client } = statement;
  const party = (title: string, name: string, ids: string, extra: string | null): Column => ({
    width: '*',
    stack: [
      { text: title, color: GREY, fontSize: 7.5 },
      { text: name, bold: true, fontSize: 10 },
      ids ? { text: ids } : '',
      extra ? { text: extra, color: GREY } : '',
    ],
  });
  return {
    columns: [
      party(labels.provider, provider.name, idLine(provider, locale), provider.address || null),
      party(labels.client, client.name, idLine(client, locale), null),
    ],
    columnGap: 24,
    margin: [0, 0, 0, 12],
  };
}

const sectionTitle = (text: string): Content => ({ text, bold: true, fontSize: 11, margin: [0, 4, 0, 4] });

/** The client's statement of a month: the parties, the hour balances, the work by request, the totals. */
export async function renderStatementPdf(statement: Statement, locale: DocumentLocale): Promise<Buffer> {
  const labels = LABELS[locale];
  const title = labels.statementTitle(formatMonth(statement.month, locale));
  return toPdf({
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [32, 32, 32, 36],
    language: locale,
    info: documentInfo(statement, title),
    defaultStyle: { font: 'Roboto', fontSize: 8, lineHeight: 1.1 },
    footer: (page, pages) => ({
      columns: [
        { text: `${statement.client.name} · ${title}`, color: GREY },
        { text: labels.page(page, pages), alignment: 'right', color: GREY },
      ],
      fontSize: 7,
      margin: [32, 12, 32, 0],
    }),
    content: [
      { text: title, bold: true, fontSize: 15 },
      {
        text: `${labels.period}: ${formatDate(statement.periodStart, locale)} – ${formatDate(statement.periodEnd, locale)} (${statement.timeZone}), ${labels.issued} ${formatDate(dateInZone(statement.issuedAt, statement.timeZone), locale)}`,
        color: GREY,
        margin: [0, 2, 0, 10],
      },
      partiesBlock(statement, locale),
      sectionTitle(labels.balanceSection),
      contractsTable(statement.contracts, locale),
      sectionTitle(labels.workSection),
      workTable(statement, locale),
      summaryTable(statement, locale),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// The act

export type ActRow = { name: string; quantity: number; unit: string; price: number | null; sum: number };

const cents = (amount: number): number => Math.round(amount * 100);

/**
 * The act's rows: the paid hours grouped by service and rate (one price per row), then the
 * subscription fees, one row per contract when the contracts account for them, else one row.
 */
export function actRows(statement: Statement, locale: DocumentLocale): ActRow[] {
  const labels = LABELS[locale];
  const groups = new Map<string, ActRow & { centiHours: number; cents: number }>();
  for (const request of statement.requests) {
    for (const line of request.lines) {
      if (line.paidHours <= 0 && line.amount <= 0) {
        continue;
      }
      const key = JSON.stringify([line.serviceCode, line.serviceName, line.rate]);
      let group = groups.get(key);
      if (!group) {
        const name = line.serviceName ?? serviceTitle(line, locale);
        group = {
          name,
          quantity: 0,
          unit: labels.unitHour,
          price: line.rate,
          sum: 0,
          centiHours: 0,
          cents: 0,
        };
        groups.set(key, group);
      }
      group.centiHours += Math.round(line.paidHours * 100);
      group.cents += cents(line.amount);
    }
  }
  const rows: ActRow[] = [...groups.values()].map(({ name, unit, price, centiHours, cents: total }) => ({
    name,
    quantity: centiHours / 100,
    unit,
    price,
    sum: total / 100,
  }));

  const month = formatMonth(statement.month, locale);
  if (cents(statement.subscriptionFees) > 0) {
    const feeContracts = statement.contracts.filter((contract) => (contract.monthlyFee ?? 0) > 0);
    const feeSum = feeContracts.reduce((sum, contract) => sum + cents(contract.monthlyFee ?? 0), 0);
    if (feeContracts.length > 0 && feeSum === cents(statement.subscriptionFees)) {
      for (const contract of feeContracts) {
        const fee = contract.monthlyFee ?? 0;
        rows.push({
          name: labels.subscriptionLine(contract.number, month),
          quantity: 1,
          unit: labels.unitMonth,
          price: fee,
          sum: fee,
        });
      }
    } else {
      const fee = statement.subscriptionFees;
      rows.push({
        name: labels.subscriptionTotalLine(month),
        quantity: 1,
        unit: labels.unitMonth,
        price: fee,
        sum: fee,
      });
    }
  }
  return rows;
}

/** The act of completed work (services rendered) for the month, in the usual Russian form. */
export async function renderActPdf(statement: Statement, locale: DocumentLocale): Promise<Buffer> {
  const labels = LABELS[locale];
  const { provider, client } = statement;
  const number = actNumber(statement);
  const rows = actRows(statement, locale);
  const due = statement.amountDue;

  const contractNumbers = [
    ...new Set([
      ...statement.contracts.map((contract) => contract.number),
      ...statement.requests.flatMap((request) =>
        request.lines.map((line) => line.contractNumber).filter((contract) => contract !== null),
      ),
    ]),
  ];

  const partyRow = (label: string, text: string): TableCell[] => [
    { text: `${label}:`, color: GREY },
    { text, bold: true },
  ];
  const party = (name: string, ids: string, address: string) =>
    [name, ids, address].filter((part) => part).join(', ');

  const header: TableCell[] = [
    labels.no,
    labels.workName,
    labels.quantity,
    labels.unit,
    labels.price,
    labels.sum,
  ].map((text, index): TableCell => ({
    text,
    bold: true,
    fillColor: SHADE,
    alignment: index === 1 ? 'left' : 'center',
  }));
  const body: TableCell[][] = [header];
  rows.forEach((row, index) => {
    body.push([
      { text: String(index + 1), alignment: 'center' },
      { text: row.name },
      num(formatHours(row.quantity, locale)),
      { text: row.unit, alignment: 'center' },
      num(row.price === null ? '—' : formatAmount(row.price, locale)),
      num(formatAmount(row.sum, locale)),
    ]);
  });
  if (rows.length === 0) {
    body.push([
      { text: labels.nothingRendered, colSpan: 6, color: GREY, alignment: 'center' },
      '',
      '',
      '',
      '',
      '',
    ]);
  }

  const totalRow = (label: string, value: string): TableCell[] => [
    { text: label, bold: true, alignment: 'right' },
    { text: value, bold: true, alignment: 'right', noWrap: true },
  ];

  const signature = (title: string, name: string, signatory: string): Column => ({
    width: '*',
    stack: [
      { text: title, bold: true },
      { text: name, margin: [0, 2, 0, 22] },
      { text: `${'_'.repeat(24)} / ${signatory || '_'.repeat(18)} /`, noWrap: true },
      { text: labels.stamp, color: GREY, fontSize: 7, margin: [0, 12, 0, 0] },
    ],
  });

  const title = labels.actTitle(number);
  return toPdf({
    pageSize: 'A4',
    pageMargins: [40, 36, 40, 40],
    language: locale,
    info: documentInfo(statement, title),
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15 },
    footer: (page, pages) =>
      pages > 1
        ? {
            text: labels.page(page, pages),
            alignment: 'right',
            color: GREY,
            fontSize: 7,
            margin: [40, 14, 40, 0],
          }
        : '',
    content: [
      { text: title, bold: true, fontSize: 13 },
      {
        text: labels.actDated(
          formatDate(statement.periodEnd, locale),
          formatDate(statement.periodStart, locale),
          formatDate(statement.periodEnd, locale),
        ),
        margin: [0, 2, 0, 4],
      },
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 515, y2: 0, lineWidth: 1.5 }], margin: [0, 0, 0, 8] },
      {
        table: {
          widths: [70, '*'],
          body: [
            partyRow(labels.provider, party(provider.name, idLine(provider, locale), provider.address)),
            partyRow(labels.client, party(client.name, idLine(client, locale), '')),
            ...(contractNumbers.length > 0
              ? [
                  partyRow(
                    labels.basis,
                    contractNumbers.map((contract) => labels.contractNo(contract)).join(', '),
                  ),
                ]
              : []),
          ],
        },
        layout: 'noBorders',
        margin: [0, 0, 0, 10],
      },
      {
        table: { headerRows: 1, dontBreakRows: true, widths: [18, '*', 42, 30, 62, 72], body },
        layout: tableLayout,
      },
      {
        columns: [
          { width: '*', text: '' },
          {
            width: 'auto',
            table: {
              widths: [120, 72],
              body: [
                totalRow(labels.total, formatAmount(due, locale)),
                totalRow(labels.noVat, '—'),
                totalRow(labels.totalDue, formatAmount(due, locale)),
              ],
            },
            layout: 'noBorders',
          },
        ],
        margin: [0, 4, 0, 8],
      },
      {
        text: labels.renderedCount(
          rows.length,
          locale === 'ru' ? formatAmount(due, locale) : formatMoney(due, locale),
        ),
      },
      { text: `${labels.amountInWordsLabel}${rublesInWords(due)}`, bold: true, margin: [0, 0, 0, 6] },
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 515, y2: 0, lineWidth: 1.5 }], margin: [0, 0, 0, 6] },
      { text: labels.noClaims, margin: [0, 0, 0, 24] },
      {
        unbreakable: true,
        columns: [
          signature(labels.providerSigns, provider.name, provider.signatory),
          signature(labels.clientSigns, client.name, ''),
        ],
        columnGap: 40,
      },
    ],
  });
}
