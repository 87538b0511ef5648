// /api: sessions, petitions, tasks, reference data and the OpenAPI description. Every route but
// the login needs a session.
import { Router } from 'express';
import { requireSession } from '../auth/middleware.js';
import type { ApiDeps } from './deps.js';
import { openApiDocument } from './openapi.js';
import { sessionRoutes } from './session-routes.js';
import { adminRoutes } from './admin-routes.js';
import { attachmentRoutes } from './attachment-routes.js';
import { caseRoutes } from './case-routes.js';
import { modelRoutes } from './model-routes.js';
import { processRoutes } from './process-routes.js';
import { supervisionRoutes } from './supervision-routes.js';
import { workRoutes } from './work-routes.js';

export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  sessionRoutes(router, deps);
  // Before the petition routes: GET /petitions/hints is not GET /petitions/:number.
  supervisionRoutes(router, deps);
  workRoutes(router, deps);
  caseRoutes(router, deps);
  attachmentRoutes(router, deps);
  processRoutes(router, deps);
  modelRoutes(router, deps);
  adminRoutes(router, deps);
  router.get('/openapi.json', requireSession(deps.db, deps.clock), (_req, res) => {
    res.json(openApiDocument());
  });
  return router;
}
