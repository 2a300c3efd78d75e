// The demo company loaded by `npm run demo`: plain data only, so the seeder decides how to write it and
// tests can check it without a database. Deterministic: the same seed always gives the same company.
import { innCheckDigits } from '#common/inn.ts';
import type { Role } from '#common/roles.ts';

export type DemoLineCode = 'L1' | 'L2' | 'EXP';
export type DemoLine = { code: DemoLineCode; name: string; level: 1 | 2 | 3 };

export type DemoGroupCode = 'BUH' | 'ZUP' | 'ERP' | 'INFRA' | 'DEV';
export type DemoGroup = { code: DemoGroupCode; name: string; lineCode: DemoLineCode };

export type DemoStaffRole = Extract<Role, 'admin' | 'dispatcher' | 'agent' | 'employee'>;
/** A person of the service company itself; lines and groups matter only for agents. */
export type DemoStaffMember = {
  key: string;
  email: string;
  /** Plain text: the seeder hashes it. */
  password: string;
  name: string;
  position: string;
  role: DemoStaffRole;
  lineCodes: DemoLineCode[];
  groupCodes: DemoGroupCode[];
};

export type DemoContactRole = Extract<Role, 'client_user' | 'client_approver'>;
export type DemoContact = {
  key: string;
  email: string;
  /** Plain text: the seeder hashes it. */
  password: string;
  name: string;
  position: string;
  /** E.164, e.g. +74951234567. */
  phone: string;
  role: DemoContactRole;
};

export type DemoLegalForm = 'ООО' | 'АО' | 'ИП';
export type DemoIndustry = 'trade' | 'manufacturing' | 'logistics' | 'clinic' | 'construction' | 'services';
export type DemoTimeZone =
  'Europe/Moscow' | 'Europe/Samara' | 'Asia/Yekaterinburg' | 'Asia/Novosibirsk' | 'Asia/Vladivostok';

export type DemoClient = {
  key: string;
  name: string;
  legalForm: DemoLegalForm;
  /** 10 digits for ООО/АО, 12 for ИП; checksum-valid and unique within the demo. */
  inn: string;
  /** 9 digits for ООО/АО; an ИП has none. */
  kpp: string | null;
  timeZone: DemoTimeZone;
  industry: DemoIndustry;
  notes: string;
  /** One to three people; exactly one is the client_approver. */
  contacts: DemoContact[];
};

export type DemoCompany = {
  name: string;
  lines: DemoLine[];
  groups: DemoGroup[];
  staff: DemoStaffMember[];
  clients: DemoClient[];
};

export const DEMO_SEED = 20_240_601;
export const DEMO_PASSWORD = 'demo';

/** The accounts API.md ("Demo accounts") promises; e2e tests log in with these. */
export const DEMO_ACCOUNTS = {
  admin: 'admin@demo.test',
  dispatcher: 'dispatcher@demo.test',
  agent1: 'agent1@demo.test',
  agent2: 'agent2@demo.test',
  client: 'client@demo.test',
  approver: 'approver@demo.test',
  employee: 'employee@demo.test',
} as const;

/** The client that client@demo.test and approver@demo.test belong to. */
export const DEMO_CLIENT_KEY = 'client-01';

// --- Seeded randomness -------------------------------------------------------------------------------------

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for demo data; returns floats in [0, 1). */
export const createRng = (seed: number): Rng => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

// Each client draws from its own stream (seed + key), so editing one client's data or adding a client
// does not shift the INNs of the others: the seeder upserts by INN, and shifted INNs would duplicate rows.
const streamFor = (seed: number, label: string): Rng => {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const char of label) {
    hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
  }
  return createRng(hash);
};

const pick = <T>(rng: Rng, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) {
    throw new Error('pick() from an empty list');
  }
  return item;
};

const words = (text: string): readonly string[] => text.split(' ');

const intBetween = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

const digits = (rng: Rng, count: number): string => {
  let result = '';
  for (let i = 0; i < count; i += 1) {
    result += String(Math.floor(rng() * 10));
  }
  return result;
};

// --- Support structure and staff ---------------------------------------------------------------------------

const LINES: readonly DemoLine[] = [
  { code: 'L1', name: 'Первая линия', level: 1 },
  { code: 'L2', name: 'Вторая линия', level: 2 },
  { code: 'EXP', name: 'Эксперты', level: 3 },
];

