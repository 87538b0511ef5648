import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineMetrics } from '../engine/metrics.js';
import { engineCounters } from './engine-counters.js';
import { registerEngineGauges, type EngineStateSource } from './engine-gauges.js';
import { httpMetrics } from './http.js';

export type { EngineStateSource };

export interface MetricsOptions {
  logger: Logger;
  /** Also collect Node.js process metrics (CPU, memory, event loop, GC). Default true. */
  defaultMetrics?: boolean;
}

export interface AppMetrics {
  readonly registry: Registry;
  /** Give to the embedded engine (startEngineServer({ metrics })). */
  readonly engineHook: EngineMetrics;
  /** Times every request by method, route pattern and status; mount before the routes. */
  readonly httpMiddleware: RequestHandler;
  /** Serves the text exposition format. */
  readonly handler: RequestHandler;
  /** Embedded engine: read timers due, open incidents and open user tasks from its tables on scrape. */
  trackEngineState(source: EngineStateSource): void;
}

export function createMetrics({ logger, defaultMetrics = true }: MetricsOptions): AppMetrics {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  const http = httpMetrics(registry);
  const engineHook = engineCounters(registry);
  let tracking = false;

  return {
    registry,
    engineHook,
    httpMiddleware: http.middleware,
    handler: (_req, res, next) => {
      registry
        .metrics()
        .then((text) => {
          res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(text);
        })
        .catch(next);
    },
    trackEngineState(source) {
      if (tracking) throw new Error('engine state is already tracked');
      tracking = true;
      registerEngineGauges(registry, source, logger);
    },
  };
}
