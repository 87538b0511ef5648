// Turns one bpmn:Process into a ProcessGraph. Tolerant on purpose: whatever is missing or wrong is
// left for validate.ts to report, with the BPMN source of every node at hand.
import {
  IGNORED_FLOW_ELEMENTS,
  SEQUENCE_FLOW,
  SUPPORTED_ELEMENTS,
  type ElementSpec,
} from './element-table.js';
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
  readIoMappings,
  readScript,
  readTaskDefinition,
  readTaskHeaders,
  readUserTask,
} from './zeebe-extensions.js';

export interface ProcessDraft {
  graph: ProcessGraph;
  /** The BPMN element behind each graph element and sequence flow, by id. */
  sources: Map<string, ModdleElement>;
  /** Flow elements whose BPMN type the engine does not execute. */
  unsupported: ModdleElement[];
  document: BpmnDocument;
}

export function buildProcessGraph(process: ModdleElement, document: BpmnDocument): ProcessDraft {
  const processId = stringProp(process, 'id') ?? '';
  const processName = stringProp(process, 'name');
  const graph: ProcessGraph = {
    bpmnProcessId: processId,
    ...(processName !== undefined && { name: processName }),
    elements: new Map(),
    flows: new Map(),
    noneStartEventId: '',
  };
  const draft: ProcessDraft = { graph, sources: new Map([[processId, process]]), unsupported: [], document };
  // The process is an element too (Zeebe's element instance of the process has its id); it has no scope.
  graph.elements.set(processId, emptyNode(processId, processName, 'process', 'none', ''));

  const flowElements = elementsProp(process, 'flowElements');
  for (const source of flowElements) {
    const spec = SUPPORTED_ELEMENTS.get(source.$type);
    if (spec !== undefined) {
      addElement(draft, source, spec);
    } else if (source.$type !== SEQUENCE_FLOW && !IGNORED_FLOW_ELEMENTS.has(source.$type)) {
      draft.unsupported.push(source);
    }
  }
  for (const source of flowElements) {
    if (source.$type === SEQUENCE_FLOW) addFlow(draft, source);
  }
  for (const node of graph.elements.values()) linkBoundaryEvent(draft, node);

  const noneStart = [...graph.elements.values()].find(
    (node) => node.type === 'startEvent' && eventDefinitionsOf(draft, node.id).length === 0,
  );
  graph.noneStartEventId = noneStart?.id ?? '';
  return draft;
}

export function eventDefinitionsOf(draft: ProcessDraft, id: string): ModdleElement[] {
  const source = draft.sources.get(id);
  return source === undefined ? [] : elementsProp(source, 'eventDefinitions');
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
  };
}

function addElement(draft: ProcessDraft, source: ModdleElement, spec: ElementSpec): void {
  const id = stringProp(source, 'id') ?? '';
  const definitions = elementsProp(source, 'eventDefinitions');
  const first = definitions[0];
  const eventKind: EventKind = (first && spec.eventDefinitions?.[first.$type]) ?? 'none';
  const node = emptyNode(id, stringProp(source, 'name'), spec.type, eventKind, draft.graph.bpmnProcessId);
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
    case 'exclusiveGateway': {
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
  if (eventKind === 'error' && first !== undefined) {
    const errorCode = errorCodeOf(first);
    if (errorCode !== undefined) node.errorCode = errorCode;
  }
  draft.graph.elements.set(id, node);
  draft.sources.set(id, source);
}

/** The errorCode of the bpmn:Error an error event definition references, when set. */
export function errorCodeOf(definition: ModdleElement): string | undefined {
  const error = elementProp(definition, 'errorRef');
  const code = error && stringProp(error, 'errorCode')?.trim();
  return code === undefined || code === '' ? undefined : code;
}

function addFlow(draft: ProcessDraft, source: ModdleElement): void {
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
