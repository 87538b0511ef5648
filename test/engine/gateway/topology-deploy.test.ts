import { expect } from 'chai';
import { GATEWAY_VERSION } from '../../../src/engine/gateway/index.js';
import { startHarness, serviceTaskProcess, type Harness } from './harness.js';

describe('gRPC gateway: topology and deployment', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('reports one healthy broker leading the one partition', async () => {
    const topology = await h.zbc.topology();
    expect(topology).to.deep.include({
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: GATEWAY_VERSION,
    });
    expect(topology.brokers).to.have.length(1);
    expect(topology.brokers[0]).to.deep.include({ nodeId: 0, host: '127.0.0.1', port: h.gateway.port });
    expect(topology.brokers[0]?.partitions).to.deep.equal([
      { partitionId: 1, role: 'LEADER', health: 'HEALTHY' },
    ]);
  });

  it('deploys a process and a form and answers one entry per resource, keys intact', async () => {
    const form = Buffer.from(JSON.stringify({ id: 'intake-form', type: 'default', components: [] }));
    const result = await h.zbc.deployResources([
      { process: serviceTaskProcess('intake', 'register'), name: 'intake.bpmn' },
      { form, name: 'intake.form' },
    ]);

    const [sent] = h.engine.callsOf('deployResources') as [[{ name: string; content: Buffer }[]]];
    expect(sent[0].map((r) => r.name)).to.deep.equal(['intake.bpmn', 'intake.form']);
    expect(sent[0][1]?.content.equals(form)).to.equal(true);

    expect(result.tenantId).to.equal('<default>');
    expect(result.key).to.match(/^\d+$/);
    expect(result.deployments).to.have.length(2);
    const [processEntry, formEntry] = result.deployments;
    expect(processEntry).to.have.property('process').that.deep.includes({
      bpmnProcessId: 'intake',
      version: 1,
      resourceName: 'intake.bpmn',
      tenantId: '<default>',
    });
    expect(formEntry).to.have.property('form').that.deep.includes({
      formId: 'intake-form',
      version: 1,
      resourceName: 'intake.form',
      tenantId: '<default>',
    });
    // The fake hands out keys above 2^53: they must arrive digit for digit.
    const processKey = (processEntry as { process: { processDefinitionKey: string } }).process
      .processDefinitionKey;
    const created = await h.zbc.createProcessInstance({ bpmnProcessId: 'intake', variables: {} });
    expect(created.processDefinitionKey).to.equal(processKey);
    expect(BigInt(processKey) > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
  });

  it('counts versions per process id on redeployment', async () => {
    await h.zbc.deployResource({ process: serviceTaskProcess('intake', 'a'), name: 'intake.bpmn' });
    const second = await h.zbc.deployResource({
      process: serviceTaskProcess('intake', 'b'),
      name: 'intake.bpmn',
    });
    expect(second.deployments[0]).to.have.property('process').that.deep.includes({ version: 2 });
  });

  it('passes the engine rejection of a resource through as INVALID_ARGUMENT with its details', async () => {
    const error = await h.zbc
      .deployResource({ process: Buffer.from('<not-bpmn/>'), name: 'broken.bpmn' })
      .then(
        () => undefined,
        (e: unknown) => e as { code: number; details: string },
      );
    expect(error?.code).to.equal(3);
    expect(error?.details)
      .to.contain("'broken.bpmn': no BPMN process found")
      .and.contain('missing <bpmn:process>');
  });
});
