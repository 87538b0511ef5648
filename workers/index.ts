// Starts every job worker on one Camunda client. Each job type has its own file in workers/
// and one entry in WORKERS.
import type { Camunda8 } from '@camunda8/sdk';
import type { Logger } from 'pino';
import { topologyProbe, type CamundaClientConfig } from './camunda-client.js';
import type { WorkerDeps } from './lib/deps.js';
import type { WorkerDefinition } from './lib/define-worker.js';
import { closePetition } from './close-petition.js';
import { computeDeadlines } from './compute-deadlines.js';
import { issueLetterWorker } from './issue-letter.js';
import { notifyPetitioner } from './notify-petitioner.js';
import { remindUnit } from './remind-unit.js';
import { routePetition } from './route-petition.js';
import { updatePetition } from './update-petition.js';

export type { WorkerDefinition } from './lib/define-worker.js';

export const WORKERS: readonly WorkerDefinition[] = [
  routePetition,
  computeDeadlines,
  notifyPetitioner,
  remindUnit,
  issueLetterWorker,
  updatePetition,
  closePetition,
];

export interface Workers {
  readonly jobTypes: readonly string[];
  /** True when the engine answers a Topology request. */
  ready(): Promise<boolean>;
  /** Closes the workers; the client itself belongs to the caller. */
  stop(): Promise<void>;
}

export function startWorkers(
  client: Camunda8,
  config: CamundaClientConfig,
  logger: Logger,
  deps: WorkerDeps,
  definitions: readonly WorkerDefinition[] = WORKERS,
): Workers {
  const zeebe = client.getZeebeGrpcApiClient();
  const running = definitions.map((definition) => ({
    jobType: definition.jobType,
    worker: definition.start(zeebe, deps, logger.child({ jobType: definition.jobType })),
  }));
  logger.info({ jobTypes: running.map((r) => r.jobType) }, `started ${running.length} job worker(s)`);
  return {
    jobTypes: running.map((r) => r.jobType),
    ready: topologyProbe(client, config),
    async stop() {
      await Promise.all(running.map((r) => r.worker.close()));
    },
  };
}
