// What the API's use cases work with.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DataKey } from '../../domain/petitioners/index.js';
import type { EngineDispatcher } from '../engine/dispatcher.js';
import type { EngineRestClient } from '../engine/rest.js';

export interface ApiDeps {
  db: pg.Pool;
  /** The Camunda 8 REST client (embedded engine or cluster). */
  engine: EngineRestClient;
  /** Starts petition processes and publishes messages, with retries. */
  dispatcher: EngineDispatcher;
  /** Encrypts petitioners' identity fields. */
  dataKey: DataKey;
  /** Engine time (epoch ms): registrations, deadlines and the timeline follow the engine's clock. */
  engineNow: () => Promise<number>;
  /** System time: sessions. */
  clock: () => Date;
  logger: Logger;
}
