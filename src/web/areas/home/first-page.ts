// Where "/" leads: the page a user of these roles works on first.
import type { Role } from '../../session/roles';

const FIRST_PAGES: readonly [Role, string][] = [
  ['unit_handler', '/tasks'],
  ['unit_head', '/tasks'],
  ['office', '/tasks'],
  ['office_review', '/tasks'],
  ['discipline', '/tasks'],
  ['intake', '/register'],
  ['supervisor', '/dashboard'],
  ['leader', '/dashboard'],
  ['designer', '/models'],
  ['admin', '/admin/users'],
];

export function firstPageFor(roles: readonly Role[]): string {
  return FIRST_PAGES.find(([role]) => roles.includes(role))?.[1] ?? '/petitions';
}
