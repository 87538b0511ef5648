// End-to-end throughput: instances of a five-service-task process (with an exclusive gateway) are
// driven by real @camunda8/sdk workers over gRPC against the engine server, at 1 and at 4 polling
// workers per task type and at 1 streaming worker per task type; the workers and the clients that
// start instances run in a process of their own (engine-load.ts). Reports instances, jobs and
// element instances per second, the engine process's processor time per instance, and the job
// latency from CREATED to first ACTIVATED as the engine recorded them.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startEngineServer, type EngineServer } from '../src/engine/server.js';
import { sdkFor } from '../test/engine/sdk-client.js';
import type { LoadReply, LoadRun } from './engine-load.js';
import { databaseCpuMs } from './process-cpu.js';
import { percentile, round } from './stats.js';

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
  /** Processor time of the engine's process (gRPC gateway, engine, database client) per instance. */
  engineCpuMsPerInstance: number;
  /** Processor time of the workers' and clients' process (SDK, gRPC) per instance. */
  loadCpuMsPerInstance: number;
  /** Processor time of the embedded PostgreSQL per instance (Linux only; not with DATABASE_URL). */
  databaseCpuMsPerInstance?: number;
  jobLatencyP50Ms: number;
  jobLatencyP99Ms: number;
}

export type EngineBenchResult = Record<string, EngineRun>;

const PROCESS_ID = 'bench-five-tasks';
const TASK_TYPES = ['bench-t1', 'bench-t2', 'bench-t3', 'bench-t4', 'bench-t5'];
const RUNS = [
  { workers: 1, streamed: false, instances: Number(process.env.BENCH_ENGINE_INSTANCES_1 ?? 1_000) },
  { workers: 4, streamed: false, instances: Number(process.env.BENCH_ENGINE_INSTANCES_4 ?? 2_000) },
  { workers: 1, streamed: true, instances: Number(process.env.BENCH_ENGINE_INSTANCES_STREAM ?? 2_000) },
];
/** Instances in flight at once: each client loop starts one and waits for its result. */
const IN_FLIGHT = 64;
const WARM_UP = 50;

/** The load process (bench/engine-load.ts): one run at a time. */
class Load {
  private constructor(private readonly child: ChildProcess) {}

  static start(server: EngineServer): Load {
    const child = fork(
      fileURLToPath(new URL('./engine-load.ts', import.meta.url)),
      [String(server.grpcPort), String(server.restPort)],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    return new Load(child);
  }

  run(
    workersPerType: number,
    instances: number,
    streamed = false,
  ): Promise<{ keys: string[]; seconds: number; cpuMs: number }> {
    const run: LoadRun = {
      kind: 'run',
      processId: PROCESS_ID,
      taskTypes: TASK_TYPES,
      workersPerType,
      streamed,
      instances,
      inFlight: IN_FLIGHT,
    };
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load process exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: LoadReply) => {
        this.child.off('exit', onExit);
        if (reply.kind === 'done') resolve(reply);
        else reject(new Error(`the load failed: ${reply.message}`));
      });
      this.child.send(run);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}

/** The embedded server's processor time so far; a server elsewhere (DATABASE_URL) is not measured. */
function databaseCpu(db: EngineServer['engine']['db']): Promise<number | undefined> {
  return process.env.DATABASE_URL ? Promise.resolve(undefined) : databaseCpuMs(db);
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
  load: Load,
  workers: number,
  instances: number,
  streamed: boolean,
): Promise<EngineRun> {
  const db = server.engine.db;
  const commitsBefore = await commits(db);
  const cpuBefore = process.cpuUsage();
  const databaseBefore = await databaseCpu(db);
  const { keys, seconds, cpuMs: loadCpuMs } = await load.run(workers, instances, streamed);
  const cpu = process.cpuUsage(cpuBefore);
  const databaseAfter = await databaseCpu(db);
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
    engineCpuMsPerInstance: round((cpu.user + cpu.system) / 1000 / keys.length, 2),
    loadCpuMsPerInstance: round(loadCpuMs / keys.length, 2),
    ...(databaseBefore === undefined || databaseAfter === undefined
      ? {}
      : { databaseCpuMsPerInstance: round((databaseAfter - databaseBefore) / keys.length, 2) }),
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
  const load = Load.start(server);
  try {
    await zbc.deployResource({
      name: 'five-tasks.bpmn',
      process: readFileSync(new URL('./models/five-tasks.bpmn', import.meta.url)),
    });
    log(`engine: warming up with ${WARM_UP} instances`);
    await load.run(1, WARM_UP);
    const result: EngineBenchResult = {};
    for (const run of RUNS) {
      const how = run.streamed ? 'streaming' : 'polling';
      log(`engine: ${run.instances} instances, ${run.workers} ${how} worker(s) per task type`);
      const name = `${run.workers} ${how} worker${run.workers === 1 ? '' : 's'}/type`;
      result[name] = await measure(server, load, run.workers, run.instances, run.streamed);
    }
    return result;
  } finally {
    await load.stop();
    await zbc.close();
    await server.stop();
  }
}
