import { buildProcessGraph } from './build-graph.js';
import { booleanProp, elementsProp, readBpmn } from './moddle.js';
import type { ProcessGraph } from './types.js';
import { validateDeployment } from './validate.js';

/**
 * Parses a BPMN resource into one graph per executable process, as Zeebe deploys them.
 * Throws EngineError INVALID_ARGUMENT naming the resource, with one detail per problem.
 */
export async function parseBpmn(xml: string, resourceName: string): Promise<ProcessGraph[]> {
  const document = await readBpmn(xml, resourceName);
  const processes = elementsProp(document.definitions, 'rootElements').filter(
    (root) => root.$type === 'bpmn:Process' && booleanProp(root, 'isExecutable') === true,
  );
  const drafts = processes.map((process) => buildProcessGraph(process, document));
  validateDeployment(resourceName, drafts, document.problems);
  return drafts.map((draft) => draft.graph);
}
