// `npm run workers`: the job workers alone, for running more of them beside `npm start` or
// `npm run engine` (on this machine or another). They reach the engine through the configured
// Camunda client and the petition data through DATABASE_URL, which is required here: the
// embedded PostgreSQL belongs to the process that holds the data directory.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, EMBEDDED_ENGINE_HOST, loadConfig, type AppConfig } from '../src/config/index.js';
import { loadDataKey } from '../src/domain/petitioners/index.js';
import { exitSoon, runService, type Lifecycle } from '../src/lib/lifecycle.js';
import { componentLogger, createLogger, type Logger } from '../src/logger.js';
import { createCamundaClient } from './camunda-client.js';
import { startWorkers } from './index.js';
import { engineTimeSource } from './lib/deps.js';

const USAGE = `Usage: DATABASE_URL=postgres://… npm run workers

Runs every job worker against the engine of ENGINE / ENGINE_REST_PORT / ENGINE_GRPC_PORT (or
ZEEBE_* with ENGINE=external). Several worker processes may run at once: the engine hands each
job to one of them. Petitioners' data key: XF_DATA_KEY, or the key file in DATA_DIR (the same
one the app uses). See README.md.`;

async function start(
  config: AppConfig,
  databaseUrl: string,
  root: Logger,
  lifecycle: Lifecycle,
): Promise<void> {
  const logger = componentLogger(root, 'main');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  // A connection lost while a handler holds it fails that handler's query (the job is retried);
  // without a listener the same loss would also end the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  lifecycle.add('database pool', () => pool.end());
  const dataKey = await loadDataKey({ dataDir: config.dataDir, env: { XF_DATA_KEY: config.dataKeySecret } });

  const camunda = createCamundaClient(config, componentLogger(root, 'camunda-client'));
  lifecycle.add('Camunda client', () => camunda.closeAllClients());
  // Engine time: the embedded engine's clock may be controlled; a cluster's is the system clock.
  const clockUrl =
    config.engine === 'embedded'
      ? `http://${EMBEDDED_ENGINE_HOST}:${config.engineRestPort}/actuator/clock`
      : undefined;
  const workers = startWorkers(camunda, config, componentLogger(root, 'workers'), {
    db: pool,
    dataKey,
    now: engineTimeSource(clockUrl),
  });
  lifecycle.add('job workers', () => workers.stop());
  logger.info(
    { zeebeGrpcAddress: config.zeebeGrpcAddress, jobTypes: workers.jobTypes },
    `job workers are running against ${config.zeebeGrpcAddress}`,
  );
}

function main(): void {
  let config: AppConfig;
  try {
    const { values } = parseArgs({ options: { help: { type: 'boolean', default: false } } });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    config = loadConfig();
  } catch (error: unknown) {
    console.error(error instanceof ConfigError ? error.message : `${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = error instanceof ConfigError ? 1 : 2;
    return;
  }
  const databaseUrl = config.databaseUrl;
  if (databaseUrl === undefined) {
    console.error(`DATABASE_URL is required: the workers read and write the petition data.\n\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  const root = createLogger(config);
  void runService(componentLogger(root, 'main'), (lifecycle) =>
    start(config, databaseUrl, root, lifecycle),
  ).then(exitSoon);
}

main();
