import { expect } from 'chai';
import { pino } from 'pino';
import { startEngineRest, type EngineRestServer } from '../../../src/engine/rest/index.js';
import { FakeEngine } from '../gateway/fake-engine.js';

describe('engine REST: topology and unknown routes', () => {
  let server: EngineRestServer;
  let base: string;
  before(async () => {
    server = await startEngineRest({
      engine: new FakeEngine(),
      host: '127.0.0.1',
      port: 0,
      clockControlled: false,
      logger: pino({ level: 'silent' }),
      topology: { host: 'engine.local', port: 26511 },
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.stop();
  });

  it('describes one broker leading one healthy partition, in the Camunda 8.8 shape', async () => {
    const response = await fetch(`${base}/v2/topology`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({
      brokers: [
        {
          nodeId: 0,
          host: 'engine.local',
          port: 26511,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
          version: '8.8.0',
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: '8.8.0',
      lastCompletedChangeId: '-1',
    });
  });

  it('answers 404 problem details for an unknown route', async () => {
    const response = await fetch(`${base}/v2/nothing-here`);
    expect(response.status).to.equal(404);
    expect(await response.json()).to.deep.include({
      status: 404,
      title: 'NOT_FOUND',
      detail: 'No endpoint GET /v2/nothing-here',
    });
  });
});
