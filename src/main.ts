// `npm start`: the whole system in one process. Starts, in order: the data-directory lock, the
// embedded PostgreSQL (unless DATABASE_URL), migrations, the embedded engine (unless
// ENGINE=external), the job workers and the app; stops them in reverse on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createCamundaClient, topologyProbe } from '../workers/camunda-client.js';
import { startWorkers } from '../workers/index.js';
import { engineTimeSource } from '../workers/lib/deps.js';
import { loadDataKey } from './domain/petitioners/index.js';
import { createAppServer, listen } from './app/server.js';
import { ConfigError, EMBEDDED_ENGINE_HOST, loadConfig, type AppConfig } from './config/index.js';
import { redactUrl } from './db/connection-url.js';
import { acquireDataDirLock } from './db/data-dir-lock.js';
import { prepareDatabase } from './db/prepare-database.js';
import { startEngineServer } from './engine/server.js';
import { exitSoon, runService, type Lifecycle } from './lib/lifecycle.js';
import { componentLogger, createLogger, type Logger } from './logger.js';

const USAGE = `Usage: npm start [-- --demo]

  --demo   start with demonstration data (not available yet: the flag is accepted and logged)
  --help   show this text

Configuration comes from environment variables; see README.md.`;

async function start(config: AppConfig, demo: boolean, root: Logger, lifecycle: Lifecycle): Promise<void> {
  const logger = componentLogger(root, 'main');
  const lock = await acquireDataDirLock(config.dataDir);
  lifecycle.add('data directory lock', () => lock.release());
  logger.info({ dataDir: config.dataDir }, 'data directory locked');
  if (demo) logger.warn('--demo given: demo data seeding is not implemented yet; starting without demo data');

  const databaseUrl = await prepareDatabase(config, root, lifecycle);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'));
  lifecycle.add('database pool', () => pool.end());

  let engineReady: () => Promise<boolean>;
  const camunda = createCamundaClient(config, componentLogger(root, 'camunda-client'));
  if (config.engine === 'embedded') {
    const engine = await startEngineServer({
      databaseUrl,
      grpcPort: config.engineGrpcPort,
      restPort: config.engineRestPort,
      host: EMBEDDED_ENGINE_HOST,
      clockControlled: config.engineClockControlled,
      // startEngineServer names its own component.
      logger: root,
    });
    lifecycle.add('embedded engine', () => engine.stop());
    engineReady = () => engine.ready();
  } else {
    engineReady = topologyProbe(camunda, config);
  }
  lifecycle.add('Camunda client', () => camunda.closeAllClients());

  // Engine time: the embedded engine's clock may be controlled; a cluster's is the system clock.
  const clockUrl =
    config.engine === 'embedded' ? `http://${EMBEDDED_ENGINE_HOST}:${config.engineRestPort}/actuator/clock` : undefined;
  const workers = startWorkers(camunda, config, componentLogger(root, 'workers'), {
    db: pool,
    dataKey: await loadDataKey({ dataDir: config.dataDir, env: process.env }),
    now: engineTimeSource(clockUrl),
  });
  lifecycle.add('job workers', () => workers.stop());

  const app = createAppServer({
    config,
    logger: componentLogger(root, 'app'),
    readiness: {
      database: async () => (await pool.query('SELECT 1')).rowCount === 1,
      engine: engineReady,
      workers: () => workers.ready(),
    },
  });
  const http = await listen(app, config.port, config.host);
  lifecycle.add('app server', () => http.close());

  logger.info(
    {
      app: http.url,
      engine: config.engine,
      zeebeGrpcAddress: config.zeebeGrpcAddress,
      zeebeRestAddress: config.zeebeRestAddress,
      database: redactUrl(databaseUrl),
      clockControlled: config.engine === 'embedded' ? config.engineClockControlled : undefined,
    },
    `xinfang-flow is running at ${http.url}`,
  );
}

function main(): void {
  let demo: boolean;
  try {
    const { values } = parseArgs({
      options: { demo: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    demo = values.demo;
  } catch (error: unknown) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return;
  }
  const root = createLogger(config);
  void runService(componentLogger(root, 'main'), (lifecycle) => start(config, demo, root, lifecycle)).then(
    exitSoon,
  );
}

main();
