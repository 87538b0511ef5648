// Fresh, migrated databases for one benchmark run: on DATABASE_URL's server when given (a
// superuser URL), else on an embedded PostgreSQL in a temporary directory. Each suite takes its
// own database on the one server, so what one suite leaves behind never weighs on the next.
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
  serverVersion: string;
  /** Creates and migrates a new database on the server; `close` drops it. */
  fresh(label: string): Promise<string>;
  close(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const stamp = Date.now();
  const names: string[] = [];
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
  const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
  await admin.end();
  const server = serverUrl;
  return {
    serverVersion: rows[0]!.server_version,
    async fresh(label) {
      const name = `xf_bench_${stamp}_${label.replace(/[^a-z0-9]/gi, '_')}`;
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      } finally {
        await client.end();
      }
      names.push(name);
      const url = withDatabase(server, name);
      await migrateLatest(url);
      return url;
    },
    async close() {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      for (const name of names) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      }
      await client.end();
      await stopServer?.();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
