// The audited routes: administration of users and units and the audit log itself (administrators
// only), and a petitioner's unmasked identity (for those who contact petitioners). Every change,
// and every unmasked identity, is written to the audit log in the transaction that makes it.
import type { Router } from 'express';
import type { Role } from '../../domain/users/index.js';
import { adminActor } from '../admin/actor.js';
import { auditForAdmin } from '../admin/audit.js';
import { createUnitAsAdmin, listUnitsForAdmin, updateUnitAsAdmin } from '../admin/units.js';
import {
  createUserAsAdmin,
  listUsersForAdmin,
  resetPasswordAsAdmin,
  unlockUserAsAdmin,
  updateUserAsAdmin,
} from '../admin/users.js';
import { IDENTITY_ROLES } from '../auth/access.js';
import { requireRole, requireSession, userOf } from '../auth/middleware.js';
import { petitionerIdentity } from '../petitions/view.js';
import { adminCalendarRoutes } from './admin-calendar.js';
import type { ApiDeps } from './deps.js';

/** Who administers accounts and units and reads the audit log. */
export const ADMIN_ROLES: readonly Role[] = ['admin'];

export function adminRoutes(router: Router, deps: ApiDeps): void {
  const signedIn = requireSession(deps.db, deps.clock);
  const admin = requireRole(ADMIN_ROLES);
  const param = (value: unknown) => value as string;

  router.get('/petitions/:number/petitioner', signedIn, requireRole(IDENTITY_ROLES), async (req, res) => {
    const identity = await petitionerIdentity(deps, param(req.params.number), userOf(res), req.ip ?? null);
    res.set('Cache-Control', 'no-store').json(identity);
  });

  router.get('/admin/users', signedIn, admin, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await listUsersForAdmin(deps, req.query));
  });

  router.post('/admin/users', signedIn, admin, async (req, res) => {
    const user = await createUserAsAdmin(deps, req.body, adminActor(req, res));
    res
      .status(201)
      .location(`/api/admin/users/${encodeURIComponent(user.username)}`)
      .json(user);
  });

  router.patch('/admin/users/:username', signedIn, admin, async (req, res) => {
    res.json(await updateUserAsAdmin(deps, param(req.params.username), req.body, adminActor(req, res)));
  });

  router.post('/admin/users/:username/password', signedIn, admin, async (req, res) => {
    await resetPasswordAsAdmin(deps, param(req.params.username), req.body, adminActor(req, res));
    res.status(204).end();
  });

  router.post('/admin/users/:username/unlock', signedIn, admin, async (req, res) => {
    res.json(await unlockUserAsAdmin(deps, param(req.params.username), adminActor(req, res)));
  });

  router.get('/admin/units', signedIn, admin, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await listUnitsForAdmin(deps));
  });

  router.post('/admin/units', signedIn, admin, async (req, res) => {
    const unit = await createUnitAsAdmin(deps, req.body, adminActor(req, res));
    res.status(201).location(`/api/admin/units/${unit.code}`).json(unit);
  });

  router.patch('/admin/units/:code', signedIn, admin, async (req, res) => {
    res.json(await updateUnitAsAdmin(deps, param(req.params.code), req.body, adminActor(req, res)));
  });

  router.get('/admin/audit', signedIn, admin, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await auditForAdmin(deps, req.query));
  });

  adminCalendarRoutes(router, deps);
}
