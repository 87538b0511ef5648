// The database's own ceiling for the engine's kind of work: single-row transactions
// (BEGIN; UPDATE one row; COMMIT) through `pg`, from as many concurrent clients as the engine's
// connection pool holds. The engine's transactions per second (and its element steps per second)
// are then read as a fraction of it.
import pg from 'pg';
import { round } from './stats.js';

export interface DbCeilingResult {
  clients: number;
  seconds: number;
  transactions: number;
  transactionsPerSecond: number;
  /** Transactions the engine committed per second in its best run of the engine suite. */
  engineTransactionsPerSecond?: number;
  /** engineTransactionsPerSecond ÷ transactionsPerSecond: like for like, commits against commits. */
  engineTransactionsFractionOfCeiling?: number;
  /** Element instances the engine completed per second in the engine suite (best run). */
  engineStepsPerSecond?: number;
  /** engineStepsPerSecond ÷ transactionsPerSecond. */
  engineFractionOfCeiling?: number;
}

/** The engine suite's best run, by instances per second. */
export interface EngineFigures {
  transactionsPerSecond: number;
  stepsPerSecond: number;
}

/** The engine server's pool size (`createEnginePool`'s default). */
const CLIENTS = 10;
const DURATION_MS = Number(process.env.BENCH_DB_CEILING_MS ?? 10_000);

export async function benchDbCeiling(
  url: string,
  log: (line: string) => void,
  engine?: EngineFigures,
): Promise<DbCeilingResult> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('CREATE TABLE bench_ceiling (id int PRIMARY KEY, n bigint NOT NULL, touched_at bigint)');
  await setup.query('INSERT INTO bench_ceiling SELECT g, 0, 0 FROM generate_series(1, $1::int) AS g', [
    CLIENTS,
  ]);
  await setup.end();

  log(`db-ceiling: ${CLIENTS} clients for ${DURATION_MS / 1000} s`);
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  let transactions = 0;
  const started = performance.now();
  const until = started + DURATION_MS;
  try {
    await Promise.all(
      clients.map(async (client, index) => {
        // Each client its own row, so the figure is commit throughput rather than lock waiting.
        while (performance.now() < until) {
          await client.query('BEGIN');
          await client.query('UPDATE bench_ceiling SET n = n + 1, touched_at = $2 WHERE id = $1', [
            index + 1,
            Date.now(),
          ]);
          await client.query('COMMIT');
          transactions++;
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  const seconds = (performance.now() - started) / 1000;
  const transactionsPerSecond = transactions / seconds;
  return {
    clients: CLIENTS,
    seconds: round(seconds, 2),
    transactions,
    transactionsPerSecond: round(transactionsPerSecond),
    ...(engine === undefined
      ? {}
      : {
          engineTransactionsPerSecond: engine.transactionsPerSecond,
          engineTransactionsFractionOfCeiling: round(engine.transactionsPerSecond / transactionsPerSecond, 3),
          engineStepsPerSecond: engine.stepsPerSecond,
          engineFractionOfCeiling: round(engine.stepsPerSecond / transactionsPerSecond, 3),
        }),
  };
}
