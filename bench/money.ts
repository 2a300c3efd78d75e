// Money on the benchmark desk (issue 5): the service catalog, each client's contracts, and the hour ledger
// they run on. A completed request's specification is posted the way the product posts it on completion
// (server/modules/specifications/posting.ts): lines proposed from its worklogs, priced by the shared
// `priceLines` against the balance of the contract in force at that moment, the balance hours consumed
// by `consume` entries whose externalId is `spec:<line id>`. A balance depends on every grant and
// consumption before it, while requests are generated in order of creation, not of completion; so the
// ledger's events wait in a queue ordered by time and are booked once the generator has passed their
// moment (no request created later can complete earlier).
import type { TariffMode } from '#common/billing.ts';
import { type Account, fromCenti, priceLines, sumTotals, toCenti } from '#common/pricing.ts';
import type { Rng } from '#server/demo/company.ts';
import { proposeLines } from '#server/modules/specifications/tariff.ts';
import { iso } from './format.ts';
import type { Row } from './loader.ts';
import { pick } from './people.ts';
import type { GroupCode } from './vocabulary.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const MOSCOW_OFFSET = 3 * HOUR;

// --- The catalog ------------------------------------------------------------------------------------------

type ServiceNode = { code: string; name: string; tariff: TariffMode };

/** A product per group of the desk (its line and group route the product's requests). */
export const PRODUCTS: Readonly<Record<GroupCode, { code: string; name: string }>> = {
  BUH: { code: 'BUH', name: '1С:Бухгалтерия' },
  INFRA: { code: 'INFRA', name: 'Инфраструктура, оборудование и лицензии' },
  ZUP: { code: 'ZUP', name: '1С:Зарплата и управление персоналом' },
  ERP: { code: 'ERP', name: '1С:Управление торговлей / ERP' },
  DEV: { code: 'DEV', name: 'Доработки и интеграции' },
};

/**
 * The service of each topic of vocabulary.ts, with its tariff (seed 003: support from the hour balance,
 * development paid, updates free but counted).
 */
export const SERVICE_OF_TOPIC: Readonly<Record<string, ServiceNode>> = {
  printer: { code: 'PRINTERS', name: 'Печать и периферийное оборудование', tariff: 'balance' },
  'bank-statement': { code: 'BANK', name: 'Банк-клиент и банковские выписки', tariff: 'balance' },
  postings: { code: 'FIX', name: 'Исправление ошибок в учёте', tariff: 'balance' },
  reporting: { code: 'REPORTING', name: 'Регламентированная отчётность', tariff: 'balance' },
  vat: { code: 'VAT', name: 'НДС, книги покупок и продаж', tariff: 'balance' },
  edo: { code: 'EDO', name: 'ЭДО и обмен документами', tariff: 'balance' },
  'cash-register': { code: 'KKT', name: 'Кассы и ККТ', tariff: 'balance' },
  access: { code: 'ACCESS', name: 'Пользователи и права доступа', tariff: 'balance' },
  performance: { code: 'PERFORMANCE', name: 'Производительность информационных баз', tariff: 'balance' },
  backup: { code: 'BACKUP', name: 'Резервное копирование', tariff: 'balance' },
  update: { code: 'UPDATE', name: 'Обновление конфигурации', tariff: 'free' },
  license: { code: 'LICENSE', name: 'Лицензии и ключи защиты', tariff: 'balance' },
  payroll: { code: 'PAYROLL', name: 'Расчёт зарплаты', tariff: 'balance' },
  vacation: { code: 'VACATION', name: 'Отпуска и больничные', tariff: 'balance' },
  'hr-reports': { code: 'HR-REPORTS', name: 'Кадровая и персонифицированная отчётность', tariff: 'balance' },
  stock: { code: 'STOCK', name: 'Складской учёт', tariff: 'balance' },
  marking: { code: 'MARKING', name: 'Маркировка товаров', tariff: 'balance' },
  marketplace: { code: 'MARKETPLACE', name: 'Работа с маркетплейсами', tariff: 'balance' },
  'month-close': { code: 'MONTH-CLOSE', name: 'Закрытие месяца и себестоимость', tariff: 'balance' },
  'print-form': { code: 'PRINT-FORM', name: 'Разработка печатных форм', tariff: 'paid' },
  'custom-report': { code: 'REPORT-DEV', name: 'Разработка отчётов', tariff: 'paid' },
  integration: { code: 'INTEGRATION', name: 'Интеграции и обмены', tariff: 'paid' },
};

