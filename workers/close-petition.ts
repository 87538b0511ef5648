// close-petition: the end of the closed loop (闭环): the petition is closed, or rejected when the
// unit did not accept it; return-visit ratings are recorded with it.
import { z } from 'zod';
import { recordRating, updateStage } from '../src/domain/petitions/index.js';
import { defineWorker } from './lib/define-worker.js';
import { petitionOf, systemAct } from './lib/petition.js';

const rating = z.enum(['satisfied', 'basically', 'dissatisfied']);

export const closePetition = defineWorker({
  jobType: 'close-petition',
  variables: z.object({
    petitionId: z.string().min(1),
    acceptance: z.string().optional(),
    acceptanceSatisfaction: rating.optional(),
    satisfaction: rating.optional(),
  }),
  // Reads no task headers: the model lint refuses any set on its tasks.
  headers: z.object({}),
  async handle(variables, { deps }) {
    const petition = await petitionOf(deps, variables.petitionId);
    const act = await systemAct(deps, 'close-petition');
    // The return visit asks about acceptance and about the handling as a whole.
    const ratings = [
      ['accept', variables.acceptanceSatisfaction],
      ['handle', variables.satisfaction],
    ] as const;
    for (const [stage, value] of ratings) {
      if (value) await recordRating(deps.db, petition.id, { stage, rating: value }, act);
    }
    await updateStage(deps.db, petition.id, variables.acceptance === 'reject' ? 'rejected' : 'closed', act);
    return {};
  },
});
