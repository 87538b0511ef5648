// The processes of a petition (Operate-like view) and the administrator's repairs of stuck
// instances. Reads follow the petition's visibility; repairs are for administrators only.
import type { Request, Response, Router } from 'express';
import type { Role } from '../../domain/users/index.js';
import { PETITION_VIEW_ROLES } from '../auth/access.js';
import { requireRole, requireSession, userOf } from '../auth/middleware.js';
import { modifyInstance, resolveIncident, retryJob, type Actor } from '../process/process-actions.js';
import { petitionProcess } from '../process/process-view.js';
import type { ApiDeps } from './deps.js';

/** Who may repair running processes. */
export const PROCESS_ADMIN_ROLES: readonly Role[] = ['admin'];

const actorOf = (req: Request, res: Response): Actor => ({ user: userOf(res), ip: req.ip ?? null });

export function processRoutes(router: Router, deps: ApiDeps): void {
  const signedIn = requireSession(deps.db, deps.clock);
  const admin = requireRole(PROCESS_ADMIN_ROLES);

  router.get('/petitions/:number/process', signedIn, requireRole(PETITION_VIEW_ROLES), async (req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .json(await petitionProcess(deps, req.params.number as string, userOf(res)));
  });

  router.post('/process/incidents/:key/resolve', signedIn, admin, async (req, res) => {
    res.json(await resolveIncident(deps, req.params.key as string, req.body, actorOf(req, res)));
  });

  router.post('/process/jobs/:key/retries', signedIn, admin, async (req, res) => {
    res.json(await retryJob(deps, req.params.key as string, req.body, actorOf(req, res)));
  });

  router.post('/process/instances/:key/modify', signedIn, admin, async (req, res) => {
    res.json(await modifyInstance(deps, req.params.key as string, req.body, actorOf(req, res)));
  });
}
