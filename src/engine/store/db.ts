// Connection pool and transactions for the engine's schema.
import pg from 'pg';
import { createPool } from '../../db/pool.js';

export type Db = pg.Pool;
export type Tx = pg.PoolClient;

// Every bigint the engine stores (keys, epoch ms) stays below 2^53, so numbers are exact.
const parseInt8 = (value: string) => Number(value);

export function createEnginePool(connectionString: string, max = 10): Db {
  return createPool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: string): unknown =>
        oid === 20
          ? parseInt8
          : (pg.types.getTypeParser(oid, format as 'text') as unknown)) as typeof pg.types.getTypeParser,
    },
  });
}

/** Runs `work` in one transaction; rolls back on any error. */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await db.connect();
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
