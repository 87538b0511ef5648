// Deploy-time validation: every rule runs, every problem is collected, then one error names them all.
// The rules follow what Zeebe (Camunda 8.8) accepts; where the engine supports less, it says so.
import { feelSyntaxError } from '../feel/index.js';
import { childrenByScope, conditionOf, eventDefinitionsOf, type ProcessDraft } from './build-graph.js';
import { MULTI_INSTANCE, specOf, UNSUPPORTED_FEATURES } from './element-table.js';
import { correlationKeyText, timerParts } from './event-definitions.js';
import { feelSource, isFeel, nonEmpty } from './expr.js';
import { elementProp, extensionOf, stringProp, type ModdleElement } from './moddle.js';
import { invalidResource, type Problem } from './problems.js';
import { staticTimerProblem } from './timer-format.js';
import type { ElementNode, ElementType, EventKind, Expr, IoMapping, TimerDefinition } from './types.js';
import { loopCharacteristicsText } from './zeebe-extensions.js';

interface RuleContext extends ProcessDraft {
  report(elementId: string, message: string): void;
  /** Reports `source` when it is not valid FEEL. */
  checkFeel(elementId: string, what: string, source: string): void;
}

type Rule = (ctx: RuleContext) => void;

/** Throws one INVALID_ARGUMENT error listing all problems of the resource, if it has any. */
export function validateDeployment(
  resourceName: string,
  drafts: readonly ProcessDraft[],
  readerProblems: readonly Problem[] = [],
): void {
  const problems: Problem[] = [...readerProblems];
  if (drafts.length === 0) {
    problems.push({
      message: 'the resource contains no executable process (bpmn:process isExecutable="true")',
    });
  }
  for (const draft of drafts) problems.push(...validateProcess(draft));
  if (problems.length > 0) throw invalidResource(resourceName, problems);
}

export function validateProcess(draft: ProcessDraft): Problem[] {
  const problems: Problem[] = [];
  const report = (elementId: string, message: string) => problems.push({ elementId, message });
  const ctx: RuleContext = {
    ...draft,
    report,
    checkFeel(elementId, what, source) {
      const error = feelSyntaxError(source);
      if (error !== undefined) report(elementId, `${what} '${source}' is not valid FEEL: ${error}`);
    },
  };
  for (const rule of RULES) rule(ctx);
  return problems;
}

const nodes = (ctx: RuleContext, type?: ElementType) =>
  [...ctx.graph.elements.values()].filter((n) =>
    type === undefined ? n.type !== 'process' : n.type === type,
  );

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');

const LABELS: Record<ElementType, string> = {
  process: 'process',
  startEvent: 'start event',
  endEvent: 'end event',
  serviceTask: 'service task',
  scriptTask: 'script task',
  userTask: 'user task',
  receiveTask: 'receive task',
  exclusiveGateway: 'exclusive gateway',
  parallelGateway: 'parallel gateway',
  inclusiveGateway: 'inclusive gateway',
  eventBasedGateway: 'event-based gateway',
  boundaryEvent: 'boundary event',
  intermediateCatchEvent: 'intermediate catch event',
  intermediateThrowEvent: 'intermediate throw event',
  subProcess: 'sub-process',
  eventSubProcess: 'event sub-process',
  callActivity: 'call activity',
};

/** "a service task", "an event sub-process". */
const aLabel = (type: ElementType) => `${/^[aeiou]/.test(LABELS[type]) ? 'an' : 'a'} ${LABELS[type]}`;

const GATEWAYS: ReadonlySet<ElementType> = new Set([
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
]);

const CATCH_EVENTS: ReadonlySet<ElementType> = new Set([
  'startEvent',
  'intermediateCatchEvent',
  'boundaryEvent',
]);
const THROW_EVENTS: ReadonlySet<ElementType> = new Set(['endEvent', 'intermediateThrowEvent']);

/** The first event definition of an event, the one its eventKind comes from. */
const definitionOf = (ctx: RuleContext, node: ElementNode) => eventDefinitionsOf(ctx, node.id)[0];

const scopeOf = (ctx: RuleContext, node: ElementNode) => ctx.graph.elements.get(node.flowScopeId);

const isInterrupting = (node: ElementNode) =>
  node.type === 'boundaryEvent' ? node.cancelActivity !== false : node.interrupting !== false;

