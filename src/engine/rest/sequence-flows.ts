// GET /v2/process-instances/{key}/sequence-flows: the flows the instance has taken (Camunda 8.8),
// which Operate-like views draw as the path the instance went.
import { Router } from 'express';
import type { EngineApi } from '../api.js';
import { notFound } from '../errors.js';
import { takenSequenceFlows } from '../queries/sequence-flows.js';
import { DEFAULT_TENANT, hostOf, pathKey } from './common.js';

export function sequenceFlowsRouter(engine: EngineApi): Router {
  const router = Router();
  const host = hostOf(engine);

  router.get('/v2/process-instances/:processInstanceKey/sequence-flows', async (req, res) => {
    const key = pathKey(req, 'processInstanceKey');
    const flows = await takenSequenceFlows(host().db, key);
    if (!flows) throw notFound(`Process instance with key '${key}' not found`);
    res.json({
      items: flows.map((flow) => ({
        // Camunda names a taken flow by its instance and element.
        sequenceFlowId: `${flow.processInstanceKey}_${flow.elementId}`,
        processInstanceKey: flow.processInstanceKey,
        processDefinitionKey: flow.processDefinitionKey,
        processDefinitionId: flow.processDefinitionId,
        elementId: flow.elementId,
        tenantId: DEFAULT_TENANT,
      })),
    });
  });

  return router;
}
