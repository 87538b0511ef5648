// timer-syntax: a static timer value (timeDate / timeDuration / timeCycle without "=") must be
// one the engine's timer module accepts; otherwise the deployment would be refused, or the
// timer would fail when it is reached. FEEL expressions are checked at run time.
import { timerSyntaxError, type TimerKind } from '../../src/engine/timers/index.js';
import { isElement, isExpression, stringProp, type Element, type RuleFactory } from './moddle.js';

const KINDS: readonly [property: string, kind: TimerKind][] = [
  ['timeDate', 'date'],
  ['timeDuration', 'duration'],
  ['timeCycle', 'cycle'],
];

function eventDefinitionsOf(node: Element): Element[] {
  const definitions = node['eventDefinitions'];
  return Array.isArray(definitions) ? definitions.filter(isElement) : [];
}

export const timerSyntax: RuleFactory = () => ({
  check(node, reporter) {
    for (const definition of eventDefinitionsOf(node)) {
      if (definition.$type !== 'bpmn:TimerEventDefinition') continue;
      for (const [property, kind] of KINDS) {
        const expression = definition[property];
        if (!isElement(expression)) continue;
        const body = stringProp(expression, 'body');
        if (body === undefined || isExpression(body)) continue;
        const problem = timerSyntaxError(kind, body);
        if (problem !== undefined) {
          reporter.report(node.id ?? '', `定时器 ${property} 无效：${problem}`);
        }
      }
    }
  },
});
