// /v2/messages/publication, /v2/messages/correlation and /v2/signals/broadcast.
import { Router } from 'express';
import { z } from 'zod';
import type { EngineApi } from '../api.js';
import { bodyOf, checkTenant, DEFAULT_TENANT, int64, variablesObject } from './common.js';
import { parseBody } from './problem.js';

const publicationBody = z.object({
  name: z.string().min(1),
  correlationKey: z.string().nullish(),
  timeToLive: int64.pipe(z.number().min(0)).nullish(),
  messageId: z.string().nullish(),
  variables: variablesObject,
  tenantId: z.string().nullish(),
});

const correlationBody = z.object({
  name: z.string().min(1),
  correlationKey: z.string().nullish(),
  variables: variablesObject,
  tenantId: z.string().nullish(),
});

const broadcastBody = z.object({
  signalName: z.string().min(1),
  variables: variablesObject,
  tenantId: z.string().nullish(),
});

export function messagesRouter(engine: EngineApi): Router {
  const router = Router();

  router.post('/v2/messages/publication', async (req, res) => {
    const body = parseBody(publicationBody, bodyOf(req));
    checkTenant(body.tenantId);
    const { key } = await engine.publishMessage({
      name: body.name,
      correlationKey: body.correlationKey ?? '',
      timeToLive: body.timeToLive ?? 0,
      ...(body.messageId ? { messageId: body.messageId } : {}),
      variables: body.variables ?? {},
    });
    res.json({ messageKey: key, tenantId: DEFAULT_TENANT });
  });

  router.post('/v2/messages/correlation', async (req, res) => {
    const body = parseBody(correlationBody, bodyOf(req));
    checkTenant(body.tenantId);
    const correlated = await engine.correlateMessage({
      name: body.name,
      correlationKey: body.correlationKey ?? '',
      variables: body.variables ?? {},
    });
    res.json({
      messageKey: correlated.messageKey,
      processInstanceKey: correlated.processInstanceKey,
      tenantId: DEFAULT_TENANT,
    });
  });

  router.post('/v2/signals/broadcast', async (req, res) => {
    const body = parseBody(broadcastBody, bodyOf(req));
    checkTenant(body.tenantId);
    const { key } = await engine.broadcastSignal({
      signalName: body.signalName,
      variables: body.variables ?? {},
    });
    res.json({ signalKey: key, tenantId: DEFAULT_TENANT });
  });

  return router;
}
