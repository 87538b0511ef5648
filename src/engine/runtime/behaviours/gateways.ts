// Exclusive and parallel gateways. Parallel joins are counted in runtime.takeFlow, so the
// gateway itself only passes the token on.
import { evaluateCondition } from '../../feel/index.js';
import { IncidentSignal, asIncident } from '../runtime.js';
import { visibleVariables } from '../variables.js';
import type { Behaviour } from './behaviour.js';
import { passThrough } from './behaviour.js';

export const parallelGatewayBehaviour: Behaviour = passThrough;

export const exclusiveGatewayBehaviour: Behaviour = {
  activate(runtime, element, node) {
    if (node.outgoing.length === 0) {
      runtime.queueCompletion(element);
      return;
    }
    const variables = visibleVariables(runtime.ctx, element.key);
    const conditional = node.outgoing.filter((flowId) => flowId !== node.defaultFlowId);
    const chosen =
      conditional.find((flowId) => {
        const condition = runtime.ctx.graph.flows.get(flowId)?.condition;
        // A single unconditioned outgoing flow is simply taken.
        if (condition === undefined) return true;
        return asIncident('CONDITION_ERROR', () => evaluateCondition(condition, variables, runtime.ctx.now));
      }) ?? node.defaultFlowId;
    if (!chosen) {
      throw new IncidentSignal(
        'CONDITION_ERROR',
        `Expected at least one condition to evaluate to true, or to have a default flow`,
      );
    }
    element.data.takenFlowId = chosen;
    runtime.ctx.elements.touch(element);
    runtime.queueCompletion(element);
  },
  outgoingFlows: (_runtime, element) => (element.data.takenFlowId ? [element.data.takenFlowId] : []),
};
