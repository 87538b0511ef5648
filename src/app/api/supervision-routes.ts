// Supervision (督查督办): the petition search, the repeat hints at registration, the dashboard
// with its Excel export, and the unit list their filters offer. Registered before the petition routes: /petitions/hints must not be
// taken for a petition number.
import type { Router } from 'express';
import { listUnits } from '../../domain/units/index.js';
import { PETITION_VIEW_ROLES, REGISTER_ROLES } from '../auth/access.js';
import { requireRole, requireSession, userOf } from '../auth/middleware.js';
import { buildDashboard, DASHBOARD_ROLES } from '../dashboard/dashboard.js';
import { exportDashboard } from '../dashboard/export.js';
import { petitionHints } from '../search/hints.js';
import { searchPetitionsFor } from '../search/search.js';
import type { ApiDeps } from './deps.js';

export function supervisionRoutes(router: Router, deps: ApiDeps): void {
  const signedIn = requireSession(deps.db, deps.clock);

  router.get('/petitions', signedIn, requireRole(PETITION_VIEW_ROLES), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await searchPetitionsFor(deps, req.query, userOf(res)));
  });

  // The active units by name, for the unit filters of search and dashboard (no case data).
  router.get('/units', signedIn, async (_req, res) => {
    const units = await listUnits(deps.db);
    res.json({ items: units.map(({ code, name, kind }) => ({ code, name, kind })) });
  });

  router.get('/petitions/hints', signedIn, requireRole(REGISTER_ROLES), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await petitionHints(deps, req.query));
  });

  router.get('/dashboard', signedIn, requireRole(DASHBOARD_ROLES), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await buildDashboard(deps, req.query, userOf(res)));
  });

  router.get('/dashboard/export', signedIn, requireRole(DASHBOARD_ROLES), async (req, res) => {
    const file = await exportDashboard(deps, req.query, userOf(res), req.ip ?? null);
    res
      .set('Cache-Control', 'no-store')
      .type(file.contentType)
      .set(
        'Content-Disposition',
        `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      )
      .send(file.bytes);
  });
}
