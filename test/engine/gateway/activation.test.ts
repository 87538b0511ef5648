import { expect } from 'chai';
import { startHarness, serviceTaskProcess, expectGrpcError, type Harness } from './harness.js';

const INVALID_ARGUMENT = 3;
const UNIMPLEMENTED = 12;

interface SeenJob {
  key: string;
  processInstanceKey: string;
  variables: Record<string, unknown>;
  customHeaders: Record<string, unknown>;
  deadline: string;
  retries: number;
  worker: string;
}

describe('gRPC gateway: job activation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('holds a worker poll until a job appears, delivers it in that call and takes the completion', async () => {
    await h.zbc.deployResource({ process: serviceTaskProcess('review', 'check-form'), name: 'review.bpmn' });
    const seen: SeenJob[] = [];
    h.zbc.createWorker({
      taskType: 'check-form',
      id: 'form-checker',
      timeout: 30_000,
      pollInterval: 50,
      // Short, because the SDK leaves a longPoll + 1 s timer behind when a worker closes mid-poll.
      longPoll: 2_000,
      taskHandler: (job) => {
        seen.push(job);
        return job.complete({ checked: true });
      },
    });

    // The worker's ActivateJobs found nothing and is now held by the gateway.
    await h.engine.untilWaiting('check-form');
    const completion = h.engine.nextCompletion('check-form');
    const created = await h.zbc.createProcessInstance({
      bpmnProcessId: 'review',
      variables: { petitionId: 'P-7', pages: 3 },
    });
    const done = await completion;

    expect(seen).to.have.length(1);
    const job = seen[0]!;
    const activated = h.engine.job(job.key);
    expect(activated, 'the delivered key names the engine job').to.not.equal(undefined);
    expect(job.processInstanceKey).to.equal(created.processInstanceKey);
    expect(job.variables).to.deep.equal({ petitionId: 'P-7', pages: 3 });
    expect(job.customHeaders).to.deep.equal({ step: '0' });
    expect(job.worker).to.equal('form-checker');
    expect(job.retries).to.equal(3);
    expect(String(job.deadline)).to.equal(String(activated?.deadline));
    expect(done).to.deep.equal({ type: 'check-form', jobKey: job.key, variables: { checked: true } });

    // One empty attempt, then the wake-up: the job went out in the call that was waiting.
    const activations = h.engine.activations.filter((a) => a.request.type === 'check-form');
    expect(activations.findIndex((a) => a.jobKeys.length > 0)).to.equal(1);
    expect(activations[1]?.jobKeys).to.deep.equal([job.key]);
    expect(activations[0]?.request).to.deep.include({
      worker: 'form-checker',
      timeout: 30_000,
      maxJobsToActivate: 32,
    });
  });

  it('answers a poll at once with the jobs that are already waiting, only the fetched variables', async () => {
    await h.zbc.deployResource({ process: serviceTaskProcess('letters', 'print'), name: 'letters.bpmn' });
    await h.zbc.createProcessInstance({ bpmnProcessId: 'letters', variables: { a: 1, b: 2 } });
    await h.zbc.createProcessInstance({ bpmnProcessId: 'letters', variables: { a: 3, b: 4 } });

    const started = Date.now();
    const jobs = await h.zbc.activateJobs({
      type: 'print',
      worker: 'printer',
      maxJobsToActivate: 5,
      timeout: 60_000,
      requestTimeout: 10_000,
      fetchVariable: ['a'],
    });
    expect(Date.now() - started).to.be.lessThan(2_000);
    expect(jobs.map((job) => job.variables)).to.deep.equal([{ a: 1 }, { a: 3 }]);
    expect(h.engine.activations).to.have.length(1);
    expect(h.engine.activations[0]?.request.fetchVariable).to.deep.equal(['a']);
    expect(h.engine.waitingFor('print')).to.equal(0);
  });

  it('ends a long poll without jobs once requestTimeout has passed', async () => {
    const started = Date.now();
    const jobs = await h.zbc.activateJobs({
      type: 'nothing-here',
      worker: 'idle',
      maxJobsToActivate: 1,
      timeout: 1_000,
      requestTimeout: 300,
    });
    const elapsed = Date.now() - started;
    expect(jobs).to.deep.equal([]);
    expect(elapsed).to.be.at.least(290);
    // The SDK gives up by itself after requestTimeout + 1 s; the gateway must answer before that.
    expect(elapsed).to.be.lessThan(1_200);
    expect(h.engine.callsOf('waitForJobs')).to.deep.equal([['nothing-here']]);
    expect(h.engine.waitingFor('nothing-here')).to.equal(0);
  });

  it('lets a poll skip the look in the database when the last look for its type left nothing', async () => {
    await h.zbc.deployResource({ process: serviceTaskProcess('quiet', 'quiet-work'), name: 'quiet.bpmn' });
    const poll = (worker: string) =>
      h.zbc.activateJobs({
        type: 'quiet-work',
        worker,
        maxJobsToActivate: 5,
        timeout: 30_000,
        requestTimeout: 1_000,
      });
    const looks = () => h.engine.activations.filter((a) => a.request.type === 'quiet-work').length;
    const first = poll('first');
    await h.engine.untilWaiting('quiet-work');
    expect(looks()).to.equal(1);

    // Nothing was announced since that look found nothing: the second poll only waits.
    const second = poll('second');
    while (h.engine.waitingFor('quiet-work') < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(looks()).to.equal(1);

    // A new job is announced: the polls look again, and one of them gets it.
    await h.zbc.createProcessInstance({ bpmnProcessId: 'quiet', variables: {} });
    const answers = await Promise.all([first, second]);
    expect(answers.flat()).to.have.length(1);
    expect(looks()).to.be.at.least(2);
  });

  it('does not long-poll when requestTimeout is negative', async () => {
    const started = Date.now();
    const jobs = await h.zbc.activateJobs({
      type: 'nothing-here',
      worker: 'impatient',
      maxJobsToActivate: 1,
      timeout: 1_000,
      requestTimeout: -1,
    });
    expect(jobs).to.deep.equal([]);
    expect(Date.now() - started).to.be.lessThan(250);
    expect(h.engine.callsOf('activateJobs')).to.have.length(1);
    expect(h.engine.callsOf('waitForJobs')).to.have.length(0);
  });

  it('rejects ActivateJobs with maxJobsToActivate 0, a blank type or worker, or timeout 0', async () => {
    const valid = { type: 't', worker: 'w', maxJobsToActivate: 1, timeout: 1_000, requestTimeout: -1 };
    await expectGrpcError(
      h.zbc.activateJobs({ ...valid, maxJobsToActivate: 0 }),
      INVALID_ARGUMENT,
      /maxJobsToActivate.*got 0/,
    );
    await expectGrpcError(h.zbc.activateJobs({ ...valid, type: ' ' }), INVALID_ARGUMENT, /non-blank type/);
    await expectGrpcError(h.zbc.activateJobs({ ...valid, worker: '' }), INVALID_ARGUMENT, /non-blank worker/);
    await expectGrpcError(
      h.zbc.activateJobs({ ...valid, timeout: 0 }),
      INVALID_ARGUMENT,
      /timeout of at least 1 ms/,
    );
    expect(h.engine.callsOf('activateJobs'), 'nothing reached the engine').to.have.length(0);
  });

  it('rejects activation for a tenant other than the default one', async () => {
    // The SDK's activateJobs sends the client's CAMUNDA_TENANT_ID, whatever tenantIds says.
    const countyB = h.client({ tenantId: 'county-b' });
    await expectGrpcError(
      countyB.activateJobs({
        type: 't',
        worker: 'w',
        maxJobsToActivate: 1,
        timeout: 1_000,
        requestTimeout: -1,
      }),
      INVALID_ARGUMENT,
      /ActivateJobs.*tenantId 'county-b'.*multi-tenancy is disabled/,
    );
  });

  it('ends a held poll at once when the gateway stops', async () => {
    const poll = h.zbc.activateJobs({
      type: 'slow',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 1_000,
      requestTimeout: 20_000,
    });
    await h.engine.untilWaiting('slow');
    const started = Date.now();
    await h.gateway.stop();
    expect(await poll).to.deep.equal([]);
    expect(Date.now() - started).to.be.lessThan(1_000);
    expect(h.engine.waitingFor('slow')).to.equal(0);
  });

  it('pushes jobs through StreamActivatedJobs as they appear, until the client closes the stream', async () => {
    await h.zbc.deployResource({ process: serviceTaskProcess('notice', 'notify'), name: 'notice.bpmn' });
    const seen: SeenJob[] = [];
    const stream = await h.zbc.streamJobs({
      type: 'notify',
      worker: 'notifier',
      timeout: 30_000,
      tenantIds: ['<default>'],
      pollInterval: 0, // no sidecar polling: only the stream can deliver
      taskHandler: (job) => {
        seen.push(job);
        return job.complete({ notified: Number(job.variables.n) });
      },
    });
    // The SDK's backfill poll has finished; the open stream is what waits now.
    await h.engine.untilWaiting('notify');

    for (const n of [1, 2]) {
      const completion = h.engine.nextCompletion('notify');
      await h.zbc.createProcessInstance({ bpmnProcessId: 'notice', variables: { n } });
      expect((await completion).variables).to.deep.equal({ notified: n });
    }
    expect(seen.map((job) => job.variables)).to.deep.equal([{ n: 1 }, { n: 2 }]);
    expect(seen.every((job) => job.worker === 'notifier')).to.equal(true);

    stream.close();
    await h.engine.untilIdle('notify');
    expect(h.engine.waitingFor('notify')).to.equal(0);
  });

  it('answers UNIMPLEMENTED for RPCs the engine does not serve', async () => {
    await expectGrpcError(h.zbc.deleteResource({ resourceKey: '42' }), UNIMPLEMENTED, /DeleteResource/);
    await expectGrpcError(
      h.zbc.evaluateDecision({ decisionId: 'fee', variables: {} }),
      UNIMPLEMENTED,
      /EvaluateDecision/,
    );
  });
});
