// The petitions a user may see, as the SQL scope the searches and the dashboard apply: the same
// rule as petitionAccess (src/app/auth/access.ts), which decides for one petition at a time.
import type { PetitionScope } from '../../domain/petitions/search.js';
import { COUNTY_WIDE_ROLES, hasAnyRole, UNIT_SCOPED_ROLES } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { apiProblem } from '../problem.js';

/**
 * undefined for county-wide roles (everything); the unit scope for unit handlers, unit heads and
 * the discipline liaison; 403 for roles that see no petitions.
 */
export function petitionScopeOf(user: SessionUser): PetitionScope | undefined {
  if (hasAnyRole(user, COUNTY_WIDE_ROLES)) return undefined;
  if (!hasAnyRole(user, UNIT_SCOPED_ROLES)) {
    throw apiProblem('forbidden', 403, '您的角色无权查看信访事项。');
  }
  return {
    unit: user.unitCode,
    accusations: user.unitKind === 'discipline',
    firstTimeAndSkipLevel: user.roles.includes('discipline'),
  };
}
