// The whole back end on a test database: the embedded engine (controlled clock), the real job
// workers through @camunda8/sdk, the petition models and forms, and the county's reference data.
// Tests act as the clerks: they register petitions and complete user tasks over REST /v2.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Camunda8 } from '@camunda8/sdk';
import { expect } from 'chai';
import pino from 'pino';
import { DataKey } from '../../src/domain/petitioners/index.js';
import {
  getPetitionByNumber,
  recordProcessInstance,
  registerIntake,
  type Petition,
} from '../../src/domain/petitions/index.js';
import { seedReference } from '../../src/domain/seed/index.js';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { startWorkers, type Workers } from '../../workers/index.js';
import { engineTimeSource } from '../../workers/lib/deps.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../engine/harness.js';
import { sdkFor } from '../engine/sdk-client.js';

const ROOT = new URL('../../', import.meta.url);
const NOW = { consistency: { waitUpToMs: 0 } };
const WORKER_JOB_TYPES = [
  'route-petition',
  'compute-deadlines',
  'notify-petitioner',
  'remind-unit',
  'issue-letter',
  'update-petition',
  'close-petition',
];

export interface OpenTask {
  userTaskKey: string;
  elementId: string;
  candidateGroups: string[];
  dueDate: string | undefined;
  processInstanceKey: string;
}

export class PetitionSystem {
  private constructor(
    readonly database: TestDatabase,
    readonly server: EngineServer,
    readonly camunda: Camunda8,
    readonly workers: Workers,
    readonly dataKey: DataKey,
  ) {}

  static async start(startAt: number): Promise<PetitionSystem> {
    const database = await createTestDatabase();
    await seedReference(database.pool);
    const server = await startEngineServer({
      databaseUrl: database.url,
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      clockControlled: true,
      logger: pino({ level: 'silent' }),
    });
    await server.engine.pinClock(startAt);
    const camunda = sdkFor(server.grpcPort, server.restPort);
    const dataKey = DataKey.fromSecret('lifecycle-test-secret-long-enough-0123456789');
    const workers = startWorkers(
      camunda,
      {
        zeebeGrpcAddress: `grpc://127.0.0.1:${server.grpcPort}`,
        zeebeRestAddress: `http://127.0.0.1:${server.restPort}`,
        camundaAuth: { strategy: 'NONE' },
        logLevel: 'silent',
      } as never,
      pino({ level: 'silent' }),
      {
        db: database.pool,
        dataKey,
        now: engineTimeSource(`http://127.0.0.1:${server.restPort}/actuator/clock`),
      },
    );
    const system = new PetitionSystem(database, server, camunda, workers, dataKey);
    await system.deployModels();
    return system;
  }

  get rest() {
    return this.camunda.getOrchestrationClusterApiClient();
  }

  get zeebe() {
    return this.camunda.getZeebeGrpcApiClient();
  }

  private async deployModels(): Promise<void> {
    const resources = (['forms', 'bpmn'] as const).flatMap((folder) => {
      const dir = fileURLToPath(new URL(`${folder}/`, ROOT));
      return readdirSync(dir).map((name) => ({ name, content: readFileSync(`${dir}${name}`) }));
    });
    await this.server.engine.deployResources(resources);
  }

  async stop(): Promise<void> {
    await this.workers.stop();
    await this.camunda.closeAllClients();
    await this.server.stop();
    await this.database.drop();
  }

  now(): number {
    return this.server.engine.clock().instant;
  }

  async setClock(instant: number): Promise<void> {
    await this.server.engine.pinClock(instant);
  }

  /** Registers a petition as the intake API does and starts its process. */
  async register(input: {
    name?: string;
    idNumber?: string;
    title: string;
    category: string;
    area: string;
    skipLevel?: boolean;
  }): Promise<{ petition: Petition; instanceKey: string | undefined; repeatOf?: Petition }> {
    const intake = await registerIntake(this.database.pool, this.dataKey, {
      petitioner: {
        name: input.name ?? '李建国',
        idNumber: input.idNumber ?? '11010519491231002X',
        phone: '13900139000',
      },
      channel: 'visit',
      title: input.title,
      content: `${input.title}，请求有关部门处理。`,
      category: input.category,
      area: input.area,
      skipLevel: input.skipLevel,
      registeredAt: new Date(this.now()),
      registeredBy: 'demo-intake',
    });
    if (intake.repeatOf) {
      await this.zeebe.publishMessage({
        name: 'petition-repeated',
        correlationKey: intake.repeatOf.number,
        variables: { repeatCount: intake.repeatOf.repeatCount },
        timeToLive: 0,
      });
      return { petition: intake.petition, instanceKey: undefined, repeatOf: intake.repeatOf };
    }
    const p = intake.petition;
    const created = await this.zeebe.createProcessInstance({
      bpmnProcessId: 'petition',
      variables: {
        petitionId: p.number,
        title: p.title,
        category: p.categoryCode,
        area: p.areaCode,
        channel: p.channel,
        firstTime: p.firstTime,
        skipLevel: p.skipLevel,
        repeatCount: 0,
        registeredAt: p.registeredAt.toISOString(),
      },
    });
    await recordProcessInstance(this.database.pool, p.id, created.processInstanceKey, {
      at: new Date(this.now()),
      actor: 'demo-intake',
    });
    return { petition: p, instanceKey: created.processInstanceKey };
  }

