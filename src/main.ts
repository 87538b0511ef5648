// `npm start`: the whole system in one process. Starts, in order: the data-directory lock, the
// embedded PostgreSQL (unless DATABASE_URL), migrations and reference data (with --demo: demo
// users and petitions), the embedded engine (unless ENGINE=external), the job workers and the app
// (with its process-start dispatcher); stops them in reverse on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { createPool } from './db/pool.js';
import { createCamundaClient, topologyProbe } from '../workers/camunda-client.js';
import { startWorkers } from '../workers/index.js';
import { engineTimeSource } from '../workers/lib/deps.js';
import { HttpSmsSender, LogSender, OutboxDispatcher } from './domain/notifications/index.js';
import { loadDataKey } from './domain/petitioners/index.js';
import { deployModels } from './app/deploy-models.js';
import { createApiDeps } from './app/api/create.js';
import { createAppServer, listen } from './app/server.js';
import { ensureWebBuilt } from './app/web/build.js';
import { prepareAppData } from './app/startup.js';
import { ConfigError, EMBEDDED_ENGINE_HOST, loadConfig, type AppConfig } from './config/index.js';
import { redactUrl } from './db/connection-url.js';
import { acquireDataDirLock } from './db/data-dir-lock.js';
import { createMetrics } from './metrics/index.js';
import { prepareDatabase } from './db/prepare-database.js';
import { startEngineServer } from './engine/server.js';
import { exitSoon, runService, type Lifecycle } from './lib/lifecycle.js';
import { componentLogger, createLogger, type Logger } from './logger.js';

const USAGE = `Usage: npm start [-- --demo]

  --demo   also create the demo users (password: DEMO_PASSWORD, default demo-2026) and sample
           petitions; their usernames are logged
  --help   show this text

Configuration comes from environment variables; see README.md.`;

async function start(config: AppConfig, demo: boolean, root: Logger, lifecycle: Lifecycle): Promise<void> {
  const logger = componentLogger(root, 'main');
  const lock = await acquireDataDirLock(config.dataDir);
  lifecycle.add('data directory lock', () => lock.release());
  logger.info({ dataDir: config.dataDir }, 'data directory locked');

  const databaseUrl = await prepareDatabase(config, root, lifecycle);
  const pool = createPool({
    connectionString: databaseUrl,
    max: 10,
    onIdleError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
  });
  lifecycle.add('database pool', () => pool.end());
  const dataKey = await loadDataKey({ dataDir: config.dataDir, env: { XF_DATA_KEY: config.dataKeySecret } });
  // Reference data at every start (idempotent); demo users and petitions only with --demo.
  await prepareAppData(pool, { demo, demoPassword: config.demoPassword, dataKey, logger });

  const metrics = createMetrics({ logger: componentLogger(root, 'metrics') });
  let engineReady: () => Promise<boolean>;
  const camunda = createCamundaClient(config, componentLogger(root, 'camunda-client'));
  if (config.engine === 'embedded') {
    const engine = await startEngineServer({
      databaseUrl,
      grpcPort: config.engineGrpcPort,
      restPort: config.engineRestPort,
      host: EMBEDDED_ENGINE_HOST,
      clockControlled: config.engineClockControlled,
      commandTransactions: config.engineCommandTransactions,
      // startEngineServer names its own component.
      logger: root,
      metrics: metrics.engineHook,
    });
    lifecycle.add('embedded engine', () => engine.stop());
    metrics.trackEngineState({
      query: (sql, values) => pool.query(sql, values),
      now: () => engine.engine.now(),
    });
    engineReady = () => engine.ready();
  } else {
    engineReady = topologyProbe(camunda, config);
  }
  lifecycle.add('Camunda client', () => camunda.closeAllClients());
  await deployModels(camunda, componentLogger(root, 'deploy'));

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

  // Notices to petitioners and units leave through the outbox: to the SMS gateway, or the log.
  const outboxLogger = componentLogger(root, 'outbox');
  const outbox = new OutboxDispatcher(pool, {
    logger: outboxLogger,
    sender: config.smsGatewayUrl
      ? new HttpSmsSender({ url: config.smsGatewayUrl })
      : new LogSender(outboxLogger),
  });
  outbox.start();
  lifecycle.add('notification outbox', () => outbox.stop());

  const appLogger = componentLogger(root, 'app');
  const api = createApiDeps({
    db: pool,
    camunda,
    dataKey,
    engineNow: engineTimeSource(clockUrl),
    logger: appLogger,
  });
  const app = createAppServer({
    config,
    logger: appLogger,
    readiness: {
      database: async () => (await pool.query('SELECT 1')).rowCount === 1,
      engine: engineReady,
      workers: () => workers.ready(),
    },
    api,
    metrics,
    webDir: await ensureWebBuilt(componentLogger(root, 'web')),
  });
  const http = await listen(app, config.port, config.host);
  // The app's dispatcher starts the processes the engine has not taken yet (engine down, demo data).
  api.dispatcher.start();
  lifecycle.add('app server', async () => {
    await http.close();
    await api.dispatcher.stop();
  });

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
