// What an element instance waits for: timers, messages and signals. A subscription belongs to
// the element instance that waits (a catch event, the host of boundary events, an event-based
// gateway, or a scope with event sub-processes) and names the event element it would trigger.
// It is closed when that element instance completes or is terminated.
import { evaluateFeel } from '../feel/index.js';
import type { ElementNode, Expr } from '../model/types.js';
import { planTimer, TimerExpressionError } from '../timers/index.js';
import { exprString } from './expressions.js';
import { IncidentSignal, asIncident, type Runtime } from './runtime.js';
import type { ElementInstance, MessageSubscription, SignalSubscription, Timer } from './state.js';
import { visibleVariables } from './variables.js';

const WAITING_KINDS = new Set(['timer', 'message', 'signal']);

/** Boundary events with a timer, message or signal, opened when their host activates. */
export function openBoundarySubscriptions(runtime: Runtime, host: ElementInstance, node: ElementNode): void {
  for (const boundaryId of node.boundaryEventIds) {
    const boundary = runtime.node(boundaryId);
    if (WAITING_KINDS.has(boundary.eventKind)) openSubscription(runtime, host, boundary);
  }
}

/** Start events of the scope's event sub-processes, opened when the scope activates. */
export function openEventSubProcessSubscriptions(
  runtime: Runtime,
  scope: ElementInstance,
  node: ElementNode,
): void {
  if (scope.elementType === 'multiInstanceBody') return;
  for (const subProcessId of node.eventSubProcessIds) {
    const startId = runtime.node(subProcessId).startEventId;
    const start = startId ? runtime.node(startId) : undefined;
    if (start && WAITING_KINDS.has(start.eventKind)) openSubscription(runtime, scope, start);
  }
}

function interruptingOf(event: ElementNode): boolean {
  if (event.type === 'boundaryEvent') return event.cancelActivity ?? true;
  if (event.type === 'startEvent') return event.interrupting ?? true;
  return true;
}

/** A correlation key is a string or a number (used as its text), as in Zeebe. */
function correlationKeyOf(
  expr: Expr,
  variables: Record<string, unknown>,
  now: number,
  elementId: string,
): string {
  if (expr.kind === 'static') return expr.value;
  const value = evaluateFeel(expr.source, variables, now);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new IncidentSignal(
    'EXTRACT_VALUE_ERROR',
    `Failed to extract the correlation key for '${expr.source}' of '${elementId}': The value must be either a string or a number, but was '${value === null ? 'NULL' : typeof value}'.`,
  );
}

function timerText(runtime: Runtime, waiter: ElementInstance, value: Expr): string {
  if (value.kind === 'static') return value.value;
  const result = evaluateFeel(value.source, visibleVariables(runtime.ctx, waiter.key), runtime.ctx.now);
  if (typeof result !== 'string') {
    throw new IncidentSignal(
      'EXTRACT_VALUE_ERROR',
      `Expected result of the expression '${value.source}' to be one of '[DURATION, DATE_TIME, STRING]', but was '${result === null ? 'NULL' : typeof result}'.`,
    );
  }
  return result;
}

