// Shared set-up of the domain tests: a database with the reference data, a fixed data key, a
// fixed instant.
import { DataKey } from '../../src/domain/petitioners/index.js';
import { seedReference } from '../../src/domain/seed/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** A test database (cloned from the migrated template) with the reference data seeded. */
export async function createSeededDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  try {
    await seedReference(db.pool);
  } catch (error: unknown) {
    await db.drop();
    throw error;
  }
  return db;
}

export const TEST_SECRET = 'test data secret: not for production, 0123456789';

export function testKey(secret = TEST_SECRET): DataKey {
  return DataKey.fromSecret(secret);
}

/** 2026-03-02 10:00 Asia/Shanghai, a Monday. */
export const REFERENCE_INSTANT = new Date('2026-03-02T02:00:00Z');

export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}
