import type { ManualClock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { startTimer, addWorklog } from '#server/modules/tickets/work.ts';
import { dayIn } from '#server/modules/workspace/activity.ts';
import { DEMO_ACCOUNTS } from './company.ts';

// What makes the agent's window look lived in: knowledge cards the team has written about a few clients,
// and a morning's work with timers running now. Called once, right after the demo requests are made.

const KNOWLEDGE: { client: string; card: string }[] = [
  {
    // The client of client@ and approver@: found through them, whatever its generated name.
    client: DEMO_ACCOUNTS.client,
    card: [
      '<h3>Учёт</h3>',
      '<ul>',
      '<li>1С:Управление торговлей 11.5, доработанная: все изменения в расширении «РТ_Доработки», типовую конфигурацию не снимаем с поддержки.</li>',
      '<li>Партионный учёт по FIFO; основной склад — ордерная схема, розничный — нет.</li>',
      '<li>Обмен с сайтом (1С-Битрикс) каждые 15 минут. При жалобах на остатки на сайте сначала смотреть журнал регистрации, событие «Обмен с сайтом».</li>',
      '</ul>',
      '<h3>Доработки</h3>',
      '<ul>',
      '<li>Печатная форма счёта с QR-кодом для оплаты и факсимиле директора.</li>',
      '<li>Отчёт «Продажи по менеджерам» с маржой и дебиторкой (раздел «Продажи»).</li>',
      '</ul>',
      '<h3>Как работать</h3>',
      '<p>Доступ по RDP через VPN, учётные данные у главного бухгалтера (Фомина Т. В.). Обновления — только по пятницам после 18:00, заранее согласовать с Беловой М. А.</p>',
    ].join(''),
  },
  {
    client: 'Фармаспектр',
    card: [
      '<h3>Учёт</h3>',
      '<ul>',
      '<li>1С:ERP с маркировкой «Честный знак» (лекарственные препараты), серийный учёт.</li>',
      '<li>Закрытие месяца делает их бухгалтер сама, мы только проверяем ошибки.</li>',
      '</ul>',
      '<p>Любые работы с базой — только после выгрузки копии: база большая, восстановление занимает около двух часов.</p>',
    ].join(''),
  },
];

async function writeKnowledgeCards(db: Db, now: Date, author: Actor) {
  for (const entry of KNOWLEDGE) {
    const client = entry.client.includes('@')
      ? await db
          .selectFrom('users')
          .select('client_id as id')
          .where('email', '=', entry.client)
          .executeTakeFirst()
      : await db
          .selectFrom('clients')
          .select('id')
          .where('name', 'like', `%${entry.client}%`)
          .executeTakeFirst();
    if (!client?.id) {
      continue;
    }
    await db
      .updateTable('clients')
      .set((eb) => ({
        knowledge_card: entry.card,
        knowledge_version: eb('knowledge_version', '+', 1),
        knowledge_updated_at: now,
        knowledge_updated_by: author.id,
      }))
      .where('id', '=', client.id)
      .where('knowledge_version', '=', 0)
      .execute();
  }
}

const MINUTE = 60_000;
const NOTES = [
  'Воспроизвели ошибку на копии базы, нашли документ-виновник',
  'Созвон с главным бухгалтером: уточнили порядок закрытия месяца',
  'Проверили регламентные задания и журнал регистрации',
];

/**
 * A few agents logged work this morning and run a timer now, on requests in progress assigned to them.
 * Not agent1 and agent2: the browser journeys start and stop their timers themselves.
 */
async function startMorningWork(db: Db, clock: ManualClock, now: Date, agents: Actor[]) {
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'assignee_id'])
    .where('status', '=', 'in_progress')
    .orderBy('number')
    .execute();
  const morning = new Date(`${dayIn('Europe/Moscow', now)}T09:00:00+03:00`);
  const busy = new Set<string>();
  for (const row of rows) {
    const agent = agents.find((a) => a.id === row.assignee_id);
    if (
      !agent ||
      busy.has(agent.id) ||
      agent.email === DEMO_ACCOUNTS.agent1 ||
      agent.email === DEMO_ACCOUNTS.agent2
    ) {
      continue;
    }
    const index = busy.size;
    busy.add(agent.id);
    const minutes = 35 + index * 20;
    // This morning when the demo is loaded in the day, or just before now when it is loaded at night.
    const startedAt = new Date(
      Math.min(morning.getTime() + index * 40 * MINUTE, now.getTime() - (minutes + 30) * MINUTE),
    );
    clock.set(now);
    await addWorklog({ db, clock }, agent, row.id, {
      minutes,
      startedAt: startedAt.toISOString(),
      note: NOTES[index % NOTES.length] ?? '',
    });
    clock.set(new Date(now.getTime() - (12 + index * 17) * MINUTE));
    await startTimer({ db, clock }, agent, row.id);
    if (busy.size === 3) {
      break;
    }
  }
  clock.set(now);
}

/** The demo's knowledge cards and this morning's work; run once, with the demo requests. */
export async function seedDemoWorkspace(db: Db, clock: ManualClock, now: Date, agents: Actor[]) {
  const author = agents.find((a) => a.email !== DEMO_ACCOUNTS.agent1) ?? agents[0];
  if (author) {
    await writeKnowledgeCards(db, now, author);
  }
  await startMorningWork(db, clock, now, agents);
}
