// Deploy-time validation: every rule runs, every problem is collected, then one error names them all.
import { feelSyntaxError } from '../feel/index.js';
import { conditionOf, eventDefinitionsOf, type ProcessDraft } from './build-graph.js';
import { SUPPORTED_ELEMENTS, UNSUPPORTED_FEATURES } from './element-table.js';
import { isFeel } from './expr.js';
import { elementProp, extensionOf, stringProp } from './moddle.js';
import { invalidResource, type Problem } from './problems.js';
import type { ElementNode, Expr, IoMapping } from './types.js';

interface RuleContext extends ProcessDraft {
  report(elementId: string, message: string): void;
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
  const ctx: RuleContext = {
    ...draft,
    report: (elementId, message) => problems.push({ elementId, message }),
  };
  for (const rule of RULES) rule(ctx);
  return problems;
}

const nodes = (ctx: RuleContext, type?: ElementNode['type']) =>
  [...ctx.graph.elements.values()].filter((n) =>
    type === undefined ? n.type !== 'process' : n.type === type,
  );

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');

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
    const spec = source && SUPPORTED_ELEMENTS.get(source.$type);
    if (source === undefined || spec === undefined) continue;
    const definitions = eventDefinitionsOf(ctx, node.id);
    if (definitions.length > 1) {
      ctx.report(node.id, `${source.$type} with more than one event definition is not supported`);
    }
    for (const definition of definitions) {
      if (spec.eventDefinitions?.[definition.$type] === undefined) {
        ctx.report(node.id, `${definition.$type} on a ${source.$type} is not supported yet`);
      }
    }
    if (spec.requiresEventDefinition === true && definitions.length === 0) {
      ctx.report(node.id, `a ${source.$type} needs an event definition`);
    }
  }
};

const oneNoneStartEvent: Rule = (ctx) => {
  const starts = nodes(ctx, 'startEvent').filter((n) => eventDefinitionsOf(ctx, n.id).length === 0);
  if (starts.length === 1) return;
  const found =
    starts.length === 0 ? 'found none' : `found ${starts.length}: ${quoted(starts.map((n) => n.id))}`;
  ctx.report(ctx.graph.bpmnProcessId, `a process needs exactly one none start event, ${found}`);
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

const errorEvents: Rule = (ctx) => {
  for (const node of nodes(ctx)) {
    if (node.eventKind !== 'error') continue;
    const definition = eventDefinitionsOf(ctx, node.id)[0];
    const errorRefId = definition && ctx.document.referenceId(definition, 'errorRef');
    if (
      definition !== undefined &&
      errorRefId !== undefined &&
      elementProp(definition, 'errorRef') === undefined
    ) {
      ctx.report(node.id, `references error '${errorRefId}', which is not defined`);
    } else if (node.type === 'endEvent' && node.errorCode === undefined) {
      ctx.report(node.id, 'an error end event needs an errorRef to a bpmn:error with an errorCode');
    }
  }
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

const sequenceFlows: Rule = (ctx) => {
  const known = new Set([...ctx.graph.elements.keys(), ...ctx.unsupported.map((e) => stringProp(e, 'id'))]);
  for (const flow of ctx.graph.flows.values()) {
    for (const [end, id] of [
      ['source', flow.sourceId],
      ['target', flow.targetId],
    ] as const) {
      if (id === '') ctx.report(flow.id, `the sequence flow has no ${end}Ref`);
      else if (!known.has(id) || id === ctx.graph.bpmnProcessId) {
        ctx.report(
          flow.id,
          `the sequence flow's ${end} '${id}' is not an element of process '${ctx.graph.bpmnProcessId}'`,
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
    } else if (from.type !== 'exclusiveGateway') {
      ctx.report(
        flow.id,
        'conditional sequence flows are only supported on the outgoing flows of an exclusive gateway',
      );
    }
  }
};

const exclusiveGateways: Rule = (ctx) => {
  for (const node of nodes(ctx, 'exclusiveGateway')) {
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
        `outgoing flow '${flowId}' has no condition; when an exclusive gateway has several outgoing flows, ` +
          'only its default flow may go without one',
      );
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
    } else if (SUPPORTED_ELEMENTS.get(hostSource.$type)?.activity !== true) {
      ctx.report(node.id, `a boundary event can only be attached to a task, not to a ${hostSource.$type}`);
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
  }
};

const feelExpressions: Rule = (ctx) => {
  const check = (elementId: string, what: string, source: string) => {
    const error = feelSyntaxError(source);
    if (error !== undefined) ctx.report(elementId, `${what} '${source}' is not valid FEEL: ${error}`);
  };
  const checkExpr = (elementId: string, what: string, expr: Expr | undefined) => {
    if (expr?.kind === 'feel') check(elementId, what, expr.source);
  };
  for (const flow of ctx.graph.flows.values()) {
    const source = ctx.sources.get(flow.id);
    const written = source && conditionOf(source);
    // A condition without "=" is reported by the sequence-flow rule already.
    if (flow.condition !== undefined && written !== undefined && isFeel(written)) {
      check(flow.id, 'the condition', flow.condition);
    }
  }
  for (const node of nodes(ctx)) {
    for (const m of node.inputMappings) {
      check(node.id, `input mapping to '${m.target}': the source`, m.source);
    }
    for (const m of node.outputMappings) {
      check(node.id, `output mapping to '${m.target}': the source`, m.source);
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
    if (node.script !== undefined) check(node.id, 'the script expression', node.script.expression);
  }
};

/** Every rule, in the order problems are listed. */
const RULES: readonly Rule[] = [
  unsupportedElements,
  unsupportedFeatures,
  eventDefinitions,
  oneNoneStartEvent,
  startAndEndEvents,
  errorEvents,
  serviceTasks,
  userTasks,
  scriptTasks,
  sequenceFlows,
  exclusiveGateways,
  boundaryEvents,
  ioMappings,
  feelExpressions,
];