  /** Waits until the workers have done every job that is ready (nothing automatic is pending). */
  async settle(): Promise<void> {
    // One statement, so one snapshot: a timer that fires between two separate checks would
    // otherwise hide the job it creates.
    await eventually(async () => {
      const { rows } = await this.server.engine.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM engine.jobs
                 WHERE type = ANY($1) AND state IN ('ACTIVATABLE', 'ACTIVATED') AND activatable_at <= $2)
              + (SELECT count(*) FROM engine.pending_commands)
              + (SELECT count(*) FROM engine.timers WHERE state = 'ACTIVE' AND due_at <= $2) AS n`,
        [WORKER_JOB_TYPES, this.now()],
      );
      return Number(rows[0]!.n) === 0;
    }, 'the workers to finish');
    const { rows } = await this.server.engine.db.query<{ error_message: string; element_id: string }>(
      `SELECT error_message, element_id FROM engine.incidents WHERE state = 'ACTIVE'`,
    );
    expect(rows, 'no incident').to.deep.equal([]);
    // A job a worker failed would wait for its back-off in engine time, which a pinned clock never
    // reaches: no worker may fail in these runs.
    const failed = await this.server.engine.db.query<{ type: string; error_message: string }>(
      `SELECT type, error_message FROM engine.jobs
       WHERE state = 'ACTIVATABLE' AND error_message IS NOT NULL AND activatable_at > $1`,
      [this.now()],
    );
    expect(failed.rows, 'no job failed').to.deep.equal([]);
  }

  async openTasks(instanceKey: string): Promise<OpenTask[]> {
    const found = await this.rest.searchUserTasks(
      { filter: { processInstanceKey: instanceKey as never, state: 'CREATED' } },
      NOW,
    );
    return found.items.map((task) => ({
      userTaskKey: String(task.userTaskKey),
      elementId: String(task.elementId),
      candidateGroups: task.candidateGroups ?? [],
      dueDate: task.dueDate ?? undefined,
      processInstanceKey: String(task.processInstanceKey),
    }));
  }

  /** Completes the open task of `elementId` as a clerk would, then lets the workers run. */
  async complete(
    instanceKey: string,
    elementId: string,
    variables: Record<string, unknown>,
  ): Promise<OpenTask> {
    await this.settle();
    const task = (await this.openTasks(instanceKey)).find((t) => t.elementId === elementId);
    expect(task, `an open '${elementId}' task`).to.not.equal(undefined);
    await this.rest.completeUserTask({ userTaskKey: task!.userTaskKey as never, variables });
    await this.settle();
    await this.checkZeroShelving();
    return task!;
  }

  async petition(number: string): Promise<Petition> {
    const petition = await getPetitionByNumber(this.database.pool, number);
    expect(petition).to.not.equal(undefined);
    return petition!;
  }

  /**
   * 零搁置: every open petition with a process has an open task that has an owner (candidate
   * groups) and a deadline.
   */
  async checkZeroShelving(): Promise<void> {
    const { rows } = await this.database.pool.query<{ number: string; process_instance_key: string }>(
      `SELECT number, process_instance_key FROM app.petitions
       WHERE stage NOT IN ('closed', 'rejected') AND process_instance_key IS NOT NULL`,
    );
    for (const row of rows) {
      const tasks = await this.openTasks(row.process_instance_key);
      expect(tasks.length, `petition ${row.number} has an open task`).to.be.greaterThan(0);
      for (const task of tasks) {
        expect(
          task.candidateGroups.length,
          `task ${task.elementId} of ${row.number} has an owner`,
        ).to.be.greaterThan(0);
        expect(task.dueDate, `task ${task.elementId} of ${row.number} has a deadline`).to.be.a('string');
      }
    }
  }
}
