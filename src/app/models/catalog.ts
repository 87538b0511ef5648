// The designers' view of what is deployed: each process with every version (key, deployment time
// when the app deployed it, running instances), and the forms — those of forms/ (deployed at
// start), those deployed through the app, and which processes use each.
import type { ApiDeps } from '../api/deps.js';
import { callEngine, everyPage, isEngineNotFound, SEARCH_NOW } from '../engine/rest.js';
import { apiProblem } from '../problem.js';
import { graphOf } from '../process/bpmn-graph.js';
import { appDeployments } from './deployments.js';
import { repositoryForms } from './model-lint.js';

const KEY = /^\d{1,19}$/;

type Client = ApiDeps['engine'];
type InstanceFilter = NonNullable<Parameters<Client['searchProcessInstances']>[0]['filter']>;

async function runningInstances(deps: ApiDeps, definitionKey: string): Promise<number> {
  const found = await callEngine(() =>
    deps.engine.searchProcessInstances(
      {
        filter: {
          processDefinitionKey: definitionKey as unknown as InstanceFilter['processDefinitionKey'],
          state: 'ACTIVE',
        },
        page: { from: 0, limit: 1 },
      },
      SEARCH_NOW,
    ),
  );
  return Number(found.page.totalItems);
}

/** The BPMN XML of a deployed definition; 404 for a key the engine does not know. */
export async function definitionXml(deps: ApiDeps, definitionKey: string): Promise<string> {
  const missing = () => apiProblem('notFound', 404, `没有编号为 ${definitionKey} 的流程定义。`);
  if (!KEY.test(definitionKey)) throw missing();
  try {
    return String(
      await callEngine(() =>
        deps.engine.getProcessDefinitionXml({ processDefinitionKey: definitionKey }, SEARCH_NOW),
      ),
    );
  } catch (error: unknown) {
    if (isEngineNotFound(error)) throw missing();
    throw error;
  }
}

export async function listModels(deps: ApiDeps) {
  const [definitions, deployments, repository] = await Promise.all([
    everyPage((page) =>
      deps.engine.searchProcessDefinitions(
        {
          sort: [
            { field: 'processDefinitionId', order: 'ASC' },
            { field: 'version', order: 'DESC' },
          ],
          page,
        },
        SEARCH_NOW,
      ),
    ),
    appDeployments(deps),
    repositoryForms(),
  ]);

  // Deployments come newest first: the first one naming a key or form version is when it appeared.
  const deployedProcess = new Map<string, { at: Date; actor: string | null }>();
  type FormVersion = { formKey: string; at: Date; actor: string | null };
  const deployedForms = new Map<string, Map<number, FormVersion>>();
  for (const deployment of [...deployments].reverse()) {
    const when = { at: deployment.at, actor: deployment.actor };
    for (const process of deployment.processes) {
      if (!deployedProcess.has(process.processDefinitionKey))
        deployedProcess.set(process.processDefinitionKey, when);
    }
    for (const form of deployment.forms) {
      const versions = deployedForms.get(form.formId) ?? new Map<number, FormVersion>();
      if (!versions.has(form.version)) versions.set(form.version, { formKey: form.formKey, ...when });
      deployedForms.set(form.formId, versions);
    }
  }

  const processes = new Map<
    string,
    {
      processDefinitionId: string;
      name: string | null;
      latestVersion: number;
      versions: {
        key: string;
        version: number;
        resourceName: string | null;
        deployedAt: string | null;
        deployedBy: string | null;
        runningInstances: number;
      }[];
    }
  >();
  const usage = new Map<string, { processDefinitionId: string; version: number; elementIds: string[] }[]>();
  for (const definition of definitions) {
    const id = String(definition.processDefinitionId);
    const key = String(definition.processDefinitionKey);
    const version = Number(definition.version);
    const deployed = deployedProcess.get(key);
    let entry = processes.get(id);
    if (entry === undefined) {
      entry = {
        processDefinitionId: id,
        name: definition.name ? String(definition.name) : null,
        latestVersion: version,
        versions: [],
      };
      processes.set(id, entry);
      // The forms the latest version uses.
      const graph = await graphOf(key, await definitionXml(deps, key));
      for (const [formId, elementIds] of graph.formIds) {
        usage.set(formId, [...(usage.get(formId) ?? []), { processDefinitionId: id, version, elementIds }]);
      }
    }
    entry.latestVersion = Math.max(entry.latestVersion, version);
    entry.versions.push({
      key,
      version,
      resourceName: definition.resourceName ? String(definition.resourceName) : null,
      deployedAt: deployed?.at.toISOString() ?? null,
      deployedBy: deployed?.actor ?? null,
      runningInstances: await runningInstances(deps, key),
    });
  }

  const formIds = new Set([...repository.map((f) => f.formId), ...deployedForms.keys(), ...usage.keys()]);
  const forms = [...formIds].sort().map((formId) => ({
    formId,
    fileName: repository.find((f) => f.formId === formId)?.fileName ?? null,
    versions: [...(deployedForms.get(formId) ?? new Map<number, FormVersion>())]
      .sort(([a], [b]) => b - a)
      .map(([version, v]) => ({
        key: v.formKey,
        version,
        deployedAt: v.at.toISOString(),
        deployedBy: v.actor,
      })),
    usedBy: usage.get(formId) ?? [],
  }));
  return { processes: [...processes.values()], forms };
}
