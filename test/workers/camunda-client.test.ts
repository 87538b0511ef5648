import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { startEngineServer } from '../../src/engine/server.js';
import { camundaSdkConfiguration, createCamundaClient, topologyProbe } from '../../workers/camunda-client.js';
import { startWorkers, WORKERS, type WorkerDefinition } from '../../workers/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';

const logger = pino({ level: 'silent' });

describe('Camunda client configuration', () => {
  it('points at the embedded engine over plaintext gRPC and REST, without authentication', () => {
    const config = loadConfig({ ENGINE_GRPC_PORT: '27000', ENGINE_REST_PORT: '9000', LOG_LEVEL: 'silent' });

    const sdk = camundaSdkConfiguration(config);

    expect(sdk).to.deep.include({
      ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:27000',
      ZEEBE_REST_ADDRESS: 'http://127.0.0.1:9000',
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_LOG_LEVEL: 'none',
    });
    expect(sdk.zeebeGrpcSettings).to.include({
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
    });
  });

  it('passes cluster addresses and OAuth credentials through for ENGINE=external', () => {
    const config = loadConfig({
      ENGINE: 'external',
      ZEEBE_GRPC_ADDRESS: 'grpcs://zeebe.county.example:443',
      ZEEBE_REST_ADDRESS: 'https://camunda.county.example',
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: 'xinfang-flow',
      ZEEBE_CLIENT_SECRET: 'secret',
      CAMUNDA_OAUTH_URL: 'https://login.county.example/oauth/token',
      ZEEBE_TOKEN_AUDIENCE: 'zeebe-api',
    });

    expect(camundaSdkConfiguration(config)).to.deep.include({
      ZEEBE_GRPC_ADDRESS: 'grpcs://zeebe.county.example:443',
      ZEEBE_REST_ADDRESS: 'https://camunda.county.example',
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: 'xinfang-flow',
      ZEEBE_CLIENT_SECRET: 'secret',
      CAMUNDA_OAUTH_URL: 'https://login.county.example/oauth/token',
      ZEEBE_TOKEN_AUDIENCE: 'zeebe-api',
    });
  });

  it('does not touch process.env', () => {
    const before = { ...process.env };

    const client = createCamundaClient(loadConfig({ LOG_LEVEL: 'silent' }));

    expect(process.env).to.deep.equal(before);
    return client.closeAllClients();
  });

  it('reports an engine that does not answer as not ready, promptly', async () => {
    const config = loadConfig({ ENGINE_GRPC_PORT: String(await freePort()), LOG_LEVEL: 'silent' });
    const client = createCamundaClient(config);
    try {
      const started = Date.now();
      expect(await topologyProbe(client, config, 2000)()).to.equal(false);
      expect(Date.now() - started).to.be.below(2500);
    } finally {
      await client.closeAllClients();
    }
  });
});

describe('job workers against the embedded engine', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let engine: Awaited<ReturnType<typeof startEngineServer>>;
  let config: ReturnType<typeof loadConfig>;

  before(async () => {
    database = await createTestDatabase();
    config = loadConfig({
      ENGINE_GRPC_PORT: String(await freePort()),
      ENGINE_REST_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
    });
    engine = await startEngineServer({
      databaseUrl: database.url,
      grpcPort: config.engineGrpcPort,
      restPort: config.engineRestPort,
      host: '127.0.0.1',
      clockControlled: true,
      logger,
    });
  });
  after(async () => {
    await engine.stop();
    await database.drop();
  });

  it('has a worker for every job type the petition models use, and none besides', () => {
    const bpmn = new URL('../../bpmn/', import.meta.url);
    const used = new Set(
      readdirSync(bpmn)
        .filter((name) => name.endsWith('.bpmn'))
        .flatMap((name) => [
          ...readFileSync(new URL(name, bpmn), 'utf8').matchAll(/zeebe:taskDefinition type="([^"]+)"/g),
        ])
        .map((match) => match[1]),
    );
    expect(WORKERS.map((worker) => worker.jobType).sort()).to.deep.equal([...used].sort());
  });

  it('starts every worker, reports ready when Topology answers, and closes the workers on stop', async () => {
    const closed: string[] = [];
    const definitions: WorkerDefinition[] = ['send-letter', 'notify-unit'].map((jobType) => ({
      jobType,
      start: () => ({ close: () => Promise.resolve(closed.push(jobType)) }),
    }));
    const client = createCamundaClient(config);
    try {
      const deps = {
        db: undefined as never,
        dataKey: undefined as never,
        now: () => Promise.resolve(Date.now()),
      };
      const workers = startWorkers(client, config, logger, deps, definitions);

      expect(workers.jobTypes).to.deep.equal(['send-letter', 'notify-unit']);
      expect(await workers.ready()).to.equal(true);

      await workers.stop();
      expect(closed).to.have.members(['send-letter', 'notify-unit']);
    } finally {
      await client.closeAllClients();
    }
  });
});
