// An event happened for a waiting element instance: a timer fired, a message correlated, a
// signal arrived, or an error / escalation was thrown and caught. What follows depends on how
// the event element relates to the waiter (see triggerEvent).
import type { ElementNode } from '../model/types.js';
import type { Runtime } from './runtime.js';
import type { ElementInstance } from './state.js';

type Variables = Record<string, unknown>;

/** Starts an event sub-process of `scope` at `start`, interrupting the scope's work if it says so. */
export function triggerEventSubProcess(
  runtime: Runtime,
  scope: ElementInstance,
  start: ElementNode,
  variables: Variables,
): ElementInstance {
  const interrupting = start.interrupting ?? true;
  if (interrupting) {
    for (const child of runtime.liveChildren(scope.key)) runtime.terminate(child);
    if (scope.data.joins) scope.data.joins = {};
    runtime.ctx.elements.touch(scope);
  }
  const subProcess = runtime.createElement(start.flowScopeId, scope.key);
  subProcess.data.triggeredBy = start.id;
  triggerVariables.set(subProcess.key, variables);
  return subProcess;
}

// Variables travel from the trigger to the event sub-process's start event within one command.
const triggerVariables = new Map<string, Variables>();

export function takeTriggerVariables(subProcessKey: string): Variables {
  const variables = triggerVariables.get(subProcessKey) ?? {};
  triggerVariables.delete(subProcessKey);
  return variables;
}

/** Runs a caught event at a boundary: interrupting ones end the host first. */
export function triggerBoundary(
  runtime: Runtime,
  host: ElementInstance,
  boundary: ElementNode,
  variables: Variables,
): ElementInstance {
  if (boundary.cancelActivity ?? true) runtime.terminate(host);
  const caught = runtime.createElement(boundary.id, host.flowScopeKey);
  runtime.applyCompletionVariables(caught, variables);
  return caught;
}

/**
 * Delivers an event to the element instance waiting for it. Returns false when the waiter is no
 * longer live (the event comes too late and changes nothing).
 */
export function triggerEvent(
  runtime: Runtime,
  waiterKey: string,
  eventId: string,
  variables: Variables,
): boolean {
  const waiter = runtime.ctx.elements.get(waiterKey);
  if (!runtime.isLive(waiter)) return false;
  const event = runtime.node(eventId);
  if (event.id === waiter.elementId) {
    // An intermediate catch event or receive task: it completes with the event's variables.
    runtime.applyCompletionVariables(waiter, variables);
    runtime.queueCompletion(waiter);
  } else if (event.type === 'boundaryEvent') {
    triggerBoundary(runtime, waiter, event, variables);
  } else if (waiter.elementType === 'eventBasedGateway') {
    // The first event wins: the gateway completes and the caught event continues at once.
    runtime.setState(waiter, 'COMPLETED');
    runtime.record(waiter, 'ELEMENT_COMPLETED');
    const caught = runtime.createElement(event.id, waiter.flowScopeKey);
    caught.data.triggered = true;
    runtime.applyCompletionVariables(caught, variables);
  } else if (event.type === 'startEvent') {
    triggerEventSubProcess(runtime, waiter, event, variables);
  } else {
    throw new Error(`event '${eventId}' cannot be delivered to element '${waiter.elementId}'`);
  }
  return true;
}
