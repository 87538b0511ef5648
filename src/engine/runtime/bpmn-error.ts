// BPMN errors (error end events, ThrowError on a job) are caught by the nearest matching error
// boundary event, searching from the throwing element outward; an exact code beats a catch-all.
// Uncaught errors raise an incident, as in Zeebe.
import type { ElementNode } from '../model/types.js';
import type { Runtime } from './runtime.js';
import type { ElementInstance, RetryStep } from './state.js';

function catchingBoundary(runtime: Runtime, host: ElementNode, errorCode: string): ElementNode | undefined {
  const boundaries = host.boundaryEventIds
    .map((id) => runtime.node(id))
    .filter((event) => event.eventKind === 'error');
  return (
    boundaries.find((event) => event.errorCode === errorCode) ??
    boundaries.find((event) => event.errorCode === undefined || event.errorCode === '')
  );
}

/** Returns true when a boundary event caught the error. */
export function throwBpmnError(
  runtime: Runtime,
  source: ElementInstance,
  errorCode: string,
  errorMessage: string,
  variables: Record<string, unknown>,
  retry: RetryStep,
  jobKey: string | null = null,
): boolean {
  for (let scope: ElementInstance | undefined = source; scope; ) {
    const boundary = catchingBoundary(runtime, runtime.node(scope.elementId), errorCode);
    if (boundary && scope.flowScopeKey !== null) {
      runtime.terminate(scope);
      const caught = runtime.createElement(boundary.id, scope.flowScopeKey);
      runtime.applyCompletionVariables(caught, variables);
      return true;
    }
    scope = scope.flowScopeKey === null ? undefined : runtime.element(scope.flowScopeKey);
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
