// Turns one bpmn:Process into a ProcessGraph. Tolerant on purpose: whatever is missing or wrong is
// left for validate.ts to report, with the BPMN source of every node at hand.
import { IGNORED_FLOW_ELEMENTS, SEQUENCE_FLOW, specOf, type ElementSpec } from './element-table.js';
import {
  errorCodeOf,
  escalationCodeOf,
  readMessage,
  readSignalName,
  readTimer,
} from './event-definitions.js';
import { feelSource } from './expr.js';
import {
  booleanProp,
  elementProp,
  elementsProp,
  stringProp,
  type BpmnDocument,
  type ModdleElement,
} from './moddle.js';
import type { ElementNode, EventKind, ProcessGraph, SequenceFlowNode } from './types.js';
import {
  readCalledElement,
  readIoMappings,
  readMultiInstance,
  readScript,
  readTaskDefinition,
  readTaskHeaders,
  readUserTask,
} from './zeebe-extensions.js';

export interface ProcessDraft {
  graph: ProcessGraph;
  /** The BPMN element behind each graph element and sequence flow, by id. */
  sources: Map<string, ModdleElement>;
  /** The scope (the process or a sub-process) each sequence flow is written in, by flow id. */
  flowScopes: Map<string, string>;
  /** Flow elements whose BPMN type the engine does not execute. */
  unsupported: ModdleElement[];
  document: BpmnDocument;
}

const SCOPE_TYPES: ReadonlySet<ElementNode['type']> = new Set(['process', 'subProcess', 'eventSubProcess']);

export const isScope = (node: ElementNode) => SCOPE_TYPES.has(node.type);

export function buildProcessGraph(process: ModdleElement, document: BpmnDocument): ProcessDraft {
  const processId = stringProp(process, 'id') ?? '';
  const processName = stringProp(process, 'name');
  const graph: ProcessGraph = {
    bpmnProcessId: processId,
    ...(processName !== undefined && { name: processName }),
    elements: new Map(),
    flows: new Map(),
    noneStartEventId: '',
    eventStartEventIds: [],
  };
  const draft: ProcessDraft = {
    graph,
    sources: new Map([[processId, process]]),
    flowScopes: new Map(),
    unsupported: [],
    document,
  };
  // The process is an element too (Zeebe's element instance of the process has its id); it has no scope.
  graph.elements.set(processId, emptyNode(processId, processName, 'process', 'none', ''));

  const flows: { source: ModdleElement; scopeId: string }[] = [];
  addScopeContent(draft, process, processId, flows);
  for (const { source, scopeId } of flows) addFlow(draft, source, scopeId);
  for (const node of graph.elements.values()) linkBoundaryEvent(draft, node);
  describeScopes(draft);

  const processNode = graph.elements.get(processId);
  graph.noneStartEventId = processNode?.noneStartEventId ?? '';
  graph.eventStartEventIds = [...graph.elements.values()]
    .filter(
      (node) =>
        node.type === 'startEvent' &&
        node.flowScopeId === processId &&
        (node.eventKind === 'timer' || node.eventKind === 'message' || node.eventKind === 'signal'),
    )
    .map((node) => node.id);
  return draft;
}

export function eventDefinitionsOf(draft: ProcessDraft, id: string): ModdleElement[] {
  const source = draft.sources.get(id);
  return source === undefined ? [] : elementsProp(source, 'eventDefinitions');
}

/** The flow elements of a scope, in document order, sub-process contents right after the sub-process. */
function addScopeContent(
  draft: ProcessDraft,
  container: ModdleElement,
  scopeId: string,
  flows: { source: ModdleElement; scopeId: string }[],
): void {
  for (const source of elementsProp(container, 'flowElements')) {
    const spec = specOf(source);
    if (spec !== undefined) {
      const id = addElement(draft, source, spec, scopeId);
      if (spec.scope === true) addScopeContent(draft, source, id, flows);
    } else if (source.$type === SEQUENCE_FLOW) {
      flows.push({ source, scopeId });
    } else if (!IGNORED_FLOW_ELEMENTS.has(source.$type)) {
      draft.unsupported.push(source);
    }
  }
}

function emptyNode(
  id: string,
  name: string | undefined,
  type: ElementNode['type'],
  eventKind: EventKind,
  flowScopeId: string,
): ElementNode {
  return {
    id,
    ...(name !== undefined && { name }),
    type,
    eventKind,
    flowScopeId,
    incoming: [],
    outgoing: [],
    inputMappings: [],
    outputMappings: [],
    taskHeaders: {},
    boundaryEventIds: [],
    eventSubProcessIds: [],
  };
}

