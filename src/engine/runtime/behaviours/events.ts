// Start, end, boundary and intermediate events.
import { exprString } from '../expressions.js';
import { openSubscription } from '../subscriptions.js';
import { throwBpmnError, throwEscalation } from '../throw-events.js';
import { localVariables } from '../variables.js';
import type { Runtime } from '../runtime.js';
import type { ElementInstance } from '../state.js';
import type { ElementNode } from '../../model/types.js';
import type { Behaviour } from './behaviour.js';
import { passThrough } from './behaviour.js';

export const startEventBehaviour: Behaviour = passThrough;

/** Variables a trigger delivered have been applied before activation; the event just completes. */
export const boundaryEventBehaviour: Behaviour = passThrough;

/** Signals thrown by the instance are broadcast after the command commits. */
function broadcastSignal(runtime: Runtime, element: ElementInstance, node: ElementNode): void {
  runtime.ctx.pendingCommands.push({
    kind: 'broadcastSignal',
    processInstanceKey: null,
    signalName: exprString(node.signalName!, localVariables(runtime.ctx, element.key), runtime.ctx.now),
    variables: localVariables(runtime.ctx, element.key),
  });
}

/** Throws what the event throws; returns false when that ended the event itself. */
function throwFrom(runtime: Runtime, element: ElementInstance, node: ElementNode): boolean {
  if (node.eventKind === 'signal') broadcastSignal(runtime, element, node);
  if (node.eventKind === 'escalation') throwEscalation(runtime, element, node.escalationCode ?? '');
  return runtime.isLive(element);
}

export const endEventBehaviour: Behaviour = {
  activate(runtime, element, node) {
    if (node.eventKind === 'terminate') {
      // Ends everything else in the flow scope; the scope then completes normally.
      for (const other of runtime.liveChildren(element.flowScopeKey!)) {
        if (other.key !== element.key) runtime.terminate(other);
      }
      const scope = runtime.element(element.flowScopeKey!);
      if (scope.data.joins) {
        scope.data.joins = {};
        runtime.ctx.elements.touch(scope);
      }
      runtime.queueCompletion(element);
    } else if (node.eventKind === 'error') {
      throwBpmnError(
        runtime,
        element,
        node.errorCode ?? '',
        '',
        {},
        { kind: 'activate', elementInstanceKey: element.key },
      );
    } else if (throwFrom(runtime, element, node)) {
      runtime.queueCompletion(element);
    }
  },
};

export const intermediateThrowEventBehaviour: Behaviour = {
  activate(runtime, element, node) {
    if (throwFrom(runtime, element, node)) runtime.queueCompletion(element);
  },
};

/** Intermediate catch events and receive tasks wait for their own event. */
export const catchEventBehaviour: Behaviour = {
  activate(runtime, element, node) {
    if (element.data.triggered) runtime.queueCompletion(element);
    else openSubscription(runtime, element, node);
  },
};