export type ServiceRef = { id: string; tariff: TariffMode };

/**
 * The catalog's rows (products, then their services) and each topic's service. `groupOf` names the group
 * of a topic, `routeOf` the line and group ids of a group.
 */
export function buildCatalog(
  nextId: () => string,
  topics: readonly { key: string; group: GroupCode }[],
  routeOf: (group: GroupCode) => { lineId: string; groupId: string },
  createdAt: string,
): { rows: Row[]; byTopic: Map<string, ServiceRef>; updateService: ServiceRef } {
  const rows: Row[] = [];
  const productIds = new Map<GroupCode, string>();
  for (const [group, product] of Object.entries(PRODUCTS) as [GroupCode, { code: string; name: string }][]) {
    const id = nextId();
    const route = routeOf(group);
    productIds.set(group, id);
    rows.push([
      id,
      null,
      'product',
      product.code,
      product.name,
      'balance',
      route.lineId,
      route.groupId,
      createdAt,
      createdAt,
    ]);
  }
  const byTopic = new Map<string, ServiceRef>();
  for (const topic of topics) {
    const node = SERVICE_OF_TOPIC[topic.key];
    if (!node) {
      throw new Error(`no service for the topic ${topic.key}`);
    }
    const id = nextId();
    const route = routeOf(topic.group);
    rows.push([
      id,
      productIds.get(topic.group) ?? null,
      'service',
      node.code,
      node.name,
      node.tariff,
      route.lineId,
      route.groupId,
      createdAt,
      createdAt,
    ]);
    byTopic.set(topic.key, { id, tariff: node.tariff });
  }
  const updateService = byTopic.get('update');
  if (!updateService) {
    throw new Error('the catalog has no update service');
  }
  return { rows, byTopic, updateService };
}

// --- Contracts -----------------------------------------------------------------------------------------------

type Kind = 'hourly' | 'subscription' | 'its';

export type ContractPlan = {
  id: string;
  number: string;
  kind: Kind;
  /** First and last local day (`YYYY-MM-DD`); `endsOn` null while in force. */
  startsOn: string;
  endsOn: string | null;
  hourlyRate: number;
  monthlyFee: number | null;
  /** Hours granted on the first of every month (ITS bonus hours, a subscription's included hours). */
  monthlyHours: number | null;
  /** Hours of a prepaid package an hourly client buys whenever his balance runs low; null: billed by fact. */
  packageHours: number | null;
  allowsOverdraft: boolean;
  approvalLimit: number | null;
  slaPolicyId: string | null;
  isActive: boolean;
};

export type ClientMoney = {
  timeZone: string;
  /** Oldest first; a client that changed his terms has two, the first ended the day before the second. */
  contracts: ContractPlan[];
};

const RATES = [2200, 2400, 2500, 2600, 2800, 3000, 3200];
const SUBSCRIPTIONS = [
  { fee: 15_000, hours: 6 },
  { fee: 25_000, hours: 10 },
  { fee: 45_000, hours: 20 },
  { fee: 90_000, hours: 40 },
];

const monthStart = (ms: number): string => new Date(ms).toISOString().slice(0, 7) + '-01';
const dayBefore = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) - DAY).toISOString().slice(0, 10);

/**
 * Contracts of one client: terms by its size (rank 0 is the heaviest), a quarter of the clients changed
 * them once. `start` is when the desk's history begins, `now` where it ends.
 */