/** A model value as written, "=" included for FEEL: what duplicate names are compared by. */
const written = (expr: Expr) => (expr.kind === 'feel' ? `=${expr.source}` : expr.value);

const unsupportedElements: Rule = (ctx) => {
  for (const element of ctx.unsupported) {
    ctx.report(stringProp(element, 'id') ?? '', `${element.$type} is not supported`);
  }
};

const unsupportedFeatures: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    const source = ctx.sources.get(node.id);
    if (source === undefined) continue;
    for (const feature of UNSUPPORTED_FEATURES) {
      if (feature.present(source)) ctx.report(node.id, feature.message);
    }
  }
};

const eventDefinitions: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    const source = ctx.sources.get(node.id);
    const spec = source && specOf(source);
    if (source === undefined || spec === undefined) continue;
    const definitions = eventDefinitionsOf(ctx, node.id);
    if (definitions.length > 1) {
      ctx.report(node.id, `${source.$type} with more than one event definition is not supported`);
    }
    for (const definition of definitions) {
      if (spec.eventDefinitions?.[definition.$type] === undefined) {
        ctx.report(node.id, `${definition.$type} on a ${source.$type} is not supported`);
      }
    }
    if (spec.requiresEventDefinition === true && definitions.length === 0) {
      ctx.report(node.id, `a ${source.$type} needs an event definition`);
    }
  }
};

const startEventsOf = (ctx: RuleContext, scopeId: string) =>
  nodes(ctx, 'startEvent').filter((n) => n.flowScopeId === scopeId);

const processStartEvents: Rule = (ctx) => {
  const processId = ctx.graph.bpmnProcessId;
  const starts = startEventsOf(ctx, processId);
  if (starts.length === 0) {
    ctx.report(
      processId,
      'a process needs a start event: one none start event and/or message, timer or signal start events; found none',
    );
  }
  const noneStarts = starts.filter((n) => eventDefinitionsOf(ctx, n.id).length === 0);
  if (noneStarts.length > 1) {
    ctx.report(
      processId,
      `a process can have only one none start event, found ${noneStarts.length}: ${quoted(noneStarts.map((n) => n.id))}`,
    );
  }
};

const subProcesses: Rule = (ctx) => {
  const children = childrenByScope(ctx.graph);
  const startsIn = (scope: ElementNode) =>
    (children.get(scope.id) ?? []).filter((n) => n.type === 'startEvent');
  for (const sub of nodes(ctx, 'subProcess')) {
    const starts = startsIn(sub);
    if (starts.length === 0) {
      ctx.report(sub.id, 'an embedded sub-process needs exactly one none start event, found none');
    } else if (starts.length > 1) {
      ctx.report(
        sub.id,
        `an embedded sub-process needs exactly one start event, found ${starts.length}: ${quoted(starts.map((n) => n.id))}`,
      );
    }
  }
  for (const sub of nodes(ctx, 'eventSubProcess')) {
    const flows = [...sub.incoming, ...sub.outgoing];
    if (flows.length > 0) {
      ctx.report(
        sub.id,
        `an event sub-process cannot have incoming or outgoing sequence flows (${quoted(flows)})`,
      );
    }
    const starts = startsIn(sub);
    const [start] = starts;
    if (start === undefined) {
      ctx.report(
        sub.id,
        'an event sub-process needs exactly one start event, with a timer, message, signal, error or escalation trigger; found none',
      );
    } else if (starts.length > 1) {
      ctx.report(
        sub.id,
        `an event sub-process needs exactly one start event, found ${starts.length}: ${quoted(starts.map((n) => n.id))}`,
      );
    } else if (eventDefinitionsOf(ctx, start.id).length === 0) {
      ctx.report(
        start.id,
        'the start event of an event sub-process needs a trigger: a timer, message, signal, error or escalation event definition',
      );
    }
  }
};

/** Which triggers a start event may have depends on where it is. */
const startEventTriggers: Rule = (ctx) => {
  for (const start of nodes(ctx, 'startEvent')) {
    const kind = start.eventKind;
    const scope = scopeOf(ctx, start);
    if (kind === 'none' || scope === undefined) continue;
    if (scope.type === 'process' && (kind === 'error' || kind === 'escalation')) {
      ctx.report(
        start.id,
        `an ${kind} start event is only allowed in an event sub-process; ` +
          'a process starts with a none, timer, message or signal start event',
      );
    } else if (scope.type === 'subProcess') {
      ctx.report(
        start.id,
        `the start event of an embedded sub-process must be a none start event, not a ${kind} start event`,
      );
    } else if (scope.type === 'eventSubProcess' && kind === 'error' && start.interrupting === false) {
      ctx.report(
        start.id,
        'an error start event is always interrupting: isInterrupting="false" is not allowed',
      );
    }
  }
};

