import ExcelJS from 'exceljs';
import type { ClientsReport } from './clients.ts';
import type { EstimatesReport } from './estimates.ts';
import type { FirstLineReport } from './first-line.ts';
import type { FreeWorkReport } from './free-work.ts';
import type { LabourReport } from './labour.ts';
import type { SlaReport } from './sla.ts';
import type { StagesReport } from './stages.ts';
import type { UtilizationReport } from './utilization.ts';
import type { VolumeReport } from './volume.ts';

// Each report as a workbook: one sheet per table of the JSON answer, the numbers the same values the
// screen shows (shares as percentages by cell format, not rounded again), so what is exported is
// what was seen.

export type ReportLocale = 'ru' | 'en';
type Kind = 'text' | 'int' | 'hours' | 'share' | 'money' | 'time' | 'bool';
type Column = { key: string; ru: string; en: string; kind: Kind };
export type Sheet = { ru: string; en: string; columns: Column[]; rows: Record<string, unknown>[] };

const FORMATS: Partial<Record<Kind, string>> = {
  int: '0',
  hours: '#,##0.00',
  share: '0.0%',
  money: '#,##0.00',
};
const WIDTH: Record<Kind, number> = {
  text: 36,
  int: 12,
  hours: 14,
  share: 12,
  money: 16,
  time: 20,
  bool: 10,
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9E9E9' } };

const c = (key: string, ru: string, en: string, kind: Kind): Column => ({ key, ru, en, kind });
const NAME = c('name', 'Название', 'Name', 'text');
const NONE = { ru: '(не указано)', en: '(none)' };

export async function renderReportXlsx(
  title: string,
  sheets: Sheet[],
  locale: ReportLocale,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = title;
  workbook.creator = 'Zayavka';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet[locale].slice(0, 31));
    ws.columns = sheet.columns.map((col) => ({
      header: col[locale],
      key: col.key,
      width: WIDTH[col.kind],
      style: FORMATS[col.kind] ? { numFmt: FORMATS[col.kind] } : {},
    }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = HEADER_FILL;
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of sheet.rows) {
      ws.addRow(
        Object.fromEntries(
          sheet.columns.map((col) => {
            const value = row[col.key];
            if (col.kind === 'time' && typeof value === 'string') {
              return [col.key, new Date(value)];
            }
            if (col.kind === 'bool') {
              return [col.key, value ? (locale === 'ru' ? 'да' : 'yes') : ''];
            }
            if (col.key === 'name' && value == null) {
              return [col.key, NONE[locale]];
            }
            return [col.key, value ?? null];
          }),
        ),
      );
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const SPLIT = [
  c('hours', 'Часы', 'Hours', 'hours'),
  c('balanceHours', 'С баланса', 'From balance', 'hours'),
  c('paidHours', 'Платно', 'Paid', 'hours'),
  c('freeHours', 'Бесплатно', 'Free', 'hours'),
  c('unbilledHours', 'Не выставлено', 'Unbilled', 'hours'),
];

export const volumeSheets = (r: VolumeReport): Sheet[] => [
  {
    ru: 'Итоги',
    en: 'Totals',
    columns: [
      c('opened', 'Открыто', 'Opened', 'int'),
      c('closed', 'Закрыто', 'Closed', 'int'),
      c('backlogStart', 'Очередь на начало', 'Backlog at start', 'int'),
      c('backlogEnd', 'Очередь на конец', 'Backlog at end', 'int'),
    ],
    rows: [r.totals],
  },
  {
    ru: 'По периодам',
    en: 'Series',
    columns: [
      c('bucket', 'Период', 'Period', 'text'),
      c('opened', 'Открыто', 'Opened', 'int'),
      c('closed', 'Закрыто', 'Closed', 'int'),
      c('backlog', 'Очередь', 'Backlog', 'int'),
    ],
    rows: r.series,
  },
  {
    ru: 'По каналам',
    en: 'Channels',
    columns: [c('channel', 'Канал', 'Channel', 'text'), c('opened', 'Открыто', 'Opened', 'int')],
    rows: r.channels,
  },
  {
    ru: 'По услугам',
    en: 'Services',
    columns: [NAME, c('opened', 'Открыто', 'Opened', 'int'), c('closed', 'Закрыто', 'Closed', 'int')],
    rows: r.services,
  },
];

export const stagesSheets = (r: StagesReport): Sheet[] => [
  {
    ru: 'Этапы',
    en: 'Stages',
    columns: [
      c('status', 'Статус', 'Status', 'text'),
      c('stays', 'Пребываний', 'Stays', 'int'),
      c('medianHours', 'Медиана, ч', 'Median, h', 'hours'),
      c('p90Hours', '90-й процентиль, ч', 'P90, h', 'hours'),
      c('avgHours', 'Среднее, ч', 'Average, h', 'hours'),
    ],
    rows: r.stages,
  },
  {
    ru: 'Полный цикл',
    en: 'Lead time',
    columns: [
      c('requests', 'Закрыто заявок', 'Requests closed', 'int'),
      c('medianHours', 'Медиана, ч', 'Median, h', 'hours'),
      c('p90Hours', '90-й процентиль, ч', 'P90, h', 'hours'),
    ],
    rows: [r.leadTime],
  },
];

export const slaSheets = (r: SlaReport): Sheet[] => {
  const outcome = (name: string, o: SlaReport['reaction']) => ({ name, ...o });
  const cols = [
    c('met', 'Выполнено', 'Met', 'int'),
    c('breached', 'Нарушено', 'Breached', 'int'),
    c('pending', 'В работе', 'Pending', 'int'),
    c('metShare', 'Доля выполненных', 'Met share', 'share'),
  ];
  return [
    {
      ru: 'Итоги',
      en: 'Totals',
      columns: [c('name', 'Срок', 'Target', 'text'), ...cols],
      rows: [outcome('reaction', r.reaction), outcome('resolution', r.resolution)],
    },
    {
      ru: 'По приоритетам',
      en: 'By priority',
      columns: [
        c('priority', 'Приоритет', 'Priority', 'text'),
        c('timer', 'Срок', 'Target', 'text'),
        ...cols,
      ],
      rows: r.byPriority.flatMap((p) => [
        { priority: p.priority, timer: 'reaction', ...p.reaction },
        { priority: p.priority, timer: 'resolution', ...p.resolution },
      ]),
    },
    {
      ru: 'Нарушения',
      en: 'Breaches',
      columns: [
        c('number', 'Номер', 'Number', 'int'),
        c('title', 'Тема', 'Title', 'text'),
        c('clientName', 'Клиент', 'Client', 'text'),
        c('priority', 'Приоритет', 'Priority', 'text'),
        c('timer', 'Срок', 'Target', 'text'),
        c('dueAt', 'Срок истёк', 'Due at', 'time'),
        c('metAt', 'Выполнено', 'Met at', 'time'),
        c('overdueWorkingHours', 'Просрочка, раб. ч', 'Overdue, working h', 'hours'),
        c('statusAtDue', 'Статус в момент срока', 'Status at due', 'text'),
        c('escalated', 'Эскалирована', 'Escalated', 'bool'),
      ],
      rows: r.breaches,
    },
  ];
};

export const labourSheets = (r: LabourReport): Sheet[] => [
  { ru: 'Итоги', en: 'Totals', columns: SPLIT, rows: [r.totals] },
  { ru: 'По строкам', en: 'Rows', columns: [NAME, ...SPLIT], rows: r.rows },
  {
    ru: 'По периодам',
    en: 'Series',
    columns: [c('bucket', 'Период', 'Period', 'text'), ...SPLIT],
    rows: r.series,
  },
];

export const utilizationSheets = (r: UtilizationReport): Sheet[] => [
  {
    ru: 'Загрузка',
    en: 'Utilization',
    columns: [
      NAME,
      c('recordedHours', 'Учтено, ч', 'Recorded, h', 'hours'),
      c('workingHours', 'Рабочих часов', 'Working hours', 'hours'),
      c('utilization', 'Загрузка', 'Utilization', 'share'),
    ],
    rows: [
      ...r.employees,
      {
        name: 'Итого',
        recordedHours: r.totals.recordedHours,
        workingHours: r.totals.capacityHours,
        utilization: r.totals.utilization,
      },
    ],
  },
];

export const clientsSheets = (r: ClientsReport): Sheet[] => [
  {
    ru: 'Клиенты',
    en: 'Clients',
    columns: [
      NAME,
      c('requests', 'Заявок', 'Requests', 'int'),
      c('hours', 'Часы', 'Hours', 'hours'),
      c('hoursShare', 'Доля часов', 'Share of hours', 'share'),
      c('cumulativeShare', 'Накопленная доля', 'Cumulative share', 'share'),
      c('paretoClass', 'Класс', 'Class', 'text'),
      c('balanceHours', 'Часы с баланса', 'Balance hours', 'hours'),
      c('paidHours', 'Платные часы', 'Paid hours', 'hours'),
      c('balanceAmount', 'Сумма по балансу, ₽', 'Balance amount, RUB', 'money'),
      c('paidAmount', 'Сумма платных, ₽', 'Paid amount, RUB', 'money'),
    ],
    rows: r.clients,
  },
];

const SHARE_COLS = [
  c('completed', 'Выполнено', 'Completed', 'int'),
  c('withoutEscalation', 'Без эскалации', 'Without escalation', 'int'),
  c('share', 'Доля', 'Share', 'share'),
];
export const firstLineSheets = (r: FirstLineReport): Sheet[] => [
  {
    ru: 'По линиям',
    en: 'Lines',
    columns: [NAME, c('level', 'Уровень', 'Level', 'int'), ...SHARE_COLS],
    rows: r.lines,
  },
  { ru: 'По услугам', en: 'Services', columns: [NAME, ...SHARE_COLS], rows: r.services },
];

const ACCURACY = [
  c('requests', 'Заявок', 'Requests', 'int'),
  c('estimateHours', 'Оценка, ч', 'Estimate, h', 'hours'),
  c('actualHours', 'Факт, ч', 'Actual, h', 'hours'),
  c('ratio', 'Факт / оценка', 'Actual / estimate', 'hours'),
  c('medianRatio', 'Медиана отношения', 'Median ratio', 'hours'),
  c('planned', 'С плановым сроком', 'With planned end', 'int'),
  c('plannedKept', 'Срок соблюдён', 'Planned end kept', 'int'),
  c('plannedKeptShare', 'Доля соблюдённых', 'Share kept', 'share'),
];
export const estimatesSheets = (r: EstimatesReport): Sheet[] => [
  { ru: 'Итоги', en: 'Totals', columns: ACCURACY, rows: [r.totals] },
  { ru: 'По услугам', en: 'Services', columns: [NAME, ...ACCURACY], rows: r.services },
  { ru: 'По сотрудникам', en: 'Employees', columns: [NAME, ...ACCURACY], rows: r.employees },
];

const FREE = [
  c('requests', 'Заявок', 'Requests', 'int'),
  c('freeHours', 'Бесплатных часов', 'Free hours', 'hours'),
  c('avgHoursPerRequest', 'В среднем на заявку', 'Average per request', 'hours'),
  c('shareOfBilledHours', 'Доля от всех часов', 'Share of all hours', 'share'),
];
export const freeWorkSheets = (r: FreeWorkReport): Sheet[] => [
  { ru: 'Итоги', en: 'Totals', columns: FREE, rows: [r.totals] },
  { ru: 'По услугам', en: 'Services', columns: [NAME, ...FREE], rows: r.services },
  { ru: 'По клиентам', en: 'Clients', columns: [NAME, ...FREE], rows: r.clients },
];
