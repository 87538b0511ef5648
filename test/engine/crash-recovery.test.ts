// kill -9 of the engine process while real SDK workers drive 500 instances: after a restart every
// instance finishes as it would have, no job is lost and none is completed twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';
import { checkServiceTasksRecovered } from '../support/service-tasks-recovery.js';
import { fixture } from './harness.js';
import { sdkFor } from './sdk-client.js';

const INSTANCES = 500;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('crash recovery of the engine process', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let dataDir: string;
  let engine: ChildProcess | undefined;
  let grpcPort: number;
  let restPort: number;

  function startEngine(): ChildProcess {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/engine-main.ts',
        '--grpc-port',
        String(grpcPort),
        '--rest-port',
        String(restPort),
        '--data-dir',
        dataDir,
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', NODE_ENV: 'test' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    return child;
  }

  async function engineAnswers(): Promise<boolean> {
    try {
      const response = await fetch(`http://127.0.0.1:${restPort}/v2/topology`);
      return response.ok;
    } catch {
      return false;
    }
  }

  before(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'xf-crash-'));
    grpcPort = await freePort();
    restPort = await freePort();
  });

  after(async () => {
    engine?.kill('SIGKILL');
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes every instance exactly once after a kill -9 in the middle of the run', async () => {
    engine = startEngine();
    await until(engineAnswers, 'the engine to start', 30_000);
    const camunda = sdkFor(grpcPort, restPort, { workerMaxBackoffMs: 500, reconnectBackoffMs: 500 });
    const zbc = camunda.getZeebeGrpcApiClient();
    await zbc.deployResource({ name: 'service-tasks.bpmn', process: fixture('bpmn/service-tasks.bpmn') });

    let handled = 0;
    const workers = [
      zbc.createWorker({
        taskType: 'task-a',
        timeout: 2000,
        maxJobsToActivate: 32,
        taskHandler: (job) => {
          handled++;
          return job.complete({ result: { score: (job.variables as { amount: number }).amount } });
        },
      }),
      ...['task-b', 'task-d', 'fallback'].map((taskType) =>
        zbc.createWorker({
          taskType,
          timeout: 2000,
          maxJobsToActivate: 32,
          taskHandler: (job) => {
            handled++;
            return job.complete({ [`${taskType}-done`]: true });
          },
        }),
      ),
    ];

    const acknowledged = new Set<string>();
    const createAll = async (): Promise<void> => {
      // Unacknowledged creations (lost in the crash) are simply tried again until 500 are confirmed.
      while (acknowledged.size < INSTANCES) {
        const batch = Array.from({ length: Math.min(25, INSTANCES - acknowledged.size) }, (_, i) => i);
        await Promise.all(
          batch.map(async (i) => {
            try {
              const created = await zbc.createProcessInstance({
                bpmnProcessId: 'service-tasks',
                variables: {
                  petition: { id: i },
                  amount: (i * 37) % 100,
                  retriesForD: 3,
                  taskCType: 'fallback',
                },
              });
              acknowledged.add(created.processInstanceKey);
            } catch {
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          }),
        );
      }
    };
    const creating = createAll();

    await until(() => Promise.resolve(handled >= 300), 'workers to be half-way', 60_000);
    engine.kill('SIGKILL');
    await new Promise((resolve) => engine!.once('exit', resolve));
    engine = startEngine();
    await until(engineAnswers, 'the engine to restart', 30_000);
    await creating;

    const db = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      await checkServiceTasksRecovered(db, acknowledged, { timeoutMs: 90_000 });
    } finally {
      await db.end();
      await Promise.all(workers.map((worker) => worker.close()));
      await zbc.close();
    }
  });
});
