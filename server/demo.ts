import { seedDemoCompany } from './demo/seed.ts';
import { seedDemoTickets } from './demo/tickets.ts';
import { seedDemoContracts } from './demo/contracts.ts';
import { seedDemoServices } from './demo/services.ts';
import { startServer } from './main.ts';

// `npm run demo`: the same server as `npm start`, after loading the demo company (idempotently).
startServer({
  seed: async (deps) => {
    const report = await seedDemoCompany(deps.db);
    await seedDemoServices(deps.db);
    const contracts = await seedDemoContracts(deps.db, deps.clock.now());
    if (contracts) {
      console.log(`Demo contracts opened: ${contracts}, with six months of ledger history.`);
    }
    const tickets = await seedDemoTickets(deps.db, deps.clock.now());
    if (tickets) {
      console.log(`Demo requests loaded: ${tickets}, in every status of the lifecycle.`);
      // The demo's history happened before anyone was listening: no channel (mail, a webhook, a bot)
      // hears it. The worker starts after the seed, so none of these fan-outs has run.
      await deps.db
        .deleteFrom('jobs')
        .where('kind', '=', 'ticket-event')
        .where('state', '=', 'pending')
        .where('attempts', '=', 0)
        .execute();
    }
    console.log(
      report.users || report.clients
        ? `Demo company loaded: ${report.clients} clients and ${report.users} people added. Password for every demo account: demo`
        : 'Demo company already loaded. Password for every demo account: demo',
    );
  },
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
