// update-petition: records a stage of the lifecycle on the petition (and its timeline).
import { z } from 'zod';
import { STAGES } from '../src/domain/vocabulary.js';
import { updateStage } from '../src/domain/petitions/index.js';
import { defineWorker } from './lib/define-worker.js';
import { petitionOf, systemAct } from './lib/petition.js';

export const updatePetition = defineWorker({
  jobType: 'update-petition',
  variables: z.object({ petitionId: z.string().min(1) }),
  headers: z.object({ stage: z.enum(STAGES) }),
  async handle({ petitionId }, { headers, deps }) {
    const petition = await petitionOf(deps, petitionId);
    await updateStage(deps.db, petition.id, headers.stage, await systemAct(deps, 'update-petition'));
    return {};
  },
});
