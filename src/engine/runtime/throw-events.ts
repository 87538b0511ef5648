// BPMN errors and escalations are caught by the nearest matching catch event, searching from the
// thrower outward: at each level the event sub-processes of the scope, then the boundary events
// of the activity. An exact code beats a catch-all. Uncaught errors raise an incident (as in
// Zeebe); uncaught escalations are recorded and the flow simply continues.
import type { ElementNode, EventKind } from '../model/types.js';
import type { Runtime } from './runtime.js';
import type { ElementInstance, RetryStep } from './state.js';
import { triggerBoundary, triggerEventSubProcess } from './triggers.js';

type Catcher =
  | { via: 'boundary'; event: ElementNode; level: ElementInstance }
  | { via: 'eventSubProcess'; event: ElementNode; level: ElementInstance };

function codeOf(event: ElementNode, kind: EventKind): string | undefined {
  return kind === 'error' ? event.errorCode : event.escalationCode;
}

function pick(events: ElementNode[], kind: EventKind, code: string): ElementNode | undefined {
  const candidates = events.filter((event) => event.eventKind === kind);
  return (
    candidates.find((event) => codeOf(event, kind) === code) ??
    candidates.find((event) => codeOf(event, kind) === undefined || codeOf(event, kind) === '')
  );
}

function findCatcher(
  runtime: Runtime,
  source: ElementInstance,
  kind: EventKind,
  code: string,
): Catcher | undefined {
  for (let level: ElementInstance | undefined = source; level;) {
    const node = runtime.node(level.elementId);
    if (level.elementType !== 'multiInstanceBody' && level.key !== source.key) {
      const starts = node.eventSubProcessIds
        .map((id) => runtime.node(id).startEventId)
        .filter((id): id is string => id !== undefined)
        .map((id) => runtime.node(id));
      const event = pick(starts, kind, code);
      if (event) return { via: 'eventSubProcess', event, level };
    }
    // Boundary events sit on the body of a multi-instance activity, not on its inner instances.
    if (!level.data.loop && level.flowScopeKey !== null) {
      const event = pick(
        node.boundaryEventIds.map((id) => runtime.node(id)),
        kind,
        code,
      );
      if (event) return { via: 'boundary', event, level };
    }
    level = level.flowScopeKey === null ? undefined : runtime.element(level.flowScopeKey);
  }
  return undefined;
}

function deliver(runtime: Runtime, catcher: Catcher, variables: Record<string, unknown>): void {
  if (catcher.via === 'boundary') triggerBoundary(runtime, catcher.level, catcher.event, variables);
  else triggerEventSubProcess(runtime, catcher.level, catcher.event, variables);
}

/** Returns true when a catch event caught the error. */
export function throwBpmnError(
  runtime: Runtime,
  source: ElementInstance,
  errorCode: string,
  errorMessage: string,
  variables: Record<string, unknown>,
  retry: RetryStep,
  jobKey: string | null = null,
): boolean {
  const catcher = findCatcher(runtime, source, 'error', errorCode);
  if (catcher) {
    deliver(runtime, catcher, variables);
    return true;
  }
  runtime.raiseIncident(
    source,
    'UNHANDLED_ERROR_EVENT',
    `Expected to throw an error event with the code '${errorCode}' with message '${errorMessage}', but it was not caught. No error events are available in the scope.`,
    retry,
    jobKey,
  );
  return false;
}

/** Throws an escalation; the thrower continues unless an interrupting catch event ended it. */
export function throwEscalation(runtime: Runtime, source: ElementInstance, escalationCode: string): void {
  const catcher = findCatcher(runtime, source, 'escalation', escalationCode);
  runtime.ctx.records.push({
    key: runtime.keys.take(),
    valueType: 'ESCALATION',
    intent: catcher ? 'ESCALATED' : 'NOT_ESCALATED',
    processInstanceKey: runtime.ctx.instance.key,
    timestamp: runtime.ctx.now,
    value: { escalationCode, throwElementId: source.elementId, catchElementId: catcher?.event.id ?? null },
  });
  if (catcher) deliver(runtime, catcher, {});
}