function addElement(draft: ProcessDraft, source: ModdleElement, spec: ElementSpec, scopeId: string): string {
  const id = stringProp(source, 'id') ?? '';
  const definitions = elementsProp(source, 'eventDefinitions');
  const first = definitions[0];
  const eventKind: EventKind = (first && spec.eventDefinitions?.[first.$type]) ?? 'none';
  const node = emptyNode(id, stringProp(source, 'name'), spec.type, eventKind, scopeId);
  Object.assign(node, readIoMappings(source));
  node.taskHeaders = readTaskHeaders(source);

  switch (spec.type) {
    case 'serviceTask': {
      const taskDefinition = readTaskDefinition(source);
      if (taskDefinition !== undefined) node.taskDefinition = taskDefinition;
      break;
    }
    case 'userTask': {
      const userTask = readUserTask(source);
      if (userTask !== undefined) node.userTask = userTask;
      break;
    }
    case 'scriptTask': {
      const script = readScript(source);
      if (script !== undefined) node.script = script;
      break;
    }
    case 'receiveTask': {
      const message = readMessage(source, { withCorrelationKey: true });
      if (message !== undefined) node.message = message;
      break;
    }
    case 'callActivity': {
      const calledElement = readCalledElement(source);
      if (calledElement !== undefined) node.calledElement = calledElement;
      break;
    }
    case 'exclusiveGateway':
    case 'inclusiveGateway': {
      const defaultFlowId = draft.document.referenceId(source, 'default');
      if (defaultFlowId !== undefined) node.defaultFlowId = defaultFlowId;
      break;
    }
    case 'boundaryEvent': {
      const attachedToId = draft.document.referenceId(source, 'attachedToRef');
      if (attachedToId !== undefined) node.attachedToId = attachedToId;
      node.cancelActivity = booleanProp(source, 'cancelActivity') ?? true;
      break;
    }
    default:
      break;
  }
  if (spec.multiInstance === true) {
    const multiInstance = readMultiInstance(source);
    if (multiInstance !== undefined) node.multiInstance = multiInstance;
  }
  if (first !== undefined) {
    // Message start events of the process itself are not correlated to an instance.
    const processLevelStart = spec.type === 'startEvent' && scopeId === draft.graph.bpmnProcessId;
    readEventDefinition(node, first, { withCorrelationKey: !processLevelStart });
  }
  draft.graph.elements.set(id, node);
  draft.sources.set(id, source);
  return id;
}

function readEventDefinition(
  node: ElementNode,
  definition: ModdleElement,
  options: { withCorrelationKey: boolean },
): void {
  switch (node.eventKind) {
    case 'error': {
      const errorCode = errorCodeOf(definition);
      if (errorCode !== undefined) node.errorCode = errorCode;
      break;
    }
    case 'escalation': {
      const escalationCode = escalationCodeOf(definition);
      if (escalationCode !== undefined) node.escalationCode = escalationCode;
      break;
    }
    case 'timer': {
      const timer = readTimer(definition);
      if (timer !== undefined) node.timer = timer;
      break;
    }
    case 'message': {
      const message = readMessage(definition, options);
      if (message !== undefined) node.message = message;
      break;
    }
    case 'signal': {
      const signalName = readSignalName(definition);
      if (signalName !== undefined) node.signalName = signalName;
      break;
    }
    default:
      break;
  }
}

function addFlow(draft: ProcessDraft, source: ModdleElement, scopeId: string): void {
  const { graph, document } = draft;
  const id = stringProp(source, 'id') ?? '';
  const flow: SequenceFlowNode = {
    id,
    sourceId: document.referenceId(source, 'sourceRef') ?? '',
    targetId: document.referenceId(source, 'targetRef') ?? '',
  };
  const condition = conditionOf(source);
  if (condition !== undefined) flow.condition = feelSource(condition);
  graph.flows.set(id, flow);
  draft.sources.set(id, source);
  draft.flowScopes.set(id, scopeId);
  graph.elements.get(flow.sourceId)?.outgoing.push(id);
  graph.elements.get(flow.targetId)?.incoming.push(id);
}

/** The condition as written (with its "="), or undefined when the flow has none or an empty one. */
export function conditionOf(flow: ModdleElement): string | undefined {
  const expression = elementProp(flow, 'conditionExpression');
  const body = expression && stringProp(expression, 'body')?.trim();
  return body === undefined || body === '' ? undefined : body;
}

function linkBoundaryEvent(draft: ProcessDraft, node: ElementNode): void {
  if (node.type !== 'boundaryEvent' || node.attachedToId === undefined) return;
  draft.graph.elements.get(node.attachedToId)?.boundaryEventIds.push(node.id);
}

/** The direct children of every scope, by scope id. */
export function childrenByScope(graph: ProcessGraph): Map<string, ElementNode[]> {
  const children = new Map<string, ElementNode[]>();
  for (const node of graph.elements.values()) {
    if (node.type === 'process') continue;
    const list = children.get(node.flowScopeId) ?? [];
    list.push(node);
    children.set(node.flowScopeId, list);
  }
  return children;
}

/** Fills in what the runtime needs to enter a scope: its none start, event sub-processes and trigger. */
function describeScopes(draft: ProcessDraft): void {
  const children = childrenByScope(draft.graph);
  for (const scope of draft.graph.elements.values()) {
    if (!isScope(scope)) continue;
    const inside = children.get(scope.id) ?? [];
    const starts = inside.filter((n) => n.type === 'startEvent');
    const noneStart = starts.find((n) => eventDefinitionsOf(draft, n.id).length === 0);
    if (noneStart !== undefined) scope.noneStartEventId = noneStart.id;
    scope.eventSubProcessIds = inside.filter((n) => n.type === 'eventSubProcess').map((n) => n.id);
    if (scope.type !== 'eventSubProcess') continue;
    const [start] = starts;
    if (start !== undefined) scope.startEventId = start.id;
    for (const event of starts) {
      const source = draft.sources.get(event.id);
      event.interrupting = (source && booleanProp(source, 'isInterrupting')) ?? true;
    }
  }
}
