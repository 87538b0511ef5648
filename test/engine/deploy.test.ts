import { expect } from 'chai';
import pino from 'pino';
import { Engine } from '../../src/engine/engine.js';
import { EngineError } from '../../src/engine/errors.js';
import { eventually, fixture, startTestEngine, type TestEngine } from './harness.js';

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected the command to be rejected');
}

async function count(t: TestEngine, table: string): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine.${table}`);
  return rows[0]!.n;
}

describe('deployment', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.close());

  it('numbers versions per process id and keeps the version when the content is unchanged', async () => {
    const xml = fixture('bpmn/script-task.bpmn');
    const first = await t.engine.deployResources([{ name: 'script-task.bpmn', content: xml }]);
    const same = await t.engine.deployResources([{ name: 'script-task.bpmn', content: xml }]);
    expect(first.processes[0]).to.include({ bpmnProcessId: 'script-task', version: 1 });
    expect(same.processes[0]).to.deep.equal(first.processes[0]);
    const changed = Buffer.from(xml.toString('utf8').replace('Compute total', 'Compute the total'));
    const second = await t.engine.deployResources([{ name: 'script-task.bpmn', content: changed }]);
    expect(second.processes[0]).to.include({ bpmnProcessId: 'script-task', version: 2 });
    expect(second.processes[0]!.processDefinitionKey).not.to.equal(first.processes[0]!.processDefinitionKey);
  });

  it('starts the latest version by default and a given version on request', async () => {
    const latest = await t.engine.createProcessInstance({
      bpmnProcessId: 'script-task',
      variables: { a: 1, b: 2 },
    });
    const v1 = await t.engine.createProcessInstance({
      bpmnProcessId: 'script-task',
      version: 1,
      variables: { a: 1, b: 2 },
    });
    expect(latest.version).to.equal(2);
    expect(v1.version).to.equal(1);
  });

  it('starts a version deployed through another engine process once the cached latest version (1 s) runs out', async () => {
    const other = new Engine({ db: t.db, logger: pino({ level: 'silent' }), clockControlled: true });
    await other.start();
    try {
      const before = await other.createProcessInstance({
        bpmnProcessId: 'script-task',
        variables: { a: 1, b: 2 },
      });
      expect(before.version).to.equal(2);
      const xml = fixture('bpmn/script-task.bpmn').toString('utf8').replace('Compute total', 'Compute it');
      const third = await t.engine.deployResources([{ name: 'script-task.bpmn', content: Buffer.from(xml) }]);
      expect(third.processes[0]).to.include({ version: 3 });
      // This process knows of its own deployment at once; the other one asks again within a second.
      const here = await t.engine.createProcessInstance({
        bpmnProcessId: 'script-task',
        variables: { a: 1, b: 2 },
      });
      expect(here.version).to.equal(3);
      await eventually(
        async () => {
          const there = await other.createProcessInstance({
            bpmnProcessId: 'script-task',
            variables: { a: 1, b: 2 },
          });
          return there.version === 3;
        },
        'the other engine to start version 3',
        5000,
      );
    } finally {
      await other.stop();
    }
  });

  it('deploys a form and versions it by form id', async () => {
    const result = await t.engine.deployResources([
      { name: 'approval-form.form', content: fixture('forms/approval-form.form') },
    ]);
    expect(result.forms[0]).to.include({ formId: 'approval-form', version: 1 });
  });

  it('stores nothing of a deployment that has one invalid resource', async () => {
    const before = {
      definitions: await count(t, 'process_definitions'),
      deployments: await count(t, 'deployments'),
    };
    const error = await rejection(
      t.engine.deployResources([
        { name: 'service-tasks.bpmn', content: fixture('bpmn/service-tasks.bpmn') },
        { name: 'broken.bpmn', content: Buffer.from('<bpmn:definitions><unclosed>') },
      ]),
    );
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.message).to.contain('broken.bpmn');
    expect(await count(t, 'process_definitions')).to.equal(before.definitions);
    expect(await count(t, 'deployments')).to.equal(before.deployments);
  });

  it('rejects resources that are neither BPMN nor forms', async () => {
    const error = await rejection(
      t.engine.deployResources([{ name: 'notes.txt', content: Buffer.from('hello') }]),
    );
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.message).to.contain('notes.txt');
  });

  it('answers NOT_FOUND for an unknown process id', async () => {
    const error = await rejection(t.engine.createProcessInstance({ bpmnProcessId: 'no-such-process' }));
    expect(error.code).to.equal('NOT_FOUND');
    expect(error.message).to.contain('no-such-process');
  });

  it('answers INVALID_ARGUMENT for creation variables that are not an object', async () => {
    const before = await count(t, 'process_instances');
    const error = await rejection(
      t.engine.createProcessInstance({ bpmnProcessId: 'script-task', variables: [] as never }),
    );
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(await count(t, 'process_instances')).to.equal(before);
  });

  it('returns the final variables of a run with CreateProcessInstanceWithResult', async () => {
    const result = await t.engine.createProcessInstanceWithResult(
      { bpmnProcessId: 'script-task', variables: { a: 20, b: 22 } },
      { timeoutMs: 5000, fetchVariables: ['total'] },
    );
    expect(result.variables).to.deep.equal({ total: 42 });
  });
});
