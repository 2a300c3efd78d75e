// The monthly statement as a workbook (exceljs): «Выписка» with one row per specification line and a
// totals row, «Баланс» with each contract's hour movement. Numbers are numbers (with formats), so the
// client's accountant can sum and filter; the totals are the statement's own, kept as the cached
// results of SUM formulas.
import ExcelJS from 'exceljs';
import type { Statement } from './model.ts';
import {
  LABELS,
  balanceColumnLabels,
  contractKindInWords,
  dateInZone,
  formatDate,
  formatMonth,
  serviceTitle,
  tariffModeInWords,
  type DocumentLocale,
} from './render-pdf.ts';

const SHEET_NAMES = {
  ru: { statement: 'Выписка', balance: 'Баланс' },
  en: { statement: 'Statement', balance: 'Balance' },
};

const MONEY_FORMATS = { ru: '#,##0.00 "₽"', en: '"RUB" #,##0.00' };
const HOURS_FORMAT = '#,##0.00';
const DATE_FORMATS = { ru: 'dd.mm.yyyy', en: 'yyyy-mm-dd' };

/** A calendar date as Excel keeps it: the day at UTC midnight (exceljs writes dates as UTC serials). */
const excelDate = (date: string): Date => new Date(`${date}T00:00:00Z`);

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9E9E9' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F3F3' } };
const THIN: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } } };

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = THIN;
  });
}

