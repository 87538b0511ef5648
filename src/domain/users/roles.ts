import { invalidInput } from '../errors.js';

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
/**
 * intake 登记员 · office 信访局经办 · office_review 信访局审核 · unit_handler 责任单位经办人 ·
 * unit_head 责任单位负责人 · supervisor 督查督办 · leader 县级领导 · discipline 纪委监委联络员 ·
 * designer 流程设计 · admin 系统管理员.
 */
export type Role = (typeof ROLES)[number];

/** Roles that act for one unit: a user with one of them belongs to a unit. */
export const UNIT_ROLES: readonly Role[] = ['unit_handler', 'unit_head'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The roles without duplicates, in the order of ROLES; throws on an unknown role or none at all. */
export function parseRoles(values: readonly unknown[]): Role[] {
  const unknown = values.filter((value) => !isRole(value));
  if (unknown.length > 0) {
    const shown = unknown.map(String).join(', ');
    throw invalidInput(`未知的角色：${shown}`, `Unknown roles: ${shown}`);
  }
  if (values.length === 0) throw invalidInput('用户至少需要一个角色', 'A user needs at least one role');
  return ROLES.filter((role) => values.includes(role));
}
