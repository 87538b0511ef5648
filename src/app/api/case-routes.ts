// Re-check requests and letters: the petitioner's 复查/复核 requests, registered by the office, and
// the supervision letters the addressed units download and answer.
import type { Router } from 'express';
import { REGISTER_ROLES } from '../auth/access.js';
import { requireRole, requireSession, userOf } from '../auth/middleware.js';
import { answerLetter, letterFile, lettersFor } from '../letters/letters.js';
import { requestRecheck } from '../petitions/recheck.js';
import type { ApiDeps } from './deps.js';

export function caseRoutes(router: Router, deps: ApiDeps): void {
  const signedIn = requireSession(deps.db, deps.clock);

  router.post('/petitions/:number/recheck', signedIn, requireRole(REGISTER_ROLES), async (req, res) => {
    res.status(201).json(await requestRecheck(deps, req.params.number as string, req.body, userOf(res)));
  });

  router.get('/letters', signedIn, async (req, res) => {
    res.json(await lettersFor(deps, req.query, userOf(res)));
  });

  router.get('/letters/:id/document', signedIn, async (req, res) => {
    const file = await letterFile(deps, req.params.id as string, userOf(res));
    res
      .type(file.contentType)
      .set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .send(file.bytes);
  });

  router.post('/letters/:id/reply', signedIn, async (req, res) => {
    res.json(await answerLetter(deps, req.params.id as string, req.body, userOf(res)));
  });
}
