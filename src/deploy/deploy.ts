// Deploys the models (bpmn/) and forms (forms/) to the configured engine — the embedded one or a
// Camunda 8 cluster — after linting the models. A model with a lint error deploys nothing.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { formatReport, hasErrors, lintModels, projectFacts, type LintReport } from '../../lint/run.js';
import { createCamundaClient, type CamundaClientConfig } from '../../workers/camunda-client.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface DeployedResource {
  resourceName: string;
  kind: 'process' | 'form';
  /** bpmnProcessId or formId. */
  id: string;
  version: number;
}

export interface DeployResult {
  /** False when lint errors stopped the deployment. */
  deployed: boolean;
  lint: LintReport[];
  resources: DeployedResource[];
}

export type DeployTarget = { camunda: Camunda8 } | { config: CamundaClientConfig };

export type DeployOptions = DeployTarget & {
  /** Holds bpmn/ and forms/; default: this project. */
  dir?: string;
  /** Where progress and the report go; default console.log. */
  print?: (line: string) => void;
};

async function filesIn(dir: string, extension: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => path.join(dir, name));
}

async function asFile(file: string): Promise<File> {
  return new File([await readFile(file)], path.basename(file), { type: 'application/octet-stream' });
}

export async function deployAll(options: DeployOptions): Promise<DeployResult> {
  const dir = options.dir ?? PROJECT_ROOT;
  const print = options.print ?? ((line: string) => console.log(line));
  const formsDir = path.join(dir, 'forms');
  const models = await filesIn(path.join(dir, 'bpmn'), '.bpmn');
  const forms = await filesIn(formsDir, '.form');
  if (models.length === 0 && forms.length === 0) throw new Error(`nothing to deploy in ${dir}`);

  const lint = await lintModels(models, { facts: await projectFacts(formsDir) });
  if (lint.length > 0) print(formatReport(lint, models.length));
  if (hasErrors(lint)) {
    print('deployment refused: fix the lint errors above (npm run lint:models)');
    return { deployed: false, lint, resources: [] };
  }
  print(`lint: ${models.length} model(s) passed`);

  const owned = 'config' in options ? createCamundaClient(options.config) : undefined;
  const camunda = 'camunda' in options ? options.camunda : owned!;
  try {
    // Forms first: a user task binds to the latest form with its id.
    const resources = await Promise.all([...forms, ...models].map(asFile));
    const deployment = await camunda.getOrchestrationClusterApiClient().createDeployment({ resources });
    const deployed: DeployedResource[] = [
      ...deployment.forms.map((form) => ({
        resourceName: form.resourceName ?? `${form.formId}.form`,
        kind: 'form' as const,
        id: form.formId ?? '?',
        version: form.version ?? 0,
      })),
      ...deployment.processes.map((process) => ({
        resourceName: process.resourceName,
        kind: 'process' as const,
        id: process.processDefinitionId,
        version: process.processDefinitionVersion,
      })),
    ];
    const width = Math.max(...deployed.map((resource) => resource.resourceName.length));
    for (const resource of deployed) {
      print(
        `deployed ${resource.resourceName.padEnd(width)}  ${resource.kind} ${resource.id} v${resource.version}`,
      );
    }
    print(`deployment ${deployment.deploymentKey}: ${deployed.length} resource(s)`);
    return { deployed: true, lint, resources: deployed };
  } finally {
    await owned?.closeAllClients();
  }
}
