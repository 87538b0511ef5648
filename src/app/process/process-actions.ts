// What an administrator does to a stuck process, as in Operate: resolve an incident (for a failed
// job, first giving it retries again), give a job new retries, or move an instance by activating
// and terminating elements. Each goes through the Camunda REST API after checking its input, so a
// refused request changes nothing, and each is written to the audit log.
import { z } from 'zod';
import { recordAudit } from '../../domain/audit/index.js';
import type { ApiDeps } from '../api/deps.js';
import { API_SCHEMAS } from '../api/schemas.js';
import { parseOrThrow } from '../api/validation.js';
import type { SessionUser } from '../auth/sessions.js';
import { callEngine, engineStatus, isEngineNotFound, SEARCH_NOW } from '../engine/rest.js';
import { apiProblem, invalidInputProblem, ProblemError, type FieldError } from '../problem.js';
import { graphOf } from './bpmn-graph.js';

const KEY = /^\d{1,19}$/;
const MAX_RETRIES = 100;

type Client = ApiDeps['engine'];
type ElementFilter = NonNullable<Parameters<Client['searchElementInstances']>[0]['filter']>;
type IncidentFilter = NonNullable<Parameters<Client['searchIncidents']>[0]['filter']>;

/** Who acts, for the audit log. */
export interface Actor {
  user: SessionUser;
  ip: string | null;
}

const retries = z.number().int().min(1).max(MAX_RETRIES);

export const resolveIncidentBody = z
  .strictObject({ retries: retries.optional() })
  .register(API_SCHEMAS, { id: 'ResolveIncidentRequest' });

export const jobRetriesBody = z.strictObject({ retries }).register(API_SCHEMAS, { id: 'JobRetriesRequest' });

export const modifyInstanceBody = z
  .strictObject({
    activate: z
      .array(z.strictObject({ elementId: z.string().regex(/^[A-Za-z_][\w.-]{0,254}$/) }))
      .max(20)
      .optional(),
    terminate: z
      .array(z.strictObject({ elementInstanceKey: z.string().regex(KEY) }))
      .max(50)
      .optional(),
  })
  .register(API_SCHEMAS, { id: 'ModifyInstanceRequest' });

const LABELS = { retries: '重试次数', activate: '要激活的元素', terminate: '要终止的元素实例' };

/** The engine refused: 404 as not found, 400/409 as a conflict with its state; others as they are. */
function engineRefusal(error: unknown, notFound: string, conflict: string): unknown {
  const status = engineStatus(error);
  if (status === 404) return apiProblem('notFound', 404, notFound);
  if (status === 400 || status === 409) {
    const detail = (error as { detail?: unknown } | null)?.detail;
    const reason = typeof detail === 'string' && detail !== '' ? `（引擎答复：${detail}）` : '';
    return apiProblem('conflict', 409, `${conflict}${reason}`);
  }
  return error;
}

async function audit(
  deps: ApiDeps,
  actor: Actor,
  action: 'process.incident_resolved' | 'process.job_retried' | 'process.instance_modified',
  target: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(deps.db, {
    at: deps.clock(),
    actor: actor.user.username,
    action,
    target,
    details,
    ip: actor.ip,
  });
}

export async function resolveIncident(deps: ApiDeps, key: string, input: unknown, actor: Actor) {
  const missing = `没有编号为 ${key} 的异常（incident）。`;
  if (!KEY.test(key)) throw apiProblem('notFound', 404, missing);
  const body = parseOrThrow(resolveIncidentBody, input, LABELS);
  let incident: Awaited<ReturnType<Client['getIncident']>>;
  try {
    incident = await callEngine(() => deps.engine.getIncident({ incidentKey: key }, SEARCH_NOW));
  } catch (error: unknown) {
    if (isEngineNotFound(error)) throw apiProblem('notFound', 404, missing);
    throw error;
  }
  if (String(incident.state) !== 'ACTIVE') {
    throw apiProblem('conflict', 409, `异常 ${key} 已经处理过，无需再次处理。`);
  }
  const jobKey = incident.jobKey === undefined || incident.jobKey === null ? null : String(incident.jobKey);
  const jobRetries = body.retries ?? 1;
  try {
    // A failed job has no retries left: without new ones, resolving would fail it again at once.
    if (jobKey !== null) {
      await callEngine(() => deps.engine.updateJob({ jobKey, changeset: { retries: jobRetries } }));
    }
    await callEngine(() => deps.engine.resolveIncident({ incidentKey: key }));
  } catch (error: unknown) {
    throw engineRefusal(error, missing, `异常 ${key} 无法处理，可能已被他人处理或流程已变化。`);
  }
  const processInstanceKey = String(incident.processInstanceKey);
  await audit(deps, actor, 'process.incident_resolved', processInstanceKey, {
    incidentKey: key,
    elementId: String(incident.elementId),
    errorType: String(incident.errorType),
    jobKey,
    ...(jobKey === null ? {} : { retries: jobRetries }),
  });
  return { incident: { key, processInstanceKey, jobKey, resolved: true } };
}

