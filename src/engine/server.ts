// Starts the embedded engine with its two network faces: the Zeebe gateway (gRPC) and the
// engine HTTP port (REST /v2, clock). The launcher is the only code that starts it in-process.
import type pino from 'pino';
import { Engine } from './engine.js';
import type { EngineMetrics } from './metrics.js';
import { startGrpcGateway } from './gateway/index.js';
import { startEngineRest } from './rest/index.js';
import { createEnginePool } from './store/db.js';

export interface EngineServerOptions {
  databaseUrl: string;
  grpcPort: number;
  restPort: number;
  host: string;
  clockControlled: boolean;
  /** Command transactions run at once (see command-queue.ts); undefined: its default. */
  commandTransactions?: number | undefined;
  logger: pino.Logger;
  /** Optional hook told about jobs and timers (see EngineMetrics); the launcher feeds /metrics with it. */
  metrics?: EngineMetrics;
}

export interface EngineServer {
  engine: Engine;
  grpcPort: number;
  restPort: number;
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startEngineServer(options: EngineServerOptions): Promise<EngineServer> {
  const logger = options.logger.child({ component: 'engine' });
  const db = createEnginePool(options.databaseUrl);
  db.on('error', (error) => logger.error({ err: error }, 'idle database connection failed'));
  const engine = new Engine({
    db,
    logger,
    clockControlled: options.clockControlled,
    ...(options.commandTransactions === undefined
      ? {}
      : { commandTransactions: options.commandTransactions }),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  await engine.start();
  const grpc = await startGrpcGateway({ engine, host: options.host, port: options.grpcPort, logger });
  const rest = await startEngineRest({
    engine,
    host: options.host,
    port: options.restPort,
    clockControlled: options.clockControlled,
    logger,
  });
  logger.info({ grpcPort: grpc.port, restPort: rest.port }, 'engine started');
  return {
    engine,
    grpcPort: grpc.port,
    restPort: rest.port,
    async ready() {
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      await grpc.stop();
      await rest.stop();
      await engine.stop();
      await db.end();
      logger.info('engine stopped');
    },
  };
}
