// What the repositories run their SQL on: a pool, or a client inside a transaction.
import type pg from 'pg';

/** A pg.Pool or a pg.PoolClient / pg.Client: anything that runs a query. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** Runs `work` in one transaction on one client of `pool`; rolls back if it throws. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error: unknown) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** bigint columns arrive as strings; our ids stay far below 2^53. */
export function toId(value: string | number): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id)) throw new RangeError(`Id ${String(value)} is not a safe integer`);
  return id;
}