/** The statement as an XLSX workbook of two sheets. */
export async function renderStatementXlsx(statement: Statement, locale: DocumentLocale): Promise<Buffer> {
  const labels = LABELS[locale];
  const names = SHEET_NAMES[locale];
  const money = MONEY_FORMATS[locale];
  const issued = new Date(statement.issuedAt);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = statement.provider.name;
  workbook.lastModifiedBy = statement.provider.name;
  workbook.created = issued;
  workbook.modified = issued;
  workbook.title = labels.statementTitle(formatMonth(statement.month, locale));

  // «Выписка»: a header block, then the lines.
  const headerRowNumber = 6;
  const sheet = workbook.addWorksheet(names.statement, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRowNumber }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [
    { key: 'number', width: 10, style: { numFmt: '"#"0', alignment: { horizontal: 'left' } } },
    { key: 'title', width: 34 },
    { key: 'date', width: 11, style: { numFmt: DATE_FORMATS[locale] } },
    { key: 'contract', width: 14 },
    { key: 'service', width: 30 },
    { key: 'description', width: 44 },
    { key: 'performer', width: 22 },
    { key: 'tariff', width: 13 },
    { key: 'hours', width: 9, style: { numFmt: HOURS_FORMAT } },
    { key: 'balanceHours', width: 11, style: { numFmt: HOURS_FORMAT } },
    { key: 'paidHours', width: 9, style: { numFmt: HOURS_FORMAT } },
    { key: 'freeHours', width: 11, style: { numFmt: HOURS_FORMAT } },
    { key: 'rate', width: 13, style: { numFmt: money } },
    { key: 'amount', width: 15, style: { numFmt: money } },
  ];
  const party = (name: string, inn: string | null, kpp: string | null) =>
    [name, inn ? `${labels.inn} ${inn}` : null, kpp ? `${labels.kpp} ${kpp}` : null]
      .filter(Boolean)
      .join(', ');
  sheet.getCell('A1').value = labels.statementTitle(formatMonth(statement.month, locale));
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value =
    `${labels.period}: ${formatDate(statement.periodStart, locale)} – ${formatDate(statement.periodEnd, locale)} (${statement.timeZone})`;
  sheet.getCell('A3').value =
    `${labels.provider}: ${party(statement.provider.name, statement.provider.inn, statement.provider.kpp)}`;
  sheet.getCell('A4').value =
    `${labels.client}: ${party(statement.client.name, statement.client.inn, statement.client.kpp)}`;

  const header = sheet.getRow(headerRowNumber);
  header.values = [
    labels.requestNumber,
    labels.requestTitle,
    labels.date,
    labels.contract,
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
  ];
  styleHeader(header);
  header.height = 30;

  for (const request of statement.requests) {
    for (const line of request.lines) {
      sheet.addRow({
        number: request.number,
        title: request.title,
        date: excelDate(dateInZone(line.postedAt, statement.timeZone)),
        contract: line.contractNumber ?? '',
        service: serviceTitle(line, locale),
        description: line.description,
        performer: line.performerName ?? '',
        tariff: tariffModeInWords(line.tariffMode, locale),
        hours: line.hours,
        balanceHours: line.balanceHours,
        paidHours: line.paidHours,
        freeHours: line.freeHours,
        rate: line.rate,
        amount: line.amount,
      });
    }
  }
  const firstLine = headerRowNumber + 1;
  const lastLine = sheet.rowCount;
  const sum = (key: string, result: number): ExcelJS.CellFormulaValue | number => {
    if (lastLine < firstLine) {
      return result;
    }
    const letter = sheet.getColumn(key).letter;
    return { formula: `SUM(${letter}${firstLine}:${letter}${lastLine})`, result, date1904: false };
  };
  const { totals } = statement;
  const totalsRow = sheet.addRow({
    number: labels.grandTotal,
    hours: sum('hours', totals.hours),
    balanceHours: sum('balanceHours', totals.balanceHours),
    paidHours: sum('paidHours', totals.paidHours),
    freeHours: sum('freeHours', totals.freeHours),
    amount: sum('amount', totals.amount),
  });
  totalsRow.font = { bold: true };
  totalsRow.eachCell({ includeEmpty: true }, (cell) => {
    cell.fill = TOTAL_FILL;
  });
  const feesRow = sheet.addRow({ number: labels.subscriptionFees, amount: statement.subscriptionFees });
  const dueRow = sheet.addRow({
    number: labels.amountDue,
    amount: {
      formula: `${sheet.getColumn('amount').letter}${totalsRow.number}+${sheet.getColumn('amount').letter}${feesRow.number}`,
      result: statement.amountDue,
      date1904: false,
    },
  });
  dueRow.font = { bold: true };
  sheet.autoFilter = {
    from: { row: headerRowNumber, column: 1 },
    to: { row: headerRowNumber, column: sheet.columnCount },
  };

  // «Баланс»: the movement of each contract's hours.
  const balance = workbook.addWorksheet(names.balance, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  balance.columns = [
    { key: 'contract', width: 16 },
    { key: 'kind', width: 14 },
    { key: 'hourlyRate', width: 13, style: { numFmt: money } },
    { key: 'monthlyFee', width: 14, style: { numFmt: money } },
    { key: 'openingHours', width: 13, style: { numFmt: HOURS_FORMAT } },
    { key: 'grantedHours', width: 13, style: { numFmt: HOURS_FORMAT } },
    { key: 'consumedHours', width: 13, style: { numFmt: HOURS_FORMAT } },
    { key: 'adjustedHours', width: 15, style: { numFmt: HOURS_FORMAT } },
    { key: 'reversedHours', width: 12, style: { numFmt: HOURS_FORMAT } },
    { key: 'closingHours', width: 13, style: { numFmt: HOURS_FORMAT } },
  ];
  const balanceHeader = balance.getRow(1);
  balanceHeader.values = balanceColumnLabels(locale);
  styleHeader(balanceHeader);
  balanceHeader.height = 30;
  for (const contract of statement.contracts) {
    balance.addRow({
      contract: contract.number,
      kind: contractKindInWords(contract.kind, locale),
      hourlyRate: contract.hourlyRate,
      monthlyFee: contract.monthlyFee,
      openingHours: contract.openingHours,
      grantedHours: contract.grantedHours,
      consumedHours: contract.consumedHours,
      adjustedHours: contract.adjustedHours,
      reversedHours: contract.reversedHours,
      closingHours: contract.closingHours,
    });
  }

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
