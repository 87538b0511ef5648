// Deploys the petition models and forms of this installation to the configured engine at start.
// Unchanged files keep their versions (the engine compares content), so a restart deploys nothing
// new; an edited model becomes a new version that new petitions use.
import { readdir, readFile } from 'node:fs/promises';
import type { Camunda8 } from '@camunda8/sdk';
import type { Logger } from 'pino';

const ROOT = new URL('../../', import.meta.url);

async function filesOf(folder: 'bpmn' | 'forms', extension: string): Promise<File[]> {
  const dir = new URL(`${folder}/`, ROOT);
  const names = (await readdir(dir)).filter((name) => name.endsWith(extension)).sort();
  return Promise.all(
    names.map(
      async (name) =>
        new File([await readFile(new URL(name, dir))], name, { type: 'application/octet-stream' }),
    ),
  );
}

export async function deployModels(camunda: Camunda8, logger: Logger): Promise<void> {
  // Forms first: a user task binds to the latest form with its id.
  const resources = [...(await filesOf('forms', '.form')), ...(await filesOf('bpmn', '.bpmn'))];
  const deployment = await camunda.getOrchestrationClusterApiClient().createDeployment({ resources });
  logger.info(
    {
      processes: deployment.processes.map((p) => `${p.processDefinitionId} v${p.processDefinitionVersion}`),
      forms: deployment.forms.map((f) => `${f.formId} v${f.version}`),
    },
    `deployed ${resources.length} models and forms`,
  );
}