const startAndEndEvents: Rule = (ctx) => {
  for (const node of nodes(ctx, 'startEvent')) {
    if (node.incoming.length > 0) {
      ctx.report(node.id, `a start event cannot have incoming sequence flows (${quoted(node.incoming)})`);
    }
  }
  for (const node of nodes(ctx, 'endEvent')) {
    if (node.outgoing.length > 0) {
      ctx.report(node.id, `an end event cannot have outgoing sequence flows (${quoted(node.outgoing)})`);
    }
  }
};

/** Reports a reference attribute naming a root element that does not exist; true when it did. */
function reportUndefinedReference(
  ctx: RuleContext,
  node: ElementNode,
  holder: ModdleElement,
  property: string,
  what: string,
): boolean {
  const referenceId = ctx.document.referenceId(holder, property);
  if (referenceId === undefined || elementProp(holder, property) !== undefined) return false;
  ctx.report(node.id, `references ${what} '${referenceId}', which is not defined`);
  return true;
}

const errorEvents: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    if (node.eventKind !== 'error') continue;
    const definition = definitionOf(ctx, node);
    if (definition !== undefined && reportUndefinedReference(ctx, node, definition, 'errorRef', 'error'))
      continue;
    if (node.type === 'endEvent' && node.errorCode === undefined) {
      ctx.report(node.id, 'an error end event needs an errorRef to a bpmn:error with an errorCode');
    } else if (CATCH_EVENTS.has(node.type) && node.errorCode !== undefined && isFeel(node.errorCode)) {
      ctx.report(
        node.id,
        `the errorCode '${node.errorCode}' of an error catch event cannot be an expression`,
      );
    }
  }
};

const escalationEvents: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    if (node.eventKind !== 'escalation') continue;
    const definition = definitionOf(ctx, node);
    if (
      definition !== undefined &&
      reportUndefinedReference(ctx, node, definition, 'escalationRef', 'escalation')
    ) {
      continue;
    }
    if (THROW_EVENTS.has(node.type) && node.escalationCode === undefined) {
      ctx.report(
        node.id,
        `an escalation ${LABELS[node.type]} needs an escalationRef to a bpmn:escalation with an escalationCode`,
      );
    } else if (
      CATCH_EVENTS.has(node.type) &&
      node.escalationCode !== undefined &&
      isFeel(node.escalationCode)
    ) {
      ctx.report(
        node.id,
        `the escalationCode '${node.escalationCode}' of an escalation catch event cannot be an expression`,
      );
    }
  }
};

/** Message catch events and receive tasks: a named bpmn:message and, to find the instance, a correlation key. */
const messages: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    const isReceiveTask = node.type === 'receiveTask';
    if (node.eventKind !== 'message' && !isReceiveTask) continue;
    const holder = isReceiveTask ? ctx.sources.get(node.id) : definitionOf(ctx, node);
    if (holder === undefined) continue;
    if (reportUndefinedReference(ctx, node, holder, 'messageRef', 'message')) continue;
    const message = elementProp(holder, 'messageRef');
    if (message === undefined) {
      const what = node.type === 'receiveTask' ? 'a receive task' : `a message ${LABELS[node.type]}`;
      ctx.report(node.id, `${what} needs a messageRef to a bpmn:message with a name`);
      continue;
    }
    const messageId = stringProp(message, 'id') ?? '';
    const name = nonEmpty(stringProp(message, 'name'));
    if (name === undefined) ctx.report(node.id, `the message '${messageId}' it references has no name`);
    const scope = scopeOf(ctx, node);
    // A message start event of the process creates an instance: there is none to correlate to yet.
    if (node.type === 'startEvent' && scope?.type === 'process') continue;
    const key = correlationKeyText(message);
    if (key === undefined) {
      ctx.report(
        node.id,
        `the message '${name ?? messageId}' needs a correlation key (zeebe:subscription correlationKey) ` +
          'to find the process instance it belongs to',
      );
    } else if (!isFeel(key)) {
      ctx.report(
        node.id,
        `the correlation key '${key}' of message '${name ?? messageId}' must be a FEEL expression starting with '='`,
      );
    }
  }
};

