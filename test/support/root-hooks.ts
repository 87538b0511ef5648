// Global setup for the whole mocha run: ONE PostgreSQL server, and on it a template database
// with every migration applied once. Test files clone the template (test/support/database.ts).
//
// The server is an embedded PostgreSQL in a temporary directory on a free port, or, when
// TEST_DATABASE_URL is set (a superuser URL), that existing server. TEST_LOG_LEVEL (default
// silent) shows the embedded server's log.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { quoteIdentifier, withDatabase } from '../../src/db/connection-url.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { migrateLatest } from '../../src/db/migrate.js';
import { freePort } from './ports.js';
import { SERVER_URL_VARIABLE, TEMPLATE_DATABASE } from './test-server.js';

let embedded: { server: EmbeddedPostgres; dir: string } | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL?.trim();
  if (serverUrl === undefined || serverUrl === '') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xinfang-test-pg-'));
    // mkdtemp makes it private to us; when we are root, PostgreSQL runs as another user.
    await fs.chmod(dir, 0o755);
    const level = process.env.TEST_LOG_LEVEL ?? 'silent';
    const server = await startEmbeddedPostgres({
      dataDir: dir,
      port: await freePort(),
      database: 'postgres',
      durability: 'none',
      logger: pino({ level }),
    });
    embedded = { server, dir };
    serverUrl = server.url;
  }
  process.env[SERVER_URL_VARIABLE] = serverUrl;

  try {
    await dropDatabase(serverUrl, TEMPLATE_DATABASE); // left over from an interrupted run
    await adminQuery(serverUrl, `CREATE DATABASE ${quoteIdentifier(TEMPLATE_DATABASE)}`);
    await migrateLatest(withDatabase(serverUrl, TEMPLATE_DATABASE));
  } catch (error: unknown) {
    // mocha skips the teardown when the setup fails.
    await mochaGlobalTeardown();
    throw error;
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  const serverUrl = process.env[SERVER_URL_VARIABLE];
  try {
    if (serverUrl !== undefined && embedded === undefined) {
      // A shared server: leave it as we found it.
      const leftovers = await adminQuery(
        serverUrl,
        "SELECT datname FROM pg_database WHERE datname LIKE 'xf\\_test\\_%' OR datname = $1",
        [TEMPLATE_DATABASE],
      );
      for (const { datname } of leftovers.rows as { datname: string }[])
        await dropDatabase(serverUrl, datname);
    }
  } finally {
    if (embedded !== undefined) {
      await embedded.server.stop();
      await fs.rm(embedded.dir, { recursive: true, force: true });
      embedded = undefined;
    }
  }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
}

async function adminQuery(serverUrl: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
