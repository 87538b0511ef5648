// /v2/process-instances: create (optionally awaiting completion), search, get, cancel, modify
// and migrate.
import { Router } from 'express';
import { z } from 'zod';
import type { CreateInstanceRequest, EngineApi } from '../api.js';
import { notFound } from '../errors.js';
import {
  getProcessInstance,
  PROCESS_INSTANCE_SORT_FIELDS,
  searchProcessInstances,
  type ProcessInstanceView,
} from '../queries/process-instances.js';
import {
  bodyOf,
  checkTenant,
  compact,
  DEFAULT_TENANT,
  dateTimeFilter,
  enumFilter,
  hostOf,
  int64,
  integerFilter,
  iso,
  keyFilter,
  keyString,
  parseSearch,
  pathKey,
  renderPage,
  search,
  searchRequest,
  stringFilter,
  variableValueFilter,
  variablesObject,
} from './common.js';
import { badRequest, parseBody } from './problem.js';

/** Timeout of a creation awaiting completion when the request gives none (Zeebe: 15 s). */
export const DEFAULT_AWAIT_TIMEOUT_MS = 15_000;

const STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;

const filterFields = {
  processInstanceKey: keyFilter,
  processDefinitionId: stringFilter,
  processDefinitionName: stringFilter,
  processDefinitionVersion: integerFilter,
  processDefinitionKey: keyFilter,
  parentProcessInstanceKey: keyFilter,
  parentElementInstanceKey: keyFilter,
  startDate: dateTimeFilter,
  endDate: dateTimeFilter,
  state: enumFilter(STATES),
  hasIncident: z.boolean(),
  tenantId: stringFilter,
  variables: z.array(variableValueFilter),
  elementId: stringFilter,
  elementInstanceState: enumFilter(STATES),
  hasElementInstanceIncident: z.boolean(),
  errorMessage: stringFilter,
};
const alternative = z.strictObject(filterFields).partial();
const processInstanceFilter = z.strictObject({ ...filterFields, $or: z.array(alternative) }).partial();
const processInstanceSearch = searchRequest(processInstanceFilter, PROCESS_INSTANCE_SORT_FIELDS);

const createBody = z
  .object({
    processDefinitionId: z.string().min(1).optional(),
    processDefinitionKey: keyString.optional(),
    processDefinitionVersion: z.number().int().optional(),
    variables: variablesObject,
    tenantId: z.string().nullish(),
    operationReference: int64.nullish(),
    startInstructions: z.array(z.object({ elementId: z.string() })).nullish(),
    runtimeInstructions: z.array(z.unknown()).nullish(),
    awaitCompletion: z.boolean().nullish(),
    fetchVariables: z.array(z.string()).nullish(),
    requestTimeout: int64.pipe(z.number().min(0)).nullish(),
    tags: z.array(z.string()).nullish(),
  })
  .refine((body) => (body.processDefinitionId === undefined) !== (body.processDefinitionKey === undefined), {
    message: 'expected exactly one of processDefinitionId and processDefinitionKey',
    path: ['processDefinitionId'],
  });

const operationBody = z.object({ operationReference: int64.nullish() });

const modificationBody = z.object({
  operationReference: int64.nullish(),
  activateInstructions: z
    .array(
      z.object({
        elementId: z.string().min(1),
        ancestorElementInstanceKey: z.union([keyString, z.literal('-1')]).nullish(),
        variableInstructions: z
          .array(z.object({ variables: z.record(z.string(), z.unknown()), scopeId: z.string().nullish() }))
          .nullish(),
      }),
    )
    .nullish(),
  terminateInstructions: z.array(z.object({ elementInstanceKey: keyString })).nullish(),
});

const migrationBody = z.object({
  targetProcessDefinitionKey: keyString,
  mappingInstructions: z.array(
    z.object({ sourceElementId: z.string().min(1), targetElementId: z.string().min(1) }),
  ),
  operationReference: int64.nullish(),
});

/** A process instance in the shape of Camunda 8.8's ProcessInstanceResult. */
export function renderProcessInstance(instance: ProcessInstanceView) {
  return compact({
    processInstanceKey: instance.processInstanceKey,
    processDefinitionId: instance.processDefinitionId,
    processDefinitionName: instance.processDefinitionName ?? instance.processDefinitionId,
    processDefinitionVersion: instance.processDefinitionVersion,
    processDefinitionKey: instance.processDefinitionKey,
    startDate: iso(instance.startDate),
    endDate: iso(instance.endDate),
    state: instance.state,
    hasIncident: instance.hasIncident,
    tenantId: DEFAULT_TENANT,
    parentProcessInstanceKey: instance.parentProcessInstanceKey,
    parentElementInstanceKey: instance.parentElementInstanceKey,
  });
}

