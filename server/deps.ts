import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db, Engine, Listen } from './db/client.ts';

/** What every feature's routes and services receive: no module reaches for globals. */
/** `listen` hears the database's notifications (the change feed of requests, see modules/live). */
export type AppDeps = { db: Db; engine: Engine; listen: Listen; clock: Clock; config: Config };
