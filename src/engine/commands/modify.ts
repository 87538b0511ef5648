// Repairs by a supervisor: ModifyProcessInstance (start elements, end element instances) and
// MigrateProcessInstance (move a running instance to another definition by simple mappings).
import type { MigrateInstanceRequest, ModifyInstanceRequest } from '../api.js';
import { invalidArgument } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ElementInstance } from '../runtime/state.js';
import { setLocalVariables } from '../runtime/variables.js';
import type { ProcessDefinition } from '../store/definitions.js';
import type { CommandHost } from './host.js';

const NOT_STARTABLE = new Set(['process', 'boundaryEvent', 'eventSubProcess']);

function scopeFor(runtime: Runtime, elementId: string, ancestorKey: string | undefined): ElementInstance {
  const { ctx } = runtime;
  const scopeId = runtime.node(elementId).flowScopeId;
  if (ancestorKey) {
    const ancestor = ctx.elements.get(ancestorKey);
    if (!runtime.isLive(ancestor) || ancestor.elementId !== scopeId) {
      throw invalidArgument(
        `Expected to activate element '${elementId}' inside element instance '${ancestorKey}', but that is not a live instance of '${scopeId}'`,
      );
    }
    return ancestor;
  }
  const candidates = [...ctx.elements.rows.values()].filter(
    (element) =>
      element.elementId === scopeId && runtime.isLive(element) && element.elementType !== 'multiInstanceBody',
  );
  if (candidates.length !== 1) {
    throw invalidArgument(
      candidates.length === 0
        ? `Expected to activate element '${elementId}', but its flow scope '${scopeId}' has no live instance`
        : `Expected to activate element '${elementId}', but its flow scope '${scopeId}' has ${candidates.length} live instances; name one with ancestorElementInstanceKey`,
    );
  }
  return candidates[0]!;
}

/** Ends scopes left empty by terminations, up to the process itself. */
function endEmptiedScopes(runtime: Runtime, scopeKeys: Set<string>): void {
  for (const key of scopeKeys) {
    for (let scope = runtime.ctx.elements.get(key); runtime.isLive(scope);) {
      if (runtime.liveChildren(scope.key).length > 0) break;
      runtime.terminate(scope);
      scope = scope.flowScopeKey === null ? undefined : runtime.ctx.elements.get(scope.flowScopeKey);
    }
  }
}

export async function modifyInstance(host: CommandHost, request: ModifyInstanceRequest): Promise<void> {
  const activate = request.activate ?? [];
  const terminate = request.terminate ?? [];
  if (activate.length === 0 && terminate.length === 0) {
    throw invalidArgument('Expected at least one activate or terminate instruction, but none given');
  }
  await host.onInstance(request.processInstanceKey, (runtime) => {
    const { ctx } = runtime;
    const ending = terminate.map(({ elementInstanceKey }) => {
      const element = ctx.elements.get(elementInstanceKey);
      if (!runtime.isLive(element) || element.elementType === 'process') {
        throw invalidArgument(
          `Expected to terminate element instance '${elementInstanceKey}' of process instance '${ctx.instance.key}', but it is not active`,
        );
      }
      return element;
    });
    const starting = activate.map((instruction) => {
      const node = ctx.graph.elements.get(instruction.elementId);
      if (!node || NOT_STARTABLE.has(node.type)) {
        throw invalidArgument(
          `Expected to activate element '${instruction.elementId}' of process '${ctx.instance.bpmnProcessId}', but ${node ? `a ${node.type} cannot be activated directly` : 'no such element exists'}`,
        );
      }
      return {
        instruction,
        scope: scopeFor(runtime, instruction.elementId, instruction.ancestorElementInstanceKey),
      };
    });
    for (const { instruction, scope } of starting) {
      const element = runtime.createElement(instruction.elementId, scope.key);
      for (const { scopeId, variables } of instruction.variables ?? []) {
        const target =
          !scopeId || scopeId === scope.elementId
            ? scope
            : scopeId === instruction.elementId
              ? element
              : undefined;
        if (!target)
          throw invalidArgument(`Expected variable scope '${scopeId}' to be the element or its flow scope`);
        setLocalVariables(ctx, runtime.keys, target.key, variables);
      }
    }
    const emptied = new Set<string>();
    for (const element of ending) {
      runtime.terminate(element);
      if (element.flowScopeKey !== null) emptied.add(element.flowScopeKey);
    }
    endEmptiedScopes(runtime, emptied);
    ctx.records.push({
      key: ctx.instance.key,
      valueType: 'PROCESS_INSTANCE_MODIFICATION',
      intent: 'MODIFIED',
      processInstanceKey: ctx.instance.key,
      timestamp: ctx.now,
      value: { activate, terminate },
    });
  });
}

