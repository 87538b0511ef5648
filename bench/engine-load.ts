// The engine benchmark's load, in a process of its own as a county's workers are: @camunda8/sdk
// workers for the five task types and client loops that each start an instance and wait for its
// result. The parent (bench/engine.ts) sends one `run` at a time over IPC and gets back the keys
// of the instances and how long they took.
import type { Camunda8 } from '@camunda8/sdk';
import { sdkFor } from '../test/engine/sdk-client.js';
import { closePromptly } from '../workers/lib/define-worker.js';

type Zbc = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

export interface LoadRun {
  kind: 'run';
  processId: string;
  taskTypes: string[];
  workersPerType: number;
  streamed: boolean;
  instances: number;
  inFlight: number;
}

export type LoadReply =
  { kind: 'done'; keys: string[]; seconds: number; cpuMs: number } | { kind: 'failed'; message: string };

/**
 * A polling worker (createWorker) asks again at most every 50 ms (the production workers' poll
 * interval, workers/lib/define-worker.ts) for up to 32 jobs; a streaming worker (streamJobs) has
 * jobs pushed to it as they are activated.
 */
function startWorkers(zbc: Zbc, run: LoadRun) {
  return Promise.all(
    run.taskTypes.flatMap((taskType) =>
      Array.from({ length: run.workersPerType }, (_, index) =>
        run.streamed
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

async function drive(zbc: Zbc, run: LoadRun): Promise<{ keys: string[]; seconds: number; cpuMs: number }> {
  const workers = await startWorkers(zbc, run);
  const keys: string[] = [];
  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    await Promise.all(
      Array.from({ length: Math.min(run.inFlight, run.instances) }, async () => {
        while (next < run.instances) {
          const route = next++ % 2 === 0 ? 'a' : 'b';
          const result = await zbc.createProcessInstanceWithResult({
            bpmnProcessId: run.processId,
            variables: { route },
            requestTimeout: 120_000,
          });
          keys.push(result.processInstanceKey);
        }
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    return { keys, seconds: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    // A polling worker closes asynchronously (ending its poll in flight, so the next run finds no
    // job locked for it), a streaming one at once.
    await Promise.all(workers.map((worker) => closePromptly(worker)));
  }
}

function main(): void {
  const [grpcPort, restPort] = process.argv.slice(2).map(Number);
  if (!process.send || !grpcPort || !restPort) {
    console.error('usage: started by bench/engine.ts with the engine ports and an IPC channel');
    process.exit(2);
  }
  const zbc = sdkFor(grpcPort, restPort).getZeebeGrpcApiClient();
  const reply = (message: LoadReply) => process.send!(message);
  process.on('message', (run: LoadRun) => {
    drive(zbc, run).then(
      (done) => reply({ kind: 'done', ...done }),
      (error: unknown) => reply({ kind: 'failed', message: String(error) }),
    );
  });
  // The benchmark ends (or dies): so does its load.
  process.on('disconnect', () => {
    void zbc.close().finally(() => process.exit(0));
  });
}

main();
