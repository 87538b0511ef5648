// The process, embedded sub-processes, event sub-processes and call activities: elements that
// contain a flow of their own. A scope completes when nothing inside it is live any more
// (runtime.completeScopeIfDone).
import { IncidentSignal } from '../runtime.js';
import { exprString } from '../expressions.js';
import { takeTriggerVariables } from '../triggers.js';
import { localVariables, setLocalVariables, visibleVariables } from '../variables.js';
import type { Behaviour } from './behaviour.js';

export const processBehaviour: Behaviour = {
  activate(runtime, element) {
    const startId = element.data.startEventId ?? runtime.ctx.graph.noneStartEventId;
    if (!startId) {
      throw new IncidentSignal(
        'EXTRACT_VALUE_ERROR',
        `process '${runtime.ctx.graph.bpmnProcessId}' has no none start event`,
      );
    }
    runtime.createElement(startId, element.key);
  },
  completed(runtime, element) {
    const { ctx } = runtime;
    ctx.instance.state = 'COMPLETED';
    ctx.instance.endedAt = ctx.now;
    ctx.instanceChanged = true;
    ctx.completedWith = visibleVariables(ctx, element.key);
    const { parentProcessInstanceKey, parentElementInstanceKey } = ctx.instance;
    if (parentProcessInstanceKey && parentElementInstanceKey) {
      ctx.pendingCommands.push({
        kind: 'childCompleted',
        processInstanceKey: parentProcessInstanceKey,
        elementInstanceKey: parentElementInstanceKey,
        variables: ctx.completedWith,
      });
    }
  },
  terminated(runtime) {
    const { ctx } = runtime;
    ctx.instance.state = 'TERMINATED';
    ctx.instance.endedAt = ctx.now;
    ctx.instanceChanged = true;
  },
};

export const subProcessBehaviour: Behaviour = {
  activate(runtime, element, node) {
    if (!node.noneStartEventId)
      throw new IncidentSignal('EXTRACT_VALUE_ERROR', `sub-process '${node.id}' has no none start event`);
    runtime.createElement(node.noneStartEventId, element.key);
  },
};

export const eventSubProcessBehaviour: Behaviour = {
  activate(runtime, element, node) {
    const startId = element.data.triggeredBy ?? node.startEventId;
    if (!startId)
      throw new IncidentSignal('EXTRACT_VALUE_ERROR', `event sub-process '${node.id}' has no start event`);
    const start = runtime.createElement(startId, element.key);
    runtime.applyCompletionVariables(start, takeTriggerVariables(element.key));
  },
  // An event sub-process has no outgoing flows; its end may complete the enclosing scope.
  outgoingFlows: () => [],
};

/**
 * A call activity asks for its child instance through a pending command that runs after this
 * command commits (in the parent's own command, so the element is still checked to be live).
 */
export const callActivityBehaviour: Behaviour = {
  activate(runtime, element, node) {
    const definition = node.calledElement;
    if (!definition)
      throw new IncidentSignal('CALLED_ELEMENT_ERROR', `call activity '${node.id}' names no process`);
    const visible = visibleVariables(runtime.ctx, element.key);
    const processId = exprString(definition.processId, visible, runtime.ctx.now);
    runtime.ctx.pendingCommands.push({
      kind: 'startChild',
      processInstanceKey: runtime.ctx.instance.key,
      elementInstanceKey: element.key,
      processId,
      variables: definition.propagateAllParentVariables ? visible : localVariables(runtime.ctx, element.key),
    });
  },
  terminated(runtime, element) {
    if (element.data.childInstanceKey) {
      runtime.ctx.pendingCommands.push({
        kind: 'cancelInstance',
        processInstanceKey: element.data.childInstanceKey,
      });
    }
  },
};

/** The child's variables, as the call activity receives them when the child completes. */
export function deliverChildVariables(
  runtime: Parameters<Behaviour['activate']>[0],
  element: Parameters<Behaviour['activate']>[1],
  variables: Record<string, unknown>,
): void {
  const node = runtime.node(element.elementId);
  if (node.calledElement?.propagateAllChildVariables ?? true)
    runtime.applyCompletionVariables(element, variables);
  // Not propagated: the child's variables are only there for the output mappings to read.
  else setLocalVariables(runtime.ctx, runtime.keys, element.key, variables);
  runtime.queueCompletion(element);
}
