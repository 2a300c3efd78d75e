import type { Status } from '#common/tickets.ts';
import { type ManualClock, createManualClock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { type Actor, loadActor } from '#server/modules/auth/actor.ts';
import { addComment, createTicket, transitionTicket } from '#server/modules/tickets/service.ts';
import { markStaleTickets } from '#server/modules/tickets/stale.ts';
import { endByEstimate } from '#server/modules/tickets/plan.ts';
import { findWorkingCalendar } from '#server/modules/sla/service.ts';
import { addDays, boardDays } from '#server/modules/planning/board.ts';
import { addWorklog, startTimer, stopTimer } from '#server/modules/tickets/work.ts';
import { createRng } from './company.ts';
import { seedDemoWorkspace } from './workspace.ts';

// Requests of the demo company, made through the same use cases people use, so every request has a
// true history: who estimated it, who approved, when the timer ran. Deterministic from a seed.

const SUBJECTS: {
  /** The code of its service in the demo catalog (services.ts). */
  service: string;
  title: string;
  description: string;
  estimate: number;
  reply: string;
  resolution: string;
}[] = [
  {
    service: 'FIX',
    title: 'Не проводится реализация товаров в 1С:УТ',
    description: 'При проведении выдаёт «Недостаточно товара на складе», хотя остаток есть.',
    estimate: 0.5,
    reply: 'Проверяем партии и регистр остатков, подключимся в течение часа.',
    resolution: 'Перепроведены поступления за месяц, остатки восстановлены.',
  },
  {
    service: 'EXCHANGE',
    title: 'Ошибка обмена с банком: не загружается выписка',
    description: 'Выписка из Сбербанка за вчера не загружается, ошибка формата файла.',
    estimate: 0.3,
    reply: 'Пришлите, пожалуйста, файл выписки — посмотрим кодировку.',
    resolution: 'Исправлены настройки обмена: кодировка Windows-1251.',
  },
  {
    service: 'ACCESS',
    title: 'Настроить права доступа новому бухгалтеру',
    description: 'Новый сотрудник: Петрова А. С., нужны права на банк и кассу без зарплаты.',
    estimate: 0.2,
    reply: 'Создадим пользователя и профиль групп доступа.',
    resolution: 'Пользователь создан, права выданы по профилю «Бухгалтер без ЗП».',
  },
  {
    service: 'UPDATE',
    title: 'Обновить 1С:Бухгалтерию до актуального релиза',
    description: 'Просим обновить конфигурацию, у нас доработанная типовая.',
    estimate: 3,
    reply: 'Сравним доработки с новым релизом, оценку пришлём до конца дня.',
    resolution: 'Конфигурация обновлена, доработки перенесены, тестирование пройдено.',
  },
  {
    service: 'PAYROLL',
    title: 'Неверно считаются отпускные в 1С:ЗУП',
    description: 'Среднедневной заработок занижен у сотрудников с премиями.',
    estimate: 2,
    reply: 'Проверим настройку начисления премий для среднего заработка.',
    resolution: 'Премии включены в расчёт среднего, отпускные пересчитаны.',
  },
  {
    service: 'EXCHANGE',
    title: 'ЭДО: не приходят входящие УПД',
    description: 'С понедельника не видим входящих документов от поставщиков.',
    estimate: 0.8,
    reply: 'Проверяем сертификат и настройки учётной записи ЭДО.',
    resolution: 'Продлён сертификат, учётная запись ЭДО перерегистрирована.',
  },
  {
    service: 'DEV',
    title: 'Доработать печатную форму счёта на оплату',
    description: 'Нужно добавить логотип, QR-код для оплаты и подпись директора.',
    estimate: 4,
    reply: 'Согласуем макет и пришлём оценку.',
    resolution: 'Печатная форма доработана, добавлены логотип, QR-код и факсимиле.',
  },
  {
    service: 'SERVER',
    title: 'Не печатает принтер из терминального сервера',
    description: 'Из 1С на терминальном сервере документы уходят в очередь, но не печатаются.',
    estimate: 0.5,
    reply: 'Проверим драйвер и перенаправление принтеров.',
    resolution: 'Установлен универсальный драйвер печати, перенаправление работает.',
  },
  {
    service: 'REPORTS',
    title: 'Отчёт по продажам в разрезе менеджеров',
    description: 'Нужен отчёт: продажи, маржа и дебиторка по каждому менеджеру за период.',
    estimate: 6.5,
    reply: 'Уточним состав колонок и источники данных.',
    resolution: 'Отчёт добавлен в раздел «Продажи», настроены варианты.',
  },
  {
    service: 'FIX',
    title: 'Перенос остатков в новую информационную базу',
    description: 'С 1 числа начинаем вести учёт в новой базе, нужен перенос остатков.',
    estimate: 13,
    reply: 'Подготовим план переноса и согласуем дату.',
    resolution: 'Остатки перенесены, сверка по оборотно-сальдовой ведомости сошлась.',
  },
  {
    service: 'FIX',
    title: 'Ошибка блокировки таблиц при проведении документов',
    description: 'Несколько пользователей одновременно проводят документы — ошибки блокировки.',
    estimate: 1,
    reply: 'Посмотрим технологический журнал в момент ошибки.',
    resolution: 'Включён управляемый режим блокировок, ошибки прекратились.',
  },
  {
    service: 'SERVER',
    title: 'Настроить резервное копирование базы',
    description: 'Хотим ежедневные копии базы 1С с хранением 30 дней.',
    estimate: 0.8,
    reply: 'Настроим задание в планировщике и проверим восстановление.',
    resolution: 'Резервное копирование настроено, тестовое восстановление выполнено.',
  },
];

const INTERNAL_NOTES = [
  'Клиент на ИТС, время списываем с пакета.',
  'Похожая проблема была у них в прошлом месяце — смотреть заявку в истории.',
  'Нужен доступ по RDP, пароль у главбуха.',
];

// How many demo requests end in each status: every status of the lifecycle is represented.
const PLAN: [Status, number][] = [
  ['new', 6],
  ['evaluated', 5],
  ['approved', 4],
  ['rejected', 2],
  ['planned', 5],
  ['in_progress', 5],
  ['done', 4],
  ['completed', 10],
  ['stale', 2],
  ['irrelevant', 1],
  // Made last so the requests above stay as they were: a week and the next one for the planning board,
  // and a little more backlog for the dispatcher to plan.
  ['planned', 20],
  ['approved', 2],
];

const HOUR = 3600_000;
const DAY = 24 * HOUR;

type Cast = {
  agents: Actor[];
  dispatcher: Actor;
  clients: { id: string; contacts: Actor[]; approver: Actor | null }[];
};

async function actorsOf(db: Db): Promise<Cast> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'client_id'])
    .where('email', 'like', '%.test')
    .orderBy('email')
    .execute();
  const load = async (id: string) => {
    const actor = await loadActor(db, id, { tokenId: 'demo' });
    if (!actor) {
      throw new Error(`demo user ${id} is missing`);
    }
    return actor;
  };
  const agents = await Promise.all(users.filter((u) => u.role === 'agent').map((u) => load(u.id)));
  const dispatcherRow = users.find((u) => u.role === 'dispatcher');
  if (!dispatcherRow || agents.length === 0) {
    throw new Error('the demo company must be loaded before its requests');
  }
  const byClient = new Map<string, { contacts: Actor[]; approver: Actor | null }>();
  for (const user of users.filter((u) => u.client_id)) {
    const entry = byClient.get(user.client_id ?? '') ?? { contacts: [], approver: null };
    const actor = await load(user.id);
    entry.contacts.push(actor);
    if (user.role === 'client_approver') {
      entry.approver = actor;
    }
    byClient.set(user.client_id ?? '', entry);
  }
  const firstClient = users.find((u) => u.email === 'client@demo.test')?.client_id;
  const clients = [...byClient.entries()]
    .map(([id, entry]) => ({ id, ...entry }))
    // The demo client of client@ and approver@ goes first, so they have plenty to look at.
    .sort((a, b) => Number(b.id === firstClient) - Number(a.id === firstClient));
  return { agents, dispatcher: await load(dispatcherRow.id), clients };
}

