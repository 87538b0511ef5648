// route-petition: proposes the responsible units from the routing rules (category × area);
// accusations always go to the discipline commission, law-related matters to their line.
import { z } from 'zod';
import { updateStage } from '../src/domain/petitions/index.js';
import { routeFor } from '../src/domain/units/index.js';
import { defineWorker } from './lib/define-worker.js';
import { petitionOf, systemAct } from './lib/petition.js';

export const routePetition = defineWorker({
  jobType: 'route-petition',
  variables: z.object({
    petitionId: z.string().min(1),
    category: z.string().min(1),
    area: z.string().min(1),
    kind: z.enum(['suggestion', 'accusation', 'appeal']).optional(),
  }),
  // Reads no task headers: the model lint refuses any set on its tasks.
  headers: z.object({}),
  async handle({ petitionId, category, area, kind }, { deps }) {
    const petition = await petitionOf(deps, petitionId);
    const routing = await routeFor(deps.db, { category, area, kind });
    await updateStage(deps.db, petition.id, 'triage', await systemAct(deps, 'route-petition'), {
      proposedLeadUnit: routing.leadUnit,
      basis: routing.basis,
    });
    return { leadUnit: routing.leadUnit, coUnits: routing.coUnits, line: routing.line };
  },
});
