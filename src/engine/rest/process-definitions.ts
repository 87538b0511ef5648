// /v2/process-definitions: search, get, and the BPMN XML.
import { Router } from 'express';
import { z } from 'zod';
import type { EngineApi } from '../api.js';
import { notFound } from '../errors.js';
import {
  getProcessDefinition,
  getProcessDefinitionXml,
  PROCESS_DEFINITION_SORT_FIELDS,
  searchProcessDefinitions,
  type ProcessDefinitionView,
} from '../queries/process-definitions.js';
import {
  compact,
  DEFAULT_TENANT,
  hostOf,
  integerFilter,
  keyFilter,
  parseSearch,
  pathKey,
  renderPage,
  search,
  searchRequest,
  stringFilter,
} from './common.js';

const processDefinitionFilter = z
  .strictObject({
    processDefinitionKey: keyFilter,
    processDefinitionId: stringFilter,
    name: stringFilter,
    resourceName: stringFilter,
    version: integerFilter,
    isLatestVersion: z.boolean(),
    tenantId: stringFilter,
  })
  .partial();

const processDefinitionSearch = searchRequest(processDefinitionFilter, PROCESS_DEFINITION_SORT_FIELDS);

/** A process definition as Camunda 8.8's ProcessDefinitionResult. */
export function renderProcessDefinition(definition: ProcessDefinitionView) {
  return compact({
    processDefinitionKey: definition.processDefinitionKey,
    processDefinitionId: definition.processDefinitionId,
    name: definition.name,
    version: definition.version,
    resourceName: definition.resourceName,
    tenantId: DEFAULT_TENANT,
    // Start forms are not supported by this engine.
    hasStartForm: false,
    state: 'ACTIVE',
  });
}

export function processDefinitionsRouter(engine: EngineApi): Router {
  const router = Router();
  const host = hostOf(engine);

  router.post('/v2/process-definitions/search', async (req, res) => {
    const query = parseSearch(processDefinitionSearch, req);
    const result = await search(() => searchProcessDefinitions(host().db, query));
    res.json(renderPage(result, renderProcessDefinition));
  });

  router.get('/v2/process-definitions/:processDefinitionKey', async (req, res) => {
    const key = pathKey(req, 'processDefinitionKey');
    const definition = await getProcessDefinition(host().db, key);
    if (!definition) throw notFound(`Process definition with key '${key}' not found`);
    res.json(renderProcessDefinition(definition));
  });

  router.get('/v2/process-definitions/:processDefinitionKey/xml', async (req, res) => {
    const key = pathKey(req, 'processDefinitionKey');
    const xml = await getProcessDefinitionXml(host().db, key);
    if (xml === undefined) throw notFound(`Process definition with key '${key}' not found`);
    res.type('text/xml').send(xml);
  });

  return router;
}
