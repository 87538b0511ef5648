// The check shared by the crash tests that drive the service-tasks fixture with real SDK workers
// (test/engine/crash-recovery.test.ts kills the engine, test/reliability/slow/database-restart
// restarts the database): once every instance has finished, nothing acknowledged was lost and
// nothing was done twice.
import { expect } from 'chai';
import type pg from 'pg';

/**
 * Waits until no instance is running, then checks the run. `alive` is called on every poll and
 * throws when the system under test has died (no point waiting then). Answers how many
 * instances are stored (acknowledged ones, and any whose acknowledgement a crash swallowed).
 */
export async function checkServiceTasksRecovered(
  db: pg.Pool,
  acknowledged: ReadonlySet<string>,
  options: { timeoutMs: number; alive?: () => void },
): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    options.alive?.();
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM engine.process_instances WHERE state <> 'COMPLETED'`,
    );
    if (rows[0]!.n === '0') break;
    if (Date.now() > deadline) {
      throw new Error(`${rows[0]!.n} instances still running after ${options.timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const { rows: instances } = await db.query<{ key: string }>(
    'SELECT key::text FROM engine.process_instances',
  );
  const stored = new Set(instances.map((row) => row.key));
  for (const key of acknowledged) expect(stored.has(key), `instance ${key} was acknowledged`).to.equal(true);

  const { rows: jobStates } = await db.query<{ state: string }>('SELECT DISTINCT state FROM engine.jobs');
  expect(
    jobStates.map((row) => row.state),
    'job states',
  ).to.deep.equal(['COMPLETED']);
  const { rows: doubled } = await db.query(
    `SELECT key FROM engine.records WHERE value_type = 'JOB' AND intent = 'COMPLETED'
     GROUP BY key HAVING count(*) > 1`,
  );
  expect(doubled, 'no job completed twice').to.deep.equal([]);
  // Each instance passed its end event exactly once, after exactly two jobs.
  const { rows: ends } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM engine.element_instances WHERE element_id = 'end' AND state = 'COMPLETED'`,
  );
  expect(Number(ends[0]!.n), 'instances that passed their end event').to.equal(stored.size);
  const { rows: perInstance } = await db.query(
    `SELECT process_instance_key FROM engine.jobs GROUP BY process_instance_key HAVING count(*) <> 2`,
  );
  expect(perInstance, 'two jobs per instance').to.deep.equal([]);
  const { rows: incidents } = await db.query('SELECT key FROM engine.incidents');
  expect(incidents, 'no incident').to.deep.equal([]);
  return stored.size;
}
