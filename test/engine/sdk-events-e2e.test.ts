// Waiting work through @camunda8/sdk only, as a program outside the repository would drive it:
// the clock moved over REST, timers, buffered messages, multi-instance, call activities, and user
// tasks searched and completed over REST.
import type { Camunda8 } from '@camunda8/sdk';
import { expect } from 'chai';
import pino from 'pino';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { DAY, T0, eventually, fixture } from './harness.js';
import { sdkFor } from './sdk-client.js';

type Zbc = ReturnType<Camunda8['getZeebeGrpcApiClient']>;
type Rest = ReturnType<Camunda8['getOrchestrationClusterApiClient']>;
const NOW = { consistency: { waitUpToMs: 0 } };

describe('waiting work through @camunda8/sdk', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let server: EngineServer;
  let camunda: Camunda8;
  let zbc: Zbc;
  let rest: Rest;

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
    camunda = sdkFor(server.grpcPort, server.restPort);
    zbc = camunda.getZeebeGrpcApiClient();
    rest = camunda.getOrchestrationClusterApiClient();
    await rest.pinClock({ timestamp: T0 });
    for (const name of [
      'timer-boundary',
      'message-catch',
      'multi-instance',
      'parent',
      'child',
      'user-task',
    ]) {
      await zbc.deployResource({ name: `${name}.bpmn`, process: fixture(`bpmn/${name}.bpmn`) });
    }
    await zbc.deployResource({ name: 'approval-form.form', form: fixture('forms/approval-form.form') });
  });

  after(async () => {
    await camunda.closeAllClients();
    await server.stop();
    await database.drop();
  });

  const stateOf = async (processInstanceKey: string) =>
    (await rest.getProcessInstance({ processInstanceKey: processInstanceKey as never }, NOW)).state;

  it('fires a non-interrupting R3/P1D reminder three times in a week while the task stays open; the date timer ends it', async () => {
    let reminders = 0;
    const worker = zbc.createWorker({
      taskType: 'send-reminder',
      taskHandler: (job) => {
        reminders++;
        return job.complete();
      },
    });
    try {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: 'timer-boundary',
        variables: { deadlineAt: new Date(T0 + 7 * DAY).toISOString() },
      });
      for (let day = 1; day <= 6; day++) {
        await rest.pinClock({ timestamp: T0 + day * DAY });
        await eventually(
          () => Promise.resolve(reminders === Math.min(day, 3)),
          `the reminders of day ${day}`,
        );
      }
      expect(await stateOf(processInstanceKey)).to.equal('ACTIVE');
      await rest.pinClock({ timestamp: T0 + 7 * DAY });
      await eventually(async () => (await stateOf(processInstanceKey)) === 'COMPLETED', 'the deadline');
      const ended = await rest.searchElementInstances(
        { filter: { processInstanceKey: processInstanceKey as never, elementId: 'expired' as never } },
        NOW,
      );
      expect(ended.items).to.have.length(1);
      expect(reminders).to.equal(3);
    } finally {
      await worker.close();
    }
  });

  it('correlates a message published before its subscription within its time to live, and not after', async () => {
    await rest.pinClock({ timestamp: T0 });
    await zbc.publishMessage({
      name: 'reply',
      correlationKey: 'P-early',
      timeToLive: 60_000,
      variables: { answer: 42 },
    });
    await zbc.publishMessage({
      name: 'reply',
      correlationKey: 'P-expired',
      timeToLive: 60_000,
      variables: {},
    });
    const early = await zbc.createProcessInstance({
      bpmnProcessId: 'message-catch',
      variables: { petitionId: 'P-early' },
    });
    expect(await stateOf(early.processInstanceKey)).to.equal('COMPLETED');
    await rest.pinClock({ timestamp: T0 + 60_000 });
    const late = await zbc.createProcessInstance({
      bpmnProcessId: 'message-catch',
      variables: { petitionId: 'P-expired' },
    });
    expect(await stateOf(late.processInstanceKey)).to.equal('ACTIVE');
  });

  it('fans a parallel multi-instance out over a list and collects the outputs', async () => {
    const workers = [
      zbc.createWorker({
        taskType: 'notify-unit',
        taskHandler: (job) => job.complete({ reply: `ok:${job.variables.unit as string}` }),
      }),
      zbc.createWorker({ taskType: 'review', taskHandler: (job) => job.complete() }),
    ];
    try {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: 'multi-instance',
        variables: { units: ['a', 'b', 'c', 'd'] },
      });
      await eventually(
        async () => (await stateOf(processInstanceKey)) === 'COMPLETED',
        'the multi-instance run',
      );
      const variables = await rest.searchVariables(
        { filter: { processInstanceKey: processInstanceKey as never, name: 'replies' } },
        NOW,
      );
      expect(JSON.parse(variables.items[0]!.value)).to.deep.equal(['ok:a', 'ok:b', 'ok:c', 'ok:d']);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }
  });

  it('starts a call activity and gets the mapped variables back', async () => {
    const worker = zbc.createWorker({
      taskType: 'child-work',
      taskHandler: (job) => job.complete({ childResult: 'done' }),
    });
    try {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: 'parent',
        variables: {},
      });
      await eventually(async () => (await stateOf(processInstanceKey)) === 'COMPLETED', 'the parent');
      const result = await rest.searchVariables(
        { filter: { processInstanceKey: processInstanceKey as never, name: 'result' } },
        NOW,
      );
      expect(JSON.parse(result.items[0]!.value)).to.equal('done');
    } finally {
      await worker.close();
    }
  });

  it('searches open user tasks by candidate group and completes one', async () => {
    const { processInstanceKey } = await zbc.createProcessInstance({
      bpmnProcessId: 'user-task',
      variables: { owner: 'li', dueAt: new Date(T0 + DAY).toISOString(), petition: { title: 'Lights' } },
    });
    const found = await rest.searchUserTasks({ filter: { candidateGroup: 'office', state: 'CREATED' } }, NOW);
    const task = found.items.find((item) => item.processInstanceKey === processInstanceKey);
    expect(task).to.not.equal(undefined);
    await rest.completeUserTask({ userTaskKey: task!.userTaskKey, variables: { approved: true } });
    expect(await stateOf(processInstanceKey)).to.equal('COMPLETED');
  });
});
