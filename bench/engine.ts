// End-to-end throughput: instances of a five-service-task process (with an exclusive gateway) are
// driven by real @camunda8/sdk workers over gRPC against the engine server, at 1 and at 4 polling
// workers per task type and at 1 streaming worker per task type. Reports instances per second, jobs and element instances per second, and the
// job latency from CREATED to first ACTIVATED as the engine recorded them.
import { readFileSync } from 'node:fs';
import type { Camunda8 } from '@camunda8/sdk';
import pino from 'pino';
import { startEngineServer, type EngineServer } from '../src/engine/server.js';
import { sdkFor } from '../test/engine/sdk-client.js';
import { closePromptly } from '../workers/lib/define-worker.js';
import { percentile, round } from './stats.js';

type Zbc = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

export interface EngineRun {
  workersPerTaskType: number;
  /** How workers get jobs: polling ActivateJobs (createWorker) or StreamActivatedJobs (streamJobs). */
  jobs: 'polled' | 'streamed';
  instances: number;
  seconds: number;
  instancesPerSecond: number;
  jobsPerSecond: number;
  /** Element instances completed per second (start event, tasks, gateways, end event, process). */
  elementsPerSecond: number;
  /** Transactions committed in the engine's database per second during the run (pg_stat_database). */
  transactionsPerSecond: number;
  transactionsPerInstance: number;
  jobLatencyP50Ms: number;
  jobLatencyP99Ms: number;
}

export type EngineBenchResult = Record<string, EngineRun>;

const PROCESS_ID = 'bench-five-tasks';
const TASK_TYPES = ['bench-t1', 'bench-t2', 'bench-t3', 'bench-t4', 'bench-t5'];
const RUNS = [
  { workers: 1, streamed: false, instances: Number(process.env.BENCH_ENGINE_INSTANCES_1 ?? 500) },
  { workers: 4, streamed: false, instances: Number(process.env.BENCH_ENGINE_INSTANCES_4 ?? 1_000) },
  { workers: 1, streamed: true, instances: Number(process.env.BENCH_ENGINE_INSTANCES_STREAM ?? 1_000) },
];
/** Instances in flight at once: each client loop starts one and waits for its result. */
const IN_FLIGHT = 64;
const WARM_UP = 50;

/**
 * A polling worker (createWorker) asks again at most every 50 ms (the production workers' poll
 * interval, workers/lib/define-worker.ts) for up to 32 jobs; a streaming worker (streamJobs) has
 * jobs pushed to it as they are activated.
 */
async function startWorkers(zbc: Zbc, workersPerType: number, streamed: boolean) {
  return Promise.all(
    TASK_TYPES.flatMap((taskType) =>
      Array.from({ length: workersPerType }, (_, index) =>
        streamed
          ? zbc.streamJobs({
              type: taskType,
              worker: `bench-${taskType}-${index}`,
              timeout: 30_000,
              tenantIds: ['<default>'],
              taskHandler: (job) => job.complete(),
            })
          : Promise.resolve(
              zbc.createWorker({
                taskType,
                maxJobsToActivate: 32,
                pollInterval: 50,
                taskHandler: (job) => job.complete(),
              }),
            ),
      ),
    ),
  );
}

async function drive(
  zbc: Zbc,
  workersPerType: number,
  instances: number,
  streamed = false,
): Promise<{ keys: string[]; seconds: number }> {
  const workers = await startWorkers(zbc, workersPerType, streamed);
  const keys: string[] = [];
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, instances) }, async () => {
        while (next < instances) {
          const route = next++ % 2 === 0 ? 'a' : 'b';
          const result = await zbc.createProcessInstanceWithResult({
            bpmnProcessId: PROCESS_ID,
            variables: { route },
            requestTimeout: 120_000,
          });
          keys.push(result.processInstanceKey);
        }
      }),
    );
    return { keys, seconds: (performance.now() - started) / 1000 };
  } finally {
    // A polling worker closes asynchronously (ending its poll in flight, so the next run finds no
    // job locked for it), a streaming one at once.
    await Promise.all(workers.map((worker) => closePromptly(worker)));
  }
}

/** Transactions committed in this database so far (each statement outside BEGIN counts as one). */
async function commits(db: EngineServer['engine']['db']): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]!.n);
}

async function measure(
  server: EngineServer,
  zbc: Zbc,
  workers: number,
  instances: number,
  streamed: boolean,
): Promise<EngineRun> {
  const db = server.engine.db;
  const commitsBefore = await commits(db);
  const { keys, seconds } = await drive(zbc, workers, instances, streamed);
  // Backends report their counts when idle, at most once a second: wait for the last reports.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const transactions = (await commits(db)) - commitsBefore;
  const { rows: latencies } = await db.query<{ latency: number }>(
    `SELECT min(a.timestamp) - c.timestamp AS latency
     FROM engine.records c
     JOIN engine.records a ON a.key = c.key AND a.value_type = 'JOB' AND a.intent = 'ACTIVATED'
       AND a.process_instance_key = c.process_instance_key -- so both sides use the index by instance
     WHERE c.value_type = 'JOB' AND c.intent = 'CREATED' AND c.process_instance_key = ANY($1::bigint[])
     GROUP BY c.key, c.timestamp`,
    [keys],
  );
  const { rows } = await db.query<{ elements: number }>(
    `SELECT count(*)::int AS elements FROM engine.records
     WHERE value_type = 'PROCESS_INSTANCE' AND intent = 'ELEMENT_COMPLETED'
       AND process_instance_key = ANY($1::bigint[])`,
    [keys],
  );
  const latency = latencies.map((row) => Number(row.latency));
  return {
    workersPerTaskType: workers,
    jobs: streamed ? 'streamed' : 'polled',
    instances: keys.length,
    seconds: round(seconds, 2),
    instancesPerSecond: round(keys.length / seconds),
    jobsPerSecond: round(latency.length / seconds),
    elementsPerSecond: round(rows[0]!.elements / seconds),
    transactionsPerSecond: round(transactions / seconds),
    transactionsPerInstance: round(transactions / keys.length, 2),
    jobLatencyP50Ms: percentile(latency, 50),
    jobLatencyP99Ms: percentile(latency, 99),
  };
}

export async function benchEngine(url: string, log: (line: string) => void): Promise<EngineBenchResult> {
  const server = await startEngineServer({
    databaseUrl: url,
    grpcPort: 0,
    restPort: 0,
    host: '127.0.0.1',
    clockControlled: false,
    logger: pino({ level: 'silent' }),
  });
  const zbc = sdkFor(server.grpcPort, server.restPort).getZeebeGrpcApiClient();
  try {
    await zbc.deployResource({
      name: 'five-tasks.bpmn',
      process: readFileSync(new URL('./models/five-tasks.bpmn', import.meta.url)),
    });
    log(`engine: warming up with ${WARM_UP} instances`);
    await drive(zbc, 1, WARM_UP);
    const result: EngineBenchResult = {};
    for (const run of RUNS) {
      const how = run.streamed ? 'streaming' : 'polling';
      log(`engine: ${run.instances} instances, ${run.workers} ${how} worker(s) per task type`);
      const name = `${run.workers} ${how} worker${run.workers === 1 ? '' : 's'}/type`;
      result[name] = await measure(server, zbc, run.workers, run.instances, run.streamed);
    }
    return result;
  } finally {
    await zbc.close();
    await server.stop();
  }
}
