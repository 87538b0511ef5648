import { expect } from 'chai';
import { migrateLatest, migrateRollbackAll } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const APP_TABLES = [
  'areas',
  'calendar_overrides',
  'categories',
  'deadline_rules',
  'petition_numbers',
  'petitioners',
  'petitions',
  'ratings',
  'routing_rules',
  'timeline',
  'units',
  'users',
];

async function appTables(db: TestDatabase): Promise<string[]> {
  const result = await db.pool.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'app' ORDER BY tablename",
  );
  return result.rows.map((row) => row.tablename);
}

describe('migration 20261128000003_app_domain', () => {
  let db: TestDatabase;
  before(async () => (db = await createTestDatabase({ migrated: false })));
  after(() => db.drop());

  it('creates the domain tables on a fresh database and removes them on the way down', async () => {
    const applied = await migrateLatest(db.url);
    expect(applied).to.include('20261128000003_app_domain.ts');
    expect(await appTables(db)).to.include.members(APP_TABLES);

    const undone = await migrateRollbackAll(db.url);
    expect(undone).to.include('20261128000003_app_domain.ts');
    const schemas = await db.pool.query("SELECT 1 FROM pg_namespace WHERE nspname = 'app'");
    expect(schemas.rowCount).to.equal(0);

    await migrateLatest(db.url);
    expect(await appTables(db)).to.include.members(APP_TABLES);
  });

  it('lets the database refuse a user role outside the known set', async () => {
    let refused: unknown;
    try {
      await db.pool.query(
        `INSERT INTO app.users (username, display_name, password_hash, roles, created_at)
         VALUES ('mallory', 'M', 'x', ARRAY['root'], now())`,
      );
    } catch (error: unknown) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(Error);
    expect((refused as { code?: string }).code).to.equal('23514'); // check_violation
  });

  it('keeps one routing rule per category and area, counting "any area" as one area', async () => {
    await db.pool.query(`
      INSERT INTO app.units (code, name, kind) VALUES ('u1', 'Unit 1', 'department');
      INSERT INTO app.categories (code, name, line) VALUES ('c1', 'Category 1', 'ordinary');
      INSERT INTO app.routing_rules (category_code, area_code, lead_unit) VALUES ('c1', NULL, 'u1');
    `);
    let refused: unknown;
    try {
      await db.pool.query(
        `INSERT INTO app.routing_rules (category_code, area_code, lead_unit) VALUES ('c1', NULL, 'u1')`,
      );
    } catch (error: unknown) {
      refused = error;
    }
    expect((refused as { code?: string }).code).to.equal('23505'); // unique_violation
  });
});
