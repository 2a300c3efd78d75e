import { innCheckDigits } from '#common/inn.ts';
import type { ServiceKind, TariffMode } from '#common/billing.ts';
import type { Db } from '#server/db/client.ts';

// The demo catalog: what a 1C franchisee sells, each service with its tariff (seed 003: consultations
// and fixes from the ITS package, development paid, updates free but counted).
type Node = {
  code: string;
  name: string;
  kind: ServiceKind;
  tariff?: TariffMode;
  parent?: string;
  audience?: 'clients' | 'listed' | 'internal';
  /** The support line (and group) it routes to, by code; the first line otherwise. */
  line?: string;
  group?: string;
};

export const DEMO_SERVICES: readonly Node[] = [
  { code: 'BUH', name: '1С:Бухгалтерия', kind: 'product' },
  { code: 'ZUP', name: '1С:Зарплата и управление персоналом', kind: 'product', line: 'L2', group: 'ZUP' },
  { code: 'UT', name: '1С:Управление торговлей / ERP', kind: 'product', line: 'L2', group: 'ERP' },
  { code: 'INFRA', name: 'Инфраструктура', kind: 'product' },
  { code: 'CONSULT', name: 'Консультация по учёту', kind: 'service', tariff: 'balance', parent: 'BUH' },
  { code: 'FIX', name: 'Исправление ошибок в базе', kind: 'service', tariff: 'balance', parent: 'BUH' },
  { code: 'EXCHANGE', name: 'Настройка обменов и ЭДО', kind: 'service', tariff: 'balance', parent: 'BUH' },
  { code: 'UPDATE', name: 'Обновление конфигурации', kind: 'service', tariff: 'free', parent: 'BUH' },
  { code: 'PAYROLL', name: 'Расчёт зарплаты и отпусков', kind: 'service', tariff: 'balance', parent: 'ZUP' },
  { code: 'DEV', name: 'Доработка конфигурации', kind: 'service', tariff: 'paid', parent: 'UT' },
  { code: 'REPORTS', name: 'Разработка отчётов', kind: 'service', tariff: 'paid', parent: 'UT' },
  {
    code: 'ACCESS',
    name: 'Пользователи и права доступа',
    kind: 'service',
    tariff: 'balance',
    parent: 'INFRA',
  },
  { code: 'SERVER', name: 'Администрирование серверов', kind: 'service', tariff: 'balance', parent: 'INFRA' },
  // The organization's own services, for its employees (seed 004: IT, HR, legal, procurement).
  { code: 'OWN', name: 'Внутренние сервисы', kind: 'product', audience: 'internal' },
  {
    code: 'OWN-IT',
    name: 'ИТ: доступы, VPN, оборудование',
    kind: 'service',
    tariff: 'free',
    parent: 'OWN',
    audience: 'internal',
  },
  {
    code: 'OWN-HR',
    name: 'Кадры: справки и документы',
    kind: 'service',
    tariff: 'free',
    parent: 'OWN',
    audience: 'internal',
  },
  {
    code: 'OWN-LEGAL',
    name: 'Юристы: проверка договора',
    kind: 'service',
    tariff: 'free',
    parent: 'OWN',
    audience: 'internal',
  },
];

const PROVIDER_INN_BODY = '770512345';
export const DEMO_PROVIDER = {
  name: 'ООО «Заявка-Сервис»',
  inn: PROVIDER_INN_BODY + innCheckDigits(PROVIDER_INN_BODY),
  kpp: '770501001',
  address: '115054, г. Москва, ул. Валовая, д. 26',
  signatory: 'Генеральный директор Соколов А. В.',
};

/** Loads the catalog by code and names the provider, leaving what an admin changed since alone. */
export async function seedDemoServices(db: Db): Promise<number> {
  let added = 0;
  for (const node of DEMO_SERVICES) {
    const parent = node.parent
      ? await db.selectFrom('services').select('id').where('code', '=', node.parent).executeTakeFirst()
      : undefined;
    const line = node.line
      ? await db.selectFrom('support_lines').select('id').where('code', '=', node.line).executeTakeFirst()
      : undefined;
    const group = node.group
      ? await db.selectFrom('support_groups').select('id').where('code', '=', node.group).executeTakeFirst()
      : undefined;
    const inserted = await db
      .insertInto('services')
      .values({
        code: node.code,
        name: node.name,
        kind: node.kind,
        tariff_mode: node.tariff ?? 'balance',
        parent_id: parent?.id ?? null,
        audience: node.audience ?? 'clients',
        line_id: line?.id ?? null,
        group_id: group?.id ?? null,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    added += inserted ? 1 : 0;
  }
  await db.updateTable('organization').set(DEMO_PROVIDER).where('name', '=', 'Сервисная компания').execute();
  return added;
}
