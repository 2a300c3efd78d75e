import type { TSchema } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { clientsReport } from './clients.ts';
import { estimatesReport } from './estimates.ts';
import { firstLineReport } from './first-line.ts';
import { freeWorkReport } from './free-work.ts';
import { labourReport } from './labour.ts';
import {
  ClientsView,
  EstimatesView,
  FirstLineView,
  FreeWorkView,
  LabourView,
  SlaView,
  StagesView,
  UtilizationView,
  VolumeView,
} from './schema.ts';
import { REPORT_ROLES, type ReportQuery, reportScope } from './scope.ts';
import { slaReport } from './sla.ts';
import { stagesReport } from './stages.ts';
import { utilizationReport } from './utilization.ts';
import {
  type ReportLocale,
  type Sheet,
  clientsSheets,
  estimatesSheets,
  firstLineSheets,
  freeWorkSheets,
  labourSheets,
  renderReportXlsx,
  slaSheets,
  stagesSheets,
  utilizationSheets,
  volumeSheets,
} from './xlsx.ts';
import { volumeReport } from './volume.ts';

// The period reports, each once: its name (the path), who may ask, its answer's schema, the function
// that computes it and the sheets its workbook is drawn from — the JSON and the XLSX come from one call.

export type ReportRequest = ReportQuery & {
  groupBy?: 'employee' | 'client' | 'service' | undefined;
  locale?: ReportLocale | undefined;
};

type Definition<R> = {
  name: string;
  summary: string;
  access: readonly Actor['role'][];
  view: TSchema;
  compute: (deps: AppDeps, actor: Actor, query: ReportRequest) => Promise<R>;
  sheets: (report: R) => Sheet[];
};

const STAFF_ONLY = ['admin', 'dispatcher', 'agent'] as const;

const define = <R>(d: Definition<R>) => ({
  ...d,
  run: (deps: AppDeps, actor: Actor, query: ReportRequest) => d.compute(deps, actor, query),
  xlsx: async (deps: AppDeps, actor: Actor, query: ReportRequest) =>
    renderReportXlsx(d.summary, d.sheets(await d.compute(deps, actor, query)), query.locale ?? actor.locale),
});

export const REPORTS = [
  define({
    name: 'volume',
    summary: 'Volume: requests opened, closed and the backlog, by day/week/month, channel and service',
    access: REPORT_ROLES,
    view: VolumeView,
    compute: (deps, actor, q) => volumeReport(deps.db, reportScope(actor, q)),
    sheets: volumeSheets,
  }),
  define({
    name: 'stages',
    summary: 'Processing time per lifecycle stage (median, p90) and from registration to closing',
    access: REPORT_ROLES,
    view: StagesView,
    compute: (deps, actor, q) => stagesReport(deps.db, reportScope(actor, q)),
    sheets: stagesSheets,
  }),
  define({
    name: 'sla',
    summary: 'SLA: share of reaction and resolution targets met, and the breaches with their cause',
    access: REPORT_ROLES,
    view: SlaView,
    compute: (deps, actor, q) => slaReport(deps.db, reportScope(actor, q), deps.clock.now()),
    sheets: slaSheets,
  }),
  define({
    name: 'labour',
    summary:
      'Labour: hours recorded by employee, client or service, split into balance, paid, free and unbilled',
    access: REPORT_ROLES,
    view: LabourView,
    compute: (deps, actor, q) => labourReport(deps.db, reportScope(actor, q), q.groupBy ?? 'employee'),
    sheets: labourSheets,
  }),
  define({
    name: 'utilization',
    summary: 'Utilization: hours recorded against the working hours of the calendar, per employee',
    access: STAFF_ONLY,
    view: UtilizationView,
    compute: (deps, actor, q) => utilizationReport(deps.db, reportScope(actor, q)),
    sheets: utilizationSheets,
  }),
  define({
    name: 'clients',
    summary: 'Clients Pareto: requests and hours by client with the cumulative share, and billed money',
    access: REPORT_ROLES,
    view: ClientsView,
    compute: (deps, actor, q) => clientsReport(deps.db, reportScope(actor, q)),
    sheets: clientsSheets,
  }),
  define({
    name: 'first-line',
    summary: 'First-line resolution: share of completed requests never escalated, by line and service',
    access: REPORT_ROLES,
    view: FirstLineView,
    compute: (deps, actor, q) => firstLineReport(deps.db, reportScope(actor, q)),
    sheets: firstLineSheets,
  }),
  define({
    name: 'estimates',
    summary: 'Estimate accuracy: actual hours against the estimate, and planned end dates kept',
    access: REPORT_ROLES,
    view: EstimatesView,
    compute: (deps, actor, q) => estimatesReport(deps.db, reportScope(actor, q)),
    sheets: estimatesSheets,
  }),
  define({
    name: 'free-work',
    summary: 'Free work: requests with free hours, the hours and the average per request',
    access: REPORT_ROLES,
    view: FreeWorkView,
    compute: (deps, actor, q) => freeWorkReport(deps.db, reportScope(actor, q)),
    sheets: freeWorkSheets,
  }),
];

export type ReportName = (typeof REPORTS)[number]['name'];
