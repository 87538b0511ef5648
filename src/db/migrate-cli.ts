// `npm run migrate`: brings the configured database (DATABASE_URL, or the embedded PostgreSQL
// under DATA_DIR) to the latest schema, then exits.
import { ConfigError, loadConfig } from '../config/index.js';
import { toError } from '../lib/errors.js';
import { Lifecycle } from '../lib/lifecycle.js';
import { componentLogger, createLogger } from '../logger.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { prepareDatabase } from './prepare-database.js';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const rootLogger = createLogger(config);
  const logger = componentLogger(rootLogger, 'migrate');
  const lifecycle = new Lifecycle(logger);
  let code = 0;
  try {
    if (config.databaseUrl === undefined) {
      const lock = await acquireDataDirLock(config.dataDir);
      lifecycle.add('data directory lock', () => lock.release());
    }
    await prepareDatabase(config, rootLogger, lifecycle);
  } catch (error: unknown) {
    logger.fatal({ err: toError(error) }, 'migration failed');
    code = 1;
  }
  return (await lifecycle.stopAll()) ? code : 1;
}

process.exitCode = await main();
