// The database restarted under load: `npm start` (engine, workers, app) runs against a
// PostgreSQL server this test stops (fast shutdown) and starts again while SDK workers drive
// instances. The same process must reconnect by itself: /ready goes DOWN and back UP, and every
// instance finishes with no job lost or completed twice.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { pino } from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/db/embedded-postgres.js';
import { fixture } from '../../engine/harness.js';
import { sdkFor } from '../../engine/sdk-client.js';
import { freePort } from '../../support/ports.js';
import { checkServiceTasksRecovered } from '../../support/service-tasks-recovery.js';
import {
  killHard,
  sleep,
  startService,
  statusOf,
  until,
  whileRunning,
  type Service,
} from '../support/processes.js';

const INSTANCES = 300;
const OUTAGE_MS = 4_000;

describe('database restart under load', function () {
  this.timeout(360_000);
  let pgDir: string;
  let dataDir: string;
  let pgPort: number;
  let postgres: EmbeddedPostgres | undefined;
  let system: Service | undefined;

  const startPostgres = async () =>
    (postgres = await startEmbeddedPostgres({
      dataDir: pgDir,
      port: pgPort,
      database: 'xinfang',
      durability: 'none',
      logger: pino({ level: 'silent' }),
    }));

  before(async () => {
    pgDir = mkdtempSync(join(tmpdir(), 'xf-reliability-pg-'));
    // When we are root, PostgreSQL runs as another user that must reach the directory.
    chmodSync(pgDir, 0o755);
    dataDir = mkdtempSync(join(tmpdir(), 'xf-reliability-data-'));
    pgPort = await freePort();
    await startPostgres();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && system) console.log(system.output());
  });

  after(async () => {
    if (system) await killHard(system);
    await postgres?.stop();
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reconnects by itself and finishes every instance exactly once', async () => {
    const [appPort, grpcPort, restPort] = [await freePort(), await freePort(), await freePort()];
    system = startService('system', 'src/main.ts', {
      DATABASE_URL: postgres!.url,
      DATA_DIR: dataDir,
      PORT: String(appPort),
      ENGINE_GRPC_PORT: String(grpcPort),
      ENGINE_REST_PORT: String(restPort),
      XF_DATA_KEY: 'reliability-test-data-key-0123456789abcdef',
    });
    const ready = `http://127.0.0.1:${appPort}/ready`;
    const readiness = (status: number) =>
      whileRunning(system!, async () => (await statusOf(ready)) === status);
    // A first start rebuilds the web app if its sources changed since the suite built it.
    await until(readiness(200), 'the system to be ready', 180_000, 250);
    const pid = system.child.pid;
    // The system must survive the outage: if it dies, fail now instead of waiting for clients
    // that retry for ever.
    const died = system.exited.then((code) => {
      throw new Error(`the system exited (code ${code}):\n${system!.output()}`);
    });
    died.catch(() => undefined);

    const camunda = sdkFor(grpcPort, restPort, { workerMaxBackoffMs: 500, reconnectBackoffMs: 500 });
    const zbc = camunda.getZeebeGrpcApiClient();
    await zbc.deployResource({ name: 'service-tasks.bpmn', process: fixture('bpmn/service-tasks.bpmn') });
    let handled = 0;
    const workers = ['task-a', 'task-b', 'task-d', 'fallback'].map((taskType) =>
      zbc.createWorker({
        taskType,
        timeout: 2_000,
        maxJobsToActivate: 16,
        taskHandler: (job) => {
          handled++;
          return taskType === 'task-a'
            ? job.complete({ result: { score: (job.variables as { amount: number }).amount } })
            : job.complete({ [`${taskType}-done`]: true });
        },
      }),
    );

    // Creations that fail while the database is away are tried again, as a client would.
    const acknowledged = new Set<string>();
    let failedCreations = 0;
    let stopCreating = false;
    const creating = (async () => {
      let next = 0;
      while (acknowledged.size < INSTANCES && !stopCreating) {
        const i = next++;
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
          failedCreations++;
          await sleep(200);
        }
      }
    })();

    try {
      await until(() => handled >= 100, 'the workers to be busy', 60_000);
      await postgres!.stop();
      postgres = undefined;
      await until(readiness(503), '/ready to report DOWN', 15_000, 200);
      await sleep(OUTAGE_MS);
      await startPostgres();
      await until(readiness(200), '/ready to report UP again', 60_000, 250);
      expect(system.running(), 'the system process is still the same one').to.equal(true);
      expect(system.child.pid).to.equal(pid);

      await Promise.race([creating, died]);
      const db = new pg.Pool({ connectionString: postgres!.url, max: 2 });
      try {
        const stored = await checkServiceTasksRecovered(db, acknowledged, {
          timeoutMs: 120_000,
          alive: () => {
            if (!system!.running()) throw new Error(`the system exited:\n${system!.output()}`);
          },
        });
        console.log(`      ${stored} instances, ${failedCreations} creations refused during the outage`);
      } finally {
        await db.end();
      }
    } finally {
      stopCreating = true;
      await Promise.all(workers.map((worker) => worker.close()));
      await camunda.closeAllClients();
    }
  });
});
