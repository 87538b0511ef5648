// Exclusive, inclusive, parallel and event-based gateways. Joins are counted in joins.ts, so the
// gateways here only decide which way the token(s) go.
import { evaluateCondition } from '../../feel/index.js';
import type { ElementNode } from '../../model/types.js';
import { IncidentSignal, asIncident, type Runtime } from '../runtime.js';
import type { ElementInstance } from '../state.js';
import { openSubscription } from '../subscriptions.js';
import { visibleVariables } from '../variables.js';
import type { Behaviour } from './behaviour.js';
import { passThrough } from './behaviour.js';

export const parallelGatewayBehaviour: Behaviour = passThrough;

const NO_FLOW = 'Expected at least one condition to evaluate to true, or to have a default flow';

/** Outgoing flows (other than the default) whose condition holds; an unconditioned flow always does. */
function flowsThatHold(
  runtime: Runtime,
  element: ElementInstance,
  node: ElementNode,
  firstOnly: boolean,
): string[] {
  const variables = visibleVariables(runtime.ctx, element.key);
  const chosen: string[] = [];
  for (const flowId of node.outgoing) {
    if (flowId === node.defaultFlowId) continue;
    const condition = runtime.ctx.graph.flows.get(flowId)?.condition;
    const holds =
      condition === undefined ||
      asIncident('CONDITION_ERROR', () => evaluateCondition(condition, variables, runtime.ctx.now));
    if (holds) {
      chosen.push(flowId);
      if (firstOnly) break;
    }
  }
  return chosen;
}

export const exclusiveGatewayBehaviour: Behaviour = {
  activate(runtime, element, node) {
    if (node.outgoing.length > 0) {
      const chosen = flowsThatHold(runtime, element, node, true)[0] ?? node.defaultFlowId;
      if (!chosen) throw new IncidentSignal('CONDITION_ERROR', NO_FLOW);
      element.data.takenFlowId = chosen;
      runtime.ctx.elements.touch(element);
    }
    runtime.queueCompletion(element);
  },
  outgoingFlows: (_runtime, element) => (element.data.takenFlowId ? [element.data.takenFlowId] : []),
};

/** Forks into every flow whose condition holds (the default flow when none does). */
export const inclusiveGatewayBehaviour: Behaviour = {
  activate(runtime, element, node) {
    if (node.outgoing.length > 0) {
      const chosen = flowsThatHold(runtime, element, node, false);
      if (chosen.length === 0 && node.defaultFlowId) chosen.push(node.defaultFlowId);
      if (chosen.length === 0) throw new IncidentSignal('CONDITION_ERROR', NO_FLOW);
      element.data.takenFlowIds = chosen;
      runtime.ctx.elements.touch(element);
    }
    runtime.queueCompletion(element);
  },
  outgoingFlows: (_runtime, element) => element.data.takenFlowIds ?? [],
};

/** Waits for the first of the events behind it; triggers.ts completes it when one happens. */
export const eventBasedGatewayBehaviour: Behaviour = {
  activate(runtime, element, node) {
    for (const flowId of node.outgoing) {
      const target = runtime.node(runtime.ctx.graph.flows.get(flowId)!.targetId);
      openSubscription(runtime, element, target);
    }
  },
  // The caught event is activated by the trigger itself, not along a flow.
  outgoingFlows: () => [],
};