export function planContracts(
  rng: Rng,
  nextId: () => string,
  client: { rank: number; timeZone: string; approvalLimit: number | null; sequence: () => number },
  span: { start: number; now: number },
  premiumPolicyId: string,
): ClientMoney {
  const large = client.rank < 10;
  const drawTerms = (kind: Kind, startsOn: string, endsOn: string | null): ContractPlan => {
    const hourlyRate = pick(rng, RATES);
    const subscription = large ? pick(rng, SUBSCRIPTIONS.slice(2)) : pick(rng, SUBSCRIPTIONS);
    const number = `Д-${startsOn.slice(0, 4)}-${String(client.sequence()).padStart(3, '0')}`;
    return {
      id: nextId(),
      number,
      kind,
      startsOn,
      endsOn,
      hourlyRate,
      monthlyFee: kind === 'subscription' ? subscription.fee : null,
      monthlyHours:
        kind === 'subscription'
          ? subscription.hours
          : kind === 'its'
            ? large
              ? pick(rng, [4, 6, 8])
              : pick(rng, [1, 2, 2, 3, 4])
            : null,
      packageHours:
        kind === 'hourly' && rng() < 0.5 ? (large ? pick(rng, [40, 80]) : pick(rng, [10, 20, 40])) : null,
      allowsOverdraft: kind !== 'hourly' && rng() < 0.04,
      approvalLimit: client.approvalLimit,
      slaPolicyId:
        (client.rank < 40 && kind !== 'hourly' && rng() < 0.6) || rng() < 0.05 ? premiumPolicyId : null,
      isActive: endsOn === null,
    };
  };
  const drawKind = (): Kind => {
    const draw = rng();
    return large
      ? draw < 0.5
        ? 'subscription'
        : draw < 0.8
          ? 'its'
          : 'hourly'
      : draw < 0.45
        ? 'its'
        : draw < 0.8
          ? 'hourly'
          : 'subscription';
  };
  // The first contract was signed before the first request the desk remembers.
  const firstStart = monthStart(span.start - 2 * DAY);
  if (rng() < 0.25) {
    // Terms changed on the first of a month between a year in and three months before the end.
    const from = span.start + 365 * DAY;
    const to = span.now - 90 * DAY;
    const switchOn = monthStart(from + rng() * Math.max(0, to - from));
    if (switchOn > firstStart) {
      return {
        timeZone: client.timeZone,
        contracts: [
          drawTerms(drawKind(), firstStart, dayBefore(switchOn)),
          drawTerms(drawKind(), switchOn, null),
        ],
      };
    }
  }
  return { timeZone: client.timeZone, contracts: [drawTerms(drawKind(), firstStart, null)] };
}

export const contractRow = (clientId: string, contract: ContractPlan): Row => [
  contract.id,
  clientId,
  contract.number,
  contract.kind,
  contract.startsOn,
  contract.endsOn,
  contract.hourlyRate,
  contract.monthlyFee,
  contract.kind === 'hourly' ? null : contract.monthlyHours,
  contract.approvalLimit,
  contract.allowsOverdraft,
  contract.isActive,
  contract.slaPolicyId,
  `${contract.startsOn}T06:00:00.000Z`,
  `${contract.startsOn}T06:00:00.000Z`,
];

// --- The ledger in time order ------------------------------------------------------------------------------

/** A min-heap of timed actions; ties run in the order they were scheduled. */
class Agenda {
  private readonly items: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  schedule(at: number, run: () => void): void {
    const item = { at, seq: (this.seq += 1), run };
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(item, items[parent]!)) {
        break;
      }
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = item;
  }

  /** Runs, in order of time, every action due before `limit` (including those they schedule). */
  runBefore(limit: number): void {
    while (this.items.length && this.items[0]!.at < limit) {
      this.pop().run();
    }
  }

  private before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private pop() {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        let candidate = last;
        if (left < items.length && this.before(items[left]!, candidate)) {
          smallest = left;
          candidate = items[left]!;
        }
        if (right < items.length && this.before(items[right]!, candidate)) {
          smallest = right;
        }
        if (smallest === index) {
          break;
        }
        items[index] = items[smallest]!;
        index = smallest;
      }
      items[index] = last;
    }
    return top;
  }
}

/** A worklog as the posting reads it. */
export type WorkEntry = { performerId: string; minutes: number; note: string; startedAt: number };

export type Completion = {
  ticketId: string;
  number: number;
  clientIndex: number;
  /** The confirmation that made the request `completed`: the posting's moment and actor. */
  at: number;
  actorId: string;
  service: ServiceRef;
  work: WorkEntry[];
  /** A line the agent added by hand beside the proposal: an update done on the way, free but counted. */
  extra: { performerId: string; serviceId: string; hours: number; description: string } | null;
};

export type BookRows = { ledger_entries: Row[]; specification_lines: Row[]; ticket_events: Row[] };

type ContractState = { plan: ContractPlan; clientIndex: number; balance: number; purchasing: boolean };

const localDate = (() => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (ms: number, timeZone: string): string => {
    let format = formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      formats.set(timeZone, format);
    }
    return format.format(ms);
  };
})();

/**
 * The hour ledger of every contract, kept in order of time: monthly grants, packages bought when a
 * balance runs low, and the postings of completed requests. Rows come out in `rows`, drained by the
 * caller batch by batch; ledger ids are given in order of time, as a live desk would have them.
 */
export class Books {
  readonly rows: BookRows = { ledger_entries: [], specification_lines: [], ticket_events: [] };
  private readonly agenda = new Agenda();
  private readonly states = new Map<string, ContractState>();
  private ledgerId = 0;
  private receipts = 0;

