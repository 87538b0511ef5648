// Two worker processes (`npm run workers`) on one engine process (`npm run engine`): with many
// petitions in flight and their deadlines escalating at once, the engine hands each job to one
// worker, so no job is completed twice, none is lost, and every letter and notice exists once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { recordProcessInstance, registerIntake } from '../../../src/domain/petitions/index.js';
import { DataKey } from '../../../src/domain/petitioners/index.js';
import { seedReference } from '../../../src/domain/seed/index.js';
import { idNumber, petitionModelResources } from '../../app/support.js';
import { sdkFor } from '../../engine/sdk-client.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { freePort } from '../../support/ports.js';
import {
  checkNothingDoubled,
  checkOutcomes,
  checkZeroShelving,
  PetitionDriver,
  planFor,
  START,
  type PathKind,
  type Plan,
} from '../support/petitions.js';
import { killHard, startService, statusOf, until, whileRunning, type Service } from '../support/processes.js';

const PETITIONS = 36;
const SECRET = 'reliability-two-workers-data-key-0123456789';
const PATHS: PathKind[] = ['escalated', 'closed', 'escalated', 'rejected'];

describe('two worker processes on one engine', function () {
  this.timeout(300_000);
  let database: TestDatabase;
  const dirs: string[] = [];
  const services: Service[] = [];

  before(async () => {
    database = await createTestDatabase();
    await seedReference(database.pool);
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const service of services) console.log(`--- ${service.name}\n${service.output()}`);
  });

  after(async () => {
    await Promise.all(services.map((service) => killHard(service)));
    await database.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-reliability-'));
    dirs.push(dir);
    return dir;
  };

  it('completes every job exactly once and leaves single letters and notices', async () => {
    const [grpcPort, restPort] = [await freePort(), await freePort()];
    const engineEnv = { DATABASE_URL: database.url, ENGINE_CLOCK_CONTROLLED: 'true' };
    const engine = startService('engine', 'src/engine-main.ts', engineEnv, [
      '--grpc-port',
      String(grpcPort),
      '--rest-port',
      String(restPort),
      '--data-dir',
      tempDir(),
    ]);
    services.push(engine);
    const rest = `http://127.0.0.1:${restPort}`;
    await until(
      whileRunning(engine, async () => (await statusOf(`${rest}/v2/topology`)) === 200),
      'the engine to start',
      60_000,
      250,
    );
    const driver = new PetitionDriver(database.pool, rest);
    await driver.pinClock(START);
    const camunda = sdkFor(grpcPort, restPort);
    await camunda
      .getOrchestrationClusterApiClient()
      .createDeployment({ resources: petitionModelResources() });
    await camunda.closeAllClients();

    const dataKey = DataKey.fromSecret(SECRET);
    const plans: Plan[] = [];
    for (let i = 0; i < PETITIONS; i++) {
      const { petition } = await registerIntake(database.pool, dataKey, {
        petitioner: { name: '王秀英', idNumber: idNumber('1965-07-12', i + 1), phone: '13900139000' },
        channel: 'visit',
        title: `小区楼顶漏水长期未修（第${i + 1}件）`,
        content: '楼顶漏水多年，请求有关部门督促维修。',
        category: 'housing-security',
        area: 'xicheng',
        registeredAt: new Date(START),
        registeredBy: 'demo-intake',
      });
      const response = await fetch(`${rest}/v2/process-instances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          processDefinitionId: 'petition',
          variables: {
            petitionId: petition.number,
            title: petition.title,
            category: petition.categoryCode,
            area: petition.areaCode,
            channel: petition.channel,
            firstTime: petition.firstTime,
            skipLevel: petition.skipLevel,
            repeatCount: 0,
            registeredAt: petition.registeredAt.toISOString(),
          },
        }),
      });
      expect(response.status).to.equal(200);
      const { processInstanceKey } = (await response.json()) as { processInstanceKey: string };
      await recordProcessInstance(database.pool, petition.id, String(processInstanceKey), {
        at: new Date(START),
        actor: 'demo-intake',
      });
      plans.push(planFor(petition.number, PATHS[i % PATHS.length]!));
    }

    // The workers start on a backlog (every petition's first jobs waiting), so both processes
    // claim from the same jobs at once instead of taking new jobs one by one as they appear.
    for (const name of ['workers-1', 'workers-2']) {
      services.push(
        startService(name, 'workers/main.ts', {
          DATABASE_URL: database.url,
          DATA_DIR: tempDir(),
          ENGINE_GRPC_PORT: String(grpcPort),
          ENGINE_REST_PORT: String(restPort),
          XF_DATA_KEY: SECRET,
        }),
      );
    }

    const alive = () => {
      for (const service of services)
        if (!service.running()) throw new Error(`${service.name} exited:\n${service.output()}`);
    };
    // Everything up to acceptance; escalated cases wait there while the clock passes the
    // reminder, the deadline (督办函) and the accountability instant (问责建议函).
    await driver.drive(plans, 120_000);
    alive();
    await checkZeroShelving(database.pool);
    for (const name of ['acceptRemindAt', 'acceptDue', 'acceptAccountAt']) {
      const { rows } = await database.pool.query<{ at: string }>(
        `SELECT DISTINCT value #>> '{}' AS at FROM engine.variables WHERE name = $1`,
        [name],
      );
      expect(rows, `one ${name} for all (registered together)`).to.have.length(1);
      await driver.pinClock(Date.parse(rows[0]!.at));
      await driver.waitSettled(120_000);
      alive();
      await checkZeroShelving(database.pool);
    }
    for (const plan of plans) plan.held.clear();
    await driver.drive(plans, 180_000);
    alive();

    await checkOutcomes(database.pool, plans);
    await checkNothingDoubled(database.pool);
    // Each process runs one worker per job type: two worker ids on one type means both took part.
    const { rows: workers } = await database.pool.query<{ type: string; workers: string }>(
      `SELECT value->>'type' AS type, count(DISTINCT value->>'worker') AS workers FROM engine.records
       WHERE value_type = 'JOB' AND intent = 'COMPLETED' GROUP BY 1`,
    );
    const shared = workers.filter((row) => Number(row.workers) >= 2).map((row) => row.type);
    expect(shared, 'job types worked by both processes').to.not.deep.equal([]);
    const { rows: count } = await database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM engine.jobs`);
    console.log(
      `      ${count[0]!.n} jobs over ${PETITIONS} petitions; types worked by both processes: ${shared.join(', ')}`,
    );
  });
});
