// /v2/variables: search and get. Values are JSON text, as Camunda 8.8 serves them; search results
// cut long values unless ?truncateValues=false.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { EngineApi } from '../api.js';
import { notFound } from '../errors.js';
import {
  getVariable,
  searchVariables,
  VARIABLE_SORT_FIELDS,
  VARIABLE_TRUNCATION_LIMIT,
  type VariableView,
} from '../queries/variables.js';
import {
  DEFAULT_TENANT,
  hostOf,
  keyFilter,
  parseSearch,
  pathKey,
  renderPage,
  search,
  searchRequest,
  stringFilter,
} from './common.js';
import { badRequest } from './problem.js';

const variableFilter = z
  .strictObject({
    name: stringFilter,
    value: stringFilter,
    variableKey: keyFilter,
    scopeKey: keyFilter,
    processInstanceKey: keyFilter,
    tenantId: stringFilter,
    isTruncated: z.boolean(),
  })
  .partial();

const variableSearch = searchRequest(variableFilter, VARIABLE_SORT_FIELDS);

/** ?truncateValues (default true). */
export function truncateValuesParam(req: Request): boolean {
  const raw = req.query.truncateValues;
  if (raw === undefined) return true;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw badRequest(`Expected truncateValues to be true or false, but got '${JSON.stringify(raw)}'`);
}

/** A variable as VariableSearchResult (with isTruncated) or, for a single get, VariableResult. */
export function renderVariable(variable: VariableView, truncate: boolean | 'never') {
  const json = JSON.stringify(variable.value ?? null);
  const truncated = truncate === true && json.length > VARIABLE_TRUNCATION_LIMIT;
  return {
    variableKey: variable.variableKey,
    name: variable.name,
    value: truncated ? json.slice(0, VARIABLE_TRUNCATION_LIMIT) : json,
    ...(truncate === 'never' ? {} : { isTruncated: truncated }),
    scopeKey: variable.scopeKey,
    processInstanceKey: variable.processInstanceKey,
    tenantId: DEFAULT_TENANT,
  };
}

export function variablesRouter(engine: EngineApi): Router {
  const router = Router();
  const host = hostOf(engine);

  router.post('/v2/variables/search', async (req, res) => {
    const query = parseSearch(variableSearch, req);
    const truncate = truncateValuesParam(req);
    const result = await search(() => searchVariables(host().db, query));
    res.json(renderPage(result, (variable) => renderVariable(variable, truncate)));
  });

  router.get('/v2/variables/:variableKey', async (req, res) => {
    const key = pathKey(req, 'variableKey');
    const variable = await getVariable(host().db, key);
    if (!variable) throw notFound(`Variable with key '${key}' not found`);
    res.json(renderVariable(variable, 'never'));
  });

  return router;
}