const signals: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    if (node.eventKind !== 'signal') continue;
    const definition = definitionOf(ctx, node);
    if (definition === undefined) continue;
    if (reportUndefinedReference(ctx, node, definition, 'signalRef', 'signal')) continue;
    const signal = elementProp(definition, 'signalRef');
    if (signal === undefined) {
      ctx.report(node.id, `a signal ${LABELS[node.type]} needs a signalRef to a bpmn:signal with a name`);
    } else if (node.signalName === undefined) {
      ctx.report(node.id, `the signal '${stringProp(signal, 'id') ?? ''}' it references has no name`);
    }
  }
};

const TIMER_PROPERTY: Record<TimerDefinition['kind'], string> = {
  duration: 'timeDuration',
  date: 'timeDate',
  cycle: 'timeCycle',
};

/** The timer kind an event cannot have where it is, and why. */
function forbiddenTimer(
  ctx: RuleContext,
  node: ElementNode,
): { kind: TimerDefinition['kind']; message: string } | undefined {
  const scope = scopeOf(ctx, node);
  if (node.type === 'startEvent' && scope?.type === 'process') {
    return {
      kind: 'duration',
      message: 'a timer start event of a process needs a timeDate or a timeCycle, not a timeDuration',
    };
  }
  if (node.type === 'intermediateCatchEvent') {
    return {
      kind: 'cycle',
      message: 'an intermediate timer catch event needs a timeDuration or a timeDate, not a timeCycle',
    };
  }
  const boundaryOrEventSubProcessStart =
    node.type === 'boundaryEvent' || (node.type === 'startEvent' && scope?.type === 'eventSubProcess');
  if (boundaryOrEventSubProcessStart && isInterrupting(node)) {
    const what = node.type === 'boundaryEvent' ? 'boundary event' : 'start event of an event sub-process';
    return {
      kind: 'cycle',
      message: `an interrupting timer ${what} fires only once and cannot have a timeCycle; use a timeDuration or a timeDate, or make it non-interrupting`,
    };
  }
  return undefined;
}

const timers: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    if (node.eventKind !== 'timer') continue;
    const definition = definitionOf(ctx, node);
    if (definition === undefined) continue;
    const parts = timerParts(definition);
    const [part] = parts;
    if (part === undefined || parts.length > 1) {
      const found = parts.length === 0 ? 'none' : parts.map((p) => TIMER_PROPERTY[p.kind]).join(', ');
      ctx.report(node.id, `a timer needs exactly one of timeDuration, timeDate or timeCycle, found ${found}`);
      continue;
    }
    const property = TIMER_PROPERTY[part.kind];
    if (part.text === '') {
      ctx.report(node.id, `the timer's ${property} is empty`);
      continue;
    }
    const forbidden = forbiddenTimer(ctx, node);
    if (forbidden?.kind === part.kind) ctx.report(node.id, forbidden.message);
    if (isFeel(part.text)) {
      ctx.checkFeel(node.id, `the ${property}`, feelSource(part.text));
    } else {
      const problem = staticTimerProblem(part.kind, part.text);
      if (problem !== undefined) ctx.report(node.id, `the ${property} '${part.text}' ${problem}`);
    }
  }
};

/**
 * Catch events that compete for the same trigger: the boundary events of one activity, the event
 * sub-processes of one scope, the start events of the process, the events after an event-based
 * gateway. Each message, signal, error code and escalation code may be caught by one of them only.
 */
