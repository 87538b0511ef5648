import { expect } from 'chai';
import { startHarness, serviceTaskProcess, expectGrpcError, type Harness } from './harness.js';

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

describe('gRPC gateway: job, variable and incident commands', () => {
  let h: Harness;
  let jobKey: string;
  let processInstanceKey: string;

  beforeEach(async () => {
    h = await startHarness();
    await h.zbc.deployResource({ process: serviceTaskProcess('reply', 'draft', 'send'), name: 'reply.bpmn' });
    ({ processInstanceKey } = await h.zbc.createProcessInstance({
      bpmnProcessId: 'reply',
      variables: { n: 1 },
    }));
    const [job] = await h.zbc.activateJobs({
      type: 'draft',
      worker: 'drafter',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
    });
    if (!job) throw new Error('no job activated');
    jobKey = job.key;
  });
  afterEach(async () => {
    await h.close();
  });

  it('completes a job with variables', async () => {
    await h.zbc.completeJob({ jobKey, variables: { draft: 'Dear petitioner' } });
    expect(h.engine.callsOf('completeJob')).to.deep.equal([[jobKey, { draft: 'Dear petitioner' }]]);
    expect(h.engine.instance(processInstanceKey)?.variables).to.deep.equal({
      n: 1,
      draft: 'Dear petitioner',
    });
  });

  it('answers NOT_FOUND for a job that does not exist', async () => {
    await expectGrpcError(
      h.zbc.completeJob({ jobKey: '123456789012345678', variables: {} }),
      NOT_FOUND,
      /job with key '123456789012345678'/,
    );
  });

  it('fails a job with retries, message, back-off and variables', async () => {
    await h.zbc.failJob({
      jobKey,
      retries: 2,
      errorMessage: 'mail server down',
      retryBackOff: 1_500,
      variables: { attempt: 1 },
    });
    expect(h.engine.callsOf('failJob')).to.deep.equal([
      [
        {
          jobKey,
          retries: 2,
          errorMessage: 'mail server down',
          retryBackOff: 1_500,
          variables: { attempt: 1 },
        },
      ],
    ]);
    expect(h.engine.job(jobKey)?.state).to.equal('activatable');
  });

  it('answers FAILED_PRECONDITION when completing a job that failed into an incident, then resolves it', async () => {
    await h.zbc.failJob({ jobKey, retries: 0, errorMessage: 'bad data', retryBackOff: 0 });
    await expectGrpcError(h.zbc.completeJob({ jobKey, variables: {} }), FAILED_PRECONDITION, /has failed/);

    const [incidentKey] = h.engine.incidentKeys();
    if (incidentKey === undefined) throw new Error('no incident');
    await h.zbc.updateJobRetries({ jobKey, retries: 1 });
    await h.zbc.resolveIncident({ incidentKey });
    expect(h.engine.callsOf('updateJobRetries')).to.deep.equal([[jobKey, 1]]);
    expect(h.engine.callsOf('resolveIncident')).to.deep.equal([[incidentKey]]);
    expect(h.engine.job(jobKey)?.state).to.equal('activatable');
    await expectGrpcError(
      h.zbc.resolveIncident({ incidentKey }),
      NOT_FOUND,
      new RegExp(`incident with key '${incidentKey}'`),
    );
  });

  it('rejects UpdateJobRetries with retries below 1', async () => {
    await expectGrpcError(
      h.zbc.updateJobRetries({ jobKey, retries: 0 }),
      INVALID_ARGUMENT,
      /retries of at least 1, but got 0/,
    );
    expect(h.engine.callsOf('updateJobRetries')).to.have.length(0);
  });

  it('throws a BPMN error with code, message and variables', async () => {
    await h.zbc.throwError({
      jobKey,
      errorCode: 'NO_ADDRESS',
      errorMessage: 'no address',
      variables: { reason: 'x' },
    });
    expect(h.engine.callsOf('throwError')).to.deep.equal([
      [{ jobKey, errorCode: 'NO_ADDRESS', errorMessage: 'no address', variables: { reason: 'x' } }],
    ]);
  });

  it('rejects ThrowError without an error code', async () => {
    await expectGrpcError(
      h.zbc.throwError({ jobKey, errorCode: '', errorMessage: 'm' }),
      INVALID_ARGUMENT,
      /errorCode/,
    );
  });

  it('updates a job timeout in milliseconds', async () => {
    await h.zbc.updateJobTimeout({ jobKey, timeout: 120_000 });
    expect(h.engine.callsOf('updateJobTimeout')).to.deep.equal([[jobKey, 120_000]]);
  });

  it('sets variables on an element and returns the key of the change', async () => {
    // Typed Promise<void> in the SDK, but it resolves with the SetVariablesResponse.
    const response = (await h.zbc.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: { urgent: true },
      local: true,
    })) as unknown as { key: string };
    expect(response.key).to.match(/^\d+$/);
    expect(h.engine.callsOf('setVariables')).to.deep.equal([[processInstanceKey, { urgent: true }, true]]);
  });

  it('rejects a variables document that is not a JSON object, naming the field', async () => {
    // The SDK sends a string as it is, so malformed documents reach the gateway.
    const send = (variables: string) =>
      h.zbc.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: variables as unknown as object,
        local: false,
      });
    await expectGrpcError(send('[1, 2]'), INVALID_ARGUMENT, /^variables must be a JSON object, got array$/);
    await expectGrpcError(send('42'), INVALID_ARGUMENT, /^variables must be a JSON object, got number$/);
    await expectGrpcError(
      send('{"a": '),
      INVALID_ARGUMENT,
      /^variables must be a JSON object, got invalid JSON/,
    );
    expect(h.engine.callsOf('setVariables')).to.have.length(0);
  });

  it('reads an empty variables document as no variables', async () => {
    await h.zbc.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: '' as unknown as object,
      local: false,
    });
    expect(h.engine.callsOf('setVariables')).to.deep.equal([[processInstanceKey, {}, false]]);
  });

  it('answers NOT_FOUND for variables on an unknown element', async () => {
    await expectGrpcError(
      h.zbc.setVariables({ elementInstanceKey: '42', variables: { a: 1 }, local: false }),
      NOT_FOUND,
      /element with key '42'/,
    );
  });
});
