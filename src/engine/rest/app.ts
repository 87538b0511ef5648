// The engine's HTTP port (8088): the Camunda 8.8 REST API subset under /v2, plus Zeebe's clock
// actuator. Each concern is a router in its own file, mounted here in order. Searches and task
// updates need the engine's database (the embedded Engine); with a bare EngineApi they answer 501.
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { EngineApi } from '../api.js';
import { clockRouter } from './clock.js';
import { deploymentsRouter } from './deployments.js';
import { elementInstancesRouter } from './element-instances.js';
import { incidentsRouter } from './incidents.js';
import { jobsRouter } from './jobs.js';
import { messagesRouter } from './messages.js';
import { problemMiddleware, routeNotFound } from './problem.js';
import { processDefinitionsRouter } from './process-definitions.js';
import { processInstancesRouter } from './process-instances.js';
import { sequenceFlowsRouter } from './sequence-flows.js';
import { topologyRouter, type TopologyAddress } from './topology.js';
import { userTasksRouter } from './user-tasks.js';
import { variablesRouter } from './variables.js';

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
  const bodyLimit = config.bodyLimit ?? '4mb';
  app.use(express.json({ limit: bodyLimit }));

  app.use(topologyRouter(config.topology ?? { host: '127.0.0.1', port: 26500 }));
  app.use(clockRouter({ engine: config.engine, clockControlled: config.clockControlled }));
  app.use(deploymentsRouter(config.engine, bodyLimit));
  app.use(processDefinitionsRouter(config.engine));
  app.use(processInstancesRouter(config.engine));
  app.use(sequenceFlowsRouter(config.engine));
  app.use(elementInstancesRouter(config.engine));
  app.use(userTasksRouter(config.engine));
  app.use(variablesRouter(config.engine));
  app.use(incidentsRouter(config.engine));
  app.use(jobsRouter(config.engine));
  app.use(messagesRouter(config.engine));

  app.use((req, _res, next) => {
    next(routeNotFound(`No endpoint ${req.method} ${req.path}`));
  });
  app.use(problemMiddleware(logger));
  return app;
}