export async function migrateInstance(host: CommandHost, request: MigrateInstanceRequest): Promise<void> {
  const target: ProcessDefinition = await host.definitions.byKey(request.targetProcessDefinitionKey);
  const mapping = new Map(request.mappingInstructions.map((m) => [m.sourceElementId, m.targetElementId]));
  await host.onInstance(request.processInstanceKey, (runtime) => {
    const { ctx } = runtime;
    const waiting = [
      ...ctx.timers.rows.values(),
      ...ctx.messageSubscriptions.rows.values(),
      ...ctx.signalSubscriptions.rows.values(),
    ];
    if (waiting.some((subscription) => subscription.state === 'ACTIVE' || subscription.state === 'OPEN')) {
      throw invalidArgument(
        'Expected to migrate a process instance, but it waits for timers, messages or signals; migrate it once they have fired',
      );
    }
    const live = [...ctx.elements.rows.values()].filter((element) => runtime.isLive(element));
    for (const element of live) {
      if (element.elementType === 'process') continue;
      const targetId = mapping.get(element.elementId);
      const targetNode = targetId ? target.graph.elements.get(targetId) : undefined;
      if (!targetId) {
        throw invalidArgument(
          `Expected a mapping instruction for active element '${element.elementId}', but none was given`,
        );
      }
      if (!targetNode || targetNode.type !== runtime.node(element.elementId).type) {
        throw invalidArgument(
          `Expected element '${element.elementId}' to map to an element of the same type in the target, but '${targetId}' ${targetNode ? `is a ${targetNode.type}` : 'does not exist'}`,
        );
      }
    }
    for (const element of live) {
      element.elementId =
        element.elementType === 'process' ? target.bpmnProcessId : mapping.get(element.elementId)!;
      ctx.elements.touch(element);
    }
    for (const job of ctx.jobs.rows.values()) {
      job.elementId = mapping.get(job.elementId) ?? job.elementId;
      job.processDefinitionKey = target.key;
      job.bpmnProcessId = target.bpmnProcessId;
      job.processDefinitionVersion = target.version;
      ctx.jobs.touch(job);
    }
    for (const task of ctx.userTasks.rows.values()) {
      task.elementId = mapping.get(task.elementId) ?? task.elementId;
      task.processDefinitionKey = target.key;
      task.bpmnProcessId = target.bpmnProcessId;
      task.processDefinitionVersion = target.version;
      ctx.userTasks.touch(task);
    }
    Object.assign(ctx.instance, {
      processDefinitionKey: target.key,
      bpmnProcessId: target.bpmnProcessId,
      version: target.version,
    });
    ctx.instanceChanged = true;
    ctx.graph = target.graph;
    ctx.records.push({
      key: ctx.instance.key,
      valueType: 'PROCESS_INSTANCE_MIGRATION',
      intent: 'MIGRATED',
      processInstanceKey: ctx.instance.key,
      timestamp: ctx.now,
      value: { targetProcessDefinitionKey: target.key, mappingInstructions: request.mappingInstructions },
    });
  });
}
