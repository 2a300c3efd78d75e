// People and companies of the generated desk: Russian names, company names, valid INNs, e-mail addresses.
// The demo company's pools (server/demo/company.ts) are private to it and sized for forty clients; the
// bench needs four hundred, so it keeps its own, in the same style.
import { innCheckDigits } from '#common/inn.ts';
import type { Rng } from '#server/demo/company.ts';

export const pick = <T>(rng: Rng, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) {
    throw new Error('pick() from an empty list');
  }
  return item;
};

export const intBetween = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

const words = (text: string): readonly string[] => text.split(' ');

// [name, patronymic of his son, patronymic of his daughter]
const MALE: readonly (readonly [string, string, string])[] = [
  ['Александр', 'Александрович', 'Александровна'],
  ['Алексей', 'Алексеевич', 'Алексеевна'],
  ['Андрей', 'Андреевич', 'Андреевна'],
  ['Антон', 'Антонович', 'Антоновна'],
  ['Артём', 'Артёмович', 'Артёмовна'],
  ['Борис', 'Борисович', 'Борисовна'],
  ['Вадим', 'Вадимович', 'Вадимовна'],
  ['Виктор', 'Викторович', 'Викторовна'],
  ['Владимир', 'Владимирович', 'Владимировна'],
  ['Григорий', 'Григорьевич', 'Григорьевна'],
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
  ['Пётр', 'Петрович', 'Петровна'],
  ['Роман', 'Романович', 'Романовна'],
  ['Сергей', 'Сергеевич', 'Сергеевна'],
  ['Станислав', 'Станиславович', 'Станиславовна'],
  ['Юрий', 'Юрьевич', 'Юрьевна'],
];

const FEMALE = words(
  'Анна Алина Валентина Вера Виктория Галина Дарья Евгения Екатерина Елена Ирина Ксения Людмила Марина ' +
    'Мария Надежда Наталья Ольга Полина Светлана Татьяна Юлия Оксана Лариса Софья',
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

const feminine = (surname: string): string => {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) {
    return `${surname}а`;
  }
  if (/(ский|цкий)$/.test(surname)) {
    return `${surname.slice(0, -2)}ая`;
  }
  return surname;
};

export type Person = { surname: string; firstName: string; fullName: string };

export const drawPerson = (rng: Rng): Person => {
  const father = pick(rng, MALE);
  const surname = pick(rng, SURNAMES);
  if (rng() < 0.55) {
    const firstName = pick(rng, FEMALE);
    return {
      surname: feminine(surname),
      firstName,
      fullName: `${feminine(surname)} ${firstName} ${father[2]}`,
    };
  }
  const [firstName] = pick(rng, MALE);
  return { surname, firstName, fullName: `${surname} ${firstName} ${father[1]}` };
};

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

/** Passport-style transliteration, as people spell their names in e-mail addresses. */
export const transliterate = (text: string): string =>
  [...text.toLowerCase()].map((char) => LATIN[char] ?? (/[a-z0-9-]/.test(char) ? char : '')).join('');

export type City = { name: string; timeZone: string; taxOffices: readonly string[]; areaCode: string };

// Tax office codes (the first four digits of an INN: region + office) of each city.
export const CITIES: readonly City[] = [
  {
    name: 'Москва',
    timeZone: 'Europe/Moscow',
    taxOffices: words('7701 7703 7705 7709 7713 7715 7719 7722 7725 7728 7730 7734 7743'),
    areaCode: '495',
  },
  {
    name: 'Санкт-Петербург',
    timeZone: 'Europe/Moscow',
    taxOffices: words('7801 7802 7804 7805 7810 7813 7816 7825 7838 7842'),
    areaCode: '812',
  },
  {
    name: 'Подмосковье',
    timeZone: 'Europe/Moscow',
    taxOffices: words('5029 5036 5047 5074'),
    areaCode: '498',
  },
  { name: 'Казань', timeZone: 'Europe/Moscow', taxOffices: words('1655 1656 1657 1659'), areaCode: '843' },
  {
    name: 'Нижний Новгород',
    timeZone: 'Europe/Moscow',
    taxOffices: words('5256 5257 5258 5260 5262'),
    areaCode: '831',
  },
  {
    name: 'Самара',
    timeZone: 'Europe/Samara',
    taxOffices: words('6311 6312 6315 6316 6318'),
    areaCode: '846',
  },
  {
    name: 'Екатеринбург',
    timeZone: 'Asia/Yekaterinburg',
    taxOffices: words('6658 6659 6660 6661 6670 6671'),
    areaCode: '343',
  },
  {
    name: 'Челябинск',
    timeZone: 'Asia/Yekaterinburg',
    taxOffices: words('7447 7448 7449 7451 7453'),
    areaCode: '351',
  },
  {
    name: 'Новосибирск',
    timeZone: 'Asia/Novosibirsk',
    taxOffices: words('5401 5402 5403 5405 5406 5410'),
    areaCode: '383',
  },
  {
    name: 'Владивосток',
    timeZone: 'Asia/Vladivostok',
    taxOffices: words('2536 2537 2538 2540 2543'),
    areaCode: '423',
  },
];
// Most clients of a franchisee sit in its own city.
const CITY_WEIGHTS = [40, 12, 12, 6, 6, 5, 7, 4, 5, 3];

