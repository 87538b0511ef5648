// Schema migrations: TypeScript modules in migrations/, applied in file-name order. Each exports
// up(knex) and down(knex) and runs in its own transaction. knex's bookkeeping tables
// (knex_migrations, knex_migrations_lock) live in schema public.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// knex is CommonJS: under Node's ESM loader only its default export exists.
import createKnex, { type Knex } from 'knex';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const MIGRATION_FILE = /^\d{14}_[\w-]+\.ts$/;

/** Lists migrations/*.ts by name and loads them with import(), so they run under tsx as written. */
export function migrationSource(directory = MIGRATIONS_DIR): Knex.MigrationSource<string> {
  return {
    async getMigrations() {
      const files = await fs.readdir(directory);
      return files.filter((file) => MIGRATION_FILE.test(file)).sort();
    },
    getMigrationName: (file) => file,
    async getMigration(file) {
      const module = (await import(
        pathToFileURL(path.join(directory, file)).href
      )) as Partial<Knex.Migration>;
      if (typeof module.up !== 'function' || typeof module.down !== 'function') {
        throw new Error(`Migration ${file} must export both up(knex) and down(knex)`);
      }
      return { up: module.up, down: module.down };
    },
  };
}

function migratorConfig(directory?: string): Knex.MigratorConfig {
  return {
    migrationSource: migrationSource(directory),
    tableName: 'knex_migrations',
    schemaName: 'public',
  };
}

/** Applies every pending migration; returns the names applied (empty when up to date). */
export async function migrateLatest(databaseUrl: string, directory?: string): Promise<string[]> {
  return withKnex(databaseUrl, async (db) => {
    const [, applied] = (await db.migrate.latest(migratorConfig(directory))) as [number, string[]];
    return applied;
  });
}

/** Undoes every applied migration, newest first; returns the names undone. */
export async function migrateRollbackAll(databaseUrl: string, directory?: string): Promise<string[]> {
  return withKnex(databaseUrl, async (db) => {
    const [, undone] = (await db.migrate.rollback(migratorConfig(directory), true)) as [number, string[]];
    return undone;
  });
}

async function withKnex<T>(databaseUrl: string, work: (db: Knex) => Promise<T>): Promise<T> {
  const db = createKnex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
