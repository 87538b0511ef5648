import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../harness.js';

describe('variables and scopes', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy('error-boundary.bpmn');
  });
  after(() => t.close());

  async function reviewJob(variables: Record<string, unknown>) {
    const key = await t.start('error-boundary', variables);
    const job = (await t.jobs('review', 50)).find((j) => j.processInstanceKey === key)!;
    return { key, job };
  }

  it('merges job variables into the process scope when the task has no output mappings', async () => {
    const { key, job } = await reviewJob({ count: 1 });
    await t.engine.completeJob(job.key, { count: 2, added: 'yes' });
    expect(await t.variables(key)).to.deep.include({ count: 2, added: 'yes' });
  });

  it('keeps local variables on the element and propagates the others', async () => {
    const { key, job } = await reviewJob({ shared: 'a' });
    await t.engine.setVariables(job.elementInstanceKey, { onlyHere: 1 }, true);
    await t.engine.setVariables(job.elementInstanceKey, { shared: 'b' }, false);
    const root = await t.variables(key);
    expect(root.shared).to.equal('b');
    expect(root).not.to.have.property('onlyHere');
    const again = await t.engine.activateJobs({
      type: 'review',
      worker: 'w',
      timeout: 1,
      maxJobsToActivate: 50,
    });
    // timeout 1 ms: the lock from reviewJob is still held, so it is not re-offered yet
    expect(again.map((j) => j.key)).not.to.include(job.key);
    await t.engine.addClockOffset(60_001);
    const reoffered = (await t.jobs('review', 50)).find((j) => j.key === job.key)!;
    expect(reoffered.variables).to.include({ onlyHere: 1, shared: 'b' });
  });

  it('rejects variables that are not a JSON object and stores nothing', async () => {
    const { key, job } = await reviewJob({});
    for (const bad of [[1, 2], 'text', 3]) {
      let code: unknown;
      await t.engine
        .completeJob(job.key, bad as never)
        .catch((error: { code?: unknown }) => (code = error.code));
      expect(code).to.equal('INVALID_ARGUMENT');
    }
    expect(await t.liveElements(key)).to.deep.equal(['review']);
  });

  it('rejects setting variables on an element that does not exist', async () => {
    let code: unknown;
    await t.engine
      .setVariables('12345', { a: 1 }, false)
      .catch((error: { code?: unknown }) => (code = error.code));
    expect(code).to.equal('NOT_FOUND');
  });
});
