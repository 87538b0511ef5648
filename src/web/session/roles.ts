// The roles of DOMAIN.md as the web app shows them. The server decides what each may do; the app
// only hides what a role cannot use.
export const ROLES = [
  'intake',
  'office',
  'office_review',
  'unit_handler',
  'unit_head',
  'supervisor',
  'leader',
  'discipline',
  'designer',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles that see every unit's petitions (the county-wide view). */
export const COUNTY_WIDE: readonly Role[] = [
  'office',
  'office_review',
  'supervisor',
  'leader',
  'admin',
  'intake',
];
/** Roles that work tasks (their candidate groups: docs/api.md). */
export const WORKERS: readonly Role[] = [
  'office',
  'office_review',
  'unit_handler',
  'unit_head',
  'supervisor',
  'discipline',
];
export const REGISTRARS: readonly Role[] = ['intake', 'office'];
/** Roles that see the dashboard (a unit head: their own unit's figures). */
export const SUPERVISORS: readonly Role[] = [
  'supervisor',
  'leader',
  'office',
  'office_review',
  'admin',
  'unit_head',
];
export const PETITION_READERS: readonly Role[] = [...COUNTY_WIDE, 'unit_handler', 'unit_head', 'discipline'];
export const DESIGNERS: readonly Role[] = ['designer', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];
