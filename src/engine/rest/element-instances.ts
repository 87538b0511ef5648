// /v2/element-instances: search, get, and setting variables on an element instance's scope.
import { Router } from 'express';
import { z } from 'zod';
import type { EngineApi } from '../api.js';
import { notFound } from '../errors.js';
import {
  ELEMENT_INSTANCE_SORT_FIELDS,
  ELEMENT_INSTANCE_TYPES,
  getElementInstance,
  searchElementInstances,
  type ElementInstanceType,
  type ElementInstanceView,
} from '../queries/element-instances.js';
import {
  bodyOf,
  compact,
  DEFAULT_TENANT,
  dateTimeFilter,
  enumFilter,
  hostOf,
  int64,
  iso,
  keyString,
  parseSearch,
  pathKey,
  search,
  searchRequest,
  stringFilter,
  type EngineHost,
} from './common.js';
import { parseBody } from './problem.js';

const TYPES: [ElementInstanceType, ...ElementInstanceType[]] = [
  'UNKNOWN',
  ...Object.values(ELEMENT_INSTANCE_TYPES),
];
const STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;

const elementInstanceFilter = z
  .strictObject({
    elementInstanceKey: keyString,
    processInstanceKey: keyString,
    processDefinitionKey: keyString,
    processDefinitionId: z.string(),
    elementId: z.string(),
    type: z.enum(TYPES),
    state: enumFilter(STATES),
    hasIncident: z.boolean(),
    incidentKey: keyString,
    tenantId: stringFilter,
    startDate: dateTimeFilter,
    endDate: dateTimeFilter,
    elementInstanceScopeKey: keyString,
  })
  .partial();

const elementInstanceSearch = searchRequest(elementInstanceFilter, ELEMENT_INSTANCE_SORT_FIELDS);

const variablesBody = z.object({
  variables: z.record(z.string(), z.unknown()),
  local: z.boolean().nullish(),
  operationReference: int64.nullish(),
});

/** Names of elements from the deployed models (cached by the definition store). */
async function elementNames(host: EngineHost, items: ElementInstanceView[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const definitionKey of new Set(items.map((item) => item.processDefinitionKey))) {
    const definition = await host.definitions.byKey(definitionKey);
    for (const [id, node] of definition.graph.elements) {
      if (node.name) names.set(`${definitionKey}/${id}`, node.name);
    }
  }
  return names;
}

/** An element instance as Camunda 8.8's ElementInstanceResult; the name falls back to the id. */
function renderElementInstance(item: ElementInstanceView, names: Map<string, string>) {
  return compact({
    elementInstanceKey: item.elementInstanceKey,
    processInstanceKey: item.processInstanceKey,
    processDefinitionKey: item.processDefinitionKey,
    processDefinitionId: item.processDefinitionId,
    elementId: item.elementId,
    elementName: names.get(`${item.processDefinitionKey}/${item.elementId}`) ?? item.elementId,
    type: item.type,
    state: item.state,
    startDate: iso(item.startDate),
    endDate: iso(item.endDate),
    hasIncident: item.incidentKey !== undefined,
    incidentKey: item.incidentKey,
    tenantId: DEFAULT_TENANT,
  });
}

export function elementInstancesRouter(engine: EngineApi): Router {
  const router = Router();
  const host = hostOf(engine);

  router.post('/v2/element-instances/search', async (req, res) => {
    const query = parseSearch(elementInstanceSearch, req);
    const result = await search(() => searchElementInstances(host().db, query));
    const names = await elementNames(host(), result.items);
    res.json({
      items: result.items.map((item) => renderElementInstance(item, names)),
      page: { ...result.page, hasMoreTotalItems: false },
    });
  });

  router.get('/v2/element-instances/:elementInstanceKey', async (req, res) => {
    const key = pathKey(req, 'elementInstanceKey');
    const item = await getElementInstance(host().db, key);
    if (!item) throw notFound(`Element instance with key '${key}' not found`);
    res.json(renderElementInstance(item, await elementNames(host(), [item])));
  });

  router.put('/v2/element-instances/:elementInstanceKey/variables', async (req, res) => {
    const key = pathKey(req, 'elementInstanceKey');
    const body = parseBody(variablesBody, bodyOf(req));
    await engine.setVariables(key, body.variables, body.local ?? false);
    res.status(204).end();
  });

  return router;
}