export async function retryJob(deps: ApiDeps, key: string, input: unknown, actor: Actor) {
  const missing = `没有编号为 ${key} 的作业（job），或它已经结束。`;
  if (!KEY.test(key)) throw apiProblem('notFound', 404, missing);
  const body = parseOrThrow(jobRetriesBody, input, LABELS);
  try {
    await callEngine(() => deps.engine.updateJob({ jobKey: key, changeset: { retries: body.retries } }));
  } catch (error: unknown) {
    throw engineRefusal(error, missing, `作业 ${key} 的重试次数无法修改。`);
  }
  // The instance, for the audit log: the job's incident names it (a job without one is rare here).
  const incidents = await callEngine(() =>
    deps.engine.searchIncidents(
      {
        filter: { jobKey: key as unknown as IncidentFilter['jobKey'] },
        page: { from: 0, limit: 1 },
      },
      SEARCH_NOW,
    ),
  );
  const processInstanceKey = incidents.items?.[0]?.processInstanceKey;
  const target = processInstanceKey === undefined ? key : String(processInstanceKey);
  await audit(deps, actor, 'process.job_retried', target, { jobKey: key, retries: body.retries });
  return { job: { key, retries: body.retries } };
}

export async function modifyInstance(deps: ApiDeps, key: string, input: unknown, actor: Actor) {
  const missing = `没有编号为 ${key} 的流程实例。`;
  if (!KEY.test(key)) throw apiProblem('notFound', 404, missing);
  const body = parseOrThrow(modifyInstanceBody, input, LABELS);
  const activate = body.activate ?? [];
  const terminate = body.terminate ?? [];
  if (activate.length === 0 && terminate.length === 0) {
    throw new ProblemError(
      invalidInputProblem([{ field: 'activate', message: '请至少指定一个要激活的元素或要终止的元素实例' }]),
    );
  }

  let instance: Awaited<ReturnType<Client['getProcessInstance']>>;
  try {
    instance = await callEngine(() =>
      deps.engine.getProcessInstance({ processInstanceKey: key }, SEARCH_NOW),
    );
  } catch (error: unknown) {
    if (isEngineNotFound(error)) throw apiProblem('notFound', 404, missing);
    throw error;
  }
  if (String(instance.state) !== 'ACTIVE') {
    throw apiProblem('conflict', 409, `流程实例 ${key} 已经结束，不能再修改。`);
  }

  const definitionKey = String(instance.processDefinitionKey);
  const xml = String(
    await callEngine(() =>
      deps.engine.getProcessDefinitionXml({ processDefinitionKey: definitionKey }, SEARCH_NOW),
    ),
  );
  const graph = await graphOf(definitionKey, xml);
  const live = await callEngine(() =>
    deps.engine.searchElementInstances(
      {
        filter: {
          processInstanceKey: key as unknown as ElementFilter['processInstanceKey'],
          state: 'ACTIVE',
        },
        page: { from: 0, limit: 1000 },
      },
      SEARCH_NOW,
    ),
  );
  const liveKeys = new Set((live.items ?? []).map((element) => String(element.elementInstanceKey)));
  const errors: FieldError[] = [];
  activate.forEach(({ elementId }, i) => {
    if (!graph.elements.has(elementId)) {
      errors.push({ field: `activate[${i}].elementId`, message: `流程模型中没有元素“${elementId}”` });
    }
  });
  terminate.forEach(({ elementInstanceKey }, i) => {
    if (!liveKeys.has(elementInstanceKey)) {
      errors.push({
        field: `terminate[${i}].elementInstanceKey`,
        message: `元素实例 ${elementInstanceKey} 不是该流程实例中正在进行的元素`,
      });
    }
  });
  if (errors.length > 0) throw new ProblemError(invalidInputProblem(errors));

  try {
    await callEngine(() =>
      deps.engine.modifyProcessInstance({
        processInstanceKey: key,
        activateInstructions: activate.map(({ elementId }) => ({ elementId })),
        terminateInstructions: terminate.map(({ elementInstanceKey }) => ({ elementInstanceKey })),
      }),
    );
  } catch (error: unknown) {
    throw engineRefusal(error, missing, `流程实例 ${key} 无法按要求修改，未做任何改动。`);
  }
  await audit(deps, actor, 'process.instance_modified', key, {
    processDefinitionId: String(instance.processDefinitionId),
    activate: activate.map(({ elementId }) => elementId),
    terminate: terminate.map(({ elementInstanceKey }) => elementInstanceKey),
  });
  return { processInstance: { key, activated: activate.length, terminated: terminate.length } };
}
