// /api: sessions, petitions, tasks, reference data and the OpenAPI description. Every route but
// the login needs a session.
import { Router } from 'express';
import { requireSession } from '../auth/middleware.js';
import type { ApiDeps } from './deps.js';
import { openApiDocument } from './openapi.js';
import { sessionRoutes } from './session-routes.js';
import { caseRoutes } from './case-routes.js';
import { workRoutes } from './work-routes.js';

export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  sessionRoutes(router, deps);
  workRoutes(router, deps);
  caseRoutes(router, deps);
  router.get('/openapi.json', requireSession(deps.db, deps.clock), (_req, res) => {
    res.json(openApiDocument());
  });
  return router;
}
