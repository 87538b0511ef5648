import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../harness.js';

describe('token flow', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy(
      'service-tasks.bpmn',
      'parallel-with-inner-xor.bpmn',
      'terminate-end.bpmn',
      'script-task.bpmn',
    );
  });
  after(() => t.close());

  describe('service tasks and an exclusive gateway', () => {
    it('gives the job its input mappings, headers and retries', async () => {
      const key = await t.start('service-tasks', { petition: { id: 'P-1' }, amount: 21 });
      const job = await t.job('task-a');
      expect(job.processInstanceKey).to.equal(key);
      expect(job.elementId).to.equal('a');
      expect(job.retries).to.equal(5);
      expect(job.customHeaders).to.deep.equal({ channel: 'letter', office: 'county' });
      expect(job.variables).to.include({ petitionId: 'P-1', doubled: 42 });
      expect(job.bpmnProcessId).to.equal('service-tasks');
    });

    it('applies output mappings into the process scope and takes the matching condition', async () => {
      const key = await t.start('service-tasks', { petition: { id: 'P-2' }, amount: 1 });
      const job = (await t.jobs('task-a')).find((j) => j.processInstanceKey === key)!;
      await t.engine.completeJob(job.key, { result: { score: 90 } });
      expect(await t.liveElements(key)).to.deep.equal(['b']);
      const variables = await t.variables(key);
      expect(variables.score).to.equal(90);
      expect(variables.assessment).to.deep.equal({ details: { score: 90 } });
      // job variables stay local to the task when output mappings exist
      expect(variables).not.to.have.property('result');
      expect(variables).not.to.have.property('petitionId');
    });

    it('takes the second condition when only it holds', async () => {
      const key = await t.start('service-tasks', { petition: { id: 'P-3' }, amount: 1, retriesForD: 7 });
      const job = (await t.jobs('task-a')).find((j) => j.processInstanceKey === key)!;
      await t.engine.completeJob(job.key, { result: { score: 60 } });
      expect(await t.liveElements(key)).to.deep.equal(['d']);
      const d = await t.job('task-d');
      expect(d.retries).to.equal(7);
    });

    it('takes the default flow when no condition matches, with a job type from FEEL', async () => {
      const key = await t.start('service-tasks', {
        petition: { id: 'P-4' },
        amount: 1,
        taskCType: 'dynamic-type',
      });
      const job = (await t.jobs('task-a')).find((j) => j.processInstanceKey === key)!;
      await t.engine.completeJob(job.key, { result: { score: 10 } });
      expect(await t.liveElements(key)).to.deep.equal(['c']);
      const c = await t.job('dynamic-type');
      await t.engine.completeJob(c.key, {});
      expect(await t.instanceState(key)).to.equal('COMPLETED');
    });

    it('raises a condition incident when a condition cannot be evaluated to a boolean', async () => {
      const key = await t.start('service-tasks', { petition: { id: 'P-5' }, amount: 1 });
      const job = (await t.jobs('task-a')).find((j) => j.processInstanceKey === key)!;
      await t.engine.completeJob(job.key, { result: { note: 'no score given' } });
      const [incident] = await t.incidents(key);
      expect(incident?.errorType).to.equal('CONDITION_ERROR');
      expect(incident?.elementId).to.equal('check');
      // fix the data, resolve: the gateway is evaluated again
      const { rows } = await t.db.query<{ key: number }>(
        `SELECT key FROM engine.element_instances WHERE process_instance_key = $1 AND element_id = 'check'`,
        [key],
      );
      await t.engine.setVariables(String(rows[0]!.key), { score: 85 }, false);
      await t.engine.resolveIncident(incident!.key);
      expect(await t.liveElements(key)).to.deep.equal(['b']);
      expect(await t.incidents(key)).to.deep.equal([]);
    });
  });

  describe('parallel gateway with an exclusive split and merge inside one branch', () => {
    for (const order of [
      ['left-work', 'x-work'],
      ['x-work', 'left-work'],
    ]) {
      it(`joins once and completes when ${order[0]} finishes first`, async () => {
        const key = await t.start('parallel-with-inner-xor', { route: 'x' });
        expect(await t.liveElements(key)).to.deep.equal(['left', 'x-task']);
        for (const type of order) {
          const job = (await t.jobs(type)).find((j) => j.processInstanceKey === key)!;
          await t.engine.completeJob(job.key, {});
        }
        expect(await t.instanceState(key)).to.equal('COMPLETED');
        const { rows } = await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM engine.element_instances WHERE process_instance_key = $1 AND element_id = 'end'`,
          [key],
        );
        expect(rows[0]!.n).to.equal(1);
      });
    }

    it('waits at the join while only one branch has finished', async () => {
      const key = await t.start('parallel-with-inner-xor', { route: 'y' });
      const job = (await t.jobs('y-work')).find((j) => j.processInstanceKey === key)!;
      await t.engine.completeJob(job.key, {});
      expect(await t.instanceState(key)).to.equal('ACTIVE');
      expect(await t.liveElements(key)).to.deep.equal(['left']);
    });
  });

  it('ends every other branch at a terminate end event and completes the instance', async () => {
    const key = await t.start('terminate-end', {});
    expect(await t.liveElements(key)).to.deep.equal(['long-work', 'quick-check']);
    const longJob = (await t.jobs('long-work')).find((j) => j.processInstanceKey === key)!;
    const quick = (await t.jobs('quick-check')).find((j) => j.processInstanceKey === key)!;
    await t.engine.completeJob(quick.key, {});
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    const { rows } = await t.db.query<{ element_id: string; state: string }>(
      `SELECT element_id, state FROM engine.element_instances WHERE process_instance_key = $1 AND element_id IN ('long-work', 'terminate')`,
      [key],
    );
    expect(Object.fromEntries(rows.map((r) => [r.element_id, r.state]))).to.deep.equal({
      'long-work': 'TERMINATED',
      terminate: 'COMPLETED',
    });
    // the terminated task's job is gone: completing it is refused
    let code: unknown;
    await t.engine.completeJob(longJob.key, {}).catch((error: { code?: unknown }) => (code = error.code));
    expect(code).to.equal('NOT_FOUND');
  });

  it('stores a script task result in the process scope and completes', async () => {
    const key = await t.start('script-task', { a: 2, b: 40 });
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    expect((await t.variables(key)).total).to.equal(42);
  });
});