export function openSubscription(runtime: Runtime, waiter: ElementInstance, event: ElementNode): void {
  const { ctx } = runtime;
  asIncident('EXTRACT_VALUE_ERROR', () => {
    if (event.timer) {
      const text = timerText(runtime, waiter, event.timer.value);
      let plan;
      try {
        plan = planTimer(event.timer.kind, text, ctx.now);
      } catch (error) {
        if (error instanceof TimerExpressionError)
          throw new IncidentSignal('EXTRACT_VALUE_ERROR', error.message);
        throw error;
      }
      createTimer(runtime, {
        dueAt: plan.dueAt,
        elementInstanceKey: waiter.key,
        elementId: event.id,
        repetitions: plan.repetitions,
        cycle: event.timer.kind === 'cycle' ? text : null,
      });
    } else if (event.message) {
      const variables = visibleVariables(ctx, waiter.key);
      const subscription: MessageSubscription = {
        key: runtime.keys.take(),
        state: 'OPEN',
        messageName: exprString(event.message.name, variables, ctx.now),
        correlationKey: event.message.correlationKey
          ? correlationKeyOf(event.message.correlationKey, variables, ctx.now, event.id)
          : '',
        processInstanceKey: ctx.instance.key,
        elementInstanceKey: waiter.key,
        elementId: event.id,
        bpmnProcessId: ctx.instance.bpmnProcessId,
        interrupting: interruptingOf(event),
        createdAt: ctx.now,
      };
      ctx.messageSubscriptions.put(subscription);
      ctx.openedMessageSubscriptions.push(subscription);
      recordSubscription(runtime, subscription.key, 'PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', {
        messageName: subscription.messageName,
        correlationKey: subscription.correlationKey,
        elementId: event.id,
      });
    } else if (event.signalName) {
      const subscription: SignalSubscription = {
        key: runtime.keys.take(),
        state: 'OPEN',
        signalName: exprString(event.signalName, visibleVariables(ctx, waiter.key), ctx.now),
        processInstanceKey: ctx.instance.key,
        elementInstanceKey: waiter.key,
        elementId: event.id,
        interrupting: interruptingOf(event),
        createdAt: ctx.now,
      };
      ctx.signalSubscriptions.put(subscription);
      recordSubscription(runtime, subscription.key, 'SIGNAL_SUBSCRIPTION', 'CREATED', {
        signalName: subscription.signalName,
        elementId: event.id,
      });
    }
  });
}

export function createTimer(
  runtime: Runtime,
  input: Pick<Timer, 'dueAt' | 'elementInstanceKey' | 'elementId' | 'repetitions' | 'cycle'>,
): Timer {
  const { ctx } = runtime;
  const timer: Timer = {
    key: runtime.keys.take(),
    state: 'ACTIVE',
    processDefinitionKey: ctx.instance.processDefinitionKey,
    bpmnProcessId: ctx.instance.bpmnProcessId,
    processInstanceKey: ctx.instance.key,
    createdAt: ctx.now,
    ...input,
  };
  ctx.timers.put(timer);
  ctx.nextTimerDue = Math.min(ctx.nextTimerDue ?? Infinity, timer.dueAt);
  recordSubscription(runtime, timer.key, 'TIMER', 'CREATED', {
    dueDate: timer.dueAt,
    elementId: timer.elementId,
    repetitions: timer.repetitions,
  });
  return timer;
}

export function closeSubscriptionsOf(runtime: Runtime, waiterKey: string): void {
  const { ctx } = runtime;
  for (const timer of ctx.timers.rows.values()) {
    if (timer.elementInstanceKey === waiterKey && timer.state === 'ACTIVE') {
      timer.state = 'CANCELED';
      ctx.timers.touch(timer);
      recordSubscription(runtime, timer.key, 'TIMER', 'CANCELED', { elementId: timer.elementId });
    }
  }
  for (const subscription of ctx.messageSubscriptions.rows.values()) {
    if (subscription.elementInstanceKey === waiterKey && subscription.state === 'OPEN') {
      subscription.state = 'CLOSED';
      ctx.messageSubscriptions.touch(subscription);
      recordSubscription(runtime, subscription.key, 'PROCESS_MESSAGE_SUBSCRIPTION', 'DELETED', {
        elementId: subscription.elementId,
      });
    }
  }
  for (const subscription of ctx.signalSubscriptions.rows.values()) {
    if (subscription.elementInstanceKey === waiterKey && subscription.state === 'OPEN') {
      subscription.state = 'CLOSED';
      ctx.signalSubscriptions.touch(subscription);
      recordSubscription(runtime, subscription.key, 'SIGNAL_SUBSCRIPTION', 'DELETED', {
        elementId: subscription.elementId,
      });
    }
  }
}

function recordSubscription(
  runtime: Runtime,
  key: string,
  valueType: string,
  intent: string,
  value: Record<string, unknown>,
): void {
  runtime.ctx.records.push({
    key,
    valueType,
    intent,
    processInstanceKey: runtime.ctx.instance.key,
    timestamp: runtime.ctx.now,
    value,
  });
}