  private readonly clients: readonly ClientMoney[];
  private readonly nextId: () => string;
  private readonly rng: Rng;
  private readonly performerName: (id: string) => string;
  private readonly now: number;

  constructor(
    clients: readonly ClientMoney[],
    nextId: () => string,
    rng: Rng,
    performerName: (id: string) => string,
    now: number,
  ) {
    this.clients = clients;
    this.nextId = nextId;
    this.rng = rng;
    this.performerName = performerName;
    this.now = now;
    clients.forEach((client, clientIndex) => {
      for (const plan of client.contracts) {
        this.states.set(plan.id, { plan, clientIndex, balance: 0, purchasing: false });
        const opensAt = Date.parse(`${plan.startsOn}T09:00:00Z`);
        if (plan.monthlyHours !== null && plan.kind !== 'hourly') {
          this.scheduleMonthlyGrant(plan, opensAt);
        }
        if (plan.packageHours !== null) {
          this.agenda.schedule(opensAt + HOUR, () => this.buyPackage(plan, opensAt + HOUR));
        }
      }
    });
  }

  /** The highest ledger id given so far (the identity sequence continues after it). */
  get lastLedgerId(): number {
    return this.ledgerId;
  }

  /** Books what is due before `limit`. */
  advance(limit: number): void {
    this.agenda.runBefore(Math.min(limit, this.now));
  }

  /** Posts the request's specification when it is confirmed. */
  complete(completion: Completion): void {
    this.agenda.schedule(completion.at, () => this.post(completion));
  }

  /** Drains what was booked so far. */
  take(): BookRows {
    const taken = { ...this.rows };
    this.rows.ledger_entries = [];
    this.rows.specification_lines = [];
    this.rows.ticket_events = [];
    return taken;
  }

  private ends(plan: ContractPlan): number {
    return plan.endsOn === null ? Infinity : Date.parse(`${plan.endsOn}T00:00:00Z`) + DAY;
  }

  private entry(
    state: ContractState,
    at: number,
    kind: 'grant' | 'consume',
    centi: number,
    externalId: string,
    note: string,
    ticketId: string | null,
    actorId: string | null,
  ): number {
    this.ledgerId += 1;
    state.balance += centi;
    this.rows.ledger_entries.push([
      this.ledgerId,
      state.plan.id,
      kind,
      fromCenti(centi),
      externalId,
      ticketId,
      note,
      actorId,
      iso(at),
    ]);
    return this.ledgerId;
  }

  private scheduleMonthlyGrant(plan: ContractPlan, at: number): void {
    if (at >= this.now || at >= this.ends(plan)) {
      return;
    }
    this.agenda.schedule(at, () => {
      const state = this.states.get(plan.id);
      if (!state || plan.monthlyHours === null) {
        return;
      }
      const month = iso(at).slice(0, 7);
      const its = plan.kind === 'its';
      this.entry(
        state,
        at,
        'grant',
        toCenti(plan.monthlyHours),
        its ? `ИТС-бонус-${month}` : `абонемент-${month}`,
        its ? `Бонусные часы ИТС за ${month}` : `Часы абонентского обслуживания за ${month}`,
        null,
        null,
      );
      const next = new Date(at);
      next.setUTCMonth(next.getUTCMonth() + 1, 1);
      this.scheduleMonthlyGrant(plan, next.getTime());
    });
  }

  private buyPackage(plan: ContractPlan, at: number): void {
    const state = this.states.get(plan.id);
    if (!state || plan.packageHours === null || at >= this.ends(plan)) {
      return;
    }
    state.purchasing = false;
    this.receipts += 1;
    this.entry(
      state,
      at,
      'grant',
      toCenti(plan.packageHours),
      `1С-ПКО-${String(this.receipts).padStart(6, '0')}`,
      `Оплата пакета ${plan.packageHours} ч`,
      null,
      null,
    );
  }

  /** The contract in force on the local day of `at`, as `contractInForce` picks it. */
  private contractAt(clientIndex: number, at: number): ContractState | null {
    const client = this.clients[clientIndex];
    if (!client) {
      return null;
    }
    const day = client.contracts.length > 1 ? localDate(at, client.timeZone) : null;
    for (let index = client.contracts.length - 1; index >= 0; index -= 1) {
      const plan = client.contracts[index]!;
      if (day === null || (plan.startsOn <= day && (plan.endsOn === null || plan.endsOn >= day))) {
        return this.states.get(plan.id) ?? null;
      }
    }
    return null;
  }

