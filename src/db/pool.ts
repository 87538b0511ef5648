// Connection pools that survive a lost connection. A connection that fails while idle in the pool
// is reported on the pool; one that fails while checked out (the server restarts between two
// statements of a transaction, or a database is dropped under it) is reported on its client, which
// the pool does not listen to: unheard, either would end the process. The loss also fails the
// client's current or next query, which is where the caller sees it; the pool drops the dead
// client when it is released. So here both are only logged or absorbed.
import pg from 'pg';

export interface PoolOptions extends pg.PoolConfig {
  /** Told about a connection that failed while idle; silent when absent. */
  onIdleError?: (error: Error) => void;
}

export function createPool({ onIdleError, ...config }: PoolOptions): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', (error) => onIdleError?.(error));
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}
