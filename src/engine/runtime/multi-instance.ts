// Multi-instance activities (zeebe:loopCharacteristics). The body element instance holds the
// input collection and the output collection; inner instances (the activity itself, once per
// item) run in parallel or one after another. Like Zeebe, the body completes when every inner
// instance has, or as soon as the completion condition holds (terminating the rest).
import { evaluateCondition, evaluateFeel } from '../feel/index.js';
import type { ElementNode } from '../model/types.js';
import type { Behaviour } from './behaviours/behaviour.js';
import { IncidentSignal, asIncident, type Runtime } from './runtime.js';
import type { ElementInstance } from './state.js';
import { localVariable, propagateVariables, setLocalVariable, visibleVariables } from './variables.js';

export const isBody = (element: ElementInstance) => element.elementType === 'multiInstanceBody';

function definitionOf(node: ElementNode) {
  if (!node.multiInstance) throw new Error(`element '${node.id}' is not a multi-instance activity`);
  return node.multiInstance;
}

function startInner(runtime: Runtime, body: ElementInstance): void {
  const state = body.data.body!;
  const index = state.nextIndex++;
  runtime.ctx.elements.touch(body);
  runtime.createElement(body.elementId, body.key, {
    asInner: { counter: index + 1, item: state.items[index] },
  });
}

export const multiInstanceBodyBehaviour: Behaviour = {
  activate(runtime, body, node) {
    const definition = definitionOf(node);
    const items = asIncident('EXTRACT_VALUE_ERROR', () =>
      evaluateFeel(definition.inputCollection, visibleVariables(runtime.ctx, body.key), runtime.ctx.now),
    );
    if (!Array.isArray(items)) {
      throw new IncidentSignal(
        'EXTRACT_VALUE_ERROR',
        `Expected result of the expression '${definition.inputCollection}' to be 'ARRAY', but was '${items === null ? 'NULL' : typeof items}'.`,
      );
    }
    body.data.body = { items, completed: 0, terminated: 0, nextIndex: 0 };
    runtime.ctx.elements.touch(body);
    if (definition.outputCollection) {
      setLocalVariable(
        runtime.ctx,
        runtime.keys,
        body.key,
        definition.outputCollection,
        items.map(() => null),
      );
    }
    if (items.length === 0) {
      runtime.queueCompletion(body);
      return;
    }
    const startNow = definition.sequential ? 1 : items.length;
    for (let i = 0; i < startNow; i++) startInner(runtime, body);
  },
  completed(runtime, body, node) {
    // The output collection lives on the body; it reaches the flow scope when the body completes.
    const name = node.multiInstance?.outputCollection;
    const slot = name ? localVariable(runtime.ctx, body.key, name) : undefined;
    if (name && slot && body.flowScopeKey !== null) {
      propagateVariables(runtime.ctx, runtime.keys, body.flowScopeKey, { [name]: slot.value });
    }
  },
};

/** Sets inputElement and loopCounter as local variables of an inner instance. */
export function setLoopVariables(runtime: Runtime, inner: ElementInstance, node: ElementNode): void {
  const loop = inner.data.loop!;
  const definition = definitionOf(node);
  setLocalVariable(runtime.ctx, runtime.keys, inner.key, 'loopCounter', loop.counter);
  if (definition.inputElement)
    setLocalVariable(runtime.ctx, runtime.keys, inner.key, definition.inputElement, loop.item);
}

/** Called after an inner instance completed: collect its output, then start the next or finish. */
export function innerCompleted(runtime: Runtime, inner: ElementInstance, node: ElementNode): void {
  const body = runtime.element(inner.flowScopeKey!);
  const definition = definitionOf(node);
  const state = body.data.body!;
  const { ctx } = runtime;
  if (definition.outputCollection && definition.outputElement) {
    const value = asIncident('EXTRACT_VALUE_ERROR', () =>
      evaluateFeel(definition.outputElement!, visibleVariables(ctx, inner.key), ctx.now),
    );
    const current = localVariable(ctx, body.key, definition.outputCollection)?.value;
    const collected = Array.isArray(current) ? [...(current as unknown[])] : state.items.map(() => null);
    collected[inner.data.loop!.counter - 1] = value;
    setLocalVariable(ctx, runtime.keys, body.key, definition.outputCollection, collected);
  }
  state.completed += 1;
  ctx.elements.touch(body);

  const live = runtime.liveChildren(body.key);
  if (definition.completionCondition) {
    const counts = {
      numberOfInstances: state.items.length,
      numberOfActiveInstances: live.length,
      numberOfCompletedInstances: state.completed,
      numberOfTerminatedInstances: state.terminated,
    };
    const done = asIncident('CONDITION_ERROR', () =>
      evaluateCondition(
        definition.completionCondition!,
        { ...visibleVariables(ctx, body.key), ...counts },
        ctx.now,
      ),
    );
    if (done) {
      for (const other of live) {
        runtime.terminate(other);
        state.terminated += 1;
      }
      runtime.queueCompletion(body);
      return;
    }
  }
  if (state.nextIndex < state.items.length && definition.sequential) startInner(runtime, body);
  else if (live.length === 0) runtime.queueCompletion(body);
}
