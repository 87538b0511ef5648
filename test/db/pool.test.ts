// A lost connection never ends the process: one that fails while checked out fails its next query
// only, one that fails while idle is reported, and the pool goes on with new connections.
import { expect } from 'chai';
import { createPool } from '../../src/db/pool.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('database pool', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  async function terminate(pid: number): Promise<void> {
    await database.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    await settle();
  }

  it('absorbs the loss of a checked-out connection; its next query fails and the pool carries on', async () => {
    const pool = createPool({ connectionString: database.url, max: 2 });
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(rows[0]!.pid);

      let failure: unknown;
      await client.query('SELECT 1').catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(Error);
      client.release(failure as Error);
      const answer = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(answer.rows[0]!.one).to.equal(1);
    } finally {
      await pool.end();
    }
  });

  it('reports the loss of an idle connection', async () => {
    const reported: Error[] = [];
    const pool = createPool({ connectionString: database.url, max: 1, onIdleError: (e) => reported.push(e) });
    try {
      const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(rows[0]!.pid);

      expect(reported).to.have.length(1);
      expect(reported[0]!.message).to.match(/terminating connection/);
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).to.equal(1);
    } finally {
      await pool.end();
    }
  });
});