// Mass questions (reports, printers, passwords) land on L1; payroll and ERP need L2; code goes to experts.
const GROUPS: readonly DemoGroup[] = [
  { code: 'BUH', name: '1С:Бухгалтерия', lineCode: 'L1' },
  { code: 'INFRA', name: 'Инфраструктура', lineCode: 'L1' },
  { code: 'ZUP', name: '1С:ЗУП', lineCode: 'L2' },
  { code: 'ERP', name: '1С:УТ/ERP', lineCode: 'L2' },
  { code: 'DEV', name: 'Разработка и интеграции', lineCode: 'EXP' },
];

type StaffSpec = Omit<DemoStaffMember, 'key' | 'email' | 'password'> & { login: string };

const member = (
  login: string,
  role: DemoStaffRole,
  name: string,
  position: string,
  lineCodes: DemoLineCode[] = [],
  groupCodes: DemoGroupCode[] = [],
): StaffSpec => ({ login, role, name, position, lineCodes, groupCodes });

// Hand-written rather than drawn, so that the names in docs and screenshots survive a seed change.
const STAFF: readonly StaffSpec[] = [
  member('admin', 'admin', 'Соколова Анна Викторовна', 'Администратор системы'),
  member('dispatcher', 'dispatcher', 'Морозов Дмитрий Алексеевич', 'Руководитель службы поддержки'),
  member(
    'agent1',
    'agent',
    'Кузнецова Екатерина Игоревна',
    'Консультант первой линии',
    ['L1'],
    ['BUH', 'INFRA'],
  ),
  member('agent2', 'agent', 'Никитин Сергей Павлович', 'Консультант второй линии', ['L2'], ['ZUP', 'ERP']),
  member('agent3', 'agent', 'Орлова Мария Андреевна', 'Консультант по 1С:Бухгалтерии', ['L1'], ['BUH']),
  member('agent4', 'agent', 'Волков Артём Сергеевич', 'Системный администратор', ['L1'], ['INFRA']),
  member(
    'agent5',
    'agent',
    'Егорова Наталья Владимировна',
    'Консультант первой линии',
    ['L1'],
    ['BUH', 'INFRA'],
  ),
  member('agent6', 'agent', 'Захарова Ирина Михайловна', 'Консультант по 1С:ЗУП', ['L2'], ['ZUP']),
  member('agent7', 'agent', 'Павлов Максим Олегович', 'Консультант по 1С:УТ и 1С:ERP', ['L2'], ['ERP']),
  member(
    'agent8',
    'agent',
    'Тарасов Илья Константинович',
    'Ведущий консультант',
    ['L1', 'L2'],
    ['BUH', 'ZUP'],
  ),
  member('agent9', 'agent', 'Белов Андрей Николаевич', 'Ведущий разработчик 1С', ['EXP'], ['DEV']),
  member(
    'agent10',
    'agent',
    'Григорьева Светлана Юрьевна',
    'Архитектор 1С:ERP',
    ['L2', 'EXP'],
    ['ERP', 'DEV'],
  ),
  member('employee', 'employee', 'Лебедева Ольга Сергеевна', 'Офис-менеджер'),
];

// --- Client data pools --------------------------------------------------------------------------------------

type City = {
  timeZone: DemoTimeZone;
  /** 4-digit tax office codes of the city (first two digits: the region), the start of INN and KPP. */
  taxOffices: readonly string[];
  /** Landline area codes without the +7. */
  areaCodes: readonly string[];
};

