// The petition a process view or action is about, for a user allowed to see it: the same rule as
// GET /api/petitions/:number (a unit outside the case gets 404, so it learns nothing of it).
import { getPetitionByNumber, type Petition } from '../../domain/petitions/index.js';
import { getCategory } from '../../domain/reference/index.js';
import type { ApiDeps } from '../api/deps.js';
import { petitionAccess } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { apiProblem } from '../problem.js';

export async function visiblePetition(deps: ApiDeps, number: string, user: SessionUser): Promise<Petition> {
  const notFound = apiProblem('notFound', 404, `没有编号为 ${number} 的信访事项，或您无权查看。`);
  const petition = await getPetitionByNumber(deps.db, number);
  if (petition === undefined) throw notFound;
  const category = await getCategory(deps.db, petition.categoryCode);
  const access = petitionAccess(user, petition, { accusationCategory: category?.accusation ?? false });
  if (access === 'forbidden') throw apiProblem('forbidden', 403, '您的角色无权查看信访事项。');
  if (access === 'hidden') throw notFound;
  return petition;
}
