// Builds what the API needs from the launcher's parts: the database pool, the one Camunda client,
// the data key and engine time.
import type { Camunda8 } from '@camunda8/sdk';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DataKey } from '../../domain/petitioners/index.js';
import { EngineDispatcher, type EngineDispatcherOptions } from '../engine/dispatcher.js';
import { engineRestClient } from '../engine/rest.js';
import type { ApiDeps } from './deps.js';

export interface CreateApiOptions {
  db: pg.Pool;
  camunda: Camunda8;
  dataKey: DataKey;
  /** Engine time (epoch ms). Default: the system clock. */
  engineNow?: () => Promise<number>;
  clock?: () => Date;
  logger: Logger;
  /** Dispatcher tuning (tests shorten the back-off). */
  dispatcher?: Partial<Pick<EngineDispatcherOptions, 'backoff' | 'claimMs' | 'pollIntervalMs' | 'batchSize'>>;
}

/** The API's dependencies; the caller starts and stops `dispatcher` (the retry loop). */
export function createApiDeps(options: CreateApiOptions): ApiDeps {
  const engine = engineRestClient(options.camunda);
  const engineNow = options.engineNow ?? (() => Promise.resolve(Date.now()));
  const clock = options.clock ?? (() => new Date());
  const dispatcher = new EngineDispatcher({
    db: options.db,
    engine,
    engineNow,
    clock,
    logger: options.logger.child({ part: 'process-start' }),
    ...options.dispatcher,
  });
  return {
    db: options.db,
    engine,
    dispatcher,
    dataKey: options.dataKey,
    engineNow,
    clock,
    logger: options.logger,
  };
}
