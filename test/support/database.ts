// One database per test file, cloned from the migrated template in a few milliseconds:
//
//   let db: TestDatabase;
//   before(async () => (db = await createTestDatabase()));
//   after(() => db.drop());
import pg from 'pg';
import { quoteIdentifier, withDatabase } from '../../src/db/connection-url.js';
import { createPool } from '../../src/db/pool.js';
import { TEMPLATE_DATABASE, testServerUrl } from './test-server.js';

export interface TestDatabase {
  /** Superuser URL of the new database. */
  url: string;
  pool: pg.Pool;
  /** Closes the pool and drops the database, even if connections are still open. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** false: an empty database (template0), without any migration. Default true. */
  migrated?: boolean;
}

let created = 0;

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  // The pid keeps names apart when several processes share one server.
  const name = `xf_test_${process.pid}_${++created}`;
  const template = options.migrated === false ? 'template0' : TEMPLATE_DATABASE;
  await adminQuery(
    serverUrl,
    `CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`,
  );
  const url = withDatabase(serverUrl, name);
  // The forced drop ends connections still checked out by code under test: absorbed, as in the app.
  const pool = createPool({ connectionString: url, max: 5 });
  let dropped = false;
  return {
    url,
    pool,
    // A closure, not a method: tests hand `drop` around on its own.
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await pool.end();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    },
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