function reportDuplicateTriggers(
  ctx: RuleContext,
  ownerId: string,
  label: string,
  events: readonly ElementNode[],
): void {
  const groups = new Map<string, { what: string; ids: string[] }>();
  const add = (key: string, what: string, id: string) => {
    const group = groups.get(key) ?? { what, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  };
  for (const event of events) {
    if (event.eventKind === 'message' && event.message !== undefined) {
      const name = written(event.message.name);
      add(`message:${name}`, `the message '${name}'`, event.id);
    } else if (event.eventKind === 'signal' && event.signalName !== undefined) {
      const name = written(event.signalName);
      add(`signal:${name}`, `the signal '${name}'`, event.id);
    } else if (event.eventKind === 'error') {
      const code = event.errorCode;
      add(`error:${code ?? ''}`, code === undefined ? 'all errors' : `the error code '${code}'`, event.id);
    } else if (event.eventKind === 'escalation') {
      const code = event.escalationCode;
      add(
        `escalation:${code ?? ''}`,
        code === undefined ? 'all escalations' : `the escalation code '${code}'`,
        event.id,
      );
    }
  }
  for (const { what, ids } of groups.values()) {
    if (ids.length > 1) ctx.report(ownerId, `more than one ${label} catches ${what} (${quoted(ids)})`);
  }
}

const duplicateTriggers: Rule = (ctx) => {
  const element = (id: string) => ctx.graph.elements.get(id);
  const defined = (node: ElementNode | undefined): node is ElementNode => node !== undefined;
  for (const node of ctx.graph.elements.values()) {
    if (node.boundaryEventIds.length > 1) {
      reportDuplicateTriggers(
        ctx,
        node.id,
        'boundary event',
        node.boundaryEventIds.map(element).filter(defined),
      );
    }
    const starts = node.eventSubProcessIds
      .map((id) => element(id)?.startEventId)
      .filter((id): id is string => id !== undefined)
      .map(element)
      .filter(defined);
    if (starts.length > 1) reportDuplicateTriggers(ctx, node.id, 'event sub-process', starts);
    if (node.type === 'eventBasedGateway') {
      const targets = node.outgoing
        .map((id) => element(ctx.graph.flows.get(id)?.targetId ?? ''))
        .filter(defined);
      reportDuplicateTriggers(ctx, node.id, 'event after the event-based gateway', targets);
    }
    if (node.type === 'receiveTask' && node.message !== undefined) {
      const name = written(node.message.name);
      const clash = node.boundaryEventIds
        .map(element)
        .filter(defined)
        .filter(
          (b) => b.eventKind === 'message' && b.message !== undefined && written(b.message.name) === name,
        );
      if (clash.length > 0) {
        ctx.report(
          node.id,
          `the receive task waits for message '${name}', which its boundary event ${quoted(clash.map((b) => b.id))} catches too`,
        );
      }
    }
  }
  const processStarts = startEventsOf(ctx, ctx.graph.bpmnProcessId);
  reportDuplicateTriggers(ctx, ctx.graph.bpmnProcessId, 'start event', processStarts);
};

const serviceTasks: Rule = (ctx) => {
  for (const node of nodes(ctx, 'serviceTask')) {
    const definition = node.taskDefinition;
    if (definition === undefined) {
      ctx.report(node.id, 'a service task needs a zeebe:taskDefinition with a job type');
      continue;
    }
    if (definition.type.kind === 'static' && definition.type.value === '') {
      ctx.report(node.id, 'the job type of zeebe:taskDefinition is empty');
    }
    if (definition.retries.kind === 'static' && !/^\d+$/.test(definition.retries.value)) {
      ctx.report(
        node.id,
        `zeebe:taskDefinition retries '${definition.retries.value}' is not a non-negative integer`,
      );
    }
  }
};

const userTasks: Rule = (ctx) => {
  for (const node of nodes(ctx, 'userTask')) {
    if (node.userTask === undefined) {
      ctx.report(
        node.id,
        'a user task must be a Camunda user task (<zeebe:userTask/>); job-worker user tasks ' +
          '(io.camunda.zeebe:userTask) are deprecated since Camunda 8.6 and not supported',
      );
      continue;
    }
    const priority = node.userTask.priority;
    if (priority?.kind === 'static' && !(/^\d+$/.test(priority.value) && Number(priority.value) <= 100)) {
      ctx.report(node.id, `user task priority '${priority.value}' is not an integer from 0 to 100`);
    }
  }
};

const scriptTasks: Rule = (ctx) => {
  for (const node of nodes(ctx, 'scriptTask')) {
    const source = ctx.sources.get(node.id);
    const script = source && extensionOf(source, 'zeebe:Script');
    if (script === undefined) {
      ctx.report(node.id, 'a script task needs zeebe:script with a FEEL expression and a resultVariable');
      continue;
    }
    const expression = stringProp(script, 'expression')?.trim() ?? '';
    if (expression === '') {
      ctx.report(node.id, 'zeebe:script has no expression');
    } else if (!isFeel(expression)) {
      ctx.report(node.id, "the zeebe:script expression must be FEEL, starting with '='");
    }
    if ((stringProp(script, 'resultVariable')?.trim() ?? '') === '') {
      ctx.report(node.id, 'zeebe:script has no resultVariable');
    }
  }
};

const callActivities: Rule = (ctx) => {
  for (const node of nodes(ctx, 'callActivity')) {
    const source = ctx.sources.get(node.id);
    const calledElement = source && extensionOf(source, 'zeebe:CalledElement');
    if (calledElement === undefined) {
      ctx.report(
        node.id,
        'a call activity needs zeebe:calledElement with the processId of the process to call',
      );
      continue;
    }
    if (node.calledElement === undefined) ctx.report(node.id, 'zeebe:calledElement has no processId');
    const bindingType = nonEmpty(stringProp(calledElement, 'bindingType'));
    if (bindingType !== undefined && bindingType !== 'latest') {
      ctx.report(
        node.id,
        `zeebe:calledElement bindingType '${bindingType}' is not supported; ` +
          "only 'latest' (the latest deployed version of the called process)",
      );
    }
  }
};

const multiInstance: Rule = (ctx) => {
  const mustBeFeel = (node: ElementNode, attribute: string, value: string) => {
    if (!isFeel(value)) {
      ctx.report(node.id, `the ${attribute} '${value}' must be a FEEL expression starting with '='`);
    } else {
      ctx.checkFeel(node.id, `the ${attribute}`, feelSource(value));
    }
  };
  const mustBeName = (node: ElementNode, attribute: string, value: string) => {
    if (isFeel(value))
      ctx.report(node.id, `the ${attribute} '${value}' must be a variable name, not an expression`);
  };
  for (const node of nodes(ctx)) {
    const source = ctx.sources.get(node.id);
    const loop = source && elementProp(source, 'loopCharacteristics');
    if (source === undefined || loop?.$type !== MULTI_INSTANCE) continue;
    if (specOf(source)?.multiInstance !== true) {
      ctx.report(node.id, `${aLabel(node.type)} cannot be multi-instance`);
      continue;
    }
    const text = loopCharacteristicsText(loop);
    if (extensionOf(loop, 'zeebe:LoopCharacteristics') === undefined) {
      ctx.report(
        node.id,
        'a multi-instance activity needs zeebe:loopCharacteristics with an inputCollection',
      );
    } else if (text.inputCollection === undefined) {
      ctx.report(node.id, 'zeebe:loopCharacteristics has no inputCollection');
    } else {
      mustBeFeel(node, 'inputCollection', text.inputCollection);
    }
    if (text.inputElement !== undefined) mustBeName(node, 'inputElement', text.inputElement);
    if (text.outputCollection !== undefined) mustBeName(node, 'outputCollection', text.outputCollection);
    if (text.outputElement !== undefined) mustBeFeel(node, 'outputElement', text.outputElement);
    if (text.outputCollection !== undefined && text.outputElement === undefined) {
      ctx.report(
        node.id,
        `the outputCollection '${text.outputCollection}' needs an outputElement: the expression each instance adds to it`,
      );
    } else if (text.outputElement !== undefined && text.outputCollection === undefined) {
      ctx.report(
        node.id,
        'the outputElement needs an outputCollection: the variable that collects the values',
      );
    }
    if (text.completionCondition !== undefined)
      mustBeFeel(node, 'completionCondition', text.completionCondition);
  }
};

const sequenceFlows: Rule = (ctx) => {
  const known = new Set([...ctx.graph.elements.keys(), ...ctx.unsupported.map((e) => stringProp(e, 'id'))]);
  for (const flow of ctx.graph.flows.values()) {
    const scopeId = ctx.flowScopes.get(flow.id) ?? ctx.graph.bpmnProcessId;
    for (const [end, id] of [
      ['source', flow.sourceId],
      ['target', flow.targetId],
    ] as const) {
      const node = ctx.graph.elements.get(id);
      if (id === '') ctx.report(flow.id, `the sequence flow has no ${end}Ref`);
      else if (!known.has(id) || id === ctx.graph.bpmnProcessId) {
        ctx.report(
          flow.id,
          `the sequence flow's ${end} '${id}' is not an element of process '${ctx.graph.bpmnProcessId}'`,
        );
      } else if (node !== undefined && node.flowScopeId !== scopeId) {
        ctx.report(
          flow.id,
          `the sequence flow's ${end} '${id}' is in '${node.flowScopeId}', but the flow is in '${scopeId}'; ` +
            'a sequence flow cannot cross the boundary of a sub-process',
        );
      }
    }
    const source = ctx.sources.get(flow.id);
    const condition = source && conditionOf(source);
    if (condition !== undefined && !isFeel(condition)) {
      ctx.report(flow.id, "a sequence flow condition must be a FEEL expression starting with '='");
    }
    const from = ctx.graph.elements.get(flow.sourceId);
    if (flow.condition === undefined || from === undefined) continue;
    if (from.type === 'parallelGateway') {
      ctx.report(
        from.id,
        `outgoing flow '${flow.id}' of a parallel gateway has a condition; a parallel gateway takes all flows`,
      );
    } else if (from.type === 'eventBasedGateway') {
      ctx.report(
        from.id,
        `outgoing flow '${flow.id}' of an event-based gateway has a condition; the first event to occur decides the path`,
      );
    } else if (from.type !== 'exclusiveGateway' && from.type !== 'inclusiveGateway') {
      ctx.report(
        flow.id,
        'conditional sequence flows are only supported on the outgoing flows of an exclusive gateway or an inclusive gateway',
      );
    }
  }
};

/** Exclusive and inclusive gateways: every outgoing flow but the default one has a condition. */
const conditionalGateways: Rule = (ctx) => {
  for (const node of [...nodes(ctx, 'exclusiveGateway'), ...nodes(ctx, 'inclusiveGateway')]) {
    if (node.defaultFlowId !== undefined && !node.outgoing.includes(node.defaultFlowId)) {
      ctx.report(
        node.id,
        `the default flow '${node.defaultFlowId}' is not an outgoing sequence flow of the gateway`,
      );
    }
    if (node.outgoing.length <= 1) continue;
    const unconditional = node.outgoing.filter(
      (id) => id !== node.defaultFlowId && ctx.graph.flows.get(id)?.condition === undefined,
    );
    for (const flowId of unconditional) {
      ctx.report(
        node.id,
        `outgoing flow '${flowId}' has no condition; when ${aLabel(node.type)} has several outgoing flows, ` +
          'only its default flow may go without one',
      );
    }
  }
};

const EVENT_GATEWAY_TRIGGERS: ReadonlySet<EventKind> = new Set(['timer', 'message', 'signal']);

const eventBasedGateways: Rule = (ctx) => {
  for (const node of nodes(ctx, 'eventBasedGateway')) {
    if (node.outgoing.length < 2) {
      ctx.report(
        node.id,
        `an event-based gateway needs at least two outgoing sequence flows, found ${node.outgoing.length}`,
      );
    }
    for (const flowId of node.outgoing) {
      const target = ctx.graph.elements.get(ctx.graph.flows.get(flowId)?.targetId ?? '');
      if (target === undefined) continue;
      if (target.type !== 'intermediateCatchEvent' || !EVENT_GATEWAY_TRIGGERS.has(target.eventKind)) {
        const type = ctx.sources.get(target.id)?.$type ?? target.type;
        ctx.report(
          node.id,
          `outgoing flow '${flowId}' leads to '${target.id}' (${type}); the flows of an event-based gateway ` +
            'must lead to intermediate catch events with a timer, message or signal',
        );
      } else if (target.incoming.length > 1) {
        ctx.report(
          node.id,
          `'${target.id}' after the event-based gateway has other incoming sequence flows ` +
            `(${quoted(target.incoming.filter((id) => id !== flowId))}); it may only be reached from the gateway`,
        );
      }
    }
  }
};

const boundaryEvents: Rule = (ctx) => {
  for (const node of nodes(ctx, 'boundaryEvent')) {
    const hostId = node.attachedToId;
    const host = hostId === undefined ? undefined : ctx.graph.elements.get(hostId);
    const hostSource = hostId === undefined ? undefined : ctx.sources.get(hostId);
    if (hostId === undefined) {
      ctx.report(node.id, 'the boundary event is not attached to an activity (attachedToRef)');
    } else if (host === undefined || hostSource === undefined) {
      ctx.report(
        node.id,
        `the boundary event is attached to '${hostId}', which is not an element of the process`,
      );
    } else if (host.type === 'eventSubProcess') {
      ctx.report(node.id, 'a boundary event cannot be attached to an event sub-process');
    } else if (specOf(hostSource)?.activity !== true) {
      ctx.report(
        node.id,
        `a boundary event can only be attached to an activity (a task, a sub-process or a call activity), not to a ${hostSource.$type}`,
      );
    } else {
      if (host.flowScopeId !== node.flowScopeId) {
        ctx.report(
          node.id,
          `the boundary event is in '${node.flowScopeId}', but the activity '${host.id}' it is attached to is in '${host.flowScopeId}'`,
        );
      }
      if (node.eventKind === 'escalation' && host.type !== 'subProcess' && host.type !== 'callActivity') {
        ctx.report(
          node.id,
          `an escalation boundary event can only be attached to a sub-process or a call activity, not to a ${hostSource.$type}`,
        );
      }
    }
    if (node.eventKind === 'error' && node.cancelActivity === false) {
      ctx.report(
        node.id,
        'an error boundary event is always interrupting: cancelActivity="false" is not allowed',
      );
    }
    if (node.incoming.length > 0) {
      ctx.report(node.id, `a boundary event cannot have incoming sequence flows (${quoted(node.incoming)})`);
    }
  }
};

const ioMappings: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    const check = (kind: string, mappings: IoMapping[]) =>
      mappings.forEach((mapping, index) => {
        if (mapping.target === '') ctx.report(node.id, `${kind} mapping ${index + 1} has an empty target`);
      });
    check('input', node.inputMappings);
    check('output', node.outputMappings);
    if (GATEWAYS.has(node.type) && node.inputMappings.length + node.outputMappings.length > 0) {
      ctx.report(node.id, `${aLabel(node.type)} cannot have input or output mappings`);
    } else if (CATCH_EVENTS.has(node.type) && node.inputMappings.length > 0) {
      ctx.report(
        node.id,
        `${aLabel(node.type)} cannot have input mappings (zeebe:input); a catch event only has output mappings`,
      );
    }
  }
};

