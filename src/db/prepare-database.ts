// The database every entry point needs: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR;
// migrated to the latest schema either way.
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { Lifecycle } from '../lib/lifecycle.js';
import { componentLogger } from '../logger.js';
import { redactUrl } from './connection-url.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrateLatest } from './migrate.js';

export async function prepareDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'embeddedPgPort'>,
  rootLogger: Logger,
  lifecycle: Lifecycle,
): Promise<string> {
  const logger = componentLogger(rootLogger, 'db');
  let url = config.databaseUrl;
  if (url === undefined) {
    const server = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      logger: componentLogger(rootLogger, 'postgres'),
    });
    lifecycle.add('embedded PostgreSQL', () => server.stop());
    url = server.url;
  }
  const applied = await migrateLatest(url);
  logger.info(
    { database: redactUrl(url), applied },
    applied.length === 0 ? 'database schema is up to date' : `applied ${applied.length} migration(s)`,
  );
  return url;
}
