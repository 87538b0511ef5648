// The app's engine-facing behaviour through @camunda8/sdk only, as a program outside the
// repository drives it: the clock moved over REST, timers, buffered messages, multi-instance,
// call activities, and user tasks searched and completed over REST. Runs against the embedded
// engine, or a Camunda 8.8 cluster (see target.ts); searches wait for a cluster's index to catch up.
import type { Camunda8 } from '@camunda8/sdk';
import { expect } from 'chai';
import { DAY, T0, eventually, fixture } from '../engine/harness.js';
import { contractTarget, type ContractTarget } from './target.js';

type Zbc = ReturnType<Camunda8['getZeebeGrpcApiClient']>;
type Rest = ReturnType<Camunda8['getOrchestrationClusterApiClient']>;
const NOW = { consistency: { waitUpToMs: 0 } };

/** Runs a search until `found` holds: a cluster's search index trails its commands a little. */
async function searchUntil<T>(
  search: () => Promise<T>,
  found: (result: T) => boolean,
  what: string,
): Promise<T> {
  let result: T | undefined;
  await eventually(async () => {
    result = await search();
    return found(result);
  }, what);
  return result!;
}

describe('waiting work through @camunda8/sdk', function () {
  this.timeout(60_000);
  let target: ContractTarget;
  let camunda: Camunda8;
  let zbc: Zbc;
  let rest: Rest;

  before(async () => {
    target = await contractTarget();
    camunda = target.camunda;
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
    await target.close();
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
      await eventually(
        async () => (await stateOf(processInstanceKey)) === 'ACTIVE',
        'the instance to stay open',
      );
      await rest.pinClock({ timestamp: T0 + 7 * DAY });
      await eventually(async () => (await stateOf(processInstanceKey)) === 'COMPLETED', 'the deadline');
      const ended = await searchUntil(
        () =>
          rest.searchElementInstances(
            { filter: { processInstanceKey: processInstanceKey as never, elementId: 'expired' as never } },
            NOW,
          ),
        (result) => (result.items ?? []).length > 0,
        'the expired end event',
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
    await eventually(
      async () => (await stateOf(early.processInstanceKey)) === 'COMPLETED',
      'the early message to correlate',
    );
    await rest.pinClock({ timestamp: T0 + 60_000 });
    const late = await zbc.createProcessInstance({
      bpmnProcessId: 'message-catch',
      variables: { petitionId: 'P-expired' },
    });
    await eventually(
      async () => (await stateOf(late.processInstanceKey)) === 'ACTIVE',
      'the late instance to wait',
    );
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
      const variables = await searchUntil(
        () =>
          rest.searchVariables(
            { filter: { processInstanceKey: processInstanceKey as never, name: 'replies' } },
            NOW,
          ),
        (result) => result.items.length > 0,
        'the replies variable',
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
      const result = await searchUntil(
        () =>
          rest.searchVariables(
            { filter: { processInstanceKey: processInstanceKey as never, name: 'result' } },
            NOW,
          ),
        (found) => found.items.length > 0,
        'the result variable',
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
    const found = await searchUntil(
      () => rest.searchUserTasks({ filter: { candidateGroup: 'office', state: 'CREATED' } }, NOW),
      (result) => result.items.some((item) => item.processInstanceKey === processInstanceKey),
      'the open user task',
    );
    const task = found.items.find((item) => item.processInstanceKey === processInstanceKey);
    expect(task).to.not.equal(undefined);
    await rest.completeUserTask({ userTaskKey: task!.userTaskKey, variables: { approved: true } });
    await eventually(
      async () => (await stateOf(processInstanceKey)) === 'COMPLETED',
      'the instance to complete',
    );
  });
});
