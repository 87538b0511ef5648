// PATCH /v2/jobs/{jobKey}: new retries and/or timeout of a job (Camunda 8.8 updateJob). Operators
// give a failed job retries again before resolving its incident.
import { Router } from 'express';
import { z } from 'zod';
import type { EngineApi } from '../api.js';
import { bodyOf, int64, pathKey } from './common.js';
import { badRequest, parseBody } from './problem.js';

const updateBody = z.object({
  changeset: z.object({
    retries: z.number().int().nullish(),
    timeout: int64.nullish(),
  }),
  operationReference: int64.nullish(),
});

export function jobsRouter(engine: EngineApi): Router {
  const router = Router();

  router.patch('/v2/jobs/:jobKey', async (req, res) => {
    const key = pathKey(req, 'jobKey');
    const { changeset } = parseBody(updateBody, bodyOf(req));
    const retries = changeset.retries ?? undefined;
    const timeout = changeset.timeout ?? undefined;
    if (retries === undefined && timeout === undefined) {
      throw badRequest('Invalid request body: changeset: expected at least one of retries and timeout');
    }
    if (retries !== undefined) await engine.updateJobRetries(key, retries);
    if (timeout !== undefined) await engine.updateJobTimeout(key, timeout);
    res.status(204).end();
  });

  return router;
}
