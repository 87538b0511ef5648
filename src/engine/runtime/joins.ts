// Joins count tokens per incoming flow in the flow scope's data. A parallel join fires once every
// incoming flow has delivered a token. An inclusive join fires once every incoming flow either
// delivered a token or can no longer be reached from anything still live in the scope.
import type { ElementNode, ProcessGraph } from '../model/types.js';
import type { Runtime } from './runtime.js';
import type { ElementInstance } from './state.js';

export function hasWaitingTokens(scope: ElementInstance): boolean {
  return Object.values(scope.data.joins ?? {}).some((flows) =>
    Object.values(flows).some((count) => count > 0),
  );
}

function waitingAt(runtime: Runtime, scope: ElementInstance, gatewayId: string): Record<string, number> {
  const joins = (scope.data.joins ??= {});
  runtime.ctx.elements.touch(scope);
  return (joins[gatewayId] ??= {});
}

/** Consumes one token per delivered flow and activates the gateway. */
function fire(
  runtime: Runtime,
  gateway: ElementNode,
  scope: ElementInstance,
  waiting: Record<string, number>,
) {
  for (const incoming of gateway.incoming) {
    if ((waiting[incoming] ?? 0) > 0) waiting[incoming]! -= 1;
    if (waiting[incoming] === 0) delete waiting[incoming];
  }
  if (Object.keys(waiting).length === 0) delete scope.data.joins![gateway.id];
  runtime.ctx.elements.touch(scope);
  runtime.createElement(gateway.id, scope.key);
}

export function arriveAtJoin(
  runtime: Runtime,
  gateway: ElementNode,
  flowId: string,
  flowScopeKey: string,
): void {
  const scope = runtime.element(flowScopeKey);
  const waiting = waitingAt(runtime, scope, gateway.id);
  waiting[flowId] = (waiting[flowId] ?? 0) + 1;
  const ready =
    gateway.type === 'parallelGateway'
      ? gateway.incoming.every((incoming) => (waiting[incoming] ?? 0) > 0)
      : inclusiveJoinReady(runtime, gateway, scope, waiting);
  if (ready) fire(runtime, gateway, scope, waiting);
}

function inclusiveJoinReady(
  runtime: Runtime,
  gateway: ElementNode,
  scope: ElementInstance,
  waiting: Record<string, number>,
): boolean {
  const reach = reachability(runtime.ctx.graph);
  const live = runtime.liveChildren(scope.key).map((child) => child.elementId);
  // Tokens waiting at other joins of the scope can still move on, too.
  for (const [otherId, flows] of Object.entries(scope.data.joins ?? {})) {
    if (otherId !== gateway.id && Object.values(flows).some((count) => count > 0)) live.push(otherId);
  }
  return gateway.incoming.every((incoming) => {
    if ((waiting[incoming] ?? 0) > 0) return true;
    const source = runtime.ctx.graph.flows.get(incoming)!.sourceId;
    return !live.some((elementId) => elementId === source || reach(elementId).has(source));
  });
}

/** Fires inclusive joins that were waiting for flows that nothing can deliver any more. */
export function fireSatisfiedInclusiveJoins(runtime: Runtime, scope: ElementInstance): boolean {
  let fired = false;
  for (const [gatewayId, waiting] of Object.entries(scope.data.joins ?? {})) {
    const gateway = runtime.node(gatewayId);
    if (gateway.type !== 'inclusiveGateway' || !Object.values(waiting).some((n) => n > 0)) continue;
    if (inclusiveJoinReady(runtime, gateway, scope, waiting)) {
      fire(runtime, gateway, scope, waiting);
      fired = true;
    }
  }
  return fired;
}

const reachabilityCache = new WeakMap<ProcessGraph, (from: string) => Set<string>>();

/** Elements reachable from an element along sequence flows (and out of boundary events). */
function reachability(graph: ProcessGraph): (from: string) => Set<string> {
  const cached = reachabilityCache.get(graph);
  if (cached) return cached;
  const memo = new Map<string, Set<string>>();
  const successors = (id: string): string[] => {
    const node = graph.elements.get(id);
    if (!node) return [];
    const next = node.outgoing.map((flowId) => graph.flows.get(flowId)!.targetId);
    return [...next, ...node.boundaryEventIds];
  };
  const reach = (from: string): Set<string> => {
    let result = memo.get(from);
    if (result) return result;
    result = new Set();
    const stack = successors(from);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (result.has(id)) continue;
      result.add(id);
      stack.push(...successors(id));
    }
    memo.set(from, result);
    return result;
  };
  reachabilityCache.set(graph, reach);
  return reach;
}
