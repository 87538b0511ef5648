// HTTP request durations, labelled by the route pattern (/api/petitions/:id), never the raw path:
// raw paths carry keys and would make one series per petition.
import type { Request, RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';

export function httpMetrics(registry: Registry): { middleware: RequestHandler } {
  const duration = new Histogram({
    name: 'xf_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    middleware: (req, res, next) => {
      const stop = duration.startTimer();
      res.on('finish', () => {
        stop({ method: req.method, route: routeOf(req), status_code: String(res.statusCode) });
      });
      next();
    },
  };
}

/** The matched route's pattern under its router's mount path; 'unmatched' for 404s and the like. */
export function routeOf(req: Request): string {
  const route: unknown = req.route;
  if (typeof route !== 'object' || route === null || !('path' in route)) return 'unmatched';
  const path: unknown = route.path;
  const pattern = Array.isArray(path) ? path.map(String).join('|') : String(path);
  return `${req.baseUrl}${pattern}`;
}
