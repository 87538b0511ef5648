// Who may do what: the roles each API operation needs, the candidate groups a user works for,
// and which petitions a user may see.
//
// Candidate groups (docs/lifecycle.md) by role:
//
//   role           groups
//   office         office
//   office_review  office-review
//   supervisor     supervision
//   discipline     discipline, and unit:<unit> (accusations are led by the discipline unit)
//   unit_handler   unit:<unit>
//   unit_head      unit:<unit>, unit-head:<unit>
//   unit_handler or unit_head of a unit of kind `recheck` (the next-level office): also recheck
//   intake, leader, designer, admin: none (they register, watch or administer; they do not work tasks)
//
// A task assigned to a user (or naming them as a candidate user) is theirs whatever their groups.
import type { Petition } from '../../domain/petitions/index.js';
import type { Role } from '../../domain/users/index.js';
import type { SessionUser } from './sessions.js';

/** Roles that register petitions (登记). */
export const REGISTER_ROLES: readonly Role[] = ['intake', 'office'];

/** Roles that see every petition (the petition office, supervision, county leaders, administrators). */
export const COUNTY_WIDE_ROLES: readonly Role[] = [
  'intake',
  'office',
  'office_review',
  'supervisor',
  'leader',
  'admin',
];

/** Roles that see the petitions of their own unit. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['unit_handler', 'unit_head', 'discipline'];

/** Roles that may open a petition at all. */
export const PETITION_VIEW_ROLES: readonly Role[] = [...COUNTY_WIDE_ROLES, ...UNIT_SCOPED_ROLES];

/** Petition-office roles that contact petitioners, and so see their unmasked identity. */
export const IDENTITY_OFFICE_ROLES: readonly Role[] = ['intake', 'office', 'office_review'];

/** Roles that may ask for a petitioner's unmasked identity (the unit ones only as the lead unit). */
export const IDENTITY_ROLES: readonly Role[] = [...IDENTITY_OFFICE_ROLES, ...UNIT_SCOPED_ROLES];

export function hasAnyRole(user: SessionUser, roles: readonly Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}

/** The candidate groups whose tasks the user may work. */
export function candidateGroupsOf(user: SessionUser): string[] {
  const groups = new Set<string>();
  const unit = user.unitCode;
  const has = (role: Role) => user.roles.includes(role);
  if (has('office')) groups.add('office');
  if (has('office_review')) groups.add('office-review');
  if (has('supervisor')) groups.add('supervision');
  if (has('discipline')) {
    groups.add('discipline');
    if (unit !== null) groups.add(`unit:${unit}`);
  }
  if (unit !== null && (has('unit_handler') || has('unit_head'))) {
    groups.add(`unit:${unit}`);
    if (has('unit_head')) groups.add(`unit-head:${unit}`);
    if (user.unitKind === 'recheck') groups.add('recheck');
  }
  return [...groups];
}

/** Whether the user may work a task with these assignment fields. */
export function mayWorkTask(
  user: SessionUser,
  task: {
    assignee?: string | null;
    candidateGroups?: readonly string[] | null;
    candidateUsers?: readonly string[] | null;
  },
): boolean {
  const assignee = task.assignee ?? null;
  if (assignee !== null && assignee !== '') return assignee === user.username;
  if ((task.candidateUsers ?? []).includes(user.username)) return true;
  const groups = candidateGroupsOf(user);
  return (task.candidateGroups ?? []).some((group) => groups.includes(group));
}

export type PetitionAccess = 'visible' | 'hidden' | 'forbidden';

/**
 * Whether the user may see the petition. County-wide roles see all. A unit sees the petitions it
 * leads or co-handles; an accusation (检举控告) only the discipline unit, never the accused. The
 * discipline liaison also sees first-time and skip-level petitions, which are referred to it for a
 * check. `hidden` (answered as "not found", so a unit learns nothing of other units' cases) for a
 * petition outside the user's scope; `forbidden` for a user whose roles see no petitions.
 */
export function petitionAccess(
  user: SessionUser,
  petition: Pick<Petition, 'kind' | 'leadUnit' | 'firstTime' | 'skipLevel'> & { coUnits: readonly string[] },
  options: { accusationCategory: boolean },
): PetitionAccess {
  if (hasAnyRole(user, COUNTY_WIDE_ROLES)) return 'visible';
  if (!hasAnyRole(user, UNIT_SCOPED_ROLES)) return 'forbidden';
  const accusation = petition.kind === 'accusation' || (petition.kind === null && options.accusationCategory);
  if (accusation && user.unitKind !== 'discipline') return 'hidden';
  const unit = user.unitCode;
  const ownUnit = unit !== null && (petition.leadUnit === unit || petition.coUnits.includes(unit));
  if (ownUnit) return 'visible';
  if (user.roles.includes('discipline') && (petition.firstTime || petition.skipLevel)) return 'visible';
  return 'hidden';
}

/**
 * Whether the user may see the petitioner's unmasked identity (ID number, phone, address) of a
 * petition they can see: the petition office, and the lead unit's handlers and head, who must
 * phone the petitioner (the discipline liaison for the accusations its unit leads). Co-handling
 * units, supervisors, leaders and administrators work with the masked identity.
 */
export function mayRevealPetitioner(user: SessionUser, petition: Pick<Petition, 'leadUnit'>): boolean {
  if (hasAnyRole(user, IDENTITY_OFFICE_ROLES)) return true;
  const unit = user.unitCode;
  return unit !== null && petition.leadUnit === unit && hasAnyRole(user, UNIT_SCOPED_ROLES);
}
