// Start, end and boundary events.
import { throwBpmnError } from '../bpmn-error.js';
import type { Behaviour } from './behaviour.js';
import { passThrough } from './behaviour.js';

export const startEventBehaviour: Behaviour = passThrough;

/** Variables a trigger delivered have been applied before activation; the event just completes. */
export const boundaryEventBehaviour: Behaviour = passThrough;

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
      throwBpmnError(runtime, element, node.errorCode ?? '', '', {}, {
        kind: 'activate',
        elementInstanceKey: element.key,
      });
    } else {
      runtime.queueCompletion(element);
    }
  },
};
