import { expect } from 'chai';
import { T0, eventually, startTestEngine, type TestEngine } from '../harness.js';

describe('sub-processes, event sub-processes and call activities', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy(
      'subprocess.bpmn',
      'event-subprocess.bpmn',
      'parent.bpmn',
      'child.bpmn',
      'escalation.bpmn',
    );
  });
  after(() => t.close());

  it('runs an embedded sub-process with its input mapping and continues after it', async () => {
    const key = await t.start('subprocess', { petition: { id: 'SP-1' } });
    const [job] = (await t.jobs('investigate', 50)).filter((j) => j.processInstanceKey === key);
    expect(job!.variables.case).to.deep.equal({ id: 'SP-1' });
    await t.engine.completeJob(job!.key, { finding: 'ok' });
    expect(await t.liveElements(key)).to.deep.equal(['reply']);
  });

  it("gives a job its nearest scope's value of a name, and the process's values two scopes up", async () => {
    const key = await t.start('subprocess', { petition: { id: 'SP-3' }, case: 'outer', topic: 'roads' });
    const [job] = (await t.jobs('investigate', 50)).filter((j) => j.processInstanceKey === key);
    expect(job!.variables.case).to.deep.equal({ id: 'SP-3' });
    expect(job!.variables.topic).to.equal('roads');
    await t.engine.completeJob(job!.key, {});
  });

  it('catches an error thrown inside a sub-process at the sub-process boundary', async () => {
    const key = await t.start('subprocess', { petition: { id: 'SP-2' } });
    const [job] = (await t.jobs('investigate', 50)).filter((j) => j.processInstanceKey === key);
    await t.engine.throwError({ jobKey: job!.key, errorCode: 'CANNOT_HANDLE' });
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    expect(await t.elementStates(key, 'handling')).to.deep.equal(['TERMINATED']);
    expect(await t.elementStates(key, 'escalated')).to.deep.equal(['COMPLETED']);
  });

  it('interrupts the process with a message event sub-process', async () => {
    const key = await t.start('event-subprocess', { petitionId: 'ES-1' });
    await t.engine.publishMessage({ name: 'withdraw', correlationKey: 'ES-1' });
    expect(await t.elementStates(key, 'main-work')).to.deep.equal(['TERMINATED']);
    expect(await t.instanceState(key)).to.equal('COMPLETED');
  });

  it('runs a non-interrupting timer event sub-process twice beside the main work', async () => {
    await t.engine.pinClock(T0);
    const key = await t.start('event-subprocess', { petitionId: 'ES-2' });
    for (let n = 1; n <= 3; n++) {
      await t.engine.addClockOffset(12 * 60 * 60 * 1000);
      await eventually(async () => (await t.jobCount(key, 'nag')) === Math.min(n, 2), `nag ${n}`);
    }
    expect(await t.elementStates(key, 'main-work')).to.deep.equal(['ACTIVATED']);
  });

  it('starts the child of a call activity and takes back only the mapped result', async () => {
    const key = await t.start('parent', { topic: 'roads' });
    let child: string | undefined;
    await eventually(async () => {
      const { rows } = await t.db.query<{ key: number }>(
        'SELECT key FROM engine.process_instances WHERE parent_process_instance_key = $1',
        [key],
      );
      child = rows[0] ? String(rows[0].key) : undefined;
      return child !== undefined;
    }, 'the child instance');
    const [job] = (await t.jobs('child-work', 50)).filter((j) => j.processInstanceKey === child);
    expect(job!.variables.topic).to.equal('roads'); // parent variables are passed down
    await t.engine.completeJob(job!.key, { childResult: 'done', noise: 1 });
    await eventually(async () => (await t.instanceState(key)) === 'COMPLETED', 'the parent to complete');
    const variables = await t.variables(key);
    expect(variables.result).to.equal('done');
    expect(variables).not.to.have.property('noise');
  });

  it('cancels the child when the parent is cancelled', async () => {
    const key = await t.start('parent', {});
    let child = '';
    await eventually(async () => {
      const { rows } = await t.db.query<{ key: number }>(
        'SELECT key FROM engine.process_instances WHERE parent_process_instance_key = $1',
        [key],
      );
      child = rows[0] ? String(rows[0].key) : '';
      return child !== '';
    }, 'the child instance');
    await t.engine.cancelProcessInstance(key);
    await eventually(
      async () => (await t.instanceState(child)) === 'TERMINATED',
      'the child to be cancelled',
    );
  });

  it('lets a non-interrupting escalation boundary run beside the sub-process that raised it', async () => {
    const key = await t.start('escalation', {});
    expect(await t.jobCount(key, 'note-late')).to.equal(1);
    expect(await t.elementStates(key, 'inner')).to.deep.equal(['COMPLETED']);
    await t.completeAll(key, 'note-late');
    expect(await t.instanceState(key)).to.equal('COMPLETED');
  });
});
