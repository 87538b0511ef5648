import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { loadConfig, type AppConfig } from '../../src/config/index.js';
import { deployAll, PROJECT_ROOT } from '../../src/deploy/deploy.js';
import { startEngineServer, type EngineServer } from '../../src/engine/server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('deploy: lint, then deploy forms/ and bpmn/', () => {
  let database: TestDatabase;
  let engine: EngineServer;
  let config: AppConfig;
  let brokenDir: string;

  before(async () => {
    database = await createTestDatabase();
    engine = await startEngineServer({
      databaseUrl: database.url,
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      clockControlled: true,
      logger,
    });
    config = loadConfig({
      ENGINE_GRPC_PORT: String(engine.grpcPort),
      ENGINE_REST_PORT: String(engine.restPort),
      LOG_LEVEL: 'silent',
    });
    // A copy of the project's models and forms, with one model broken.
    brokenDir = await mkdtemp(path.join(tmpdir(), 'xf-deploy-'));
    await cp(path.join(PROJECT_ROOT, 'forms'), path.join(brokenDir, 'forms'), { recursive: true });
    await cp(path.join(PROJECT_ROOT, 'bpmn'), path.join(brokenDir, 'bpmn'), { recursive: true });
    await cp(
      path.join(PROJECT_ROOT, 'test', 'lint', 'fixtures', 'unknown-job-type.bpmn'),
      path.join(brokenDir, 'bpmn', 'petition-recheck.bpmn'),
    );
  });

  after(async () => {
    await engine?.stop();
    await database?.drop();
    if (brokenDir) await rm(brokenDir, { recursive: true, force: true });
  });

  it('refuses a broken model with the lint report, and deploys nothing', async () => {
    const lines: string[] = [];
    const result = await deployAll({ config, dir: brokenDir, print: (line) => lines.push(line) });
    expect(result.deployed).to.equal(false);
    expect(result.resources).to.deep.equal([]);
    const output = lines.join('\n');
    expect(output).to.contain('petition-recheck.bpmn');
    expect(output).to.contain('notify-re-review-decision');
    expect(output).to.contain('xinfang/job-worker');
    expect(output).to.contain('deployment refused');
  });

  it('deploys every form and model, printing each with its version', async () => {
    const lines: string[] = [];
    const result = await deployAll({ config, print: (line) => lines.push(line) });
    expect(result.deployed).to.equal(true);
    const forms = (await readdir(path.join(PROJECT_ROOT, 'forms'))).filter((n) => n.endsWith('.form'));
    const models = (await readdir(path.join(PROJECT_ROOT, 'bpmn'))).filter((n) => n.endsWith('.bpmn'));
    expect(result.resources.map((r) => r.resourceName)).to.have.members([...forms, ...models]);
    // Version 1 everywhere: the refused deployment before this one left nothing behind.
    expect(result.resources.map((r) => r.version)).to.satisfy((versions: number[]) =>
      versions.every((v) => v === 1),
    );
    const output = lines.join('\n');
    expect(output).to.contain('process petition v1');
    expect(output).to.contain('process petition-recheck v1');
    expect(output).to.contain('form petition-triage v1');
  });

  it('keeps the versions of unchanged resources on a second deployment', async () => {
    const result = await deployAll({ config, print: () => undefined });
    expect(result.deployed).to.equal(true);
    const versions = new Map(result.resources.map((r) => [r.id, r.version]));
    expect(versions.get('petition')).to.equal(1);
    expect(versions.get('petition-recheck')).to.equal(1);
  });
});
