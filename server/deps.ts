import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db, Engine } from './db/client.ts';

/** What every feature's routes and services receive: no module reaches for globals. */
export type AppDeps = { db: Db; engine: Engine; clock: Clock; config: Config };
