import fs from 'node:fs/promises';
import { expect } from 'chai';
import { MIGRATIONS_DIR, migrateLatest, migrateRollbackAll, migrationSource } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

async function schemas(db: TestDatabase): Promise<string[]> {
  const result = await db.pool.query<{ nspname: string }>(
    "SELECT nspname FROM pg_namespace WHERE nspname IN ('app', 'engine') ORDER BY nspname",
  );
  return result.rows.map((row) => row.nspname);
}

async function appliedMigrations(db: TestDatabase): Promise<string[]> {
  const result = await db.pool.query<{ name: string }>('SELECT name FROM public.knex_migrations ORDER BY id');
  return result.rows.map((row) => row.name);
}

describe('migrations', () => {
  let allMigrations: string[];

  before(async () => {
    allMigrations = (await fs.readdir(MIGRATIONS_DIR)).filter((file) => file.endsWith('.ts')).sort();
  });

  it('lists every migrations/*.ts file in name order, starting with the schemas', async () => {
    const listed = await migrationSource().getMigrations([]);
    expect(listed).to.deep.equal(allMigrations);
    expect(listed[0]).to.equal('20261128000000_schemas.ts');
  });

  describe('on a fresh database', () => {
    let db: TestDatabase;
    before(async () => (db = await createTestDatabase({ migrated: false })));
    after(() => db.drop());

    it('go up, down and up again', async () => {
      expect(await schemas(db)).to.deep.equal([]);

      expect(await migrateLatest(db.url)).to.deep.equal(allMigrations);
      expect(await schemas(db)).to.deep.equal(['app', 'engine']);
      expect(await appliedMigrations(db)).to.deep.equal(allMigrations);

      expect(await migrateRollbackAll(db.url)).to.deep.equal([...allMigrations].reverse());
      expect(await schemas(db)).to.deep.equal([]);
      expect(await appliedMigrations(db)).to.deep.equal([]);

      expect(await migrateLatest(db.url)).to.deep.equal(allMigrations);
      expect(await schemas(db)).to.deep.equal(['app', 'engine']);
    });

    it('apply nothing when the schema is up to date', async () => {
      expect(await migrateLatest(db.url)).to.deep.equal([]);
    });
  });

  describe('a database cloned from the test template', () => {
    let db: TestDatabase;
    before(async () => (db = await createTestDatabase()));
    after(() => db.drop());

    it('is fully migrated', async () => {
      expect(await schemas(db)).to.deep.equal(['app', 'engine']);
      expect(await appliedMigrations(db)).to.deep.equal(allMigrations);
    });
  });
});
