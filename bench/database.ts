// A fresh, migrated database for one benchmark run: on DATABASE_URL's server when given (a
// superuser URL), else on an embedded PostgreSQL in a temporary directory.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { quoteIdentifier, withDatabase } from '../src/db/connection-url.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { migrateLatest } from '../src/db/migrate.js';
import { freePort } from '../test/support/ports.js';

export interface BenchDatabase {
  url: string;
  serverVersion: string;
  close(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const name = `xf_bench_${Date.now()}`;
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'xf-bench-'));
    // PostgreSQL runs as its own OS user when we are root: it must be able to enter the directory.
    await chmod(dataDir, 0o755);
    const server = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      logger: pino({ level: 'warn' }),
    });
    serverUrl = server.url;
    stopServer = () => server.stop();
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
  await admin.end();
  const url = withDatabase(serverUrl, name);
  await migrateLatest(url);
  return {
    url,
    serverVersion: rows[0]!.server_version,
    async close() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      await client.end();
      await stopServer?.();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
