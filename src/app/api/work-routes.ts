// Petitions, tasks and reference data. Each route checks the session and roles, hands the request
// to its use case and sends what comes back.
import type { Router } from 'express';
import { listAreas, listCategories } from '../../domain/reference/index.js';
import { PETITION_VIEW_ROLES, REGISTER_ROLES } from '../auth/access.js';
import { requireRole, requireSession, userOf } from '../auth/middleware.js';
import { registerPetitionFromApi } from '../petitions/register.js';
import { petitionDetail } from '../petitions/view.js';
import { claimTask, releaseTask } from '../tasks/assignment.js';
import { taskDetail } from '../tasks/task-detail.js';
import { completeTask, listTasks } from '../tasks/tasks.js';
import type { ApiDeps } from './deps.js';

export function workRoutes(router: Router, deps: ApiDeps): void {
  const signedIn = requireSession(deps.db, deps.clock);

  router.post('/petitions', signedIn, requireRole(REGISTER_ROLES), async (req, res) => {
    const result = await registerPetitionFromApi(deps, req.body, userOf(res));
    if (result.kind === 'registered')
      res.status(201).location(`/api/petitions/${result.body.petition.number}`);
    res.json(result.body);
  });

  router.get('/petitions/:number', signedIn, requireRole(PETITION_VIEW_ROLES), async (req, res) => {
    res.json(await petitionDetail(deps, req.params.number as string, userOf(res)));
  });

  router.get('/tasks', signedIn, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await listTasks(deps, userOf(res), req.query));
  });

  router.get('/tasks/:key', signedIn, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await taskDetail(deps, req.params.key as string, userOf(res)));
  });

  router.post('/tasks/:key/claim', signedIn, async (req, res) => {
    res.json(await claimTask(deps, req.params.key as string, userOf(res)));
  });

  router.post('/tasks/:key/release', signedIn, async (req, res) => {
    res.json(await releaseTask(deps, req.params.key as string, userOf(res)));
  });

  router.post('/tasks/:key/complete', signedIn, async (req, res) => {
    res.json(await completeTask(deps, req.params.key as string, req.body, userOf(res)));
  });

  router.get('/categories', signedIn, async (_req, res) => {
    const categories = await listCategories(deps.db);
    res.json({
      items: categories.map(({ code, name, line, accusation }) => ({ code, name, line, accusation })),
    });
  });

  router.get('/areas', signedIn, async (_req, res) => {
    res.json({ items: await listAreas(deps.db) });
  });
}
