import type { Db } from '#server/db/client.ts';
import { createManualClock } from '#server/clock.ts';
import { postEntry } from '#server/modules/contracts/service.ts';

type Kind = 'hourly' | 'subscription' | 'its';

// Each demo client gets one contract, the kinds taking turns, so every kind has its clients. ITS and
// hourly clients with prepaid packages get monthly grants, and completed requests consumed some of them.
const TERMS: Record<
  Kind,
  { hourlyRate: number | null; monthlyFee: number | null; bonus: number | null; limit: number | null }
> = {
  hourly: { hourlyRate: 2800, monthlyFee: null, bonus: null, limit: 2 },
  subscription: { hourlyRate: 2500, monthlyFee: 45_000, bonus: null, limit: 4 },
  its: { hourlyRate: 2600, monthlyFee: null, bonus: 2, limit: null },
};
const KINDS: Kind[] = ['its', 'hourly', 'subscription'];

/** Opens the demo contracts and their ledger history; idempotent by contract number and externalId. */
export async function seedDemoContracts(db: Db, now: Date = new Date()): Promise<number> {
  const clients = await db.selectFrom('clients').select(['id', 'inn']).orderBy('inn').execute();
  const firstClient = await db
    .selectFrom('users')
    .select('client_id')
    .where('email', '=', 'client@demo.test')
    .executeTakeFirst();
  const clock = createManualClock(now);
  // Contracts began half a year ago, with the first month of their ledger history.
  const startsOn = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1))
    .toISOString()
    .slice(0, 10);
  let opened = 0;
  for (const [index, client] of clients.entries()) {
    // The demo client of client@ and approver@ has an ITS contract with hours to watch.
    const kind: Kind = client.id === firstClient?.client_id ? 'its' : (KINDS[index % KINDS.length] ?? 'its');
    const terms = TERMS[kind];
    const number = `Д-${now.getUTCFullYear()}-${String(index + 1).padStart(3, '0')}`;
    const inserted = await db
      .insertInto('contracts')
      .values({
        client_id: client.id,
        number,
        kind,
        starts_on: startsOn,
        hourly_rate: terms.hourlyRate,
        monthly_fee: terms.monthlyFee,
        bonus_hours_per_month: terms.bonus,
        approval_limit_hours: terms.limit,
      })
      .onConflict((oc) => oc.columns(['client_id', 'number']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      continue;
    }
    opened += 1;
    if (kind === 'subscription') {
      continue;
    }
    for (let monthsAgo = 5; monthsAgo >= 0; monthsAgo -= 1) {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1, 9));
      clock.set(month);
      const label = month.toISOString().slice(0, 7);
      await postEntry({ db, clock }, null, inserted.id, {
        kind: 'grant',
        hours: kind === 'its' ? (terms.bonus ?? 2) : 10,
        externalId: kind === 'its' ? `ИТС-бонус-${label}` : `1С-ПКО-${label}-${index}`,
        note: kind === 'its' ? `Бонусные часы ИТС за ${label}` : `Оплата пакета часов за ${label}`,
      });
      // Months before the demo requests carry their consumption as one entry carried over from the
      // previous system; later months are consumed by the requests' own specifications.
      if (monthsAgo < 2) {
        continue;
      }
      clock.set(new Date(month.getTime() + 12 * 24 * 3600_000));
      await postEntry({ db, clock }, null, inserted.id, {
        kind: 'consume',
        hours: kind === 'its' ? -1.5 : -6.5,
        externalId: `demo-consume-${label}`,
        note: 'Работы месяца, перенесено из прежней системы учёта',
      });
    }
  }
  return opened;
}
