// What the app needs to know of a deployed BPMN model: its flow elements (id, type, name), its
// sequence flows (to draw a path from element instances when the engine cannot list the taken
// flows) and the forms its user tasks use. A deployed definition never changes, so the parsed
// graph is kept by definition key.
import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { extensionsOf, isElement, stringProp, type Element } from '../../../lint/rules/moddle.js';

export interface BpmnGraph {
  /** Flow nodes by id (also inside sub-processes). */
  elements: Map<string, { type: string; name: string | null }>;
  flows: { id: string; source: string; target: string }[];
  /** formId → ids of the user tasks that use it. */
  formIds: Map<string, string[]>;
}

const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });

function children(node: Element, property: string): Element[] {
  const value = node[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

function walk(container: Element, graph: BpmnGraph): void {
  for (const node of children(container, 'flowElements')) {
    const id = node.id ?? '';
    if (node.$type === 'bpmn:SequenceFlow') {
      const source = node['sourceRef'];
      const target = node['targetRef'];
      if (isElement(source) && isElement(target)) {
        graph.flows.push({ id, source: source.id ?? '', target: target.id ?? '' });
      }
      continue;
    }
    graph.elements.set(id, {
      type: node.$type.replace(/^bpmn:/, ''),
      name: stringProp(node, 'name') ?? null,
    });
    for (const extension of extensionsOf(node)) {
      if (extension.$type !== 'zeebe:FormDefinition') continue;
      const formId = stringProp(extension, 'formId');
      if (formId !== undefined && formId !== '' && !formId.trimStart().startsWith('=')) {
        graph.formIds.set(formId, [...(graph.formIds.get(formId) ?? []), id]);
      }
    }
    walk(node, graph);
  }
}

export async function parseBpmnGraph(xml: string): Promise<BpmnGraph> {
  const { rootElement }: { rootElement: unknown } = await moddle.fromXML(xml);
  const graph: BpmnGraph = { elements: new Map(), flows: [], formIds: new Map() };
  if (!isElement(rootElement)) return graph;
  for (const root of children(rootElement, 'rootElements')) {
    if (root.$type === 'bpmn:Process') walk(root, graph);
  }
  return graph;
}

const graphs = new Map<string, Promise<BpmnGraph>>();

/** The graph of a deployed definition, parsed once per definition key. */
export function graphOf(definitionKey: string, xml: string): Promise<BpmnGraph> {
  let graph = graphs.get(definitionKey);
  if (graph === undefined) {
    graph = parseBpmnGraph(xml);
    graphs.set(definitionKey, graph);
    // A model that cannot be read is not kept: the next view tries again.
    graph.catch(() => graphs.delete(definitionKey));
  }
  return graph;
}

/**
 * The flows an instance went along, as far as its element instances tell: a flow whose source
 * completed and whose target was entered. Used when the engine does not list the taken flows;
 * a flow between two elements that both ran but not one after the other may be drawn too.
 */
export function derivedFlows(
  graph: BpmnGraph,
  elements: readonly { elementId: string; state: string }[],
): string[] {
  const completed = new Set(elements.filter((e) => e.state === 'COMPLETED').map((e) => e.elementId));
  const entered = new Set(elements.map((e) => e.elementId));
  return graph.flows
    .filter((flow) => completed.has(flow.source) && entered.has(flow.target))
    .map((f) => f.id);
}