/** Loads the demo requests once; a second run finds them and adds nothing. */
export async function seedDemoTickets(db: Db, now: Date = new Date(), seed = 7): Promise<number> {
  const existing = await db.selectFrom('tickets').select('id').limit(1).executeTakeFirst();
  if (existing) {
    return 0;
  }
  const rng = createRng(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(rng() * items.length)];
    if (item === undefined) {
      throw new Error('pick from an empty list');
    }
    return item;
  };
  const cast = await actorsOf(db);
  // New requests land on the first line, so the first line's agents pick them up.
  const firstLine = await db
    .selectFrom('support_lines')
    .select('id')
    .orderBy('level')
    .limit(1)
    .executeTakeFirst();
  const services = await db.selectFrom('services').select(['id', 'code']).execute();
  const serviceId = new Map(services.map((row) => [row.code, row.id]));
  const firstLineAgents = cast.agents.filter((a) => firstLine && a.lineIds.includes(firstLine.id));
  const clock: ManualClock = createManualClock(now);
  const deps = { db, clock };
  let made = 0;
  let index = 0;
  // The timer moves a planned request in progress, which changes its version behind our back.
  // Planned requests go into working hours from today to the end of next week (Moscow), a few a day, so
  // the dispatcher's board has something to plan around.
  const calendar = await findWorkingCalendar(db);
  const today = new Date(now.getTime() + 3 * HOUR).toISOString().slice(0, 10);
  const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const slotDays = boardDays(calendar, monday, 14, 'Europe/Moscow').filter(
    (day) => day.capacityMinutes > 0 && day.date >= today,
  );
  let slot = 0;
  const nextSlot = (): Date | null => {
    const day = slotDays[slot % Math.max(1, slotDays.length)];
    const opening = day?.spans[0]?.start;
    // The hour shifts on each round through the days, so a day's requests do not all start together.
    const hour = [1, 5, 2, 6, 0][(slot + Math.floor(slot / Math.max(1, slotDays.length))) % 5] ?? 0;
    slot += 1;
    return opening ? new Date(opening.getTime() + hour * HOUR) : null;
  };
  const versionOf = async (id: string) =>
    (await db.selectFrom('tickets').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  for (const [target, count] of PLAN) {
    for (let i = 0; i < count; i += 1) {
      index += 1;
      const subject = SUBJECTS[index % SUBJECTS.length] ?? SUBJECTS[0];
      if (!subject) {
        continue;
      }
      // Half the requests belong to the first demo client, so its people see a living portal.
      const client = index % 2 === 0 ? cast.clients[0] : pick(cast.clients);
      if (!client) {
        continue;
      }
      const requester = pick(client.contacts);
      // Calls are taken by the first line; the work goes to an agent of the line routing chose.
      const operator = pick(firstLineAgents.length ? firstLineAgents : cast.agents);
      const stale = target === 'stale' || target === 'irrelevant';
      const ageDays = stale ? 35 + i * 3 : target === 'completed' ? 5 + rng() * 20 : rng() * 9 + 1;
      clock.set(new Date(now.getTime() - ageDays * DAY));

      const viaPhone = rng() < 0.3;
      let ticket = await db.transaction().execute((tx) =>
        createTicket(tx, clock, viaPhone ? operator : requester, {
          title: subject.title,
          description: `<p>${subject.description}</p>`,
          serviceId: serviceId.get(subject.service) ?? null,
          priority: pick(['low', 'normal', 'normal', 'normal', 'high', 'critical'] as const),
          ...(viaPhone ? { clientId: client.id, requesterId: requester.id } : {}),
        }),
      );
      made += 1;
      const lineAgents = cast.agents.filter((a) => ticket.lineId && a.lineIds.includes(ticket.lineId));
      const agent = lineAgents.length ? pick(lineAgents) : operator;
      const step = async (by: Actor, to: Status, fields: Record<string, unknown> = {}, afterHours = 1) => {
        clock.advance(afterHours * HOUR);
        ticket = await transitionTicket(deps, by, ticket.id, { to, version: ticket.version, ...fields });
      };

      if (target === 'new' || target === 'stale') {
        continue;
      }
      clock.advance(HOUR / 2);
      await addComment(deps, agent, ticket.id, { body: subject.reply });
      if (rng() < 0.5) {
        await addComment(deps, agent, ticket.id, { body: pick(INTERNAL_NOTES), internal: true });
      }
      // Estimates that would be approved automatically are raised for the ones meant to wait.
      const needsApproval = target === 'evaluated' || target === 'rejected' || target === 'irrelevant';
      const estimate = needsApproval && subject.estimate < 1 ? 2 : subject.estimate;
      if (target === 'irrelevant') {
        await step(agent, 'evaluated', { estimateHours: estimate });
        continue;
      }
      await step(agent, 'evaluated', { estimateHours: estimate });
      if (target === 'evaluated') {
        continue;
      }
      if (ticket.status === 'evaluated') {
        const approver = client.approver ?? requester;
        await step(approver, target === 'rejected' ? 'rejected' : 'approved', {}, 5);
      }
      if (target === 'approved' || target === 'rejected') {
        continue;
      }
      const boardSlot = target === 'planned' ? nextSlot() : null;
      const start = boardSlot ?? new Date(clock.now().getTime() + DAY);
      await step(cast.dispatcher, 'planned', {
        assigneeId: agent.id,
        plannedStart: start.toISOString(),
        plannedEnd: (boardSlot
          ? // A dispatcher gives small jobs a window of a few hours; the estimate is still the work.
            endByEstimate(calendar, boardSlot, Math.max(estimate, 3))
          : new Date(start.getTime() + Math.max(1, estimate) * 2 * HOUR)
        ).toISOString(),
        acceptanceCriteria: 'Проблема не воспроизводится, клиент подтвердил результат.',
      });
      if (target === 'planned') {
        continue;
      }
      clock.set(start);
      await startTimer(deps, agent, ticket.id);
      clock.advance(Math.round(estimate * (0.6 + rng() * 0.8) * 60) * 60_000 + 60_000);
      await stopTimer(deps, agent, ticket.id);
      if (rng() < 0.4) {
        await addWorklog(deps, agent, ticket.id, { minutes: 15, note: 'Созвон с пользователем' });
      }
      if (target === 'in_progress') {
        continue;
      }
      ticket = { ...ticket, version: await versionOf(ticket.id) };
      await step(agent, 'done', { resolution: subject.resolution });
      if (target === 'done') {
        continue;
      }
      await addComment(deps, requester, ticket.id, { body: 'Спасибо, всё работает!' });
      ticket = { ...ticket, version: await versionOf(ticket.id) };
      await step(requester, 'completed', {}, 3);
    }
  }
  // The requests left untouched for over a month go stale, as the scheduled job would make them.
  clock.set(now);
  await markStaleTickets(deps);
  const irrelevant = await db
    .selectFrom('tickets')
    .select(['id', 'version'])
    .where('status', '=', 'stale')
    .orderBy('number')
    .limit(1)
    .execute();
  for (const row of irrelevant.slice(0, PLAN.find(([s]) => s === 'irrelevant')?.[1] ?? 0)) {
    await transitionTicket(deps, cast.dispatcher, row.id, { to: 'irrelevant', version: row.version });
  }
  await seedDemoWorkspace(db, clock, now, cast.agents);
  return made;
}
