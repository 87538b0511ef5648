import { expect } from 'chai';
import { alreadyExists, EngineError } from '../../../src/engine/errors.js';
import { startHarness, serviceTaskProcess, expectGrpcError, type Harness } from './harness.js';

const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;
const INTERNAL = 13;
const UNAVAILABLE = 14;

describe('gRPC gateway: process instances and status mapping', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.zbc.deployResource({
      process: serviceTaskProcess('petition', 'register'),
      name: 'petition.bpmn',
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates an instance of the latest version with the given variables', async () => {
    const created = await h.zbc.createProcessInstance({
      bpmnProcessId: 'petition',
      variables: { petitionId: 'P-1', nested: { channel: 'letter', tags: ['a'] } },
    });
    expect(h.engine.callsOf('createProcessInstance')).to.deep.equal([
      [
        {
          bpmnProcessId: 'petition',
          version: -1,
          variables: { petitionId: 'P-1', nested: { channel: 'letter', tags: ['a'] } },
        },
      ],
    ]);
    expect(created).to.deep.include({ bpmnProcessId: 'petition', version: 1, tenantId: '<default>' });
    expect(h.engine.instance(created.processInstanceKey)?.state).to.equal('active');
  });

  it('answers NOT_FOUND, naming the process, for an unknown bpmnProcessId', async () => {
    await expectGrpcError(
      h.zbc.createProcessInstance({ bpmnProcessId: 'no-such-process', variables: {} }),
      NOT_FOUND,
      /process ID 'no-such-process'/,
    );
  });

  it('returns the result of a completed instance with only the fetched variables', async () => {
    h.zbc.createWorker({
      taskType: 'register',
      pollInterval: 20,
      longPoll: 2_000, // the SDK leaves a longPoll + 1 s timer behind when a worker closes mid-poll
      taskHandler: (job) => job.complete({ registered: true, clerk: 'li' }),
    });
    const result = await h.zbc.createProcessInstanceWithResult({
      bpmnProcessId: 'petition',
      variables: { petitionId: 'P-2' },
      requestTimeout: 10_000,
      fetchVariables: ['petitionId', 'registered'],
    });
    expect(result.variables).to.deep.equal({ petitionId: 'P-2', registered: true });
    expect(result).to.deep.include({ bpmnProcessId: 'petition', version: 1 });
    const [, options] = h.engine.callsOf('createProcessInstanceWithResult')[0] as [unknown, unknown];
    expect(options).to.deep.equal({ timeoutMs: 10_000, fetchVariables: ['petitionId', 'registered'] });
  });

  it('maps an instance that does not complete in time to DEADLINE_EXCEEDED', async () => {
    await expectGrpcError(
      h.zbc.createProcessInstanceWithResult({
        bpmnProcessId: 'petition',
        variables: {},
        requestTimeout: 200,
      }),
      DEADLINE_EXCEEDED,
      /complete within 200 ms/,
    );
  });

  it('cancels an instance, and answers NOT_FOUND for one that is gone', async () => {
    const { processInstanceKey } = await h.zbc.createProcessInstance({
      bpmnProcessId: 'petition',
      variables: {},
    });
    await h.zbc.cancelProcessInstance(processInstanceKey);
    expect(h.engine.instance(processInstanceKey)?.state).to.equal('cancelled');
    await expectGrpcError(
      h.zbc.cancelProcessInstance(processInstanceKey),
      NOT_FOUND,
      new RegExp(processInstanceKey),
    );
  });

  it('maps ALREADY_EXISTS and UNAVAILABLE from the engine to the same gRPC codes', async () => {
    h.engine.rejectNext(
      'createProcessInstance',
      alreadyExists('An instance for petition P-3 already exists'),
    );
    await expectGrpcError(
      h.zbc.createProcessInstance({ bpmnProcessId: 'petition', variables: {} }),
      ALREADY_EXISTS,
      /^An instance for petition P-3 already exists$/,
    );
    h.engine.rejectNext(
      'createProcessInstance',
      new EngineError('UNAVAILABLE', 'The database is not reachable'),
    );
    await expectGrpcError(
      h.zbc.createProcessInstance({ bpmnProcessId: 'petition', variables: {} }),
      UNAVAILABLE,
      /The database is not reachable/,
    );
  });

  it('maps any other error to INTERNAL and logs it', async () => {
    h.engine.rejectNext('createProcessInstance', new TypeError('cannot read properties of undefined'));
    await expectGrpcError(
      h.zbc.createProcessInstance({ bpmnProcessId: 'petition', variables: {} }),
      INTERNAL,
      /CreateProcessInstance: cannot read properties of undefined/,
    );
    const logged = h.logs.filter((line) => line.level >= 50);
    expect(logged).to.have.length(1);
    expect(logged[0]).to.deep.include({ method: 'CreateProcessInstance' });
    expect(logged[0]?.err?.message).to.equal('cannot read properties of undefined');
  });

  it('rejects a tenant other than the default one', async () => {
    await expectGrpcError(
      h.zbc.createProcessInstance({ bpmnProcessId: 'petition', variables: {}, tenantId: 'county-b' }),
      INVALID_ARGUMENT,
      /CreateProcessInstance.*tenantId 'county-b'/,
    );
    expect(h.engine.callsOf('createProcessInstance')).to.have.length(0);
  });
});
