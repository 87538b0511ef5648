// Calls the gateway with a bare grpc-js client, for what the SDK cannot do: cancel a held poll,
// send a deprecated RPC, look at int64 fields on the wire.
import type { ServiceError } from '@grpc/grpc-js';
import { once } from 'node:events';
import { expect } from 'chai';
import { startHarness, serviceTaskProcess, type Harness } from './harness.js';
import { rawClient, type RawGateway } from './raw-gateway.js';

describe('gRPC gateway: wire level', () => {
  let h: Harness;
  let raw: RawGateway;
  beforeEach(async () => {
    h = await startHarness();
    raw = rawClient(h.gateway.port);
  });
  afterEach(async () => {
    raw.close();
    await h.close();
  });

  it('stops waiting for jobs when the client cancels a held ActivateJobs', async () => {
    const call = raw.ActivateJobs({
      type: 'held',
      worker: 'w',
      timeout: '1000',
      maxJobsToActivate: 1,
      requestTimeout: '30000',
    });
    const status = new Promise<number>((resolve) =>
      call.on('error', (error: ServiceError) => resolve(error.code)),
    );
    await h.engine.untilWaiting('held');
    call.cancel();
    expect(await status).to.equal(1); // CANCELLED
    await h.engine.untilIdle('held');
    expect(h.engine.waitingFor('held')).to.equal(0);
  });

  it('gives a job back when the call is cancelled between activation and delivery', async () => {
    await h.zbc.deployResource({ process: serviceTaskProcess('p', 'fragile'), name: 'p.bpmn' });
    await h.zbc.createProcessInstance({ bpmnProcessId: 'p', variables: {} });
    const release = h.engine.holdActivations();
    const started = once(h.engine.events, 'activation-started');
    const call = raw.ActivateJobs({
      type: 'fragile',
      worker: 'w',
      timeout: '60000',
      maxJobsToActivate: 1,
      requestTimeout: '5000',
    });
    call.on('error', () => undefined);
    await started;
    call.cancel();
    await h.engine.untilIdle('fragile'); // the gateway has seen the cancellation
    const givenBack = once(h.engine.events, 'job-failed');
    release();
    await givenBack;

    const [activation] = h.engine.activations;
    const jobKey = activation?.jobKeys[0];
    expect(jobKey).to.be.a('string');
    expect(h.engine.callsOf('failJob')).to.have.length(1);
    expect(h.engine.callsOf('failJob')[0]?.[0]).to.deep.include({ jobKey, retries: 3, retryBackOff: 0 });
    expect(h.engine.job(jobKey!)?.state).to.equal('activatable');
  });

  it('sends int64 fields as exact decimal values', async () => {
    await h.zbc.deployResource({ process: serviceTaskProcess('p', 'wire'), name: 'p.bpmn' });
    await h.zbc.createProcessInstance({ bpmnProcessId: 'p', variables: {} });
    const call = raw.ActivateJobs({
      type: 'wire',
      worker: 'w',
      timeout: '60000',
      maxJobsToActivate: 1,
      requestTimeout: '-1',
    });
    const responses: { jobs: { key: string; deadline: string }[] }[] = [];
    call.on('data', (response: { jobs: { key: string; deadline: string }[] }) => responses.push(response));
    await new Promise((resolve, reject) => {
      call.on('end', resolve);
      call.on('error', reject);
    });
    const job = responses[0]?.jobs[0];
    const engineJob = job && h.engine.job(job.key);
    expect(engineJob, 'the key arrives digit for digit').to.not.equal(undefined);
    expect(BigInt(job!.key) > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
    expect(job!.deadline).to.equal(String(engineJob!.deadline));
  });

  it('answers UNIMPLEMENTED for the deprecated DeployProcess', async () => {
    const error = await new Promise<ServiceError | null>((resolve) =>
      raw.DeployProcess({ processes: [] }, resolve),
    );
    expect(error?.code).to.equal(12);
  });
});