export function processInstancesRouter(engine: EngineApi): Router {
  const router = Router();
  const host = hostOf(engine);

  router.post('/v2/process-instances', async (req, res) => {
    const body = parseBody(createBody, bodyOf(req));
    checkTenant(body.tenantId);
    if (body.startInstructions?.length) {
      throw badRequest(
        'Invalid request body: startInstructions: starting at chosen elements is not supported by this engine',
      );
    }
    if (body.runtimeInstructions?.length) {
      throw badRequest('Invalid request body: runtimeInstructions: not supported by this engine');
    }
    const request: CreateInstanceRequest = {
      ...(body.processDefinitionKey !== undefined
        ? { processDefinitionKey: body.processDefinitionKey }
        : { bpmnProcessId: body.processDefinitionId, version: body.processDefinitionVersion ?? -1 }),
      variables: body.variables ?? {},
    };
    if (body.awaitCompletion) {
      const timeoutMs = body.requestTimeout ? body.requestTimeout : DEFAULT_AWAIT_TIMEOUT_MS;
      const fetchVariables = body.fetchVariables ?? undefined;
      const done = await engine.createProcessInstanceWithResult(request, { timeoutMs, fetchVariables });
      res.json({
        processDefinitionId: done.bpmnProcessId,
        processDefinitionVersion: done.version,
        processDefinitionKey: done.processDefinitionKey,
        processInstanceKey: done.processInstanceKey,
        tenantId: DEFAULT_TENANT,
        variables: done.variables,
      });
      return;
    }
    const created = await engine.createProcessInstance(request);
    res.json({
      processDefinitionId: created.bpmnProcessId,
      processDefinitionVersion: created.version,
      processDefinitionKey: created.processDefinitionKey,
      processInstanceKey: created.processInstanceKey,
      tenantId: DEFAULT_TENANT,
      variables: {},
    });
  });

  router.post('/v2/process-instances/search', async (req, res) => {
    const query = parseSearch(processInstanceSearch, req);
    const result = await search(() => searchProcessInstances(host().db, query));
    res.json(renderPage(result, renderProcessInstance));
  });

  router.get('/v2/process-instances/:processInstanceKey', async (req, res) => {
    const key = pathKey(req, 'processInstanceKey');
    const instance = await getProcessInstance(host().db, key);
    if (!instance) throw notFound(`Process instance with key '${key}' not found`);
    res.json(renderProcessInstance(instance));
  });

  router.post('/v2/process-instances/:processInstanceKey/cancellation', async (req, res) => {
    const key = pathKey(req, 'processInstanceKey');
    parseBody(operationBody, bodyOf(req));
    await engine.cancelProcessInstance(key);
    res.status(204).end();
  });

  router.post('/v2/process-instances/:processInstanceKey/modification', async (req, res) => {
    const key = pathKey(req, 'processInstanceKey');
    const body = parseBody(modificationBody, bodyOf(req));
    const activate = body.activateInstructions ?? [];
    const terminate = body.terminateInstructions ?? [];
    if (activate.length === 0 && terminate.length === 0) {
      throw badRequest(
        'Invalid request body: expected at least one of activateInstructions and terminateInstructions',
      );
    }
    await engine.modifyProcessInstance({
      processInstanceKey: key,
      activate: activate.map((instruction) => ({
        elementId: instruction.elementId,
        ...(instruction.ancestorElementInstanceKey && instruction.ancestorElementInstanceKey !== '-1'
          ? { ancestorElementInstanceKey: instruction.ancestorElementInstanceKey }
          : {}),
        variables: (instruction.variableInstructions ?? []).map((v) => ({
          ...(v.scopeId ? { scopeId: v.scopeId } : {}),
          variables: v.variables,
        })),
      })),
      terminate: terminate.map((t) => ({ elementInstanceKey: t.elementInstanceKey })),
    });
    res.status(204).end();
  });

  router.post('/v2/process-instances/:processInstanceKey/migration', async (req, res) => {
    const key = pathKey(req, 'processInstanceKey');
    const body = parseBody(migrationBody, bodyOf(req));
    await engine.migrateProcessInstance({
      processInstanceKey: key,
      targetProcessDefinitionKey: body.targetProcessDefinitionKey,
      mappingInstructions: body.mappingInstructions,
    });
    res.status(204).end();
  });

  return router;
}