export const drawCity = (rng: Rng): City => {
  const total = CITY_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  let left = rng() * total;
  for (let i = 0; i < CITIES.length; i += 1) {
    left -= CITY_WEIGHTS[i] ?? 0;
    if (left < 0) {
      return CITIES[i] ?? pick(rng, CITIES);
    }
  }
  return pick(rng, CITIES);
};

/** A checksum-valid INN not yet in `taken`: 10 digits for a company, 12 for a sole trader. */
export const drawInn = (rng: Rng, city: City, soleTrader: boolean, taken: Set<string>): string => {
  for (;;) {
    // A company's record number has 5 digits, a person's 6 (ММВ-7-6/435@); never all zeros.
    const record = soleTrader
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

export const drawPhone = (rng: Rng, city: City): string => {
  const code = rng() < 0.5 ? city.areaCode : pick(rng, words('903 905 915 916 921 925 926 977 985 999'));
  let rest = String(intBetween(rng, 2, 9));
  while (rest.length < 10 - code.length) {
    rest += String(Math.floor(rng() * 10));
  }
  return `+7${code}${rest}`;
};

const NAME_STARTS = words(
  'Техно Строй Агро Мед Транс Урал Сиб Волга Нева Балт Пром Энерго Гео Эко Авто Фарм Инвест Альфа Вектор ' +
    'Север Дон Ока Кама Алтай Рус Триумф Гранд Профи Кредо Стандарт Меридиан Магистраль Орион Лидер',
);
const NAME_ENDS = words(
  'Снаб Сервис Трейд Логистик Комплект Маркет Проект Монтаж Групп Торг Холдинг Дистрибуция Систем Ресурс ' +
    'Строй Пласт Металл Продукт Мебель Оптика Клиника',
);
const DESCRIPTIVE = [
  'Торговый дом «{name}»',
  'Завод «{name}»',
  'Клиника «{name}»',
  'Фабрика «{name}»',
  'Группа компаний «{name}»',
];

export type CompanyName = { name: string; soleTrader: boolean; domain: string; owner: Person | null };

/** A company name unique within `taken`; about one client in seven is a sole trader named after its owner. */
export const drawCompany = (rng: Rng, taken: Set<string>): CompanyName => {
  for (;;) {
    if (rng() < 0.14) {
      const owner = drawPerson(rng);
      const name = `ИП ${owner.fullName}`;
      const domain = `ip-${transliterate(owner.surname)}`;
      if (!taken.has(name) && !taken.has(domain)) {
        taken.add(name);
        taken.add(domain);
        return { name, soleTrader: true, domain, owner };
      }
      continue;
    }
    const core = pick(rng, NAME_STARTS) + pick(rng, NAME_ENDS).toLowerCase();
    const form = rng() < 0.85 ? 'ООО' : 'АО';
    const styled = rng() < 0.15 ? pick(rng, DESCRIPTIVE).replace('{name}', core) : `«${core}»`;
    const name = `${form} ${styled}`;
    const domain = transliterate(core);
    if (!taken.has(name) && !taken.has(domain)) {
      taken.add(name);
      taken.add(domain);
      return { name, soleTrader: false, domain, owner: null };
    }
  }
};