const feelExpressions: Rule = (ctx) => {
  const checkExpr = (elementId: string, what: string, expr: Expr | undefined) => {
    if (expr?.kind === 'feel') ctx.checkFeel(elementId, what, expr.source);
  };
  for (const flow of ctx.graph.flows.values()) {
    const source = ctx.sources.get(flow.id);
    const condition = source && conditionOf(source);
    // A condition without "=" is reported by the sequence-flow rule already.
    if (flow.condition !== undefined && condition !== undefined && isFeel(condition)) {
      ctx.checkFeel(flow.id, 'the condition', flow.condition);
    }
  }
  for (const node of nodes(ctx)) {
    for (const m of node.inputMappings) {
      ctx.checkFeel(node.id, `input mapping to '${m.target}': the source`, m.source);
    }
    for (const m of node.outputMappings) {
      ctx.checkFeel(node.id, `output mapping to '${m.target}': the source`, m.source);
    }
    checkExpr(node.id, 'the job type', node.taskDefinition?.type);
    checkExpr(node.id, 'the job retries', node.taskDefinition?.retries);
    const userTask = node.userTask ?? {};
    for (const field of [
      'assignee',
      'candidateGroups',
      'candidateUsers',
      'dueDate',
      'followUpDate',
      'priority',
    ] as const) {
      checkExpr(node.id, `the ${field}`, userTask[field]);
    }
    if (node.script !== undefined) ctx.checkFeel(node.id, 'the script expression', node.script.expression);
    checkExpr(node.id, 'the message name', node.message?.name);
    checkExpr(node.id, 'the correlation key', node.message?.correlationKey);
    checkExpr(node.id, 'the signal name', node.signalName);
    checkExpr(node.id, 'the called processId', node.calledElement?.processId);
    if (THROW_EVENTS.has(node.type)) {
      // Thrown codes may be computed ("=..."); caught ones may not (see the error and escalation rules).
      for (const [what, code] of [
        ['the errorCode', node.errorCode],
        ['the escalationCode', node.escalationCode],
      ] as const) {
        if (code !== undefined && isFeel(code)) ctx.checkFeel(node.id, what, feelSource(code));
      }
    }
  }
};

/** Every rule, in the order problems are listed. */
const RULES: readonly Rule[] = [
  unsupportedElements,
  unsupportedFeatures,
  eventDefinitions,
  processStartEvents,
  subProcesses,
  startEventTriggers,
  startAndEndEvents,
  errorEvents,
  escalationEvents,
  messages,
  signals,
  timers,
  duplicateTriggers,
  serviceTasks,
  userTasks,
  scriptTasks,
  callActivities,
  multiInstance,
  sequenceFlows,
  conditionalGateways,
  eventBasedGateways,
  boundaryEvents,
  ioMappings,
  feelExpressions,
];