const CITIES = {
  Москва: {
    timeZone: 'Europe/Moscow',
    taxOffices: words(
      '7701 7702 7703 7705 7707 7709 7713 7715 7717 7719 7722 7724 7725 7727 7728 7729 7730 7731 7734 7743',
    ),
    areaCodes: words('495 499'),
  },
  Химки: { timeZone: 'Europe/Moscow', taxOffices: words('5047'), areaCodes: words('495 498') },
  Мытищи: { timeZone: 'Europe/Moscow', taxOffices: words('5029'), areaCodes: words('495 498') },
  Подольск: { timeZone: 'Europe/Moscow', taxOffices: words('5036 5074'), areaCodes: words('496') },
  'Санкт-Петербург': {
    timeZone: 'Europe/Moscow',
    taxOffices: words('7801 7802 7804 7805 7806 7810 7811 7813 7814 7816 7825 7838 7842'),
    areaCodes: words('812'),
  },
  Казань: {
    timeZone: 'Europe/Moscow',
    taxOffices: words('1655 1656 1657 1658 1659 1660'),
    areaCodes: words('843'),
  },
  'Нижний Новгород': {
    timeZone: 'Europe/Moscow',
    taxOffices: words('5256 5257 5258 5259 5260 5261 5262 5263'),
    areaCodes: words('831'),
  },
  Самара: {
    timeZone: 'Europe/Samara',
    taxOffices: words('6311 6312 6315 6316 6317 6318 6319'),
    areaCodes: words('846'),
  },
  Тольятти: { timeZone: 'Europe/Samara', taxOffices: words('6320 6321 6324'), areaCodes: words('8482') },
  Екатеринбург: {
    timeZone: 'Asia/Yekaterinburg',
    taxOffices: words('6658 6659 6660 6661 6670 6671 6672 6673 6674 6679 6685 6686'),
    areaCodes: words('343'),
  },
  Челябинск: {
    timeZone: 'Asia/Yekaterinburg',
    taxOffices: words('7447 7448 7449 7451 7452 7453'),
    areaCodes: words('351'),
  },
  Новосибирск: {
    timeZone: 'Asia/Novosibirsk',
    taxOffices: words('5401 5402 5403 5404 5405 5406 5407 5410'),
    areaCodes: words('383'),
  },
  Владивосток: {
    timeZone: 'Asia/Vladivostok',
    taxOffices: words('2536 2537 2538 2539 2540 2543'),
    areaCodes: words('423'),
  },
} as const satisfies Record<string, City>;

type CityName = keyof typeof CITIES;

// An ИП is named after its owner, who is drawn from the seed; companies carry their own name and domain.
type ClientSpec =
  | { form: 'ООО' | 'АО'; title: string; domain: string; industry: DemoIndustry; city: CityName }
  | { form: 'ИП'; industry: DemoIndustry; city: CityName };

const company = (
  form: 'ООО' | 'АО',
  title: string,
  domain: string,
  industry: DemoIndustry,
  city: CityName,
): ClientSpec => ({ form, title, domain, industry, city });

const soleTrader = (industry: DemoIndustry, city: CityName): ClientSpec => ({ form: 'ИП', industry, city });

const CLIENTS: readonly ClientSpec[] = [
  company('ООО', 'Ромашка-Трейд', 'romashka-trade', 'trade', 'Москва'),
  company('ООО', 'ТехноСнаб', 'tekhnosnab', 'trade', 'Москва'),
  company('АО', 'Мосхимпласт', 'moskhimplast', 'manufacturing', 'Подольск'),
  company('ООО', 'ГрузЭкспресс Логистик', 'gruzexpress', 'logistics', 'Химки'),
  soleTrader('trade', 'Москва'),
  company('ООО', 'Клиника доктора Лебедева', 'lebedev-clinic', 'clinic', 'Москва'),
  company('ООО', 'СтройИнвест-М', 'stroyinvest-m', 'construction', 'Москва'),
  company('ООО', 'Невский дистрибьютор', 'nevdistr', 'trade', 'Санкт-Петербург'),
  company('АО', 'Балтийский завод упаковки', 'bzu-pack', 'manufacturing', 'Санкт-Петербург'),
  company('ООО', 'МедЛайн Плюс', 'medline-plus', 'clinic', 'Санкт-Петербург'),
  company('ООО', 'Уралтрубсервис', 'uraltrubservis', 'manufacturing', 'Екатеринбург'),
  company('ООО', 'АвтоТрансСервис', 'avtotransservis', 'logistics', 'Москва'),
  company('ООО', 'ПромКомплектация', 'promkomplekt', 'trade', 'Казань'),
  company('ООО', 'Волжская кондитерская фабрика', 'vkf-nn', 'manufacturing', 'Нижний Новгород'),
  soleTrader('services', 'Мытищи'),
  company('ООО', 'ДомСтрой НН', 'domstroy-nn', 'construction', 'Нижний Новгород'),
  company('ООО', 'Стоматология Улыбка', 'ulybka-dent', 'clinic', 'Мытищи'),
  company('ООО', 'Сибирская торговая компания', 'sibtk', 'trade', 'Новосибирск'),
  company('ООО', 'Фармаспектр', 'farmaspektr', 'trade', 'Москва'),
  company('АО', 'Энергомонтаж', 'energomontazh', 'construction', 'Москва'),
  company('ООО', 'Складские технологии', 'sklad-tech', 'logistics', 'Химки'),
  company('ООО', 'УралЛогистик', 'urallogistic', 'logistics', 'Екатеринбург'),
  soleTrader('trade', 'Санкт-Петербург'),
  company('ООО', 'Берёзка-Мебель', 'berezka-mebel', 'manufacturing', 'Казань'),
  company('ООО', 'Самарский стройкомплекс', 'samstroykompleks', 'construction', 'Самара'),
  company('ООО', 'Зерновой союз', 'zernosoyuz', 'trade', 'Москва'),
  company('ООО', 'СибТрансЛогистика', 'sibtranslog', 'logistics', 'Новосибирск'),
  company('ООО', 'Бюро кадастра и права', 'kadastr-pravo', 'services', 'Москва'),
  company('АО', 'Екатеринбургский завод металлоконструкций', 'ezmk', 'manufacturing', 'Екатеринбург'),
  company('ООО', 'ДальМорСервис', 'dalmorservis', 'logistics', 'Владивосток'),
  soleTrader('construction', 'Екатеринбург'),
  company('ООО', 'ВолгаАвтоДеталь', 'volgaavtodetal', 'manufacturing', 'Тольятти'),
  company('ООО', 'МЦ Здоровье', 'mc-zdorovie', 'clinic', 'Челябинск'),
  company('ООО', 'ЧелябСтройРесурс', 'chelstroyresurs', 'construction', 'Челябинск'),
  company('ООО', 'Обь-Электроприбор', 'ob-elektropribor', 'manufacturing', 'Новосибирск'),
  company('ООО', 'Семейный доктор', 'semdoctor', 'clinic', 'Самара'),
  company('ООО', 'Приморская рыбная компания', 'primfish', 'manufacturing', 'Владивосток'),
  soleTrader('services', 'Новосибирск'),
  company('ООО', 'Восток-Импорт', 'vostok-import', 'trade', 'Владивосток'),
  soleTrader('logistics', 'Самара'),
];

