import { expect } from 'chai';
import { EngineError } from '../../../src/engine/errors.js';
import { startTestEngine, type TestEngine } from '../harness.js';

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected the command to be rejected');
}

describe('jobs', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy('error-boundary.bpmn', 'error-end.bpmn');
  });
  after(() => t.close());

  /** Starts an instance and returns its activated 'review' job. */
  async function reviewJob() {
    const key = await t.start('error-boundary', { petitionId: 'P' });
    const job = (await t.jobs('review', 50)).find((j) => j.processInstanceKey === key)!;
    return { key, job };
  }

  it('hands a job to one worker only until its timeout runs out, then to another', async () => {
    const key = await t.start('error-boundary', {});
    const first = await t.engine.activateJobs({
      type: 'review',
      worker: 'w1',
      timeout: 1000,
      maxJobsToActivate: 50,
    });
    const mine = first.find((j) => j.processInstanceKey === key)!;
    expect(mine.worker).to.equal('w1');
    const again = await t.engine.activateJobs({
      type: 'review',
      worker: 'w2',
      timeout: 1000,
      maxJobsToActivate: 50,
    });
    expect(again.map((j) => j.key)).not.to.include(mine.key);
    await t.engine.addClockOffset(1001);
    const later = await t.engine.activateJobs({
      type: 'review',
      worker: 'w2',
      timeout: 1000,
      maxJobsToActivate: 50,
    });
    expect(later.map((j) => j.key)).to.include(mine.key);
    const { rows } = await t.db.query(
      `SELECT 1 FROM engine.records WHERE key = $1 AND intent = 'TIMED_OUT'`,
      [mine.key],
    );
    expect(rows).to.have.length(1);
  });

  it('makes a failed job activatable again after its back-off, with fewer retries', async () => {
    const { job } = await reviewJob();
    await t.engine.failJob({
      jobKey: job.key,
      retries: job.retries - 1,
      errorMessage: 'service down',
      retryBackOff: 5000,
    });
    expect((await t.jobs('review', 50)).map((j) => j.key)).not.to.include(job.key);
    await t.engine.addClockOffset(5000);
    const retried = (await t.jobs('review', 50)).find((j) => j.key === job.key);
    expect(retried?.retries).to.equal(job.retries - 1);
  });

  it('raises an incident when retries reach zero, and continues after retries are updated and it is resolved', async () => {
    const { key, job } = await reviewJob();
    await t.engine.failJob({ jobKey: job.key, retries: 0, errorMessage: 'database unreachable' });
    const [incident] = await t.incidents(key);
    expect(incident).to.include({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'database unreachable',
      elementId: 'review',
      jobKey: job.key,
    });
    expect((await rejection(t.engine.completeJob(job.key, {}))).code).to.equal('FAILED_PRECONDITION');
    expect((await rejection(t.engine.resolveIncident(incident!.key))).code).to.equal('FAILED_PRECONDITION');
    await t.engine.updateJobRetries(job.key, 2);
    await t.engine.resolveIncident(incident!.key);
    expect(await t.incidents(key)).to.deep.equal([]);
    const again = (await t.jobs('review', 50)).find((j) => j.key === job.key)!;
    expect(again.retries).to.equal(2);
    await t.engine.completeJob(again.key, {});
    expect(await t.liveElements(key)).to.deep.equal(['notify']);
  });

  it('lets an error boundary catch a thrown error code and take its path', async () => {
    const { key, job } = await reviewJob();
    await t.engine.throwError({
      jobKey: job.key,
      errorCode: 'NOT_ACCEPTED',
      errorMessage: 'outside remit',
      variables: { reason: 'court case' },
    });
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    expect((await t.variables(key)).reason).to.equal('court case');
    const { rows } = await t.db.query<{ element_id: string; state: string }>(
      `SELECT element_id, state FROM engine.element_instances WHERE process_instance_key = $1 ORDER BY key`,
      [key],
    );
    expect(rows.map((r) => `${r.element_id}:${r.state}`)).to.include.members([
      'review:TERMINATED',
      'not-accepted:COMPLETED',
      'rejected-end:COMPLETED',
    ]);
  });

  it('raises an incident for an error code nobody catches, and re-offers the job when it is resolved', async () => {
    const { key, job } = await reviewJob();
    await t.engine.throwError({ jobKey: job.key, errorCode: 'UNKNOWN_CODE', errorMessage: 'boom' });
    const [incident] = await t.incidents(key);
    expect(incident?.errorType).to.equal('UNHANDLED_ERROR_EVENT');
    expect(incident?.errorMessage).to.contain("'UNKNOWN_CODE'");
    await t.engine.resolveIncident(incident!.key);
    const again = (await t.jobs('review', 50)).find((j) => j.key === job.key);
    expect(again).to.not.equal(undefined);
  });

  it('raises an incident at an error end event nobody catches', async () => {
    const key = await t.start('error-end', {});
    const job = (await t.jobs('validate', 50)).find((j) => j.processInstanceKey === key)!;
    await t.engine.completeJob(job.key, {});
    const [incident] = await t.incidents(key);
    expect(incident?.errorType).to.equal('UNHANDLED_ERROR_EVENT');
    expect(incident?.errorMessage).to.contain("'REJECTED'");
    expect(incident?.elementId).to.equal('reject');
    expect(await t.instanceState(key)).to.equal('ACTIVE');
  });

  it('rejects completing an unknown job with NOT_FOUND and a completed one likewise', async () => {
    expect((await rejection(t.engine.completeJob('2251799813685248', {}))).code).to.equal('NOT_FOUND');
    const { job } = await reviewJob();
    await t.engine.completeJob(job.key, { done: true });
    const second = await rejection(t.engine.completeJob(job.key, {}));
    expect(second.code).to.equal('NOT_FOUND');
    expect(second.message).to.contain(job.key);
  });

  it('rejects activation requests with blank type, worker, or non-positive limits', async () => {
    const base = { type: 'review', worker: 'w', timeout: 1000, maxJobsToActivate: 1 };
    for (const bad of [{ type: ' ' }, { worker: '' }, { timeout: 0 }, { maxJobsToActivate: 0 }]) {
      expect((await rejection(t.engine.activateJobs({ ...base, ...bad }))).code).to.equal('INVALID_ARGUMENT');
    }
  });

  it('never gives one job to two concurrent activations', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 20; i++) keys.push(await t.start('error-boundary', {}));
    const batches = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        t.engine.activateJobs({ type: 'review', worker: `w${n}`, timeout: 60_000, maxJobsToActivate: 8 }),
      ),
    );
    const all = batches.flat().map((j) => j.key);
    expect(new Set(all).size).to.equal(all.length);
  });

  it('returns only the requested variables when fetchVariable is given', async () => {
    await t.start('error-boundary', { keep: 1, drop: 2 });
    const jobs = await t.engine.activateJobs({
      type: 'review',
      worker: 'w',
      timeout: 1000,
      maxJobsToActivate: 50,
      fetchVariable: ['keep'],
    });
    const withKeep = jobs.find((j) => 'keep' in j.variables)!;
    expect(withKeep.variables).to.deep.equal({ keep: 1 });
  });
});
