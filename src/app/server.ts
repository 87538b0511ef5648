// The HTTP app: health and readiness, the petition API under /api and the built web app.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { AppMetrics } from '../metrics/index.js';
import type { ApiDeps } from './api/deps.js';
import { apiRouter } from './api/router.js';
import { securityHeaders } from './auth/security-headers.js';
import { notFoundHandler, problemHandler } from './problem.js';
import { requestContext } from './request-context.js';
import { webApp } from './web/static.js';
import { checkReadiness, withHints, type ReadinessChecks } from './readiness.js';

export interface AppServerOptions {
  config: AppConfig;
  logger: Logger;
  readiness: ReadinessChecks;
  /** The petition API; without it only /health and /ready are served. */
  api?: ApiDeps;
  /** Prometheus metrics; with them the app times its requests and serves GET /metrics. */
  metrics?: AppMetrics;
  /** The built web app's folder (dist/web); without it no pages are served. */
  webDir?: string;
}

export function createAppServer({ config, logger, readiness, api, metrics, webDir }: AppServerOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Which proxies' X-Forwarded-* to believe: the client's address (audit log), HTTPS (cookie, HSTS).
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  if (metrics !== undefined) app.use(metrics.httpMiddleware);
  // Before the body parser, so a request with malformed JSON is logged with its id too.
  app.use(requestContext(logger));
  app.use(express.json({ limit: '1mb' }));

  // Liveness: answers while the process runs, whatever its dependencies do.
  app.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'UP' });
  });

  // A failed check comes with what to check (Chinese and English), for the operator on call.
  app.get('/ready', async (_req, res) => {
    const report = await checkReadiness(readiness, logger);
    res
      .status(report.status === 'UP' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(report.status === 'UP' ? report : withHints(report));
  });

  if (metrics !== undefined) app.get('/metrics', metrics.handler);

  if (api !== undefined) app.use('/api', apiRouter(api));
  if (webDir !== undefined) app.use(webApp(webDir));

  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}

export interface ListeningServer {
  readonly server: http.Server;
  /** http://host:port, with the port actually bound (useful with port 0). */
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(app: Express, port: number, host: string): Promise<ListeningServer> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive connections would otherwise hold the close open.
        server.closeIdleConnections();
      }),
  };
}