// The people of the first client are named in API.md's demo accounts, so they are fixed too.
const FIRST_CLIENT_CONTACTS: readonly Omit<DemoContact, 'key' | 'password'>[] = [
  {
    email: DEMO_ACCOUNTS.approver,
    name: 'Белова Марина Александровна',
    position: 'Генеральный директор',
    phone: '+74957271540',
    role: 'client_approver',
  },
  {
    email: DEMO_ACCOUNTS.client,
    name: 'Григорьев Павел Олегович',
    position: 'Менеджер по закупкам',
    phone: '+79167004512',
    role: 'client_user',
  },
  {
    email: 'buh@romashka-trade.test',
    name: 'Фомина Татьяна Викторовна',
    position: 'Главный бухгалтер',
    phone: '+74957271541',
    role: 'client_user',
  },
];

// [name, patronymic of his son, patronymic of his daughter]
const MALE_NAMES: readonly (readonly [string, string, string])[] = [
  ['Александр', 'Александрович', 'Александровна'],
  ['Алексей', 'Алексеевич', 'Алексеевна'],
  ['Андрей', 'Андреевич', 'Андреевна'],
  ['Антон', 'Антонович', 'Антоновна'],
  ['Артём', 'Артёмович', 'Артёмовна'],
  ['Борис', 'Борисович', 'Борисовна'],
  ['Вадим', 'Вадимович', 'Вадимовна'],
  ['Виктор', 'Викторович', 'Викторовна'],
  ['Владимир', 'Владимирович', 'Владимировна'],
  ['Дмитрий', 'Дмитриевич', 'Дмитриевна'],
  ['Евгений', 'Евгеньевич', 'Евгеньевна'],
  ['Иван', 'Иванович', 'Ивановна'],
  ['Игорь', 'Игоревич', 'Игоревна'],
  ['Илья', 'Ильич', 'Ильинична'],
  ['Кирилл', 'Кириллович', 'Кирилловна'],
  ['Константин', 'Константинович', 'Константиновна'],
  ['Максим', 'Максимович', 'Максимовна'],
  ['Михаил', 'Михайлович', 'Михайловна'],
  ['Николай', 'Николаевич', 'Николаевна'],
  ['Олег', 'Олегович', 'Олеговна'],
  ['Павел', 'Павлович', 'Павловна'],
  ['Роман', 'Романович', 'Романовна'],
  ['Сергей', 'Сергеевич', 'Сергеевна'],
  ['Станислав', 'Станиславович', 'Станиславовна'],
  ['Юрий', 'Юрьевич', 'Юрьевна'],
];

