// Jobs of service tasks: created on activation, cancelled when the task is terminated.
import type { ElementNode } from '../model/types.js';
import { exprNumber, exprString } from './expressions.js';
import { IncidentSignal, asIncident, type Runtime } from './runtime.js';
import { LIVE_JOB_STATES, type ElementInstance, type Job } from './state.js';
import { visibleVariables } from './variables.js';

export function createJob(runtime: Runtime, element: ElementInstance, node: ElementNode): void {
  const { ctx } = runtime;
  const definition = node.taskDefinition;
  if (!definition) throw new IncidentSignal('EXTRACT_VALUE_ERROR', `task '${node.id}' has no job type`);
  const variables = visibleVariables(ctx, element.key);
  const type = asIncident('EXTRACT_VALUE_ERROR', () => exprString(definition.type, variables, ctx.now));
  const retries = asIncident('EXTRACT_VALUE_ERROR', () => exprNumber(definition.retries, variables, ctx.now));
  if (type.trim() === '')
    throw new IncidentSignal('EXTRACT_VALUE_ERROR', `job type of '${node.id}' is empty`);
  if (!Number.isInteger(retries)) {
    throw new IncidentSignal('EXTRACT_VALUE_ERROR', `job retries of '${node.id}' must be a whole number`);
  }
  const job: Job = {
    key: runtime.keys.take(),
    type,
    state: 'ACTIVATABLE',
    processInstanceKey: ctx.instance.key,
    elementInstanceKey: element.key,
    elementId: element.elementId,
    bpmnProcessId: ctx.instance.bpmnProcessId,
    processDefinitionKey: ctx.instance.processDefinitionKey,
    processDefinitionVersion: ctx.instance.version,
    retries,
    worker: null,
    deadline: null,
    activatableAt: ctx.now,
    customHeaders: node.taskHeaders,
    errorMessage: null,
    errorCode: null,
    createdAt: ctx.now,
  };
  ctx.jobs.put(job);
  recordJob(runtime, job, 'CREATED');
  ctx.jobTypesToNotify.add(type);
}

export function cancelJobsOf(runtime: Runtime, element: ElementInstance): void {
  for (const job of runtime.ctx.jobs.rows.values()) {
    if (job.elementInstanceKey === element.key && LIVE_JOB_STATES.includes(job.state)) {
      job.state = 'CANCELED';
      runtime.ctx.jobs.touch(job);
      recordJob(runtime, job, 'CANCELED');
    }
  }
}

export function recordJob(runtime: Runtime, job: Job, intent: string): void {
  runtime.ctx.records.push({
    key: job.key,
    valueType: 'JOB',
    intent,
    processInstanceKey: job.processInstanceKey,
    timestamp: runtime.ctx.now,
    value: {
      type: job.type,
      elementId: job.elementId,
      elementInstanceKey: job.elementInstanceKey,
      retries: job.retries,
      worker: job.worker,
      errorMessage: job.errorMessage,
      errorCode: job.errorCode,
    },
  });
}
