// The statement's documents rendered from a fixture (no database): the PDFs' extracted text and the
// XLSX read back must say what the statement says. Set ZY_STATEMENT_SAMPLES=/some/dir to keep the
// rendered files for a look.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { TariffMode } from '#common/billing.ts';
import { rublesInWords } from './amount-in-words.ts';
import type { Statement, StatementLine, StatementRequest, StatementTotals } from './model.ts';
import {
  actNumber,
  actRows,
  formatAmount,
  formatHours,
  formatMoney,
  renderActPdf,
  renderStatementPdf,
} from './render-pdf.ts';
import { renderStatementXlsx } from './render-xlsx.ts';

// ---------------------------------------------------------------------------------------------
// Fixture

const centi = (value: number) => Math.round(value * 100);

function sumTotals(parts: StatementTotals[]): StatementTotals {
  const add = (pick: (totals: StatementTotals) => number) =>
    parts.reduce((sum, part) => sum + centi(pick(part)), 0) / 100;
  return {
    hours: add((part) => part.hours),
    balanceHours: add((part) => part.balanceHours),
    paidHours: add((part) => part.paidHours),
    freeHours: add((part) => part.freeHours),
    amount: add((part) => part.amount),
  };
}

type LineInput = {
  mode: TariffMode;
  service: [code: string | null, name: string | null];
  description: string;
  performer: string | null;
  /** Hours from the balance, paid and free. */
  split: [balance: number, paid: number, free: number];
  rate?: number | null;
  contract?: string | null;
  day: number;
};

let lineCounter = 0;

