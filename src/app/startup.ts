// Data the app needs before it serves: the reference data (units, categories, areas, routing and
// deadline rules) at every start — a fresh install needs it and seeding is idempotent — and, for
// `npm start -- --demo`, the demo users and sample petitions.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DataKey } from '../domain/petitioners/index.js';
import { DEMO_USERS, seedDemo, seedReference } from '../domain/seed/index.js';

/** The demo users' password unless DEMO_PASSWORD says otherwise (README). */
export const DEFAULT_DEMO_PASSWORD = 'demo-2026';

export interface PrepareDataOptions {
  demo: boolean;
  /** The demo users' password (only with `demo`). */
  demoPassword?: string | undefined;
  dataKey: DataKey;
  logger: Logger;
}

export async function prepareAppData(pool: pg.Pool, options: PrepareDataOptions): Promise<void> {
  const reference = await seedReference(pool);
  const added =
    reference.units +
    reference.categories +
    reference.areas +
    reference.routingRules +
    reference.deadlineRules;
  options.logger.info({ added: reference }, added > 0 ? 'reference data added' : 'reference data up to date');
  if (!options.demo) return;

  const password = options.demoPassword?.trim() || DEFAULT_DEMO_PASSWORD;
  const result = await seedDemo(pool, { password, dataKey: options.dataKey });
  options.logger.warn(
    {
      usernames: DEMO_USERS.map((user) => user.username),
      usersCreated: result.usersCreated,
      petitionsRegistered: result.petitionsRegistered,
      passwordFrom: options.demoPassword?.trim() ? 'DEMO_PASSWORD' : 'default (see README)',
    },
    `demo mode: sign in as ${DEMO_USERS.map((user) => user.username).join(', ')}`,
  );
}
