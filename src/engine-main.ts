// `npm run engine -- --grpc-port P --rest-port Q --data-dir D`: the embedded engine alone, with
// its database (DATABASE_URL, or the embedded PostgreSQL under the data directory), for tools
// and SDK clients that want a Zeebe-compatible engine without the app.
import { parseArgs } from 'node:util';
import { ConfigError, EMBEDDED_ENGINE_HOST, loadConfig, type AppConfig } from './config/index.js';
import { acquireDataDirLock } from './db/data-dir-lock.js';
import { prepareDatabase } from './db/prepare-database.js';
import { startEngineServer } from './engine/server.js';
import { exitSoon, runService, type Lifecycle } from './lib/lifecycle.js';
import { componentLogger, createLogger, type Logger } from './logger.js';

const USAGE = `Usage: npm run engine -- [--grpc-port P] [--rest-port Q] [--data-dir D]

  --grpc-port P   Zeebe gateway gRPC port (default: ENGINE_GRPC_PORT, 26500)
  --rest-port Q   REST /v2 port (default: ENGINE_REST_PORT, 8088)
  --data-dir D    data directory (default: DATA_DIR, ./data)

The engine listens on ${EMBEDDED_ENGINE_HOST} only. Other settings come from the environment; see README.md.`;

async function start(config: AppConfig, root: Logger, lifecycle: Lifecycle): Promise<void> {
  const logger = componentLogger(root, 'main');
  const lock = await acquireDataDirLock(config.dataDir);
  lifecycle.add('data directory lock', () => lock.release());
  const databaseUrl = await prepareDatabase(config, root, lifecycle);
  const engine = await startEngineServer({
    databaseUrl,
    grpcPort: config.engineGrpcPort,
    restPort: config.engineRestPort,
    host: EMBEDDED_ENGINE_HOST,
    clockControlled: config.engineClockControlled,
    commandTransactions: config.engineCommandTransactions,
    // startEngineServer names its own component.
    logger: root,
  });
  lifecycle.add('embedded engine', () => engine.stop());
  logger.info(
    { zeebeGrpcAddress: config.zeebeGrpcAddress, zeebeRestAddress: config.zeebeRestAddress },
    `engine is running: gRPC ${config.zeebeGrpcAddress}, REST ${config.zeebeRestAddress}/v2`,
  );
}

function main(): void {
  let config: AppConfig;
  try {
    const { values } = parseArgs({
      options: {
        'grpc-port': { type: 'string' },
        'rest-port': { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    // Flags win over the environment and go through the same validation.
    config = loadConfig({
      ...process.env,
      ...(values['grpc-port'] === undefined ? {} : { ENGINE_GRPC_PORT: values['grpc-port'] }),
      ...(values['rest-port'] === undefined ? {} : { ENGINE_REST_PORT: values['rest-port'] }),
      ...(values['data-dir'] === undefined ? {} : { DATA_DIR: values['data-dir'] }),
    });
  } catch (error: unknown) {
    console.error(error instanceof ConfigError ? error.message : `${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = error instanceof ConfigError ? 1 : 2;
    return;
  }
  if (config.engine !== 'embedded') {
    console.error(
      'ENGINE=external: there is no embedded engine to run. Unset ENGINE to use `npm run engine`.',
    );
    process.exitCode = 1;
    return;
  }
  const root = createLogger(config);
  void runService(componentLogger(root, 'main'), (lifecycle) => start(config, root, lifecycle)).then(
    exitSoon,
  );
}

main();