const FEMALE_NAMES = words(
  'Анна Алина Валентина Вера Виктория Галина Дарья Евгения Екатерина Елена Ирина Ксения Людмила Марина ' +
    'Мария Надежда Наталья Ольга Полина Светлана Татьяна Юлия',
);

// Male forms; the female form is derived (Иванов → Иванова, Вишневский → Вишневская, Коваленко stays).
const SURNAMES = words(
  'Иванов Смирнов Кузнецов Попов Васильев Петров Михайлов Новиков Фёдоров Волков Алексеев Семёнов ' +
    'Козлов Степанов Николаев Андреев Макаров Зайцев Соловьёв Борисов Яковлев Романов Воробьёв Сергеев ' +
    'Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв ' +
    'Медведев Антонов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров ' +
    'Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков ' +
    'Афанасьев Данилов Савельев Тимофеев Чернов Абрамов Мартынов Ефимов Щербаков Назаров Калинин Исаев ' +
    'Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров ' +
    'Наумов Потапов Журавлёв Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров ' +
    'Грачёв Котов Гришин Архипов Громов Кириллов Малышев Панов Румянцев Акимов Кондратьев Горбунов Галкин ' +
    'Скворцов Нестеров Цветков Логинов Рыбаков Вишневский Покровский Савицкий Коваленко Бондаренко Черных',
);

const APPROVER_POSITIONS: readonly string[] = [
  'Генеральный директор',
  'Финансовый директор',
  'Главный бухгалтер',
  'Коммерческий директор',
  'Директор по ИТ',
];

const COMMON_POSITIONS: readonly string[] = [
  'Бухгалтер',
  'Бухгалтер по расчёту зарплаты',
  'Специалист по кадрам',
  'Системный администратор',
  'Офис-менеджер',
];

// A sole trader has a handful of people: no IT department or HR.
const SOLE_TRADER_POSITIONS: readonly string[] = ['Бухгалтер', 'Менеджер'];

const INDUSTRY_POSITIONS: Record<DemoIndustry, readonly string[]> = {
  trade: ['Менеджер по закупкам', 'Менеджер по продажам', 'Заведующий складом'],
  manufacturing: ['Экономист', 'Инженер-технолог', 'Начальник склада'],
  logistics: ['Логист', 'Диспетчер', 'Начальник склада'],
  clinic: ['Администратор клиники', 'Экономист'],
  construction: ['Сметчик', 'Инженер ПТО', 'Прораб'],
  services: ['Юрист', 'Менеджер проектов'],
};

// {city} is filled in, and {n:one|few|many} becomes a number with the word in the matching plural form.
// The products named are the ones the lines and groups above support.
const NOTES: Record<DemoIndustry, readonly string[]> = {
  trade: [
    '{city}. Оптовая торговля, 1С:УТ 11 и 1С:Бухгалтерия, {n:пользователь|пользователя|пользователей}. Выгрузка на маркетплейсы.',
    '{city}. Розничная сеть, {n:магазин|магазина|магазинов}, 1С:Розница и 1С:УТ. Пик обращений — в инвентаризацию.',
    '{city}. Дистрибуция, ЭДО с поставщиками, 1С:УТ 11. Закупки просят отвечать до обеда.',
  ],
  manufacturing: [
    '{city}. Производство, 1С:ERP 2.5, {n:пользователь|пользователя|пользователей}. Закрытие месяца — с экспертами.',
    '{city}. Выпуск продукции и склад в 1С:УТ, учёт в 1С:Бухгалтерии КОРП, два юрлица.',
    '{city}. Серийное производство, 1С:ERP и 1С:ЗУП, три смены. Сервер 1С у клиента.',
  ],
  logistics: [
    '{city}. Грузоперевозки, в автопарке {n:машина|машины|машин}, 1С:Бухгалтерия, путевые листы в 1С.',
    '{city}. Складская логистика, ответственное хранение; ночной обмен с WMS, сбои — срочно.',
  ],
  clinic: [
    '{city}. Медицинский центр, {n:врач|врача|врачей}, 1С:Медицина; кадры и зарплата в 1С:ЗУП.',
    '{city}. Клиника с филиалами, 1С:Бухгалтерия и 1С:ЗУП; запись пациентов во внешней МИС.',
  ],
  construction: [
    '{city}. Генподряд, 1С:Бухгалтерия и 1С:ЗУП, {n:пользователь|пользователя|пользователей}; вахта — сложные табели.',
    '{city}. Жилое строительство, 1С:ERP Управление строительной организацией, сметы отдельно.',
  ],
  services: [
    '{city}. Консалтинг, 1С:Бухгалтерия и 1С:ЗУП, {n:пользователь|пользователя|пользователей}; просят помочь с сервером.',
    '{city}. Услуги, 1С:Бухгалтерия; вопросы по отчётности и ЭДО.',
  ],
};

