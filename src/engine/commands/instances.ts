// Instance commands: start, run-to-result, cancel, set variables, resolve incidents and complete
// user tasks.
import type { CompletedInstance, CreateInstanceRequest, Variables } from '../api.js';
import { EngineError, failedPrecondition, notFound } from '../errors.js';
import type { Notifier } from '../notifier.js';
import { recordJob } from '../runtime/jobs.js';
import type { Runtime } from '../runtime/runtime.js';
import { LIVE_ELEMENT_STATES } from '../runtime/state.js';
import { recordUserTask } from '../runtime/user-tasks.js';
import { propagateVariables, setLocalVariables } from '../runtime/variables.js';
import type { CommandHost } from './host.js';

/** Activates the process element with the creation variables in its (root) scope. */
export function beginInstance(runtime: Runtime, variables: Variables, startEventId?: string): void {
  const { ctx } = runtime;
  const process = runtime.createElement(ctx.graph.bpmnProcessId, null, { key: ctx.instance.key });
  if (startEventId) process.data.startEventId = startEventId;
  // The root scope exists from the start, so the variables belong to it.
  setLocalVariables(ctx, runtime.keys, process.key, variables);
  ctx.records.push({
    key: ctx.instance.key,
    valueType: 'PROCESS_INSTANCE_CREATION',
    intent: 'CREATED',
    processInstanceKey: ctx.instance.key,
    timestamp: ctx.now,
    value: { bpmnProcessId: ctx.instance.bpmnProcessId, version: ctx.instance.version },
  });
  runtime.run();
}

export async function createWithResult(
  host: CommandHost & {
    createProcessInstance(
      request: CreateInstanceRequest,
      onCreated?: (processInstanceKey: string) => void,
    ): Promise<{
      processInstanceKey: string;
      processDefinitionKey: string;
      bpmnProcessId: string;
      version: number;
    }>;
  },
  notifier: Notifier,
  request: CreateInstanceRequest,
  options: { timeoutMs: number; fetchVariables?: string[] },
): Promise<CompletedInstance> {
  // Subscribe inside the creating command, before it commits: a fast instance ends in creation.
  let waiter: ReturnType<Notifier['waitForInstance']> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const created = await host.createProcessInstance(request, (key) => {
      waiter?.cancel(); // an earlier attempt of the command that was retried
      waiter = notifier.waitForInstance(key);
    });
    const outcome = await Promise.race([
      waiter!.promise,
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
        timer.unref();
      }),
    ]);
    if (outcome === 'timeout') {
      throw new EngineError(
        'DEADLINE_EXCEEDED',
        `Expected process instance '${created.processInstanceKey}' to complete within ${options.timeoutMs} ms, but it did not`,
      );
    }
    if (outcome.state !== 'COMPLETED') {
      throw failedPrecondition(
        `Process instance '${created.processInstanceKey}' was terminated before it completed`,
      );
    }
    const wanted = options.fetchVariables?.length ? new Set(options.fetchVariables) : undefined;
    const variables = wanted
      ? Object.fromEntries(Object.entries(outcome.variables).filter(([name]) => wanted.has(name)))
      : outcome.variables;
    return { ...created, variables };
  } finally {
    clearTimeout(timer);
    waiter?.cancel();
  }
}

export function cancel(runtime: Runtime): void {
  runtime.terminate(runtime.element(runtime.ctx.instance.key));
}

export async function cancelInstance(host: CommandHost, processInstanceKey: string): Promise<void> {
  const missing = () =>
    notFound(
      `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`,
    );
  if (!/^\d+$/.test(processInstanceKey)) throw missing();
  await host.onInstance(processInstanceKey, (runtime) => cancel(runtime), { missing });
}

async function instanceOf(host: CommandHost, sql: string, key: string): Promise<string | undefined> {
  if (!/^\d+$/.test(key)) return undefined;
  const { rows } = await host.db.query<{ process_instance_key: number }>(sql, [key]);
  return rows[0] ? String(rows[0].process_instance_key) : undefined;
}

