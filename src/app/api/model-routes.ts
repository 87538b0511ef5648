// The designers' models: what is deployed, a model's XML, and checking and deploying new versions.
import type { Router } from 'express';
import type { Role } from '../../domain/users/index.js';
import { requireRole, requireSession, userOf } from '../auth/middleware.js';
import { definitionXml, listModels } from '../models/catalog.js';
import { deployModel } from '../models/deploy.js';
import { modelBodyParser, modelFromRequest } from '../models/model-body.js';
import { lintResource } from '../models/model-lint.js';
import type { ApiDeps } from './deps.js';

/** Who designs and deploys the process models and forms. */
export const MODEL_ROLES: readonly Role[] = ['designer', 'admin'];

export function modelRoutes(router: Router, deps: ApiDeps): void {
  const signedIn = requireSession(deps.db, deps.clock);
  const designer = requireRole(MODEL_ROLES);

  router.get('/models', signedIn, designer, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await listModels(deps));
  });

  router.get('/models/:definitionKey/xml', signedIn, designer, async (req, res) => {
    const definitionKey = req.params.definitionKey as string;
    const xml = await definitionXml(deps, definitionKey);
    // The web app reads JSON answers only: asking for JSON alone gets the XML wrapped in it.
    if (req.accepts(['application/xml', 'application/json']) === 'application/json') {
      res.json({ definitionKey, xml });
    } else res.type('application/xml').send(xml);
  });

  router.post('/models/lint', signedIn, designer, modelBodyParser, async (req, res) => {
    res.json(await lintResource(deps, modelFromRequest(req.body, req.query.fileName)));
  });

  router.post('/models/deploy', signedIn, designer, modelBodyParser, async (req, res) => {
    const resource = modelFromRequest(req.body, req.query.fileName);
    res.status(201).json(await deployModel(deps, resource, { user: userOf(res), ip: req.ip ?? null }));
  });
}
