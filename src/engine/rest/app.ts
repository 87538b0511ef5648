// The engine's HTTP port (8088): the Camunda 8.8 REST API subset under /v2, plus Zeebe's clock
// actuator. Each concern is a router in its own file, mounted here in order.
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { EngineApi } from '../api.js';
import { clockRouter } from './clock.js';
import { problemMiddleware, routeNotFound } from './problem.js';
import { topologyRouter, type TopologyAddress } from './topology.js';

export interface EngineRestConfig {
  engine: EngineApi;
  /** Allows clock changes (ZEEBE_CLOCK_CONTROLLED); when false they answer 403. */
  clockControlled: boolean;
  logger: Logger;
  /** The broker address reported by /v2/topology; defaults to 127.0.0.1:26500. */
  topology?: TopologyAddress;
  /** Request body limit for express.json (default "4mb"). */
  bodyLimit?: string;
}

export function createEngineRestApp(config: EngineRestConfig): Express {
  const logger = config.logger.child({ component: 'engine-rest' });
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: config.bodyLimit ?? '4mb' }));

  app.use(topologyRouter(config.topology ?? { host: '127.0.0.1', port: 26500 }));
  app.use(clockRouter({ engine: config.engine, clockControlled: config.clockControlled }));

  app.use((req, _res, next) => {
    next(routeNotFound(`No endpoint ${req.method} ${req.path}`));
  });
  app.use(problemMiddleware(logger));
  return app;
}
