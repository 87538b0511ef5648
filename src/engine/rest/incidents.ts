// /v2/incidents: search, get and resolve.
import { Router } from 'express';
import { z } from 'zod';
import type { EngineApi } from '../api.js';
import { notFound } from '../errors.js';
import {
  getIncident,
  INCIDENT_SORT_FIELDS,
  searchIncidents,
  type IncidentView,
} from '../queries/incidents.js';
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
  renderPage,
  search,
  searchRequest,
  stringFilter,
} from './common.js';
import { parseBody } from './problem.js';

const ERROR_TYPES = [
  'UNSPECIFIED',
  'UNKNOWN',
  'IO_MAPPING_ERROR',
  'JOB_NO_RETRIES',
  'EXECUTION_LISTENER_NO_RETRIES',
  'TASK_LISTENER_NO_RETRIES',
  'AD_HOC_SUB_PROCESS_NO_RETRIES',
  'CONDITION_ERROR',
  'EXTRACT_VALUE_ERROR',
  'CALLED_ELEMENT_ERROR',
  'UNHANDLED_ERROR_EVENT',
  'MESSAGE_SIZE_EXCEEDED',
  'CALLED_DECISION_ERROR',
  'DECISION_EVALUATION_ERROR',
  'FORM_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
] as const;
const STATES = ['ACTIVE', 'MIGRATED', 'RESOLVED', 'PENDING'] as const;

const incidentFilter = z
  .strictObject({
    incidentKey: keyString,
    state: enumFilter(STATES),
    errorType: enumFilter(ERROR_TYPES),
    errorMessage: z.string(),
    processInstanceKey: keyString,
    processDefinitionKey: keyString,
    processDefinitionId: z.string(),
    elementId: z.string(),
    elementInstanceKey: keyString,
    jobKey: keyString,
    creationTime: dateTimeFilter,
    tenantId: stringFilter,
  })
  .partial();

const incidentSearch = searchRequest(incidentFilter, INCIDENT_SORT_FIELDS);
const resolutionBody = z.object({ operationReference: int64.nullish() });

/** An incident as Camunda 8.8's IncidentResult. */
export function renderIncident(incident: IncidentView) {
  return compact({
    incidentKey: incident.incidentKey,
    processDefinitionId: incident.processDefinitionId,
    processDefinitionKey: incident.processDefinitionKey,
    processInstanceKey: incident.processInstanceKey,
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    elementId: incident.elementId,
    elementInstanceKey: incident.elementInstanceKey,
    creationTime: iso(incident.creationTime),
    state: incident.state,
    jobKey: incident.jobKey,
    tenantId: DEFAULT_TENANT,
  });
}

export function incidentsRouter(engine: EngineApi): Router {
  const router = Router();
  const host = hostOf(engine);

  router.post('/v2/incidents/search', async (req, res) => {
    const query = parseSearch(incidentSearch, req);
    const result = await search(() => searchIncidents(host().db, query));
    res.json(renderPage(result, renderIncident));
  });

  router.get('/v2/incidents/:incidentKey', async (req, res) => {
    const key = pathKey(req, 'incidentKey');
    const incident = await getIncident(host().db, key);
    if (!incident) throw notFound(`Incident with key '${key}' not found`);
    res.json(renderIncident(incident));
  });

  router.post('/v2/incidents/:incidentKey/resolution', async (req, res) => {
    const key = pathKey(req, 'incidentKey');
    parseBody(resolutionBody, bodyOf(req));
    await engine.resolveIncident(key);
    res.status(204).end();
  });

  return router;
}
