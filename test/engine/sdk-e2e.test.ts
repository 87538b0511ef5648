// Drives the embedded engine only through @camunda8/sdk over gRPC, as a worker program would.
import type { Camunda8 } from '@camunda8/sdk';
import { expect } from 'chai';
import pino from 'pino';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { fixture, T0 } from './harness.js';
import { sdkFor } from './sdk-client.js';

type Zbc = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

/** Resolves when `check` holds, polling the engine; time never moves by sleeping. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the engine through @camunda8/sdk', () => {
  let server: EngineServer;
  let zbc: Zbc;
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
    server = await startEngineServer({
      databaseUrl: database.url,
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      clockControlled: true,
      logger: pino({ level: 'silent' }),
    });
    await server.engine.pinClock(T0);
    zbc = sdkFor(server.grpcPort, server.restPort).getZeebeGrpcApiClient();
    for (const name of ['service-tasks.bpmn', 'parallel-with-inner-xor.bpmn', 'error-boundary.bpmn']) {
      await zbc.deployResource({ name, process: fixture(`bpmn/${name}`) });
    }
  });

  after(async () => {
    await zbc.close();
    await server.stop();
    await database.drop();
  });

  const stateOf = async (key: string) => {
    const { rows } = await server.engine.db.query<{ state: string }>(
      'SELECT state FROM engine.process_instances WHERE key = $1',
      [key],
    );
    return rows[0]?.state;
  };

  it('reports a topology with one healthy partition', async () => {
    const topology = await zbc.topology();
    expect(topology.brokers).to.have.length(1);
    expect(topology.brokers[0]!.partitions[0]!.health).to.equal('HEALTHY');
  });

  it('runs instances through an exclusive gateway with real workers', async () => {
    const seen: string[] = [];
    const workers = [
      zbc.createWorker({
        taskType: 'task-a',
        taskHandler: (job) =>
          job.complete({ result: { score: (job.variables as { amount: number }).amount } }),
      }),
      ...['task-b', 'task-d', 'fallback'].map((taskType) =>
        zbc.createWorker({
          taskType,
          taskHandler: (job) => {
            seen.push(`${job.processInstanceKey}:${taskType}`);
            return job.complete();
          },
        }),
      ),
    ];
    try {
      const high = await zbc.createProcessInstance({
        bpmnProcessId: 'service-tasks',
        variables: { petition: { id: 1 }, amount: 95 },
      });
      const low = await zbc.createProcessInstance({
        bpmnProcessId: 'service-tasks',
        variables: { petition: { id: 2 }, amount: 5, taskCType: 'fallback' },
      });
      await eventually(
        async () => (await stateOf(high.processInstanceKey)) === 'COMPLETED',
        'high to complete',
      );
      await eventually(
        async () => (await stateOf(low.processInstanceKey)) === 'COMPLETED',
        'low to complete',
      );
      expect(seen).to.include(`${high.processInstanceKey}:task-b`);
      expect(seen).to.include(`${low.processInstanceKey}:fallback`);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }
  });

  it('joins a parallel gateway whose branch has its own exclusive split, whichever branch ends last', async () => {
    const workers = ['left-work', 'x-work', 'y-work'].map((taskType) =>
      zbc.createWorker({ taskType, taskHandler: (job) => job.complete() }),
    );
    try {
      const keys = await Promise.all(
        ['x', 'y', 'x', 'y'].map(
          async (route) =>
            (
              await zbc.createProcessInstance({
                bpmnProcessId: 'parallel-with-inner-xor',
                variables: { route },
              })
            ).processInstanceKey,
        ),
      );
      for (const key of keys)
        await eventually(async () => (await stateOf(key)) === 'COMPLETED', `instance ${key}`);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }
  });

  it('retries a failing job, raises an incident at zero retries, and continues after repair', async () => {
    let attempts = 0;
    const worker = zbc.createWorker({
      taskType: 'review',
      taskHandler: (job) => {
        attempts++;
        return job.fail({
          errorMessage: `attempt ${attempts} failed`,
          retries: job.retries - 1,
          retryBackOff: 0,
        });
      },
    });
    let incidentKey = '';
    let jobKey = '';
    const { processInstanceKey } = await zbc.createProcessInstance({
      bpmnProcessId: 'error-boundary',
      variables: {},
    });
    try {
      await eventually(async () => {
        const { rows } = await server.engine.db.query<{ key: number; job_key: number }>(
          `SELECT key, job_key FROM engine.incidents WHERE process_instance_key = $1 AND state = 'ACTIVE'`,
          [processInstanceKey],
        );
        if (rows[0]) [incidentKey, jobKey] = [String(rows[0].key), String(rows[0].job_key)];
        return rows.length > 0;
      }, 'an incident');
      expect(attempts).to.equal(3); // the model's default retries
    } finally {
      await worker.close();
    }
    const fixer = zbc.createWorker({ taskType: 'review', taskHandler: (job) => job.complete() });
    const notifier = zbc.createWorker({ taskType: 'notify', taskHandler: (job) => job.complete() });
    try {
      await zbc.updateJobRetries({ jobKey, retries: 1 });
      await zbc.resolveIncident({ incidentKey });
      await eventually(
        async () => (await stateOf(processInstanceKey)) === 'COMPLETED',
        'completion after repair',
      );
    } finally {
      await fixer.close();
      await notifier.close();
    }
  });

  it('routes a BPMN error thrown by a worker to the error boundary', async () => {
    const worker = zbc.createWorker({
      taskType: 'review',
      taskHandler: (job) =>
        job.error({ errorCode: 'NOT_ACCEPTED', errorMessage: 'not our remit', variables: {} }),
    });
    try {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: 'error-boundary',
        variables: {},
      });
      await eventually(async () => (await stateOf(processInstanceKey)) === 'COMPLETED', 'the error path');
      const { rows } = await server.engine.db.query(
        `SELECT 1 FROM engine.element_instances WHERE process_instance_key = $1 AND element_id = 'rejected-end'`,
        [processInstanceKey],
      );
      expect(rows).to.have.length(1);
    } finally {
      await worker.close();
    }
  });

  it('answers clear gRPC errors for an unknown process and for variables that are not an object', async () => {
    const unknown = await zbc.createProcessInstance({ bpmnProcessId: 'nope', variables: {} }).then(
      () => new Error('no error'),
      (error: Error) => error,
    );
    expect(unknown.message).to.match(/NOT_FOUND/);
    expect(unknown.message).to.contain('nope');
    // The SDK refuses arrays itself for most calls; SetVariables passes a string through unchanged.
    const { processInstanceKey } = await zbc.createProcessInstance({
      bpmnProcessId: 'error-boundary',
      variables: {},
    });
    const notAnObject = await zbc
      .setVariables({ elementInstanceKey: processInstanceKey, variables: '[1, 2]' as never, local: false })
      .then(
        () => new Error('no error'),
        (error: Error) => error,
      );
    expect(notAnObject.message).to.match(/INVALID_ARGUMENT/);
    expect(notAnObject.message).to.contain('JSON object');
  });
});