export async function setVariables(
  host: CommandHost,
  elementInstanceKey: string,
  variables: Variables,
  local: boolean,
): Promise<string> {
  const missing = () =>
    notFound(
      `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
    );
  const instanceKey = await instanceOf(
    host,
    'SELECT process_instance_key FROM engine.element_instances WHERE key = $1',
    elementInstanceKey,
  );
  if (!instanceKey) throw missing();
  return host.onInstance(
    instanceKey,
    (runtime) => {
      const element = runtime.ctx.elements.get(elementInstanceKey);
      if (!element || !LIVE_ELEMENT_STATES.includes(element.state)) throw missing();
      if (local) setLocalVariables(runtime.ctx, runtime.keys, element.key, variables);
      else propagateVariables(runtime.ctx, runtime.keys, element.key, variables);
      const documentKey = runtime.keys.take();
      runtime.ctx.records.push({
        key: documentKey,
        valueType: 'VARIABLE_DOCUMENT',
        intent: 'UPDATED',
        processInstanceKey: runtime.ctx.instance.key,
        timestamp: runtime.ctx.now,
        value: { scopeKey: element.key, updateSemantics: local ? 'LOCAL' : 'PROPAGATE', variables },
      });
      return documentKey;
    },
    { missing },
  );
}

export async function resolveIncident(host: CommandHost, incidentKey: string): Promise<void> {
  const missing = () =>
    notFound(`Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
  const instanceKey = await instanceOf(
    host,
    `SELECT process_instance_key FROM engine.incidents WHERE key = $1 AND state = 'ACTIVE'`,
    incidentKey,
  );
  if (!instanceKey) throw missing();
  await host.onInstance(
    instanceKey,
    (runtime) => {
      const incident = runtime.ctx.incidents.get(incidentKey);
      if (!incident || incident.state !== 'ACTIVE') throw missing();
      if (incident.jobKey !== null) {
        const job = runtime.ctx.jobs.get(incident.jobKey);
        if (job && (job.state === 'FAILED' || job.state === 'ERROR_THROWN')) {
          if (job.retries <= 0) {
            throw failedPrecondition(
              `Expected to resolve incident with key '${incidentKey}', but job with key '${job.key}' has no retries left; update the job's retries first`,
            );
          }
          job.state = 'ACTIVATABLE';
          job.activatableAt = runtime.ctx.now;
          job.errorCode = null;
          runtime.ctx.jobs.touch(job);
          runtime.ctx.jobTypesToNotify.add(job.type);
          recordJob(runtime, job, 'RECURRED_AFTER_BACKOFF');
        }
      }
      runtime.resolveIncident(incident);
      if (incident.retry) runtime.retry(incident.retry);
    },
    { missing },
  );
}

export async function completeUserTask(
  host: CommandHost,
  userTaskKey: string,
  variables: Variables,
): Promise<void> {
  const missing = () =>
    notFound(`Expected to complete user task with key '${userTaskKey}', but no such user task was found`);
  const instanceKey = await instanceOf(
    host,
    `SELECT process_instance_key FROM engine.user_tasks WHERE key = $1 AND state = 'CREATED'`,
    userTaskKey,
  );
  if (!instanceKey) throw missing();
  await host.onInstance(
    instanceKey,
    (runtime) => {
      const task = runtime.ctx.userTasks.get(userTaskKey);
      if (!task || task.state !== 'CREATED') throw missing();
      const element = runtime.element(task.elementInstanceKey);
      if (element.state !== 'ACTIVATED') {
        throw failedPrecondition(
          `Expected to complete user task '${userTaskKey}', but its element is not active`,
        );
      }
      task.state = 'COMPLETED';
      task.completedAt = runtime.ctx.now;
      runtime.ctx.userTasks.touch(task);
      recordUserTask(runtime, task, 'COMPLETED');
      runtime.applyCompletionVariables(element, variables);
      runtime.queueCompletion(element);
    },
    { missing },
  );
}