const SOLE_TRADER_NOTES: Record<DemoIndustry, string> = {
  trade: '{city}. ИП на УСН, {n:магазин|магазина|магазинов} у дома; 1С:Розница, отчётность в 1С:Бухгалтерии.',
  manufacturing:
    '{city}. ИП, небольшое производство; 1С:Бухгалтерия, в штате {n:сотрудник|сотрудника|сотрудников}.',
  logistics: '{city}. ИП, грузоперевозки, {n:машина|машины|машин}; путевые листы и бухгалтерия в 1С.',
  clinic: '{city}. ИП, массажный кабинет; 1С:Бухгалтерия базовая, касса онлайн.',
  construction:
    '{city}. ИП, ремонт и отделка квартир; 1С:Бухгалтерия, в штате {n:сотрудник|сотрудника|сотрудников}.',
  services: '{city}. ИП на патенте, бытовые услуги; 1С:Бухгалтерия базовая, ЭДО.',
};

const MOBILE_CODES = words(
  '900 903 905 906 909 912 913 915 916 917 919 921 922 925 926 927 950 951 953 960 961 977 981 983 985 ' +
    '999',
);

// --- Client generation --------------------------------------------------------------------------------------

// Simplified passport-style transliteration, as people write it in their e-mail addresses.
const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

const transliterate = (text: string): string =>
  [...text.toLowerCase()].map((char) => LATIN[char] ?? (/[a-z0-9-]/.test(char) ? char : '')).join('');

const feminineSurname = (surname: string): string => {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) {
    return `${surname}а`;
  }
  if (/(ский|цкий)$/.test(surname)) {
    return `${surname.slice(0, -2)}ая`;
  }
  return surname;
};

type Person = { surname: string; firstName: string; fullName: string };

const drawPerson = (rng: Rng): Person => {
  const father = pick(rng, MALE_NAMES);
  const surname = pick(rng, SURNAMES);
  if (rng() < 0.55) {
    const firstName = pick(rng, FEMALE_NAMES);
    return {
      surname: feminineSurname(surname),
      firstName,
      fullName: `${feminineSurname(surname)} ${firstName} ${father[2]}`,
    };
  }
  const [firstName] = pick(rng, MALE_NAMES);
  return { surname, firstName, fullName: `${surname} ${firstName} ${father[1]}` };
};

const drawPhone = (rng: Rng, city: City): string => {
  const code = rng() < 0.5 ? pick(rng, city.areaCodes) : pick(rng, MOBILE_CODES);
  // Local numbers do not start with 0 or 1 (those begin service and long-distance codes).
  return `+7${code}${intBetween(rng, 2, 9)}${digits(rng, 9 - code.length)}`;
};

const drawInn = (rng: Rng, city: City, form: DemoLegalForm, taken: Set<string>): string => {
  for (;;) {
    // A company's record number has 5 digits, a person's 6 (ММВ-7-6/435@); never all zeros.
    const record =
      form === 'ИП'
        ? intBetween(rng, 1, 999_999).toString().padStart(6, '0')
        : intBetween(rng, 1, 99_999).toString().padStart(5, '0');
    const body = pick(rng, city.taxOffices) + record;
    const inn = body + innCheckDigits(body);
    if (!taken.has(inn)) {
      taken.add(inn);
      return inn;
    }
  }
};

// Russian counts agree with the number: 1, 21 магазин; 2–4, 22 магазина; 5–20, 25 магазинов.
const pluralize = (n: number, one: string, few: string, many: string): string => {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) {
    return many;
  }
  if (units === 1) {
    return one;
  }
  return units >= 2 && units <= 4 ? few : many;
};

const fillNote = (template: string, city: CityName, n: number): string =>
  template
    .replace('{city}', city)
    .replace(
      /\{n:([^|}]+)\|([^|}]+)\|([^}]+)\}/,
      (_match, one: string, few: string, many: string) => `${n} ${pluralize(n, one, few, many)}`,
    );

