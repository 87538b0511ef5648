import { expect } from 'chai';
import type { ActivateJobsRequest, ActivatedJob } from '../../../src/engine/api.js';
import { Notifier } from '../../../src/engine/notifier.js';
import { T0, startTestEngine, type TestEngine } from '../harness.js';

const request = (overrides: Partial<ActivateJobsRequest> = {}): ActivateJobsRequest => ({
  type: 'review',
  worker: 'poller',
  timeout: 30_000,
  maxJobsToActivate: 5,
  ...overrides,
});

/** Resolves with the wait's outcome, or 'pending' if it has none after the event loop settles. */
async function settled<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([
    promise,
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 50)),
  ]);
}

describe('jobs handed to waiting long polls', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy('error-boundary.bpmn');
  });
  after(() => t.close());

  async function jobRecords(jobKey: string) {
    const { rows } = await t.db.query<{ intent: string; timestamp: number; value: Record<string, unknown> }>(
      `SELECT intent, timestamp, value FROM engine.records
       WHERE key = $1 AND value_type = 'JOB' ORDER BY position`,
      [jobKey],
    );
    return rows;
  }

  it('activates a new job for a waiting poll in the command that creates it', async () => {
    const abort = new AbortController();
    const wait = t.engine.waitForJobs('review', abort.signal);
    expect(wait.accept(request({ fetchVariable: ['petitionId'] }))).to.equal(true);
    const key = await t.start('error-boundary', { petitionId: 'P-1', other: 1 });
    const jobs = await wait.result;
    expect(jobs).to.have.length(1);
    const job = jobs[0]!;
    expect(job).to.include({
      processInstanceKey: key,
      worker: 'poller',
      elementId: 'review',
      deadline: T0 + 30_000,
    });
    expect(job.variables).to.deep.equal({ petitionId: 'P-1' });
    // Created and activated in one transaction: both records carry the same engine time.
    const records = await jobRecords(job.key);
    expect(records.map((r) => r.intent)).to.deep.equal(['CREATED', 'ACTIVATED']);
    expect(records.map((r) => Number(r.timestamp))).to.deep.equal([T0, T0]);
    expect(records[1]!.value).to.include({ worker: 'poller', deadline: T0 + 30_000 });
    // Never activated twice: a poll that comes later does not get it.
    const later = await t.engine.activateJobs(request({ worker: 'other' }));
    expect(later.map((j) => j.key)).not.to.include(job.key);
    await t.engine.completeJob(job.key, { reviewed: true });
    expect(await t.liveElements(key)).to.deep.equal(['notify']);
    abort.abort();
  });

  it('only wakes a wait that does not accept jobs; the job stays for any poll', async () => {
    const abort = new AbortController();
    const wait = t.engine.waitForJobs('review', abort.signal);
    const key = await t.start('error-boundary', { petitionId: 'P-2' });
    expect(await wait.result).to.deep.equal([]);
    const jobs = await t.jobs('review', 50);
    expect(jobs.map((j) => j.processInstanceKey)).to.include(key);
    abort.abort();
  });

  it('serves waits in the order they began, each up to its maxJobsToActivate', async () => {
    const abort = new AbortController();
    const first = t.engine.waitForJobs('review', abort.signal);
    const second = t.engine.waitForJobs('review', abort.signal);
    first.accept(request({ worker: 'first', maxJobsToActivate: 1 }));
    second.accept(request({ worker: 'second', maxJobsToActivate: 1 }));
    const a = await t.start('error-boundary', {});
    expect((await first.result).map((j) => j.processInstanceKey)).to.deep.equal([a]);
    expect(await settled(second.result)).to.equal('pending');
    const b = await t.start('error-boundary', {});
    expect((await second.result).map((j) => j.processInstanceKey)).to.deep.equal([b]);
    abort.abort();
  });

  it('hands a job failed with retries left and no back-off to the next waiting poll', async () => {
    await t.start('error-boundary', {});
    const job = await t.job('review');
    const abort = new AbortController();
    const wait = t.engine.waitForJobs('review', abort.signal);
    wait.accept(request({ worker: 'retry' }));
    await t.engine.failJob({ jobKey: job.key, retries: 2, errorMessage: 'try again' });
    const jobs = await wait.result;
    expect(jobs.map((j) => [j.key, j.worker, j.retries])).to.deep.equal([[job.key, 'retry', 2]]);
    abort.abort();
  });
});

describe('the notifier', () => {
  const job = { key: '1' } as ActivatedJob;

  it('keeps a reserved wait open through an abort until its jobs arrive', async () => {
    const notifier = new Notifier();
    const abort = new AbortController();
    const wait = notifier.waitForJobs('review', abort.signal);
    wait.accept(request());
    const waiter = notifier.reserveWaiter('review')!;
    expect(notifier.reserveWaiter('review'), 'reserved once only').to.equal(undefined);
    abort.abort();
    notifier.jobsAvailable('review');
    expect(await settled(wait.result)).to.equal('pending');
    waiter.finish([job]);
    expect(await wait.result).to.deep.equal([job]);
  });

  it('ends a released wait empty, and refuses jobs for a wait that has ended', async () => {
    const notifier = new Notifier();
    const abort = new AbortController();
    const wait = notifier.waitForJobs('review', abort.signal);
    wait.accept(request());
    notifier.reserveWaiter('review')!.finish([]);
    expect(await wait.result).to.deep.equal([]);
    expect(wait.accept(request())).to.equal(false);
    expect(notifier.reserveWaiter('review')).to.equal(undefined);
  });

  it('does not reserve a wait that has not accepted jobs', () => {
    const notifier = new Notifier();
    const abort = new AbortController();
    notifier.waitForJobs('review', abort.signal);
    expect(notifier.reserveWaiter('review')).to.equal(undefined);
    abort.abort();
  });
});
