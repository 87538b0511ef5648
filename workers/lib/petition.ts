// Shared look-ups for petition workers.
import { getPetitionByNumber, type Act, type Petition } from '../../src/domain/petitions/index.js';
import { getUnit } from '../../src/domain/units/index.js';
import type { WorkerDeps } from './deps.js';
import { PermanentFailure } from './outcome.js';

/** The petition a job is about; a number that names none can never succeed. */
export async function petitionOf(deps: WorkerDeps, number: string): Promise<Petition> {
  const petition = await getPetitionByNumber(deps.db, number);
  if (!petition) throw new PermanentFailure(`No petition with number '${number}'`);
  return petition;
}

export async function unitName(deps: WorkerDeps, code: string | null): Promise<string> {
  if (!code) throw new PermanentFailure('The petition has no responsible unit yet');
  const unit = await getUnit(deps.db, code);
  if (!unit) throw new PermanentFailure(`Unknown unit '${code}'`);
  return unit.name;
}

/** Who did it: automatic steps are recorded under the job type. */
export async function systemAct(deps: WorkerDeps, jobType: string): Promise<Act> {
  return { at: new Date(await deps.now()), actor: `system:${jobType}` };
}
