import { describe, it, expect } from 'vitest';
import { validateInn } from '#common/inn.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_CLIENT_KEY,
  DEMO_PASSWORD,
  DEMO_SEED,
  createRng,
  generateDemoCompany,
  type DemoStaffMember,
} from './company.ts';

const company = generateDemoCompany();
const contacts = company.clients.flatMap((client) => client.contacts);
const people = [...company.staff, ...contacts];

const staffByEmail = (email: string): DemoStaffMember => {
  const member = company.staff.find((candidate) => candidate.email === email);
  if (member === undefined) {
    throw new Error(`no staff member ${email}`);
  }
  return member;
};

describe('createRng', () => {
  it('repeats its sequence for the same seed and stays in [0, 1)', () => {
    const a = createRng(42);
    const b = createRng(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});

describe('generateDemoCompany', () => {
  it('gives the same company for the same seed, and the default seed by default', () => {
    expect(generateDemoCompany(DEMO_SEED)).toEqual(company);
    expect(generateDemoCompany(7)).toEqual(generateDemoCompany(7));
  });

  it('draws other people and INNs from another seed, but keeps the fixed accounts', () => {
    const other = generateDemoCompany(DEMO_SEED + 1);
    expect(other.clients.map((client) => client.inn)).not.toEqual(
      company.clients.map((client) => client.inn),
    );
    expect(other.staff).toEqual(company.staff);
    expect(other.clients[0]?.contacts.map((contact) => contact.email)).toContain(DEMO_ACCOUNTS.client);
  });

  it('returns fresh objects, so a caller may mutate them', () => {
    const copy = generateDemoCompany();
    copy.lines.pop();
    copy.staff[0]?.lineCodes.push('L1');
    expect(generateDemoCompany()).toEqual(company);
  });

  it('is the company «Заявка Сервис» with lines L1, L2 and EXP', () => {
    expect(company.name).toBe('Заявка Сервис');
    expect(company.lines).toEqual([
      { code: 'L1', name: 'Первая линия', level: 1 },
      { code: 'L2', name: 'Вторая линия', level: 2 },
      { code: 'EXP', name: 'Эксперты', level: 3 },
    ]);
  });

  it('binds every group to an existing line', () => {
    const lineCodes = new Set(company.lines.map((line) => line.code));
    expect(company.groups.map((group) => group.name)).toEqual(
      expect.arrayContaining(['1С:Бухгалтерия', '1С:ЗУП', '1С:УТ/ERP', 'Инфраструктура']),
    );
    for (const group of company.groups) {
      expect(lineCodes.has(group.lineCode)).toBe(true);
    }
  });

  it('has ten agents, each in a line and only in groups of his lines', () => {
    const agents = company.staff.filter((member) => member.role === 'agent');
    expect(agents).toHaveLength(10);
    for (const agent of agents) {
      expect(agent.email).toMatch(/@demo\.test$/);
      expect(agent.lineCodes.length).toBeGreaterThan(0);
      for (const groupCode of agent.groupCodes) {
        const group = company.groups.find((candidate) => candidate.code === groupCode);
        expect(agent.lineCodes).toContain(group?.lineCode);
      }
    }
    const lines = new Set(agents.flatMap((agent) => agent.lineCodes));
    const groups = new Set(agents.flatMap((agent) => agent.groupCodes));
    expect([...lines].sort()).toEqual(['EXP', 'L1', 'L2']);
    expect(groups.size).toBe(company.groups.length);
  });

  it.each([
    [DEMO_ACCOUNTS.admin, 'admin'],
    [DEMO_ACCOUNTS.dispatcher, 'dispatcher'],
    [DEMO_ACCOUNTS.agent1, 'agent'],
    [DEMO_ACCOUNTS.agent2, 'agent'],
    [DEMO_ACCOUNTS.employee, 'employee'],
  ])('has %s as %s', (email, role) => {
    expect(staffByEmail(email).role).toBe(role);
  });

  it('puts agent1 on the first line only and agent2 on the second line only', () => {
    expect(staffByEmail(DEMO_ACCOUNTS.agent1).lineCodes).toEqual(['L1']);
    expect(staffByEmail(DEMO_ACCOUNTS.agent2).lineCodes).toEqual(['L2']);
  });

  it('makes client@ a client_user and approver@ the client_approver of the first client', () => {
    const first = company.clients[0];
    expect(first?.key).toBe(DEMO_CLIENT_KEY);
    expect(first?.name).toBe('ООО «Ромашка-Трейд»');
    const byEmail = new Map(first?.contacts.map((contact) => [contact.email, contact.role]));
    expect(byEmail.get(DEMO_ACCOUNTS.client)).toBe('client_user');
    expect(byEmail.get(DEMO_ACCOUNTS.approver)).toBe('client_approver');
  });

  it('gives every person the password demo and a unique e-mail and key', () => {
    expect(people.every((person) => person.password === DEMO_PASSWORD)).toBe(true);
    expect(DEMO_PASSWORD).toBe('demo');
    const emails = people.map((person) => person.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((email) => /^[a-z0-9.-]+@[a-z0-9-]+\.test$/.test(email))).toBe(true);
    const keys = [...people, ...company.clients].map((item) => item.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has forty clients with keys client-01 … client-40', () => {
    expect(company.clients.map((client) => client.key)).toEqual(
      Array.from({ length: 40 }, (_, i) => `client-${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('gives every client a valid, unique INN of its legal form, and a KPP only to companies', () => {
    for (const client of company.clients) {
      const kind = client.legalForm === 'ИП' ? 'individual' : 'company';
      expect(validateInn(client.inn), `${client.key} ${client.inn}`).toEqual({ ok: true, kind });
      if (client.legalForm === 'ИП') {
        expect(client.kpp).toBeNull();
        expect(client.name).toMatch(/^ИП [А-ЯЁ]/);
      } else {
        expect(client.kpp).toMatch(/^[0-9]{9}$/);
        expect(client.kpp?.slice(0, 4)).toBe(client.inn.slice(0, 4));
        expect(client.name.startsWith(`${client.legalForm} «`)).toBe(true);
      }
    }
    const inns = company.clients.map((client) => client.inn);
    expect(new Set(inns).size).toBe(inns.length);
    expect(new Set(company.clients.map((client) => client.legalForm))).toEqual(new Set(['ООО', 'АО', 'ИП']));
  });

  it('keeps INNs valid and unique under other seeds', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const inns = generateDemoCompany(seed).clients.map((client) => client.inn);
      expect(inns.every((inn) => validateInn(inn).ok)).toBe(true);
      expect(new Set(inns).size).toBe(inns.length);
    }
  });

  it('places most clients in Moscow time and the rest in the other zones', () => {
    const zones = company.clients.map((client) => client.timeZone);
    const moscow = zones.filter((zone) => zone === 'Europe/Moscow').length;
    expect(moscow).toBeGreaterThan(zones.length / 2);
    expect(new Set(zones)).toEqual(
      new Set([
        'Europe/Moscow',
        'Asia/Yekaterinburg',
        'Asia/Novosibirsk',
        'Europe/Samara',
        'Asia/Vladivostok',
      ]),
    );
  });

  it('gives every client notes and 1–3 contacts with exactly one approver and a +7 phone', () => {
    for (const client of company.clients) {
      expect(client.notes.length).toBeGreaterThan(10);
      expect(client.notes).not.toMatch(/[{}]/);
      expect(client.contacts.length).toBeGreaterThanOrEqual(1);
      expect(client.contacts.length).toBeLessThanOrEqual(3);
      expect(client.contacts.filter((contact) => contact.role === 'client_approver')).toHaveLength(1);
      for (const contact of client.contacts) {
        expect(contact.phone).toMatch(/^\+7[0-9]{10}$/);
        expect(contact.name.split(' ')).toHaveLength(3);
      }
    }
  });

  it('derives contact e-mail domains from the company, except the fixed demo accounts', () => {
    const fixed = new Set<string>(Object.values(DEMO_ACCOUNTS));
    const domainsByClient = company.clients.map(
      (client) =>
        new Set(
          client.contacts
            .filter((contact) => !fixed.has(contact.email))
            .map((contact) => contact.email.split('@')[1]),
        ),
    );
    for (const domains of domainsByClient) {
      expect(domains.size).toBeLessThanOrEqual(1);
    }
    const all = domainsByClient.flatMap((domains) => [...domains]);
    expect(new Set(all).size).toBe(all.length);
  });
});