  private post(completion: Completion): void {
    const { at } = completion;
    // workByPerformer: minutes per performer, notes in the order the work was done, performers by name.
    const byPerformer = new Map<string, { minutes: number; notes: { at: number; note: string }[] }>();
    for (const work of completion.work) {
      const sum = byPerformer.get(work.performerId) ?? { minutes: 0, notes: [] };
      sum.minutes += work.minutes;
      sum.notes.push({ at: work.startedAt, note: work.note });
      byPerformer.set(work.performerId, sum);
    }
    const work = [...byPerformer].map(([performerId, sum]) => ({
      performerId,
      performerName: this.performerName(performerId),
      minutes: sum.minutes,
      notes: sum.notes.sort((a, b) => a.at - b.at).map((n) => n.note),
    }));
    work.sort((a, b) => (a.performerName < b.performerName ? -1 : a.performerName > b.performerName ? 1 : 0));
    const drafts: {
      serviceId: string | null;
      description: string;
      hours: number;
      tariffMode: TariffMode;
      performerId: string;
    }[] = proposeLines(work, [], { serviceId: completion.service.id, tariffMode: completion.service.tariff });
    if (completion.extra) {
      drafts.push({
        serviceId: completion.extra.serviceId,
        description: completion.extra.description,
        hours: completion.extra.hours,
        tariffMode: 'free',
        performerId: completion.extra.performerId,
      });
    }
    if (drafts.length === 0) {
      return;
    }
    const state = this.contractAt(completion.clientIndex, at);
    const plan = state?.plan ?? null;
    const account: Account | null = state
      ? {
          balanceHours: fromCenti(state.balance),
          allowsOverdraft: state.plan.allowsOverdraft,
          hourlyRate: state.plan.hourlyRate,
        }
      : null;
    const priced = priceLines(drafts, account);
    const when = iso(at);
    drafts.forEach((draft, position) => {
      const line = priced.lines[position];
      if (!line) {
        return;
      }
      const lineId = this.nextId();
      const ledgerEntryId =
        state && line.balanceHours > 0
          ? this.entry(
              state,
              at,
              'consume',
              -toCenti(line.balanceHours),
              `spec:${lineId}`,
              `#${completion.number}`,
              completion.ticketId,
              completion.actorId,
            )
          : null;
      this.rows.specification_lines.push([
        lineId,
        completion.ticketId,
        position,
        draft.serviceId,
        draft.description,
        draft.hours,
        draft.tariffMode,
        draft.performerId,
        when,
        when,
        when,
        completion.actorId,
        plan?.id ?? null,
        line.balanceHours,
        line.paidHours,
        line.freeHours,
        line.rate,
        line.amount,
        ledgerEntryId,
      ]);
    });
    const totals = sumTotals(priced.lines);
    this.rows.ticket_events.push([
      completion.ticketId,
      completion.actorId,
      'specification_posted',
      JSON.stringify({ lines: drafts.length, contractNumber: plan?.number ?? null, ...totals }),
      true,
      when,
    ]);
    // An hourly client with prepaid packages buys the next one within a few working days of running low.
    if (
      state &&
      plan?.packageHours &&
      !state.purchasing &&
      state.balance < Math.max(100, toCenti(plan.packageHours) / 5)
    ) {
      state.purchasing = true;
      let paidAt = at + (1 + this.rng() * 3) * DAY;
      const weekday = (Math.floor((paidAt + MOSCOW_OFFSET) / DAY) + 4) % 7;
      paidAt += weekday === 6 ? 2 * DAY : weekday === 0 ? DAY : 0;
      const day = Math.floor((paidAt + MOSCOW_OFFSET) / DAY) * DAY - MOSCOW_OFFSET;
      const paid = day + (10 + this.rng() * 7) * HOUR;
      if (paid < this.now) {
        this.agenda.schedule(paid, () => this.buyPackage(plan, paid));
      }
    }
  }
}

/** Whether an agent added an update line by hand (few do), and its hours. */
export const drawExtraLine = (rng: Rng, performerId: string, update: ServiceRef): Completion['extra'] =>
  rng() < 0.08
    ? {
        performerId,
        serviceId: update.id,
        hours: pick(rng, [0.25, 0.5, 0.5, 1]),
        description: pick(rng, [
          'Обновление конфигурации до актуального релиза',
          'Обновление платформы на сервере',
          'Установка исправлений после обновления',
        ]),
      }
    : null;