function line(input: LineInput): StatementLine {
  const [balanceHours, paidHours, freeHours] = input.split;
  const rate = input.rate === undefined ? 2500 : input.rate;
  lineCounter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(lineCounter).padStart(12, '0')}`,
    serviceCode: input.service[0],
    serviceName: input.service[1],
    description: input.description,
    performerName: input.performer,
    tariffMode: input.mode,
    rate,
    postedAt: `2026-11-${String(input.day).padStart(2, '0')}T09:30:00Z`,
    contractNumber: input.contract === undefined ? 'Д-15/2026' : input.contract,
    hours: (centi(balanceHours) + centi(paidHours) + centi(freeHours)) / 100,
    balanceHours,
    paidHours,
    freeHours,
    amount: Math.round(paidHours * (rate ?? 0) * 100) / 100,
  };
}

function request(number: number, title: string, lines: StatementLine[]): StatementRequest {
  return {
    ticketId: `10000000-0000-4000-8000-${String(number).padStart(12, '0')}`,
    number,
    title,
    requesterName: 'Смирнова Анна',
    completedAt: '2026-11-27T12:00:00Z',
    lines,
    totals: sumTotals(lines),
  };
}

const CONSULTING: LineInput['service'] = ['1C-CONS', 'Консультация по 1С'];
const UPDATE: LineInput['service'] = ['1C-UPD', 'Обновление конфигурации'];
const EXCHANGE: LineInput['service'] = ['1C-EXCH', 'Настройка обмена данными'];

function statementOf(requests: StatementRequest[]): Statement {
  const totals = sumTotals(requests.map((item) => item.totals));
  const subscriptionFees = 15000;
  return {
    month: '2026-11',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    timeZone: 'Europe/Moscow',
    provider: {
      name: 'ООО «Сервис-Плюс»',
      inn: '7701234567',
      kpp: '770101001',
      address: '123456, г. Москва, ул. Ленина, д. 1, офис 15',
      signatory: 'Иванов И. И.',
    },
    client: {
      id: '20000000-0000-4000-8000-000000000001',
      name: 'ООО «Ромашка-Трейд»',
      inn: '5012345678',
      kpp: '501201001',
    },
    contracts: [
      {
        id: '30000000-0000-4000-8000-000000000001',
        number: 'Д-15/2026',
        kind: 'hourly',
        hourlyRate: 2500,
        monthlyFee: null,
        openingHours: 10,
        grantedHours: 20,
        consumedHours: totals.balanceHours,
        adjustedHours: -0.5,
        reversedHours: 1,
        closingHours: (centi(10) + centi(20) - centi(totals.balanceHours) - centi(0.5) + centi(1)) / 100,
      },
      {
        id: '30000000-0000-4000-8000-000000000002',
        number: 'А-3/2026',
        kind: 'subscription',
        hourlyRate: 1999.9,
        monthlyFee: subscriptionFees,
        openingHours: 0,
        grantedHours: 0,
        consumedHours: 0,
        adjustedHours: 0,
        reversedHours: 0,
        closingHours: 0,
      },
    ],
    requests,
    totals,
    subscriptionFees,
    amountDue: (centi(totals.amount) + centi(subscriptionFees)) / 100,
    issuedAt: '2026-12-01T07:00:00Z',
  };
}

/** Three requests, lines of all three tariff modes (one "balance" line partly paid when the balance ran out). */
function fixtureStatement(): Statement {
  return statementOf([
    request(1234, 'Не проводится реализация в 1С:УТ', [
      line({
        mode: 'balance',
        service: CONSULTING,
        description: 'Разбор ошибки проведения документа «Реализация товаров и услуг»',
        performer: 'Петров Пётр',
        split: [2.5, 0, 0],
        day: 3,
      }),
      line({
        mode: 'paid',
        service: CONSULTING,
        description: 'Доработка печатной формы счёта',
        performer: 'Петров Пётр',
        split: [0, 1.5, 0],
        day: 4,
      }),
      line({
        mode: 'free',
        service: CONSULTING,
        description: 'Повторная проверка после исправления',
        performer: 'Сидорова Мария',
        split: [0, 0, 0.5],
        day: 5,
      }),
    ]),
    request(1240, 'Обновление конфигурации до 11.5.20', [
      line({
        mode: 'balance',
        service: UPDATE,
        description: 'Обновление рабочей базы, перенос доработок',
        performer: 'Кузнецов Алексей',
        split: [8, 2, 0],
        day: 12,
      }),
      line({
        mode: 'free',
        service: UPDATE,
        description: 'Резервная копия перед обновлением',
        performer: null,
        split: [0, 0, 1],
        rate: null,
        contract: null,
        day: 12,
      }),
    ]),
    request(1251, 'Настройка обмена с банком', [
      line({
        mode: 'paid',
        service: EXCHANGE,
        description: 'Настройка DirectBank, загрузка выписок',
        performer: 'Кузнецов Алексей',
        split: [0, 3.25, 0],
        rate: 1999.9,
        contract: 'А-3/2026',
        day: 20,
      }),
      line({
        mode: 'balance',
        service: [null, null],
        description: 'Обучение бухгалтера',
        performer: 'Сидорова Мария',
        split: [2, 0, 0],
        day: 21,
      }),
    ]),
  ]);
}

/** About `count` lines over requests of three lines each, as a busy client's month has. */
function largeStatement(count: number): Statement {
  const requests: StatementRequest[] = [];
  const modes: TariffMode[] = ['balance', 'paid', 'free'];
  for (let index = 0; index < count; index += 3) {
    const lines = modes.map((mode, offset) =>
      line({
        mode,
        service: [CONSULTING, UPDATE, EXCHANGE][(index / 3 + offset) % 3]!,
        description: `Работа ${index + offset + 1}: анализ, исправление и проверка на копии рабочей базы клиента`,
        performer: ['Петров Пётр', 'Сидорова Мария', 'Кузнецов Алексей'][offset] ?? null,
        split: mode === 'balance' ? [1.25, 0, 0] : mode === 'paid' ? [0, 0.75, 0] : [0, 0, 0.5],
        day: 1 + ((index + offset) % 28),
      }),
    );
    requests.push(request(2000 + index, `Заявка клиента номер ${index / 3 + 1} о доработке отчёта`, lines));
  }
  return statementOf(requests);
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** All text of a PDF, whitespace (the non-breaking spaces of money too) collapsed to single spaces. */
async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return squash(text);
}

const squash = (text: string) => text.replace(/\s+/g, ' ');

const samplesDir = process.env.ZY_STATEMENT_SAMPLES;
function keepSample(name: string, data: Buffer): void {
  if (samplesDir) {
    mkdirSync(samplesDir, { recursive: true });
    writeFileSync(join(samplesDir, name), data);
  }
}

const embedsFonts = (pdf: Buffer) => {
  const raw = pdf.toString('latin1');
  return {
    fontFile: raw.includes('/FontFile2'),
    standard14: /\/BaseFont\s*\/(Helvetica|Times|Courier)/.test(raw),
  };
};

// ---------------------------------------------------------------------------------------------
// Tests

describe('the fixture', () => {
  it('is consistent: lines add up to the request and statement totals', () => {
    const statement = fixtureStatement();
    expect(statement.totals).toEqual({
      hours: 20.75,
      balanceHours: 12.5,
      paidHours: 6.75,
      freeHours: 1.5,
      amount: 15249.68,
    });
    expect(statement.amountDue).toBe(30249.68);
    expect(
      new Set(statement.requests.flatMap((item) => item.lines.map((entry) => entry.tariffMode))),
    ).toEqual(new Set(['balance', 'paid', 'free']));
  });
});

describe('renderStatementPdf', () => {
  it('states the parties, balances, lines and totals in Russian with an embedded Cyrillic font', async () => {
    const statement = fixtureStatement();
    const pdf = await renderStatementPdf(statement, 'ru');
    keepSample('statement-ru.pdf', pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(embedsFonts(pdf)).toEqual({ fontFile: true, standard14: false });

    const text = await pdfText(pdf);
    expect(text).toContain('Выписка по работам за ноябрь 2026');
    expect(text).toContain('ООО «Ромашка-Трейд»');
    expect(text).toContain('ИНН 5012345678, КПП 501201001');
    expect(text).toContain('ООО «Сервис-Плюс»');
    expect(text).toContain('01.11.2026 – 30.11.2026');
    expect(text).toContain('Д-15/2026');
    expect(text).toContain('#1234');
    expect(text).toContain('Не проводится реализация в 1С:УТ');
    expect(text).toContain('#1251');
    for (const words of ['с баланса', 'платно', 'бесплатно']) {
      expect(text).toContain(words);
    }
    expect(text).toContain('Итого по заявке #1240');
    expect(text).toContain('Итого за период');
    expect(text).toContain(squash(formatHours(statement.totals.hours, 'ru')));
    expect(text).toContain('20,75');
    expect(text).toContain(squash(formatMoney(statement.totals.amount, 'ru')));
    expect(text).toContain('15 249,68 ₽');
    expect(text).toContain(`К оплате ${squash(formatMoney(statement.amountDue, 'ru'))}`);
    expect(text).toContain('30 249,68 ₽');
    expect(text).toContain('1 999,90 ₽');
  });

  it('has English headings for a foreign client', async () => {
    const statement = fixtureStatement();
    const pdf = await renderStatementPdf(statement, 'en');
    keepSample('statement-en.pdf', pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Statement of work for November 2026');
    expect(text).toContain('ООО «Ромашка-Трейд»');
    expect(text).toContain('from balance');
    expect(text).toContain('Total for the period');
    expect(text).toContain('20.75');
    expect(text).toContain('RUB 15,249.68');
    expect(text).toContain('Amount due RUB 30,249.68');
  });
});

describe('renderActPdf', () => {
  it('is the usual Russian act: parties, paid services, totals, the amount in words, signatures', async () => {
    const statement = fixtureStatement();
    const pdf = await renderActPdf(statement, 'ru');
    keepSample('act-ru.pdf', pdf);
    expect(embedsFonts(pdf)).toEqual({ fontFile: true, standard14: false });

    const text = await pdfText(pdf);
    expect(actNumber(statement)).toBe('2026-11/5012345678');
    expect(text).toContain('Акт № 2026-11/5012345678 выполненных работ (оказанных услуг)');
    expect(text).toContain('от 30.11.2026');
    expect(text).toContain('Исполнитель: ООО «Сервис-Плюс», ИНН 7701234567, КПП 770101001');
    expect(text).toContain('Заказчик: ООО «Ромашка-Трейд», ИНН 5012345678, КПП 501201001');
    expect(text).toContain('Консультация по 1С');
    expect(text).toContain('Абонентское обслуживание по договору № А-3/2026 за ноябрь 2026');
    expect(text).toContain('Итого: 30 249,68');
    expect(text).toContain('Без налога (НДС)');
    expect(text).toContain('Всего оказано услуг 4, на сумму 30 249,68 руб.');
    expect(text).toContain('Тридцать тысяч двести сорок девять рублей 68 копеек');
    expect(text).toContain(rublesInWords(statement.amountDue));
    expect(text).toContain('Заказчик претензий по объему, качеству и срокам оказания услуг не имеет');
    expect(text).toContain('ИСПОЛНИТЕЛЬ');
    expect(text).toContain('ЗАКАЗЧИК');
    expect(text).toContain('Иванов И. И.');
    // Only paid work is on the act: the free and balance-only services are not.
    expect(text).not.toContain('Обучение бухгалтера');
  });

  it('groups the paid hours by service and rate and adds the subscription fees up to the amount due', () => {
    const statement = fixtureStatement();
    const rows = actRows(statement, 'ru');
    expect(rows).toEqual([
      { name: 'Консультация по 1С', quantity: 1.5, unit: 'ч', price: 2500, sum: 3750 },
      { name: 'Обновление конфигурации', quantity: 2, unit: 'ч', price: 2500, sum: 5000 },
      { name: 'Настройка обмена данными', quantity: 3.25, unit: 'ч', price: 1999.9, sum: 6499.68 },
      {
        name: 'Абонентское обслуживание по договору № А-3/2026 за ноябрь 2026',
        quantity: 1,
        unit: 'мес.',
        price: 15000,
        sum: 15000,
      },
    ]);
    expect(rows.reduce((sum, row) => sum + centi(row.sum), 0) / 100).toBe(statement.amountDue);
  });

  it('has English headings, the amount in words staying Russian', async () => {
    const pdf = await renderActPdf(fixtureStatement(), 'en');
    keepSample('act-en.pdf', pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Certificate No. 2026-11/5012345678 of completed work (services rendered)');
    expect(text).toContain('Customer: ООО «Ромашка-Трейд»');
    expect(text).toContain('Services rendered: 4, total amount RUB 30,249.68.');
    expect(text).toContain('Тридцать тысяч двести сорок девять рублей 68 копеек');
  });

  it('renders a month without paid work', async () => {
    const statement = { ...statementOf([]), subscriptionFees: 0, amountDue: 0 };
    const text = await pdfText(await renderActPdf(statement, 'ru'));
    expect(text).toContain('Платных работ и услуг в периоде нет');
    expect(text).toContain('Ноль рублей 00 копеек');
    expect(text).toContain(`Итого: ${formatAmount(0, 'ru')}`);
  });
});

describe('renderStatementXlsx', () => {
  async function readBack(data: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    return workbook;
  }

  const numberOf = (cell: ExcelJS.Cell): number => {
    const value = cell.value;
    if (typeof value === 'number') {
      return value;
    }
    if (
      value !== null &&
      typeof value === 'object' &&
      'result' in value &&
      typeof value.result === 'number'
    ) {
      return value.result;
    }
    throw new Error(`${cell.address} holds no number: ${JSON.stringify(value)}`);
  };

  it('has a line per specification line with numeric cells, a totals row equal to the statement, and balances', async () => {
    const statement = fixtureStatement();
    const data = await renderStatementXlsx(statement, 'ru');
    keepSample('statement-ru.xlsx', data);
    const workbook = await readBack(data);

    const sheet = workbook.getWorksheet('Выписка');
    if (!sheet) {
      throw new Error('no sheet «Выписка»');
    }
    expect(sheet.getCell('A1').value).toBe('Выписка по работам за ноябрь 2026');
    expect(sheet.getCell('A4').text).toContain('ООО «Ромашка-Трейд»');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(sheet.getColumn(6).width).toBeGreaterThan(20);

    const header = sheet.getRow(6).values as unknown[];
    const column = (title: string) => {
      const index = header.indexOf(title);
      expect(index, title).toBeGreaterThan(0);
      return index;
    };
    const columns = {
      number: column('Заявка'),
      hours: column('Часы'),
      balanceHours: column('С баланса'),
      paidHours: column('Платно'),
      freeHours: column('Бесплатно'),
      rate: column('Ставка'),
      amount: column('Сумма'),
    };

    const lines = statement.requests.flatMap((item) =>
      item.lines.map((entry) => ({ number: item.number, entry })),
    );
    const sums = { hours: 0, balanceHours: 0, paidHours: 0, freeHours: 0, amount: 0 };
    lines.forEach(({ number, entry }, index) => {
      const row = sheet.getRow(7 + index);
      expect(row.getCell(columns.number).value).toBe(number);
      expect(row.getCell(columns.number).numFmt).toBe('"#"0');
      for (const key of ['hours', 'balanceHours', 'paidHours', 'freeHours', 'amount'] as const) {
        const cell = row.getCell(columns[key]);
        expect(typeof cell.value, `${key} of line ${index + 1}`).toBe('number');
        expect(cell.value).toBe(entry[key]);
        expect(cell.numFmt).toMatch(/0\.00/);
        sums[key] += centi(numberOf(cell));
      }
      expect(row.getCell(columns.rate).value).toBe(entry.rate);
    });
    expect(sheet.getRow(7 + lines.length).getCell(1).value).toBe('Итого за период');

    const totalsRow = sheet.getRow(7 + lines.length);
    const written = {
      hours: numberOf(totalsRow.getCell(columns.hours)),
      balanceHours: numberOf(totalsRow.getCell(columns.balanceHours)),
      paidHours: numberOf(totalsRow.getCell(columns.paidHours)),
      freeHours: numberOf(totalsRow.getCell(columns.freeHours)),
      amount: numberOf(totalsRow.getCell(columns.amount)),
    };
    expect(written).toEqual(statement.totals);
    expect(totalsRow.getCell(columns.amount).formula).toBe(`SUM(N7:N${6 + lines.length})`);
    expect({
      hours: sums.hours / 100,
      balanceHours: sums.balanceHours / 100,
      paidHours: sums.paidHours / 100,
      freeHours: sums.freeHours / 100,
      amount: sums.amount / 100,
    }).toEqual(statement.totals);
    expect(numberOf(sheet.getRow(8 + lines.length).getCell(columns.amount))).toBe(statement.subscriptionFees);
    expect(numberOf(sheet.getRow(9 + lines.length).getCell(columns.amount))).toBe(statement.amountDue);

    const balance = workbook.getWorksheet('Баланс');
    if (!balance) {
      throw new Error('no sheet «Баланс»');
    }
    expect(balance.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(balance.getRow(1).getCell(1).value).toBe('Договор');
    statement.contracts.forEach((contract, index) => {
      const row = balance.getRow(2 + index);
      expect(row.getCell(1).value).toBe(contract.number);
      expect(row.getCell(5).value).toBe(contract.openingHours);
      expect(row.getCell(6).value).toBe(contract.grantedHours);
      expect(row.getCell(7).value).toBe(contract.consumedHours);
      expect(row.getCell(8).value).toBe(contract.adjustedHours);
      expect(row.getCell(9).value).toBe(contract.reversedHours);
      expect(row.getCell(10).value).toBe(contract.closingHours);
    });
  });

  it('names its sheets in English for an English statement', async () => {
    const workbook = await readBack(await renderStatementXlsx(fixtureStatement(), 'en'));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Statement', 'Balance']);
  });
});

describe('the parsed font shared between documents', () => {
  it('keeps the Unicode mapping of a glyph that a previous document subset as a component', async () => {
    // «ё» is drawn as Latin «e» plus a diaeresis: subsetting a Russian document asks for «e» without
    // code points, and the next document must still map «e» to U+0065.
    const statement = fixtureStatement();
    expect(await pdfText(await renderStatementPdf(statement, 'ru'))).toContain('Петров Пётр');
    const text = await pdfText(await renderActPdf(statement, 'en'));
    expect(text).toContain('The above services have been rendered in full and on time');
    expect(text).toContain('Customer: ООО «Ромашка-Трейд»');
  });

  it('renders documents concurrently without mixing them up', async () => {
    const statement = fixtureStatement();
    const [ru, en, act, enAct] = await Promise.all([
      renderStatementPdf(statement, 'ru'),
      renderStatementPdf(statement, 'en'),
      renderActPdf(statement, 'ru'),
      renderActPdf(statement, 'en'),
    ]);
    expect(await pdfText(ru)).toContain('Итого за период');
    expect(await pdfText(en)).toContain('Total for the period');
    expect(await pdfText(act)).toContain('Тридцать тысяч двести сорок девять рублей 68 копеек');
    expect(await pdfText(enAct)).toContain('Services rendered: 4');
  });
});

describe('a busy month', () => {
  it('runs over several pages and keeps every request and the totals', async () => {
    const statement = largeStatement(90);
    const pdf = await renderStatementPdf(statement, 'ru');
    keepSample('large-statement-ru.pdf', pdf);
    const document = await getDocumentProxy(new Uint8Array(pdf));
    expect(document.numPages).toBeGreaterThan(1);
    const text = await pdfText(pdf);
    for (const item of statement.requests) {
      expect(text).toContain(`#${item.number}`);
    }
    expect(text).toContain(formatMoney(statement.amountDue, 'ru').replace(/\s+/g, ' '));
  });
});