type Taken = { inns: Set<string>; emails: Set<string>; domains: Set<string> };

const buildClient = (seed: number, spec: ClientSpec, index: number, taken: Taken): DemoClient => {
  const key = `client-${String(index + 1).padStart(2, '0')}`;
  const city = CITIES[spec.city];
  const rng = streamFor(seed, `${key}:people`);
  const inn = drawInn(streamFor(seed, `${key}:inn`), city, spec.form, taken.inns);

  let name: string;
  let domain: string;
  let owner: Person | null = null;
  let notes: string;
  if (spec.form === 'ИП') {
    owner = drawPerson(rng);
    name = `ИП ${owner.fullName}`;
    domain = `ip-${transliterate(owner.surname)}`;
    // Two sole traders may share a surname; their mail domains may not.
    for (let n = 2; taken.domains.has(domain); n += 1) {
      domain = `ip-${transliterate(owner.surname)}-${n}`;
    }
    notes = fillNote(SOLE_TRADER_NOTES[spec.industry], spec.city, intBetween(rng, 2, 5));
  } else {
    name = `${spec.form} «${spec.title}»`;
    domain = spec.domain;
    notes = fillNote(pick(rng, NOTES[spec.industry]), spec.city, intBetween(rng, 8, 60));
  }
  taken.domains.add(domain);
  // .test is reserved (RFC 2606): mail the demo sends can never reach a real company.
  domain = `${domain}.test`;

  const contacts: DemoContact[] = [];
  if (key === DEMO_CLIENT_KEY) {
    for (const contact of FIRST_CLIENT_CONTACTS) {
      contacts.push({ ...contact, key: `${key}/contact-${contacts.length + 1}`, password: DEMO_PASSWORD });
      taken.emails.add(contact.email);
    }
  } else {
    const count = spec.form === 'ИП' ? intBetween(rng, 1, 2) : intBetween(rng, 1, 3);
    const positions =
      owner === null ? [...COMMON_POSITIONS, ...INDUSTRY_POSITIONS[spec.industry]] : SOLE_TRADER_POSITIONS;
    while (contacts.length < count) {
      const isApprover = contacts.length === 0;
      // The owner of an ИП is the one who approves estimates and pays.
      const person = isApprover && owner !== null ? owner : drawPerson(rng);
      const email = `${transliterate(person.firstName)}.${transliterate(person.surname)}@${domain}`;
      if (taken.emails.has(email)) {
        continue;
      }
      taken.emails.add(email);
      let position: string;
      if (isApprover) {
        position = owner === null ? pick(rng, APPROVER_POSITIONS) : 'Индивидуальный предприниматель';
      } else {
        const used = new Set(contacts.map((contact) => contact.position));
        position = pick(
          rng,
          positions.filter((candidate) => !used.has(candidate)),
        );
      }
      contacts.push({
        key: `${key}/contact-${contacts.length + 1}`,
        email,
        password: DEMO_PASSWORD,
        name: person.fullName,
        position,
        phone: drawPhone(rng, city),
        role: isApprover ? 'client_approver' : 'client_user',
      });
    }
  }

  return {
    key,
    name,
    legalForm: spec.form,
    inn,
    // KPP = tax office + reason 01 (registered at its own address) + 001 (the first such registration).
    kpp: spec.form === 'ИП' ? null : `${inn.slice(0, 4)}01001`,
    timeZone: city.timeZone,
    industry: spec.industry,
    notes,
    contacts,
  };
};

/** Builds the whole demo company; the same seed always gives the same result, with fresh objects. */
export const generateDemoCompany = (seed: number = DEMO_SEED): DemoCompany => {
  const taken: Taken = {
    inns: new Set(),
    emails: new Set(STAFF.map((member) => `${member.login}@demo.test`)),
    domains: new Set(['demo']),
  };
  return {
    name: 'Заявка Сервис',
    lines: LINES.map((line) => ({ ...line })),
    groups: GROUPS.map((group) => ({ ...group })),
    staff: STAFF.map(({ login, lineCodes, groupCodes, ...member }) => ({
      ...member,
      key: login,
      email: `${login}@demo.test`,
      password: DEMO_PASSWORD,
      lineCodes: [...lineCodes],
      groupCodes: [...groupCodes],
    })),
    clients: CLIENTS.map((spec, index) => buildClient(seed, spec, index, taken)),
  };
};
