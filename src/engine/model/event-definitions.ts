// Reading event definitions (and the root elements they reference: bpmn:message, bpmn:signal,
// bpmn:error, bpmn:escalation) into the graph's terms. Missing parts are left out; the validation
// rules say what is missing.
import { nonEmpty, toExpr } from './expr.js';
import { elementProp, extensionOf, stringProp, type ModdleElement } from './moddle.js';
import type { Expr, MessageDefinition, TimerDefinition } from './types.js';

export const TIMER_KINDS = [
  ['timeDuration', 'duration'],
  ['timeDate', 'date'],
  ['timeCycle', 'cycle'],
] as const;

/** The timer properties a bpmn:timerEventDefinition sets, with their text ('' when empty). */
export function timerParts(definition: ModdleElement): { kind: TimerDefinition['kind']; text: string }[] {
  const parts: { kind: TimerDefinition['kind']; text: string }[] = [];
  for (const [property, kind] of TIMER_KINDS) {
    const expression = elementProp(definition, property);
    if (expression !== undefined) parts.push({ kind, text: stringProp(expression, 'body')?.trim() ?? '' });
  }
  return parts;
}

/** The timer of a definition with exactly one non-empty timeDuration, timeDate or timeCycle. */
export function readTimer(definition: ModdleElement): TimerDefinition | undefined {
  const parts = timerParts(definition);
  const [only] = parts;
  if (parts.length !== 1 || only === undefined || only.text === '') return undefined;
  return { kind: only.kind, value: toExpr(only.text) };
}

/** The correlation key written on a bpmn:message's zeebe:subscription, if any. */
export function correlationKeyText(message: ModdleElement): string | undefined {
  const subscription = extensionOf(message, 'zeebe:Subscription');
  return nonEmpty(subscription && stringProp(subscription, 'correlationKey'));
}

/**
 * The message a definition (messageRef of a message event definition or a receive task) names;
 * undefined when the message or its name is missing. The correlation key is kept only where it
 * is used: message start events of a process are not correlated to an instance.
 */
export function readMessage(
  holder: ModdleElement,
  options: { withCorrelationKey: boolean },
): MessageDefinition | undefined {
  const message = elementProp(holder, 'messageRef');
  const name = nonEmpty(message && stringProp(message, 'name'));
  if (message === undefined || name === undefined) return undefined;
  const definition: MessageDefinition = { name: toExpr(name) };
  const key = correlationKeyText(message);
  if (options.withCorrelationKey && key !== undefined) definition.correlationKey = toExpr(key);
  return definition;
}

/** The name of the bpmn:signal a signal event definition references. */
export function readSignalName(definition: ModdleElement): Expr | undefined {
  const signal = elementProp(definition, 'signalRef');
  const name = nonEmpty(signal && stringProp(signal, 'name'));
  return name === undefined ? undefined : toExpr(name);
}

/** The errorCode of the bpmn:error an error event definition references, when set. */
export function errorCodeOf(definition: ModdleElement): string | undefined {
  const error = elementProp(definition, 'errorRef');
  return nonEmpty(error && stringProp(error, 'errorCode'));
}

/** The escalationCode of the bpmn:escalation an escalation event definition references, when set. */
export function escalationCodeOf(definition: ModdleElement): string | undefined {
  const escalation = elementProp(definition, 'escalationRef');
  return nonEmpty(escalation && stringProp(escalation, 'escalationCode'));
}
